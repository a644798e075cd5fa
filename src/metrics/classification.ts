/**
 * Binary classification metrics for comparing a system's YES/NO decisions
 * with human (gold) YES/NO labels, e.g. stage-2 relevance against the
 * human majority.
 *
 * Conventions used throughout:
 * - `pred[i]` and `gold[i]` describe the same item; arrays of different
 *   lengths are a programming error and throw a `RangeError`.
 * - A ratio whose denominator is 0 is reported as 0 (e.g. precision when the
 *   system never says YES), which is the usual convention of sklearn's
 *   `zero_division=0`. The one exception is {@link selectionRateRatio},
 *   which is undefined (NaN) when humans never say YES.
 * - Every function takes an optional `indices` argument: when given, only the
 *   rows listed there are counted, with repetition. This lets a bootstrap
 *   statistic reuse the original arrays instead of copying them.
 */

/** Counts of the 2x2 confusion table; "positive" means YES / true. */
export interface Confusion {
  /** predicted YES, gold YES */
  tp: number;
  /** predicted YES, gold NO */
  fp: number;
  /** predicted NO, gold YES */
  fn: number;
  /** predicted NO, gold NO */
  tn: number;
}

/** Summary of a binary classifier against gold labels. */
export interface ClassificationReport extends Confusion {
  /** number of rows counted */
  n: number;
  /** tp / (tp + fp), 0 when the system never says YES */
  precision: number;
  /** tp / (tp + fn), 0 when gold has no YES */
  recall: number;
  /** 2PR / (P + R) = 2tp / (2tp + fp + fn), 0 when tp = 0 */
  f1: number;
  /** (tp + tn) / n, 0 when n = 0 */
  accuracy: number;
  /** share of rows the system marks YES: (tp + fp) / n, 0 when n = 0 */
  predictedRate: number;
  /** share of rows gold marks YES: (tp + fn) / n, 0 when n = 0 */
  goldRate: number;
}

/** Throws a `RangeError` unless the two arrays have the same length. */
export function assertSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what = 'inputs'): void {
  if (a.length !== b.length) {
    throw new RangeError(`${what} must have the same length (got ${a.length} and ${b.length})`);
  }
}

/** `num / den`, or 0 when `den` is 0. */
function safeDiv(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/**
 * The 2x2 confusion table of `pred` against `gold`.
 *
 * @param pred system decisions (true = YES)
 * @param gold reference decisions (true = YES)
 * @param indices optional rows to count (may repeat); default all rows
 * @throws RangeError when the lengths differ
 */
export function confusion(
  pred: readonly boolean[],
  gold: readonly boolean[],
  indices?: ArrayLike<number>,
): Confusion {
  assertSameLength(pred, gold, 'pred and gold');
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const count = (p: boolean | undefined, g: boolean | undefined): void => {
    if (p) {
      if (g) tp++;
      else fp++;
    } else if (g) fn++;
    else tn++;
  };
  if (indices === undefined) {
    for (let i = 0; i < pred.length; i++) count(pred[i], gold[i]);
  } else {
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j] as number;
      count(pred[i], gold[i]);
    }
  }
  return { tp, fp, fn, tn };
}

/** Precision, recall, F1 and friends from an already computed confusion table. */
export function reportFromConfusion(c: Confusion): ClassificationReport {
  const { tp, fp, fn, tn } = c;
  const n = tp + fp + fn + tn;
  return {
    n,
    tp,
    fp,
    fn,
    tn,
    precision: safeDiv(tp, tp + fp),
    recall: safeDiv(tp, tp + fn),
    f1: safeDiv(2 * tp, 2 * tp + fp + fn),
    accuracy: safeDiv(tp + tn, n),
    predictedRate: safeDiv(tp + fp, n),
    goldRate: safeDiv(tp + fn, n),
  };
}

/**
 * Precision, recall, F1, accuracy and YES rates of `pred` against `gold`,
 * with the positive class being YES (true). Any ratio with a zero
 * denominator is 0.
 *
 * @param indices optional rows to count (may repeat); default all rows
 * @throws RangeError when the lengths differ
 */
export function classification(
  pred: readonly boolean[],
  gold: readonly boolean[],
  indices?: ArrayLike<number>,
): ClassificationReport {
  return reportFromConfusion(confusion(pred, gold, indices));
}

/**
 * F1 of the YES class, `2tp / (2tp + fp + fn)`, 0 when tp = 0. Same as
 * `classification(pred, gold, indices).f1` without building the report.
 */
export function f1Score(pred: readonly boolean[], gold: readonly boolean[], indices?: ArrayLike<number>): number {
  const { tp, fp, fn } = confusion(pred, gold, indices);
  return safeDiv(2 * tp, 2 * tp + fp + fn);
}

/**
 * How much more (or less) often the system says YES than people do:
 * `predictedRate / goldRate`. 1 means the same rate; the paper reports LLM
 * judges at 2-3x over-selection on stage-2 relevance.
 *
 * @returns NaN when gold has no YES (the ratio is undefined), including
 *   for empty input
 * @throws RangeError when the lengths differ
 */
export function selectionRateRatio(
  pred: readonly boolean[],
  gold: readonly boolean[],
  indices?: ArrayLike<number>,
): number {
  const { tp, fp, fn } = confusion(pred, gold, indices);
  const goldYes = tp + fn;
  // Both rates share the denominator n, so the ratio is just the YES counts.
  return goldYes === 0 ? Number.NaN : (tp + fp) / goldYes;
}
