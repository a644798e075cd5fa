/**
 * Agreement among any number of raters per item: Fleiss' kappa over category counts, and Krippendorff's alpha
 * (nominal, ordinal, interval; missing values allowed). Same conventions as agreement.ts: SameValueZero labels,
 * undefined statistics as `NaN`.
 */

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
