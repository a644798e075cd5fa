import { InvalidArgumentError } from '../model/errors.js';
import type { Dataset, Prediction } from '../model/index.js';
import type { Selector } from '../stages/select/selector.js';
import { groupSplits } from '../learn/model-selection/split.js';
import { classification, cohenKappa, bootstrapCis } from '../metrics/index.js';
import { labelledPairs } from '../stages/select/pairs.js';

export interface SelectEvalOptions {
  /** Which round of labels to score against (default: the largest). */
  round?: string;
  /** Folds for selectors that fit a threshold; grouped by prompt. */
  folds?: number;
  seed?: number;
  /** Bootstrap resamples for the intervals. */
  iterations?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface Interval {
  low: number;
  high: number;
}

export interface SelectEvalResult {
  selector: string;
  dataset: string;
  round: string | undefined;
  /** Pairs scored: labelled pairs the selector gave a decision for. */
  n: number;
  /** Labelled pairs in the round. */
  labelled: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  kappa: number;
  /** The selector's YES rate. */
  selectionRate: number;
  /** The human-majority YES rate on the same pairs. */
  humanRate: number;
  /** selectionRate / humanRate: over-selection when above 1. */
  rateRatio: number;
  f1Ci: Interval;
  precisionCi: Interval;
  recallCi: Interval;
  /** How the decisions were made: "recorded" votes, "fixed" cutoff, or "cv-k" thresholds fitted on other folds. */
  protocol: string;
  predictions: Prediction[];
}

/**
 * Scores a selector against the human-majority labels of one round.
 * A selector that fits (a threshold) is cross-validated with folds grouped by prompt, so no pair is
 * decided by a threshold chosen on its own prompt. Intervals resample prompts (cluster bootstrap),
 * since pairs of one prompt are not independent.
 */
export async function evaluateSelector(ds: Dataset, selector: Selector, opts: SelectEvalOptions = {}): Promise<SelectEvalResult> {
  const { round, pairs, labels } = labelledPairs(ds, opts.round);
  const folds = opts.folds ?? 5;
  const seed = opts.seed ?? 42;
  const decided: (boolean | undefined)[] = new Array(pairs.length).fill(undefined);
  const scores: (number | undefined)[] = new Array(pairs.length).fill(undefined);
  let protocol: string;

  if (selector.fit) {
    const groups = pairs.map((p) => p.promptId);
    const prompts = new Set(groups).size;
    if (!Number.isInteger(folds) || folds < 2) throw new InvalidArgumentError('folds', `must be an integer >= 2, got ${folds}`, folds);
    if (prompts < folds) throw new InvalidArgumentError('folds', `${folds} folds grouped by prompt need at least ${folds} prompts; round ${round ?? '(none)'} of "${ds.name}" has ${prompts}`);
    const { splits } = groupSplits(groups, folds, seed);
    const k = splits.length;
    protocol = `cv-${k} by prompt`;
    for (const { fold: f, train: trainIdx, test: testIdx } of splits) {
      await selector.fit(trainIdx.map((i) => pairs[i]!), trainIdx.map((i) => labels[i]!));
      const out = await selector.select(testIdx.map((i) => pairs[i]!));
      testIdx.forEach((i, j) => {
        decided[i] = out[j]!.relevant;
        scores[i] = out[j]!.score;
      });
      opts.onProgress?.(f + 1, k);
    }
  } else {
    protocol = selector.protocol ?? 'fixed rule';
    const out = await selector.select(pairs);
    out.forEach((o, i) => {
      decided[i] = o.missing ? undefined : o.relevant;
      scores[i] = o.score;
    });
    opts.onProgress?.(1, 1);
  }

  const idx = decided.flatMap((d, i) => (d === undefined ? [] : [i]));
  if (idx.length === 0) throw new Error(`selector "${selector.name}" decided none of the ${pairs.length} labelled pairs of dataset "${ds.name}"`);
  const pred = idx.map((i) => decided[i]!);
  const gold = idx.map((i) => labels[i]!);
  const m = classification(pred, gold);
  const groups = idx.map((i) => pairs[i]!.promptId);
  // One pass over the prompt-resamples for all three intervals.
  const [f1Ci, precisionCi, recallCi] = bootstrapCis(
    idx.length,
    (sample) => {
      const c = classification(pred, gold, sample);
      return [c.f1, c.precision, c.recall];
    },
    { iterations: opts.iterations ?? 1000, seed, groups },
  ).map((r) => ({ low: r.low, high: r.high }));

  return {
    selector: selector.name,
    dataset: ds.name,
    round,
    n: idx.length,
    labelled: pairs.length,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    accuracy: m.accuracy,
    kappa: cohenKappa(pred, gold),
    selectionRate: m.predictedRate,
    humanRate: m.goldRate,
    rateRatio: m.goldRate > 0 ? m.predictedRate / m.goldRate : NaN,
    f1Ci: f1Ci!,
    precisionCi: precisionCi!,
    recallCi: recallCi!,
    protocol,
    predictions: idx.map((i) => {
      const p = pairs[i]!;
      const s = scores[i];
      return {
        userId: p.userId, promptId: p.promptId, attribute: p.attribute, system: selector.name, relevant: decided[i]!,
        ...(s !== undefined ? { score: s } : {}), ...(round !== undefined ? { round } : {}),
      };
    }),
  };
}

/** A selector of a multi-selector evaluation that could not be scored, and why. */
export interface SelectorNotScored {
  selector: string;
  notScored: string;
}

/**
 * {@link evaluateSelector} for one of several selectors: a selector that cannot be scored (a `model:` file trained
 * on these very pairs, a failed LLM call) comes back as `{ selector, notScored }` instead of throwing, so the
 * others' results stand.
 */
export async function evaluateOrReport(ds: Dataset, selector: Selector, opts: SelectEvalOptions = {}): Promise<SelectEvalResult | SelectorNotScored> {
  try {
    return await evaluateSelector(ds, selector, opts);
  } catch (e) {
    return { selector: selector.name, notScored: e instanceof Error ? e.message : String(e) };
  }
}

export function isNotScored(r: SelectEvalResult | SelectorNotScored): r is SelectorNotScored {
  return 'notScored' in r;
}
