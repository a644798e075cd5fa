/**
 * A cascade: a cheap scoring selector (say, a model trained on human labels, whose select() returns a
 * probability `score` in [0,1]) decides the pairs it is sure of; the pairs whose score falls inside an
 * uncertainty band [lo, hi] go to an LLM judge. The band is fixed, or chosen in fit() on training pairs
 * only, for a budget: the share of pairs to send to the LLM.
 *
 * Band choice for a budget b (n training pairs, m = round(b n) of them in the band):
 *   nearest (default) the m training pairs whose score is nearest the base's decision threshold (inferred
 *                     from its training decisions, or given): no LLM calls at fit time.
 *   f1                the window of m consecutive training scores that maximises training F1 when the judge
 *                     decides inside it and the base outside: asks the judge about every training pair
 *                     (cached, so a cross-validation pays for each pair once).
 * Base scores on its own training pairs are in-sample (optimistic for an overfitted base); the budget is
 * a share of training pairs, so the share on new pairs differs by sampling.
 *
 * cascadeCurve() reports F1 against LLM calls over a list of budgets, cross-validated by prompt, fitting
 * the base once per fold.
 */
import { InvalidArgumentError } from '../../model/errors.js';
import { groupSplits } from '../../learn/model-selection/split.js';
import { bootstrapCi, classification } from '../../metrics/index.js';
import { judgeRequestKey } from './llm-judge.js';
import type { Selection, SelectionPair, Selector } from './selector.js';

/**
 * Pairs with lo <= score <= hi go to the judge; `null` sends none. A fitted band that reaches the lowest
 * (highest) training score is open on that side (lo = -Infinity, hi = Infinity).
 */
export interface Band {
  lo: number;
  hi: number;
}

export type BandStrategy = 'nearest' | 'f1';

export interface CascadeOptions {
  /** Default `cascade(<base>|<judge>)`. */
  name?: string;
  /** A fixed band (fit then only fits the base). */
  band?: Band | null;
  /** Share of pairs (0..1) to send to the judge; the band is chosen in fit(). */
  budget?: number;
  strategy?: BandStrategy;
  /** The base's decision threshold for `nearest`; default: inferred from its training decisions. */
  threshold?: number;
}

export interface CascadeStats {
  pairs: number;
  /** Pairs sent to the judge. */
  judged: number;
  /** Of those, pairs the judge could not decide (missing): the base's decision stands. */
  fellBack: number;
}

function scoresOf(selector: Selector, out: Selection[]): number[] {
  return out.map((s, i) => {
    if (s.score === undefined || !Number.isFinite(s.score)) {
      throw new Error(`cascade: base selector "${selector.name}" gave no score for pair ${i}; a cascade needs a scoring selector`);
    }
    return s.score;
  });
}

/** The score at which a selector's decisions flip, from its decisions on training pairs (0.5 if they do not separate). */
export function inferThreshold(scores: readonly number[], decisions: readonly boolean[]): number {
  let maxNo = -Infinity;
  let minYes = Infinity;
  scores.forEach((s, i) => {
    if (decisions[i]) minYes = Math.min(minYes, s);
    else maxNo = Math.max(maxNo, s);
  });
  if (minYes === Infinity) return maxNo === -Infinity ? 0.5 : maxNo;
  if (maxNo === -Infinity) return minYes;
  return maxNo < minYes ? (maxNo + minYes) / 2 : 0.5;
}

/** A band reaching the lowest (highest) training score also takes new scores below (above) it. */
function openEnds(band: Band, scores: readonly number[]): Band {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    min = Math.min(min, s);
    max = Math.max(max, s);
  }
  return { lo: band.lo <= min ? -Infinity : band.lo, hi: band.hi >= max ? Infinity : band.hi };
}

export const inBand = (band: Band | null, score: number): boolean => band !== null && score >= band.lo && score <= band.hi;

/** The band holding the m = round(budget n) training scores nearest `threshold`. */
export function nearestBand(scores: readonly number[], threshold: number, budget: number): Band | null {
  const m = Math.round(Math.min(1, Math.max(0, budget)) * scores.length);
  if (m === 0) return null;
  const near = [...scores].sort((a, b) => Math.abs(a - threshold) - Math.abs(b - threshold) || a - b).slice(0, m);
  return openEnds({ lo: Math.min(...near), hi: Math.max(...near) }, scores);
}

/**
 * The window of m = round(budget n) consecutive training scores (in score order) that maximises F1 when
 * the judge's votes replace the base's decisions inside it.
 */
export function f1Band(
  scores: readonly number[],
  baseDecisions: readonly boolean[],
  judgeVotes: readonly boolean[],
  labels: readonly boolean[],
  budget: number,
): Band | null {
  const n = scores.length;
  const m = Math.round(Math.min(1, Math.max(0, budget)) * n);
  if (m === 0) return null;
  const order = [...scores.keys()].sort((a, b) => scores[a]! - scores[b]!);
  // prefix sums of (tp, fp, fn) for base and judge decisions, in score order
  const pre = (dec: readonly boolean[]) => {
    const tp = [0], fp = [0], fn = [0];
    order.forEach((i, k) => {
      tp.push(tp[k]! + (dec[i] && labels[i] ? 1 : 0));
      fp.push(fp[k]! + (dec[i] && !labels[i] ? 1 : 0));
      fn.push(fn[k]! + (!dec[i] && labels[i] ? 1 : 0));
    });
    return { tp, fp, fn };
  };
  const b = pre(baseDecisions);
  const j = pre(judgeVotes);
  let best = -1;
  let bestStart = 0;
  for (let s = 0; s + m <= n; s++) {
    // a window may not split tied scores: the band is a score interval, so ties go in together
    if (s > 0 && scores[order[s]!] === scores[order[s - 1]!]) continue;
    if (s + m < n && scores[order[s + m - 1]!] === scores[order[s + m]!]) continue;
    const tp = b.tp[n]! - (b.tp[s + m]! - b.tp[s]!) + (j.tp[s + m]! - j.tp[s]!);
    const fp = b.fp[n]! - (b.fp[s + m]! - b.fp[s]!) + (j.fp[s + m]! - j.fp[s]!);
    const fn = b.fn[n]! - (b.fn[s + m]! - b.fn[s]!) + (j.fn[s + m]! - j.fn[s]!);
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (f1 > best) {
      best = f1;
      bestStart = s;
    }
  }
  if (best < 0) bestStart = 0; // every window splits ties: take the first
  return openEnds({ lo: scores[order[bestStart]!]!, hi: scores[order[bestStart + m - 1]!]! }, scores);
}

export class CascadeSelector implements Selector {
  readonly name: string;
  band: Band | null;
  private readonly budget: number | undefined;
  private readonly strategy: BandStrategy;
  private stats: CascadeStats = { pairs: 0, judged: 0, fellBack: 0 };

  constructor(
    readonly base: Selector,
    readonly judge: Selector,
    private readonly opts: CascadeOptions = {},
  ) {
    if (opts.band === undefined && opts.budget === undefined) throw new InvalidArgumentError('band', 'cascade: give a band or a budget');
    if (opts.budget !== undefined && !(opts.budget >= 0 && opts.budget <= 1)) throw new RangeError(`cascade: budget must be in [0,1], got ${opts.budget}`);
    this.name = opts.name ?? `cascade(${base.name}|${judge.name})`;
    this.band = opts.band ?? null;
    this.budget = opts.band === undefined ? opts.budget : undefined;
    this.strategy = opts.strategy ?? 'nearest';
  }

  /** Pairs seen and sent to the judge since construction. */
  usage(): CascadeStats {
    return { ...this.stats };
  }

  async fit(pairs: SelectionPair[], labels: boolean[]): Promise<void> {
    await this.base.fit?.(pairs, labels);
    if (this.budget === undefined) return;
    const out = await this.base.select(pairs);
    const scores = scoresOf(this.base, out);
    const decisions = out.map((o) => o.relevant);
    if (this.strategy === 'f1') {
      const votes = await this.judge.select(pairs);
      this.band = f1Band(scores, decisions, votes.map((v, i) => (v.missing ? decisions[i]! : v.relevant)), labels, this.budget);
    } else {
      this.band = nearestBand(scores, this.opts.threshold ?? inferThreshold(scores, decisions), this.budget);
    }
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    const out = await this.base.select(pairs);
    const scores = scoresOf(this.base, out);
    const idx = scores.flatMap((s, i) => (inBand(this.band, s) ? [i] : []));
    const votes = idx.length ? await this.judge.select(idx.map((i) => pairs[i]!)) : [];
    const result: Selection[] = out.map((o, i) => ({ relevant: o.relevant, score: scores[i]! }));
    let fellBack = 0;
    idx.forEach((i, k) => {
      const v = votes[k]!;
      if (v.missing) fellBack++;
      else result[i] = { relevant: v.relevant, score: scores[i]! };
    });
    this.stats.pairs += pairs.length;
    this.stats.judged += idx.length;
    this.stats.fellBack += fellBack;
    return result;
  }
}

export interface CurvePoint {
  budget: number;
  /** Test pairs sent to the judge, over all folds. */
  judged: number;
  /** judged / pairs. */
  share: number;
  /** Distinct judge requests (attribute, prompt text) among the judged pairs: the LLM calls of a per-pair judge. */
  llmCalls: number;
  precision: number;
  recall: number;
  f1: number;
  f1Ci: { low: number; high: number };
  selectionRate: number;
  /** Bands chosen per fold. */
  bands: (Band | null)[];
}

export interface CascadeCurveOptions {
  budgets: readonly number[];
  strategy?: BandStrategy;
  threshold?: number;
  folds?: number;
  seed?: number;
  /** Bootstrap resamples (over prompts) for the F1 intervals; default 500. */
  iterations?: number;
}

export interface CascadeCurve {
  pairs: number;
  humanRate: number;
  points: CurvePoint[];
  /** Training pairs the judge was asked about to choose bands (strategy f1), summed over folds. */
  fitJudged: number;
}

/**
 * F1 against LLM calls over budgets, cross-validated with folds grouped by prompt: per fold the base is
 * fitted once on the other folds, bands are chosen on those training pairs, and the judge is asked about
 * the held-out pairs inside the widest band once (bands for smaller budgets reuse those answers).
 */
export async function cascadeCurve(
  pairs: SelectionPair[],
  labels: boolean[],
  base: Selector,
  judge: Selector,
  opts: CascadeCurveOptions,
): Promise<CascadeCurve> {
  const strategy = opts.strategy ?? 'nearest';
  const { splits } = groupSplits(pairs.map((p) => p.promptId), opts.folds ?? 5, opts.seed ?? 42);
  const budgets = [...opts.budgets];
  const decided: boolean[][] = budgets.map(() => new Array<boolean>(pairs.length).fill(false));
  const judgedIdx: number[][] = budgets.map(() => []);
  const bands: (Band | null)[][] = budgets.map(() => []);
  let fitJudged = 0;

  for (const { train: trainIdx, test: testIdx } of splits) {
    const trainPairs = trainIdx.map((i) => pairs[i]!);
    const trainLabels = trainIdx.map((i) => labels[i]!);
    await base.fit?.(trainPairs, trainLabels);
    const trainOut = await base.select(trainPairs);
    const trainScores = scoresOf(base, trainOut);
    const trainDec = trainOut.map((o) => o.relevant);
    let trainVotes: boolean[] | undefined;
    if (strategy === 'f1' && budgets.some((b) => b > 0)) {
      const v = await judge.select(trainPairs);
      trainVotes = v.map((x, i) => (x.missing ? trainDec[i]! : x.relevant));
      fitJudged += trainPairs.length;
    }
    const t = opts.threshold ?? inferThreshold(trainScores, trainDec);
    const fbands = budgets.map((b) =>
      strategy === 'f1' && trainVotes ? f1Band(trainScores, trainDec, trainVotes, trainLabels, b) : nearestBand(trainScores, t, b),
    );

    const testOut = await base.select(testIdx.map((i) => pairs[i]!));
    const testScores = scoresOf(base, testOut);
    const anyBand = testIdx.flatMap((_, j) => (fbands.some((bd) => inBand(bd, testScores[j]!)) ? [j] : []));
    const votes = anyBand.length ? await judge.select(anyBand.map((j) => pairs[testIdx[j]!]!)) : [];
    const vote = new Map(anyBand.map((j, q) => [j, votes[q]!]));
    budgets.forEach((_, bi) => {
      bands[bi]!.push(fbands[bi]!);
      testIdx.forEach((i, j) => {
        const v = vote.get(j);
        const judged = inBand(fbands[bi]!, testScores[j]!);
        if (judged) judgedIdx[bi]!.push(i);
        decided[bi]![i] = judged && v && !v.missing ? v.relevant : testOut[j]!.relevant;
      });
    });
  }

  const groups = pairs.map((p) => p.promptId);
  const points = budgets.map((budget, bi): CurvePoint => {
    const pred = decided[bi]!;
    const m = classification(pred, labels);
    const ci = bootstrapCi(pairs.length, (s) => classification(pred, labels, s).f1, { iterations: opts.iterations ?? 500, seed: opts.seed ?? 42, groups });
    const judged = judgedIdx[bi]!;
    return {
      budget,
      judged: judged.length,
      share: pairs.length ? judged.length / pairs.length : 0,
      llmCalls: new Set(judged.map((i) => judgeRequestKey(pairs[i]!.attribute, pairs[i]!.promptText))).size,
      precision: m.precision,
      recall: m.recall,
      f1: m.f1,
      f1Ci: { low: ci.low, high: ci.high },
      selectionRate: m.predictedRate,
      bands: bands[bi]!,
    };
  });
  return { pairs: pairs.length, humanRate: labels.filter(Boolean).length / Math.max(1, labels.length), points, fitJudged };
}
