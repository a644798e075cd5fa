import { groupKFold } from '../../learn/cv.js';
import { classification } from '../../metrics/classification.js';
import type { Selection, SelectionPair, Selector } from './selector.js';

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

export interface CrossValidatedSelection {
  /** Decision per row, each made with a threshold chosen on the other folds. */
  predictions: boolean[];
  /** Fold of each row. */
  folds: number[];
  /** Threshold used for each fold. */
  thresholds: number[];
  /** Precision / recall / F1 of the pooled held-out decisions. */
  metrics: PrF1;
}

/**
 * Evaluates a score with a fitted cutoff honestly: rows are split into k folds by group (e.g. prompt); for
 * each fold the threshold is chosen (max F1) on the other folds' rows and applied to that fold. No row is
 * decided by a threshold that saw it or any row of its group.
 */
export function crossValidatedSelect(
  scores: readonly number[],
  labels: readonly boolean[],
  groups: readonly string[],
  k = 5,
  seed = 0,
  opts: ChooseThresholdOptions = {},
): CrossValidatedSelection {
  if (scores.length !== labels.length || scores.length !== groups.length) {
    throw new Error(`crossValidatedSelect: ${scores.length} scores, ${labels.length} labels, ${groups.length} groups`);
  }
  const folds = groupKFold(groups, k, seed);
  const nFolds = Math.max(...folds) + 1;
  const predictions = new Array<boolean>(scores.length).fill(false);
  const thresholds: number[] = [];
  for (let f = 0; f < nFolds; f++) {
    const train = folds.flatMap((x, i) => (x === f ? [] : [i]));
    const { threshold } = chooseThreshold(train.map((i) => scores[i]!), train.map((i) => labels[i]!), opts);
    thresholds.push(threshold);
    folds.forEach((x, i) => {
      if (x === f) predictions[i] = scores[i]! >= threshold;
    });
  }
  return { predictions, folds, thresholds, metrics: prf1(predictions, labels) };
}

/** A selector built on a continuous score: fit() picks the F1-maximising cutoff, select() applies it. */
export interface ScoringSelector extends Selector {
  /** Higher = more relevant. Unsupervised: needs no fit. */
  score(pairs: SelectionPair[]): Promise<number[]>;
  /** The cutoff in use (undefined until fitted or given). */
  readonly threshold: number | undefined;
  fit(pairs: SelectionPair[], labels: boolean[]): Promise<void>;
}

/** Shared fit/select for score-based selectors. Subclasses implement score(). */
export abstract class ThresholdSelector implements ScoringSelector {
  abstract readonly name: string;
  protected cutoff: number | undefined;
  protected readonly choice: ChooseThresholdOptions;

  constructor(threshold?: number, choice: ChooseThresholdOptions = {}) {
    this.cutoff = threshold;
    this.choice = choice;
  }

  get threshold(): number | undefined {
    return this.cutoff;
  }

  abstract score(pairs: SelectionPair[]): Promise<number[]>;

  async fit(pairs: SelectionPair[], labels: boolean[]): Promise<void> {
    if (pairs.length !== labels.length) throw new Error(`${this.name}.fit: ${pairs.length} pairs for ${labels.length} labels`);
    this.cutoff = chooseThreshold(await this.score(pairs), labels, this.choice).threshold;
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    const cutoff = this.cutoff;
    if (cutoff === undefined) {
      throw new Error(`${this.name}: no threshold; call fit(pairs, labels) on training pairs or pass a threshold`);
    }
    const scores = await this.score(pairs);
    return scores.map((score) => ({ relevant: score >= cutoff, score }));
  }
}
