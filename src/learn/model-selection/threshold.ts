import { classification } from '../../metrics/classification.js';

export interface PrF1 {
  precision: number;
  recall: number;
  f1: number;
  /** Pairs predicted relevant. */
  predicted: number;
}

/** Precision, recall and F1 of the positive class (0 where undefined), with the count predicted relevant. */
export function prf1(pred: readonly boolean[], gold: readonly boolean[]): PrF1 {
  const c = classification(pred, gold);
  return { precision: c.precision, recall: c.recall, f1: c.f1, predicted: c.tp + c.fp };
}

export interface ThresholdChoice extends PrF1 {
  /** Predict relevant when score >= threshold. */
  threshold: number;
}

/**
 * The cutoff maximising F1 on labelled scores. Every distinct score is a candidate cut; the threshold is
 * placed halfway between the last score kept and the next lower one, so it does not sit on a training point.
 * Ties in F1 go to the higher threshold (fewer selections). With no positive labels nothing is worth
 * selecting: threshold +Infinity. When keeping everything is best, -Infinity.
 */
export interface ChooseThresholdOptions {
  /**
   * Allow the cut that keeps every row (default true). A sparse score (BM25 is 0 for most pairs) can lose to
   * "select everything"; false asks for the best cut that the score actually makes.
   */
  allowAll?: boolean;
}

export function chooseThreshold(scores: readonly number[], labels: readonly boolean[], opts: ChooseThresholdOptions = {}): ThresholdChoice {
  const allowAll = opts.allowAll ?? true;
  if (scores.length !== labels.length) throw new Error(`chooseThreshold: ${scores.length} scores for ${labels.length} labels`);
  if (scores.some((s) => Number.isNaN(s))) throw new Error('chooseThreshold: a score is NaN');
  const positives = labels.filter(Boolean).length;
  if (positives === 0) return { threshold: Infinity, precision: 0, recall: 0, f1: 0, predicted: 0 };

  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => b[0] - a[0]);
  let best: ThresholdChoice = { threshold: Infinity, precision: 0, recall: 0, f1: 0, predicted: 0 };
  let tp = 0;
  let kept = 0;
  for (let i = 0; i < order.length; i++) {
    const [s, y] = order[i]!;
    kept++;
    if (y) tp++;
    const next = order[i + 1];
    if (next && next[0] === s) continue; // a cut can only fall between distinct scores
    if (!next && !allowAll && i > 0) break;
    const precision = tp / kept;
    const recall = tp / positives;
    const f1 = tp ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > best.f1) {
      const threshold = next ? (s + next[0]) / 2 : -Infinity;
      best = { threshold, precision, recall, f1, predicted: kept };
    }
  }
  return best;
}

/**
 * The F1-best cut among those selecting between lo and hi times the human YES count (all cuts when no bounds
 * are given, or when no cut falls in the bounds). Threshold halfway between the last kept and the next score.
 */
export function chooseThresholdInRate(scores: readonly number[], labels: readonly boolean[], bounds?: readonly [number, number]): { threshold: number; f1: number; selected: number } {
  const free = chooseThreshold(scores, labels);
  if (!bounds) return { threshold: free.threshold, f1: free.f1, selected: free.predicted };
  const pos = labels.filter(Boolean).length;
  const [lo, hi] = [bounds[0] * pos, bounds[1] * pos];
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => b[0] - a[0]);
  let best: { threshold: number; f1: number; selected: number } | undefined;
  let tp = 0;
  for (let i = 0; i < order.length; i++) {
    const [s, yv] = order[i]!;
    if (yv) tp++;
    const next = order[i + 1];
    if (next && next[0] === s) continue;
    const kept = i + 1;
    if (kept < lo) continue;
    if (kept > hi) break;
    const f1 = tp ? (2 * tp) / (kept + pos) : 0;
    if (!best || f1 > best.f1) best = { threshold: next ? (s + next[0]) / 2 : -Infinity, f1, selected: kept };
  }
  return best ?? { threshold: free.threshold, f1: free.f1, selected: free.predicted };
}

/**
 * Per-query cuts: instead of one probability threshold for every pair, each query (one user's profile against
 * one prompt) keeps its k best-scored rows, with k = round(scale x the sum of the query's calibrated
 * probabilities), i.e. the number of relevant attributes the model expects for this prompt and profile. The
 * selection rate then follows what the model expects of the prompt, not a share fixed by the training rows;
 * `scale` (chosen on out-of-fold scores, like a threshold) only corrects the probabilities' overall bias.
 */

/** Rows per query, in row order. */
function byQuery(queries: readonly string[]): number[][] {
  const m = new Map<string, number[]>();
  queries.forEach((q, i) => {
    const g = m.get(q);
    if (g) g.push(i);
    else m.set(q, [i]);
  });
  return [...m.values()];
}

/** Decisions of the expected-count cut: per query the round(scale * sum p) highest scores (ties: earlier row). */
export function expectedCountDecide(scores: readonly number[], queries: readonly string[], scale: number): boolean[] {
  if (scores.length !== queries.length) throw new Error(`expectedCountDecide: ${scores.length} scores for ${queries.length} queries`);
  const out = scores.map(() => false);
  for (const rows of byQuery(queries)) {
    const sum = rows.reduce((a, i) => a + scores[i]!, 0);
    const k = Math.max(0, Math.min(rows.length, Math.round(scale * sum)));
    const order = [...rows].sort((a, b) => scores[b]! - scores[a]! || a - b);
    for (let t = 0; t < k; t++) out[order[t]!] = true;
  }
  return out;
}

/**
 * The F1-best scale on labelled (out-of-fold) scores, from a grid of 0.3 to 3 in steps of 0.02, among scales
 * that select between lo and hi times the human YES count when bounds are given (all scales when none does).
 * Ties go to the smaller scale.
 */
export function chooseExpectedCountScale(scores: readonly number[], labels: readonly boolean[], queries: readonly string[], bounds?: readonly [number, number]): { scale: number; f1: number; selected: number } {
  const pos = labels.filter(Boolean).length;
  let best: { scale: number; f1: number; selected: number } | undefined;
  let free: { scale: number; f1: number; selected: number } | undefined;
  for (let step = 0; step <= 135; step++) {
    const scale = Math.round((0.3 + 0.02 * step) * 100) / 100;
    const d = expectedCountDecide(scores, queries, scale);
    let tp = 0;
    let sel = 0;
    d.forEach((v, i) => {
      if (v) {
        sel++;
        if (labels[i]) tp++;
      }
    });
    const f1 = tp ? (2 * tp) / (sel + pos) : 0;
    if (!free || f1 > free.f1) free = { scale, f1, selected: sel };
    if (bounds && (sel < bounds[0] * pos || sel > bounds[1] * pos)) continue;
    if (!best || f1 > best.f1) best = { scale, f1, selected: sel };
  }
  return (bounds ? best : undefined) ?? free!;
}

/**
 * The one threshold tuner. Every rule picks its cut on labelled (out-of-fold) scores only:
 * - `f1` (default): the F1-best cut on the scores ({@link chooseThreshold}); with `rateBounds` [lo, hi], the
 *   best among cuts that select between lo and hi times the human YES count ({@link chooseThresholdInRate});
 * - `expected-count`: per query the k best rows, k = round(scale x sum of probabilities); tunes the scale
 *   ({@link chooseExpectedCountScale}), within `rateBounds` when given;
 * - `f1-above-chance`: a threshold from a fixed grid maximising F1 minus the F1 a chance matching reaches at
 *   the same threshold (counts come from `counts`); `fallback` when no grid point beats chance.
 */
export type TuneThresholdOptions =
  | { rule?: 'f1'; rateBounds?: readonly [number, number]; allowAll?: boolean }
  | { rule: 'expected-count'; queries: readonly string[]; rateBounds?: readonly [number, number] }
  | { rule: 'f1-above-chance'; grid: readonly number[]; fallback: number; counts: (threshold: number) => AboveChanceCounts };

export interface AboveChanceCounts {
  /** True positives of the real matching at this threshold, and of the chance matching. */
  tp: number;
  chanceTp: number;
  /** Predicted and gold counts (the same for both matchings). */
  predicted: number;
  gold: number;
}

export interface TunedThreshold {
  /** Decide relevant when score >= threshold (for `expected-count`: the scale). */
  threshold: number;
  /** The objective at the chosen cut (F1, or F1 gain over chance). */
  score: number;
  /** Rows selected at the cut (undefined for `f1-above-chance`). */
  selected?: number;
}

const f1Counts = (tp: number, predicted: number, gold: number): number => (predicted + gold === 0 ? 0 : (2 * tp) / (predicted + gold));

export function tuneThreshold(scores: readonly number[], labels: readonly boolean[], opts: TuneThresholdOptions = {}): TunedThreshold {
  if (opts.rule === 'expected-count') {
    const r = chooseExpectedCountScale(scores, labels, opts.queries, opts.rateBounds);
    return { threshold: r.scale, score: r.f1, selected: r.selected };
  }
  if (opts.rule === 'f1-above-chance') {
    let best = opts.fallback;
    let bestGain = -Infinity;
    for (const t of opts.grid) {
      const c = opts.counts(t);
      const gain = f1Counts(c.tp, c.predicted, c.gold) - f1Counts(c.chanceTp, c.predicted, c.gold);
      if (gain > bestGain + 1e-12) [best, bestGain] = [t, gain];
    }
    // nothing beats chance: no evidence for any threshold
    return bestGain > 0 ? { threshold: best, score: bestGain } : { threshold: opts.fallback, score: Math.max(0, bestGain) };
  }
  if (opts.rateBounds) {
    const r = chooseThresholdInRate(scores, labels, opts.rateBounds);
    return { threshold: r.threshold, score: r.f1, selected: r.selected };
  }
  const r = chooseThreshold(scores, labels, opts.allowAll === undefined ? {} : { allowAll: opts.allowAll });
  return { threshold: r.threshold, score: r.f1, selected: r.predicted };
}
