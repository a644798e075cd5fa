import { mulberry32 } from './cv.js';

/** Column means and standard deviations (a constant column gets std 1, so it maps to 0). */
export interface Standardisation {
  mean: number[];
  std: number[];
}

export function fitStandardisation(x: readonly ArrayLike<number>[]): Standardisation {
  if (x.length === 0) throw new Error('fitStandardisation: no rows');
  const d = x[0]!.length;
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (const r of x) for (let j = 0; j < d; j++) mean[j]! += r[j]!;
  for (let j = 0; j < d; j++) mean[j]! /= x.length;
  for (const r of x) for (let j = 0; j < d; j++) sq[j]! += (r[j]! - mean[j]!) ** 2;
  const std = sq.map((s) => {
    const v = Math.sqrt(s / x.length);
    return v > 1e-12 ? v : 1;
  });
  return { mean, std };
}

export function standardise(s: Standardisation, row: ArrayLike<number>): Float64Array {
  if (row.length !== s.mean.length) throw new Error(`standardise: row has ${row.length} values, standardisation has ${s.mean.length}`);
  const out = new Float64Array(row.length);
  for (let j = 0; j < row.length; j++) out[j] = (row[j]! - s.mean[j]!) / s.std[j]!;
  return out;
}

/** A linear projection onto the top principal components: z = components . (x - mean). */
export interface Pca {
  mean: number[];
  /** k rows of length d, orthonormal, by decreasing explained variance. */
  components: number[][];
  /** Variance along each component. */
  variance: number[];
}

/**
 * Top-k principal components of the rows by subspace (block power) iteration with Gram-Schmidt, started from
 * a seeded random basis: deterministic, and cheap for k << d (cost ~ iterations * n * d * k).
 */
export function fitPca(rows: readonly ArrayLike<number>[], k: number, opts: { iterations?: number; seed?: number } = {}): Pca {
  if (rows.length === 0) throw new Error('fitPca: no rows');
  const n = rows.length;
  const d = rows[0]!.length;
  k = Math.min(k, d, n);
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const xc = rows.map((r) => {
    const c = new Float64Array(d);
    for (let j = 0; j < d; j++) c[j] = r[j]! - mean[j]!;
    return c;
  });
  const rand = mulberry32(opts.seed ?? 0);
  let q = Array.from({ length: k }, () => Float64Array.from({ length: d }, () => rand() - 0.5));
  orthonormalise(q);
  const iterations = opts.iterations ?? 30;
  const t = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    // q <- X^T X q
    q = q.map((v) => {
      for (let i = 0; i < n; i++) {
        const r = xc[i]!;
        let s = 0;
        for (let j = 0; j < d; j++) s += r[j]! * v[j]!;
        t[i] = s;
      }
      const out = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        const r = xc[i]!;
        const ti = t[i]!;
        if (ti !== 0) for (let j = 0; j < d; j++) out[j]! += ti * r[j]!;
      }
      return out;
    });
    orthonormalise(q);
  }
  const variance = q.map((v) => {
    let s = 0;
    for (const r of xc) {
      let p = 0;
      for (let j = 0; j < d; j++) p += r[j]! * v[j]!;
      s += p * p;
    }
    return s / n;
  });
  const order = variance.map((_, i) => i).sort((a, b) => variance[b]! - variance[a]!);
  return { mean: [...mean], components: order.map((i) => [...q[i]!]), variance: order.map((i) => variance[i]!) };
}

function orthonormalise(q: Float64Array[]): void {
  for (let a = 0; a < q.length; a++) {
    const v = q[a]!;
    for (let b = 0; b < a; b++) {
      const u = q[b]!;
      let p = 0;
      for (let j = 0; j < v.length; j++) p += v[j]! * u[j]!;
      for (let j = 0; j < v.length; j++) v[j]! -= p * u[j]!;
    }
    let nrm = 0;
    for (let j = 0; j < v.length; j++) nrm += v[j]! * v[j]!;
    nrm = Math.sqrt(nrm);
    if (nrm < 1e-12) {
      v.fill(0);
      v[a % v.length] = 1;
    } else for (let j = 0; j < v.length; j++) v[j]! /= nrm;
  }
}

export function projectPca(p: Pca, row: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.components.length);
  for (let c = 0; c < p.components.length; c++) {
    const comp = p.components[c]!;
    let s = 0;
    for (let j = 0; j < comp.length; j++) s += comp[j]! * (row[j]! - p.mean[j]!);
    out[c] = s;
  }
  return out;
}
