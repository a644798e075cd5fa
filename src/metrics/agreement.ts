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

/**
 * Turns per-item label lists into the count table {@link fleissKappa} takes.
 *
 * @param items `items[i]` = the labels item i received (any number of raters)
 * @param categories column order; default: labels in first-seen order
 * @returns `counts[i][j]` = how many raters gave item i the label `categories[j]`
 * @throws RangeError when a label is not in `categories`
 */
export function categoryCounts<T>(
  items: readonly (readonly T[])[],
  categories?: readonly T[],
): { categories: T[]; counts: number[][] } {
  const cats: T[] = categories ? [...categories] : [...new Set(items.flat() as T[])];
  const col = new Map<T, number>();
  cats.forEach((c, j) => col.set(c, j));
  const counts = items.map((labels) => {
    const row = new Array<number>(cats.length).fill(0);
    for (const label of labels) {
      const j = col.get(label);
      if (j === undefined) throw new RangeError(`label ${String(label)} is not one of the categories`);
      row[j]! += 1;
    }
    return row;
  });
  return { categories: cats, counts };
}

/**
 * Fleiss' kappa for many raters, allowing a different number of raters per
 * item.
 *
 * Input: `counts[i][j]` = number of raters who put item i in category j
 * (items x categories; every row must have the same number of columns; see
 * {@link categoryCounts}). Item i has `m_i = sum_j counts[i][j]` ratings.
 * Items with fewer than 2 ratings carry no agreement information and are
 * dropped (before the category proportions are computed).
 *
 * Formula (Fleiss, Levin & Paik 2003, "Statistical Methods for Rates and
 * Proportions", ch. 18, different numbers of ratings per subject, written for
 * k categories): with N kept items, `M = sum_i m_i`, `mbar = M / N`,
 * `p_j = sum_i counts[i][j] / M`,
 *
 *     kappa = 1 - sum_i (m_i - sum_j counts[i][j]^2 / m_i)
 *                 / (N (mbar - 1) sum_j p_j (1 - p_j))
 *
 * Each item's disagreement is weighted by `m_i - 1`. With a constant number
 * of raters m this is exactly the classic Fleiss (1971) formula
 * `(Pbar - Pe) / (1 - Pe)` with `P_i = sum_j n_ij (n_ij - 1) / (m (m - 1))`.
 *
 * @returns NaN when no item has 2+ ratings or only one category occurs
 * @throws RangeError for ragged rows or counts that are not non-negative integers
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number {
  const k = counts[0]?.length ?? 0;
  const colTotals = new Float64Array(k);
  let items = 0;
  let ratings = 0;
  let disagreement = 0;
  for (const row of counts) {
    if (row.length !== k) throw new RangeError(`every item needs ${k} category counts (got ${row.length})`);
    let m = 0;
    let sumSq = 0;
    for (const c of row) {
      if (!Number.isInteger(c) || c < 0) throw new RangeError(`category counts must be non-negative integers (got ${c})`);
      m += c;
      sumSq += c * c;
    }
    if (m < 2) continue;
    items++;
    ratings += m;
    disagreement += m - sumSq / m;
    for (let j = 0; j < k; j++) colTotals[j]! += row[j]!;
  }
  if (items === 0) return Number.NaN;
  let chanceDis = 0;
  for (let j = 0; j < k; j++) {
    const p = colTotals[j]! / ratings;
    chanceDis += p * (1 - p);
  }
  // N (mbar - 1) = M - N
  const den = (ratings - items) * chanceDis;
  if (den === 0) return Number.NaN;
  return 1 - disagreement / den;
}

/** Measurement level of {@link krippendorffAlpha}: which difference function is used. */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

/** A missing value in reliability data: null, undefined or NaN. */
function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * Krippendorff's alpha from reliability data laid out raters x units:
 * `data[r][u]` is rater r's value for unit (item) u, or `null` / `undefined`
 * / `NaN` when r did not code u. All rows must have the same length.
 *
 * `alpha = 1 - D_o / D_e` (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability"), computed from the coincidence matrix of pairable
 * values. Units with fewer than 2 values are dropped (they cannot be paired).
 *
 * Levels: `nominal` (any labels; different = 1), `ordinal` (numbers; distance
 * by the number of values ranked between two categories), `interval` (numbers;
 * squared difference). Ordinal and interval need finite numeric values.
 *
 * With two raters and no missing data, nominal alpha is Scott's pi with a
 * small-sample correction (see {@link scottPi}).
 *
 * @returns alpha (1 = perfect, 0 = chance, may be negative); NaN when no unit
 *   has 2+ values or all pairable values are identical (D_e = 0)
 * @throws RangeError for ragged rows; TypeError for non-numeric values at the
 *   ordinal or interval level
 */
export function krippendorffAlpha<T>(
  data: readonly (readonly (T | null | undefined)[])[],
  level: AlphaLevel = 'nominal',
): number {
  const units = data[0]?.length ?? 0;
  for (const row of data) {
    if (row.length !== units) throw new RangeError(`every rater row needs ${units} units (got ${row.length})`);
  }
  const values: T[][] = [];
  for (let u = 0; u < units; u++) {
    const unit: T[] = [];
    for (const row of data) {
      const v = row[u];
      if (!isMissing(v)) unit.push(v as T);
    }
    values.push(unit);
  }
  return krippendorffAlphaFromUnits(values, level);
}

/**
 * Krippendorff's alpha from reliability data laid out by unit: `units[u]` is
 * the list of values unit u received (one per rater who coded it, missing
 * ones simply left out). Useful when raters are anonymous or many, e.g. the
 * 3 crowd workers of each item. Same definition and return values as
 * {@link krippendorffAlpha}.
 */
export function krippendorffAlphaFromUnits<T>(units: readonly (readonly T[])[], level: AlphaLevel = 'nominal'): number {
  // Distinct values -> index.
  const index = new Map<T, number>();
  const distinct: T[] = [];
  for (const unit of units) {
    if (unit.length < 2) continue;
    for (const v of unit) {
      if (isMissing(v)) throw new RangeError('units must not contain missing values; leave them out');
      if (level !== 'nominal' && (typeof v !== 'number' || !Number.isFinite(v))) {
        throw new TypeError(`${level} alpha needs finite numeric values (got ${String(v)})`);
      }
      if (!index.has(v)) {
        index.set(v, distinct.length);
        distinct.push(v);
      }
    }
  }
  const v = distinct.length;
  if (v === 0) return Number.NaN;
  // For ordinal/interval, order categories by value so ordinal ranks are cumulative.
  if (level !== 'nominal') {
    distinct.sort((x, y) => (x as number) - (y as number));
    distinct.forEach((val, i) => index.set(val, i));
  }

  // Coincidence matrix: each unit with m_u values contributes
  // (n_uc * n_uk - [c = k] n_uc) / (m_u - 1) to o_ck.
  const o = new Float64Array(v * v);
  const local = new Map<number, number>();
  for (const unit of units) {
    const m = unit.length;
    if (m < 2) continue;
    local.clear();
    for (const val of unit) {
      const c = index.get(val)!;
      local.set(c, (local.get(c) ?? 0) + 1);
    }
    for (const [c, nc] of local) {
      for (const [k, nk] of local) {
        o[c * v + k]! += (c === k ? nc * (nc - 1) : nc * nk) / (m - 1);
      }
    }
  }
  const marg = new Float64Array(v);
  let n = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) marg[c]! += o[c * v + k]!;
    n += marg[c]!;
  }

  // Squared difference function delta^2(c, k).
  const cumulative = new Float64Array(v + 1); // cumulative[i] = sum of marg[0..i-1]
  for (let c = 0; c < v; c++) cumulative[c + 1] = cumulative[c]! + marg[c]!;
  const delta2 = (c: number, k: number): number => {
    if (c === k) return 0;
    if (level === 'nominal') return 1;
    if (level === 'interval') {
      const d = (distinct[c] as number) - (distinct[k] as number);
      return d * d;
    }
    // ordinal: (sum_{g=c..k} n_g - (n_c + n_k)/2)^2
    const lo = Math.min(c, k);
    const hi = Math.max(c, k);
    const d = cumulative[hi + 1]! - cumulative[lo]! - (marg[c]! + marg[k]!) / 2;
    return d * d;
  };

  let observed = 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      if (c === k) continue;
      const d = delta2(c, k);
      observed += o[c * v + k]! * d;
      expected += marg[c]! * marg[k]! * d;
    }
  }
  if (expected === 0) return Number.NaN;
  // D_o = observed / n, D_e = expected / (n (n - 1))
  return 1 - ((n - 1) * observed) / expected;
}
