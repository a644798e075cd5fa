/**
 * Correlation coefficients between two paired samples, e.g. a judge's
 * scores and the human mean rating of the same responses.
 *
 * Conventions: `x[i]` and `y[i]` are one observation; different lengths throw
 * a `RangeError`; NaN values throw a `RangeError` (remove or impute them
 * first); an undefined coefficient (fewer than 2 observations, or a constant
 * sample) is returned as NaN.
 */
import { assertSameLength } from './classification.js';

/** Numeric comparison that also orders infinities correctly (unlike `a - b`). */
function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertNoNaN(values: readonly number[], name: string): void {
  for (const v of values) {
    if (Number.isNaN(v)) throw new RangeError(`${name} contains NaN`);
  }
}

/** The number of observations, after the checks every coefficient starts with (equal lengths, no NaN). */
function pairedSize(x: readonly number[], y: readonly number[]): number {
  assertSameLength(x, y, 'x and y');
  assertNoNaN(x, 'x');
  assertNoNaN(y, 'y');
  return x.length;
}

/**
 * Ranks starting at 1, ties receiving the average of the ranks they span
 * (scipy's `rankdata(method='average')`): `rank([0, 2, 3, 2])` is
 * `[1, 2.5, 4, 2.5]`.
 *
 * @throws RangeError when a value is NaN
 */
export function rank(values: readonly number[]): number[] {
  assertNoNaN(values, 'values');
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => compare(values[i]!, values[j]!));
  const ranks = new Array<number>(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    const v = values[order[start]!];
    while (end < n && values[order[end]!] === v) end++;
    // positions start..end-1 hold ranks start+1..end; their mean:
    const avg = (start + 1 + end) / 2;
    for (let t = start; t < end; t++) ranks[order[t]!] = avg;
    start = end;
  }
  return ranks;
}

/**
 * Pearson's product-moment correlation
 * `sum (x - xbar)(y - ybar) / sqrt(sum (x - xbar)^2 sum (y - ybar)^2)`.
 *
 * @returns r in [-1, 1]; NaN when n < 2 or either sample is constant
 * @throws RangeError when lengths differ or a value is NaN
 */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = pairedSize(x, y);
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  // Guard against rounding just outside [-1, 1].
  return Math.max(-1, Math.min(1, r));
}

/**
 * Spearman's rank correlation: Pearson's r of the average ranks (see
 * {@link rank}), which handles ties the way scipy's `spearmanr` does.
 *
 * @returns rho in [-1, 1]; NaN when n < 2 or either sample is constant
 * @throws RangeError when lengths differ or a value is NaN
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  assertSameLength(x, y, 'x and y');
  return pearson(rank(x), rank(y));
}

/**
 * Kendall's tau-b, which corrects for ties in either variable (scipy's
 * `kendalltau` default):
 *
 *     tau_b = (C - D) / sqrt((n0 - n1) (n0 - n2))
 *
 * with C / D the concordant / discordant pairs, `n0 = n(n-1)/2`, and n1 / n2
 * the pairs tied in x / in y. Computed in O(n log n) with Knight's (1966)
 * merge-sort algorithm.
 *
 * @returns tau_b in [-1, 1]; NaN when n < 2 or either sample is constant
 * @throws RangeError when lengths differ or a value is NaN
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  const n = pairedSize(x, y);
  if (n < 2) return Number.NaN;
  // Sort by x, then y.
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => compare(x[i]!, x[j]!) || compare(y[i]!, y[j]!));
  const ys = new Float64Array(n);
  for (let t = 0; t < n; t++) ys[t] = y[order[t]!]!;

  // n1: pairs tied in x; n3: pairs tied in both x and y.
  let tiedX = 0;
  let tiedXY = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    const xv = x[order[start]!];
    while (end < n && x[order[end]!] === xv) end++;
    const t = end - start;
    tiedX += (t * (t - 1)) / 2;
    // Within an x-tie block, ys is sorted, so y-ties are contiguous.
    for (let s = start; s < end; ) {
      let e = s + 1;
      while (e < end && ys[e] === ys[s]) e++;
      const u = e - s;
      tiedXY += (u * (u - 1)) / 2;
      s = e;
    }
    start = end;
  }

  // Discordant pairs = inversions when merge-sorting ys (ties are not inversions).
  const swaps = countInversions(ys);

  // n2: pairs tied in y (ys is now sorted).
  let tiedY = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && ys[end] === ys[start]) end++;
    const t = end - start;
    tiedY += (t * (t - 1)) / 2;
    start = end;
  }

  const n0 = (n * (n - 1)) / 2;
  const den = Math.sqrt((n0 - tiedX) * (n0 - tiedY));
  if (den === 0) return Number.NaN;
  const tau = (n0 - tiedX - tiedY + tiedXY - 2 * swaps) / den;
  return Math.max(-1, Math.min(1, tau));
}

/** Sorts `a` ascending in place (stable merge sort) and returns the number of strict inversions. */
function countInversions(a: Float64Array): number {
  const n = a.length;
  let src: Float64Array = a;
  let dst: Float64Array = new Float64Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (src[j]! < src[i]!) {
          inversions += mid - i;
          dst[k++] = src[j++]!;
        } else {
          dst[k++] = src[i++]!;
        }
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }
  if (src !== a) a.set(src);
  return inversions;
}
