/**
 * Percentile bootstrap confidence intervals.
 */
import { seededRandom } from '../util/random.js';



/** Options of {@link bootstrapCi}. */
export interface BootstrapOptions {
  /** Number of resamples. Default 1000. */
  iterations?: number;
  /** PRNG seed; the result is a pure function of the inputs and this seed. Default 42. */
  seed?: number;
  /** Coverage of the interval, in (0, 1). Default 0.95. */
  level?: number;
  /**
   * Cluster bootstrap: `groups[i]` is the cluster of row i (e.g. the prompt
   * or the user). Each resample draws as many groups as there are, with
   * replacement, and keeps all rows of every drawn group, so rows that are
   * not independent stay together. Length must equal `n`.
   */
  groups?: readonly string[];
}

/** Result of {@link bootstrapCi}. */
export interface BootstrapInterval {
  /** the statistic on the original rows 0..n-1 */
  estimate: number;
  /** lower percentile bound; NaN when no resample gave a number */
  low: number;
  /** upper percentile bound; NaN when no resample gave a number */
  high: number;
  level: number;
  /** resamples drawn */
  iterations: number;
  /** resamples whose statistic was not NaN (the others are skipped) */
  valid: number;
}

/**
 * Percentile bootstrap confidence interval of any statistic over n rows.
 *
 * The statistic gets the row indices of one resample (with repetitions) and
 * looks the rows up in its own arrays, e.g.
 * `bootstrapCi(pred.length, (idx) => f1Score(pred, gold, idx))`. It is first
 * called on `[0, 1, ..., n-1]` for the point estimate.
 *
 * The index array passed to `statistic` is a single buffer reused for every
 * resample: read it, do not keep it.
 *
 * Resamples whose statistic is NaN (degenerate resamples, e.g. a kappa over a
 * resample with a single label) are skipped; `valid` says how many remained.
 * The bounds are the `(1 - level) / 2` and `(1 + level) / 2` quantiles of the
 * valid statistics, linearly interpolated (numpy's default quantile method).
 *
 * Deterministic: the same inputs and seed give the same interval.
 *
 * @param n number of rows
 * @throws RangeError for a negative or fractional n, a level outside (0, 1),
 *   fewer than 1 iteration, or `groups` of the wrong length
 */
export function bootstrapCi(
  n: number,
  statistic: (indices: readonly number[]) => number,
  opts: BootstrapOptions = {},
): BootstrapInterval {
  return bootstrapCis(n, (idx) => [statistic(idx)], opts)[0]!;
}

/**
 * {@link bootstrapCi} for several statistics of the same resamples at once: `statistics` returns one
 * value per statistic (always the same count), and the result has one interval per statistic. Each
 * interval equals what `bootstrapCi` gives for that statistic alone with the same options, at the cost
 * of one pass over the resamples.
 */
export function bootstrapCis(
  n: number,
  statistics: (indices: readonly number[]) => readonly number[],
  opts: BootstrapOptions = {},
): BootstrapInterval[] {
  const iterations = opts.iterations ?? 1000;
  const level = opts.level ?? 0.95;
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer (got ${n})`);
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`iterations must be a positive integer (got ${iterations})`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1) (got ${level})`);
  if (opts.groups && opts.groups.length !== n) {
    throw new RangeError(`groups must have one entry per row (got ${opts.groups.length} for ${n} rows)`);
  }

  const buffer: number[] = Array.from({ length: n }, (_, i) => i);
  const estimates = [...statistics(buffer)];
  const k = estimates.length;
  const nan = (estimate: number): BootstrapInterval => ({ estimate, low: Number.NaN, high: Number.NaN, level, iterations, valid: 0 });
  if (n === 0) return estimates.map(nan);

  const random = seededRandom(seed);
  const results = estimates.map(() => new Float64Array(iterations));
  const valid = new Array<number>(k).fill(0);
  const record = (values: readonly number[]): void => {
    for (let j = 0; j < k; j++) {
      const v = values[j]!;
      if (!Number.isNaN(v)) results[j]![valid[j]!++] = v;
    }
  };

  if (opts.groups) {
    // Rows of each group, laid out contiguously: rows[start[g] .. start[g+1]).
    const groupOf = new Map<string, number>();
    const gid = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const key = opts.groups[i]!;
      let g = groupOf.get(key);
      if (g === undefined) {
        g = groupOf.size;
        groupOf.set(key, g);
      }
      gid[i] = g;
    }
    const g = groupOf.size;
    const start = new Int32Array(g + 1);
    for (let i = 0; i < n; i++) start[gid[i]! + 1]! += 1;
    for (let k = 0; k < g; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, g);
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[fill[gid[i]!]!++] = i;

    for (let it = 0; it < iterations; it++) {
      buffer.length = 0;
      for (let d = 0; d < g; d++) {
        const pick = Math.floor(random() * g);
        for (let r = start[pick]!; r < start[pick + 1]!; r++) buffer.push(rows[r]!);
      }
      record(statistics(buffer));
    }
  } else {
    for (let it = 0; it < iterations; it++) {
      for (let i = 0; i < n; i++) buffer[i] = Math.floor(random() * n);
      record(statistics(buffer));
    }
  }

  return estimates.map((estimate, j) => {
    if (valid[j] === 0) return nan(estimate);
    const sorted = results[j]!.subarray(0, valid[j]).sort();
    return {
      estimate,
      low: quantileSorted(sorted, (1 - level) / 2),
      high: quantileSorted(sorted, (1 + level) / 2),
      level,
      iterations,
      valid: valid[j]!,
    };
  });
}

/**
 * The p-quantile of ascending `sorted` values with linear interpolation
 * between order statistics (Hyndman & Fan type 7, numpy's default).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const m = sorted.length;
  if (m === 0) return Number.NaN;
  const h = (m - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, m - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (h - lo) * (b - a);
}
