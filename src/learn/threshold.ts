import { classification } from '../metrics/classification.js';

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
