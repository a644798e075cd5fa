/**
 * Chance-corrected agreement between raters (people or systems).
 *
 * Labels are compared with JavaScript's SameValueZero (the `Map` key rule):
 * primitives compare by value, objects by identity. Use primitive labels
 * (strings, numbers, booleans).
 *
 * Undefined statistics are returned as `NaN`, never thrown: a kappa whose
 * expected agreement is 1 (both raters always use one and the same label), an
 * alpha with no expected disagreement, or any statistic over no data. Callers
 * aggregating many such values should skip NaN (as {@link averagePairwiseKappa}
 * does). Mismatched input lengths and malformed tables throw.
 */
import { assertSameLength } from './classification.js';

// Fleiss' kappa and Krippendorff's alpha (many raters per item) are in many-raters.ts; this module keeps exporting them.
export { categoryCounts, fleissKappa, krippendorffAlpha, krippendorffAlphaFromUnits } from './many-raters.js';
export type { AlphaLevel } from './many-raters.js';

/** Label equality used everywhere here: SameValueZero, as `Map` keys (NaN equals NaN). */
function sameLabel(x: unknown, y: unknown): boolean {
  return x === y || (x !== x && y !== y);
}

/** Counts of each distinct label, in first-seen order. */
function countLabels<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * Cohen's kappa for two raters who labelled the same items:
 * `(p_o - p_e) / (1 - p_e)`, where `p_o` is the observed share of items on
 * which they agree and `p_e = sum_c p_a(c) * p_b(c)` the agreement expected
 * from each rater's own label frequencies (Cohen, 1960).
 *
 * @param a labels of rater A; `a[i]` and `b[i]` are the same item
 * @param b labels of rater B
 * @returns kappa in [-1, 1]; NaN for empty input or when `p_e = 1` (both
 *   raters used a single, identical label for every item: agreement is
 *   perfect but carries no information beyond chance)
 * @throws RangeError when the lengths differ
 */
export function cohenKappa<T>(a: readonly T[], b: readonly T[]): number {
  assertSameLength(a, b, 'rater label arrays');
  const n = a.length;
  if (n === 0) return Number.NaN;
  let agree = 0;
  for (let i = 0; i < n; i++) if (sameLabel(a[i], b[i])) agree++;
  const ca = countLabels(a);
  const cb = countLabels(b);
  // Work in counts: p_o = agree/n, p_e = chance/n^2, so
  // kappa = (n*agree - chance) / (n^2 - chance), exact for integer inputs.
  let chance = 0;
  for (const [label, countA] of ca) chance += countA * (cb.get(label) ?? 0);
  const den = n * n - chance;
  if (den === 0) return Number.NaN;
  return (n * agree - chance) / den;
}

/**
 * Scott's pi for two raters: like Cohen's kappa but the expected agreement
 * uses the pooled label distribution of both raters,
 * `p_e = sum_c ((n_a(c) + n_b(c)) / 2n)^2` (Scott, 1955).
 *
 * With two raters, no missing data and N items (so 2N values), nominal
 * Krippendorff's alpha relates to it exactly as
 * `alpha = 1 - (1 - pi) * (2N - 1) / (2N)`: alpha only adds the small-sample
 * correction, so the two converge as N grows.
 *
 * @returns NaN for empty input or when only one label occurs at all
 * @throws RangeError when the lengths differ
 */
export function scottPi<T>(a: readonly T[], b: readonly T[]): number {
  assertSameLength(a, b, 'rater label arrays');
  const n = a.length;
  if (n === 0) return Number.NaN;
  let agree = 0;
  for (let i = 0; i < n; i++) if (sameLabel(a[i], b[i])) agree++;
  const pooled = countLabels([...a, ...b]);
  let sumSq = 0;
  for (const c of pooled.values()) sumSq += c * c;
  // p_o = agree/n, p_e = sumSq / (2n)^2
  const pe = sumSq / (4 * n * n);
  if (pe === 1) return Number.NaN;
  return (agree / n - pe) / (1 - pe);
}

/** Options of {@link weightedKappa}. */
export interface WeightedKappaOptions {
  /**
   * Disagreement weight between categories at positions i and j of
   * `categories` (k categories): linear `|i-j| / (k-1)`, quadratic
   * `((i-j) / (k-1))^2` (Cohen, 1968; quadratic is the Fleiss-Cohen weighting).
   */
  weights: 'linear' | 'quadratic';
  /**
   * The ordered scale. Weights depend on a category's POSITION in this list,
   * not on its numeric value. Default: the distinct values seen in `a` and `b`,
   * sorted ascending (sklearn's behaviour). Pass the full scale (e.g.
   * `[1, 2, 3, 4, 5]`) when some levels may be unused, otherwise the distances
   * between the levels that were used change.
   */
  categories?: readonly number[];
}

/**
 * Weighted Cohen's kappa for two raters on an ordinal scale (e.g. 1-5
 * ratings): `1 - sum(w * observed) / sum(w * expected)`, where `observed` and
 * `expected` are the joint and chance (product of marginals) tables and `w`
 * the disagreement weights of {@link WeightedKappaOptions.weights}. With two
 * categories both weightings equal unweighted kappa.
 *
 * @returns NaN for empty input or when the expected weighted disagreement is 0
 *   (e.g. both raters always give the same single rating)
 * @throws RangeError when lengths differ or a value is not in `categories`
 */
export function weightedKappa(a: readonly number[], b: readonly number[], opts: WeightedKappaOptions): number {
  assertSameLength(a, b, 'rater rating arrays');
  const n = a.length;
  if (n === 0) return Number.NaN;
  const cats = opts.categories ?? [...new Set([...a, ...b])].sort((x, y) => x - y);
  const k = cats.length;
  if (k < 2) return Number.NaN;
  const pos = new Map<number, number>();
  cats.forEach((c, i) => pos.set(c, i));
  if (pos.size !== k) throw new RangeError('categories must be distinct');
  const index = (v: number): number => {
    const i = pos.get(v);
    if (i === undefined) throw new RangeError(`rating ${v} is not one of the categories [${cats.join(', ')}]`);
    return i;
  };
  const observed = new Float64Array(k * k);
  const rowA = new Float64Array(k);
  const colB = new Float64Array(k);
  for (let t = 0; t < n; t++) {
    const i = index(a[t] as number);
    const j = index(b[t] as number);
    observed[i * k + j]! += 1;
    rowA[i]! += 1;
    colB[j]! += 1;
  }
  let obsDis = 0;
  let expDis = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = Math.abs(i - j) / (k - 1);
      const w = opts.weights === 'linear' ? d : d * d;
      // observed proportion o_ij/n; expected proportion rowA_i*colB_j/n^2.
      // Multiply both sums by n^2 to stay in counts.
      obsDis += w * observed[i * k + j]! * n;
      expDis += w * rowA[i]! * colB[j]!;
    }
  }
  if (expDis === 0) return Number.NaN;
  return 1 - obsDis / expDis;
}

/** Rater name -> (item key -> label). A rater need not label every item. */
export type RaterLabels<T> =
  | ReadonlyMap<string, ReadonlyMap<string, T>>
  | Readonly<Record<string, ReadonlyMap<string, T>>>;

/** Options of {@link averagePairwiseKappa}. */
export interface PairwiseOptions<T> {
  /** Pairs sharing fewer items than this are skipped. Default 2. */
  minShared?: number;
  /**
   * The two-rater statistic; default {@link cohenKappa}. For example
   * `(a, b) => weightedKappa(a, b, { weights: 'linear', categories: [1,2,3,4,5] })`
   * for ratings. It receives the shared items' labels in the same order.
   */
  statistic?: (a: T[], b: T[]) => number;
}

/** One rater pair of {@link averagePairwiseKappa}. */
export interface RaterPair {
  a: string;
  b: string;
  /** items labelled by both */
  n: number;
  kappa: number;
}

/** Result of {@link averagePairwiseKappa}. */
export interface PairwiseKappa {
  /** unweighted mean of `pairs[].kappa`; NaN when no pair qualified */
  mean: number;
  /** pairs that entered the mean, in rater order (a before b) */
  pairs: RaterPair[];
  /** pairs left out: too few shared items, or kappa undefined (NaN) */
  skipped: (RaterPair & { reason: 'too-few-shared' | 'undefined' })[];
}

/**
 * Averaged pairwise Cohen's kappa, the agreement figure the paper reports
 * for its 3-annotator tasks: for each pair of raters, kappa over the items
 * both labelled; then the plain mean over pairs.
 *
 * Pairs with fewer than `minShared` (default 2) shared items, or whose kappa
 * is undefined (NaN, e.g. both always said NO on their shared items), are
 * skipped and listed in `skipped`.
 *
 * @param raters rater -> item key -> label, as a Map or a plain object of Maps
 */
export function averagePairwiseKappa<T>(raters: RaterLabels<T>, opts: PairwiseOptions<T> = {}): PairwiseKappa {
  const minShared = opts.minShared ?? 2;
  const statistic = opts.statistic ?? cohenKappa;
  const entries: [string, ReadonlyMap<string, T>][] =
    raters instanceof Map
      ? [...(raters as ReadonlyMap<string, ReadonlyMap<string, T>>).entries()]
      : Object.entries(raters as Readonly<Record<string, ReadonlyMap<string, T>>>);
  const pairs: RaterPair[] = [];
  const skipped: PairwiseKappa['skipped'] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [nameA, labelsA] = entries[i]!;
      const [nameB, labelsB] = entries[j]!;
      const la: T[] = [];
      const lb: T[] = [];
      for (const [item, label] of labelsA) {
        if (labelsB.has(item)) {
          la.push(label);
          lb.push(labelsB.get(item) as T);
        }
      }
      const n = la.length;
      if (n < minShared) {
        skipped.push({ a: nameA, b: nameB, n, kappa: Number.NaN, reason: 'too-few-shared' });
        continue;
      }
      const kappa = statistic(la, lb);
      if (Number.isNaN(kappa)) skipped.push({ a: nameA, b: nameB, n, kappa, reason: 'undefined' });
      else pairs.push({ a: nameA, b: nameB, n, kappa });
    }
  }
  const mean = pairs.length === 0 ? Number.NaN : pairs.reduce((s, p) => s + p.kappa, 0) / pairs.length;
  return { mean, pairs, skipped };
}
