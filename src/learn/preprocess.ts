import { seededRandom } from '../util/random.js';

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

/** (row - mean) / std, into `out` (a new array by default; `row` itself is allowed). */
export function standardise(s: Standardisation, row: ArrayLike<number>, out: Float64Array = new Float64Array(row.length)): Float64Array {
  if (row.length !== s.mean.length) throw new Error(`standardise: row has ${row.length} values, standardisation has ${s.mean.length}`);
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
 * Top-k principal components: the d x d covariance is formed once, then subspace iteration with
 * oversampling (k + 16 vectors, Gram-Schmidt each step) from a seeded random basis runs until no basis vector
 * turns by more than `tol` (1 - |cos|) or `iterations` (default 30) run out, and a Rayleigh-Ritz step (Jacobi on the small
 * projected matrix) extracts the top k. Deterministic; cost ~ n d^2 + iterations * d^2 * (k + 16).
 */
export function fitPca(rows: readonly ArrayLike<number>[], k: number, opts: { iterations?: number; seed?: number; tol?: number } = {}): Pca {
  if (rows.length === 0) throw new Error('fitPca: no rows');
  const n = rows.length;
  const d = rows[0]!.length;
  k = Math.min(k, d, n);
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = Array.from({ length: d }, () => new Float64Array(d));
  const c = new Float64Array(d);
  for (const r of rows) {
    for (let j = 0; j < d; j++) c[j] = r[j]! - mean[j]!;
    for (let i = 0; i < d; i++) {
      const ci = c[i]! / n;
      if (ci === 0) continue;
      const row = cov[i]!;
      for (let j = i; j < d; j++) row[j]! += ci * c[j]!;
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i]![j] = cov[j]![i]!;
  const mul = (v: Float64Array): Float64Array => {
    const out = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      const row = cov[i]!;
      let s = 0;
      for (let j = 0; j < d; j++) s += row[j]! * v[j]!;
      out[i] = s;
    }
    return out;
  };
  const m = Math.min(d, k + 16);
  const rand = seededRandom(opts.seed ?? 0);
  let q: Float64Array[] = Array.from({ length: m }, () => Float64Array.from({ length: d }, () => rand() - 0.5));
  orthonormalise(q);
  const iterations = opts.iterations ?? 30;
  const tol = opts.tol ?? 1e-8;
  for (let it = 0; it < iterations; it++) {
    const prev = q;
    q = q.map(mul);
    orthonormalise(q);
    let moved = 0;
    for (let a = 0; a < k; a++) {
      let p = 0;
      for (let j = 0; j < d; j++) p += q[a]![j]! * prev[a]![j]!;
      moved = Math.max(moved, 1 - Math.abs(p));
    }
    if (moved < tol) break;
  }
  // Rayleigh-Ritz: eigenvectors of the m x m matrix Q^T C Q rotate Q onto the eigenvectors of C.
  const cq = q.map(mul);
  const small = q.map((u) => cq.map((w) => { let s = 0; for (let j = 0; j < d; j++) s += u[j]! * w[j]!; return s; }));
  const { values, vectors } = jacobiEigen(small);
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!).slice(0, k);
  const components = order.map((e) => {
    const v = new Array<number>(d).fill(0);
    for (let a = 0; a < m; a++) {
      const w = vectors[a]![e]!;
      for (let j = 0; j < d; j++) v[j]! += w * q[a]![j]!;
    }
    // fix the sign: largest-magnitude entry positive, so the basis does not flip between runs
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
    return v[big]! < 0 ? v.map((x) => -x) : v;
  });
  return { mean: [...mean], components, variance: order.map((e) => Math.max(0, values[e]!)) };
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations; vectors[i][e] = component i of eigenvector e. */
function jacobiEigen(a0: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = a0.length;
  const a = a0.map((r) => [...r]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i]![j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let r = p + 1; r < n; r++) {
        const apr = a[p]![r]!;
        if (Math.abs(apr) < 1e-300) continue;
        const theta = (a[r]![r]! - a[p]![p]!) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1);
        const sn = t * cs;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!, akr = a[k]![r]!;
          a[k]![p] = cs * akp - sn * akr;
          a[k]![r] = sn * akp + cs * akr;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!, ark = a[r]![k]!;
          a[p]![k] = cs * apk - sn * ark;
          a[r]![k] = sn * apk + cs * ark;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!, vkr = v[k]![r]!;
          v[k]![p] = cs * vkp - sn * vkr;
          v[k]![r] = sn * vkp + cs * vkr;
        }
      }
    }
  }
  return { values: a.map((r, i) => r[i]!), vectors: v };
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

/**
 * Top-k principal components through the n x n Gram matrix (for n rows << d dimensions, e.g. ~100 attributes of
 * 512-d embeddings), by power iteration with deflation from a seeded random start; signs fixed so the largest
 * loading is positive. Deterministic and ~1 ms where a d x d covariance would take ~0.5 s.
 */
export function gramPca(rows: readonly ArrayLike<number>[], k: number): Pca {
  const n = rows.length;
  const d = rows[0]!.length;
  const mean = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]! / n;
  const xc = rows.map((r) => Float64Array.from({ length: d }, (_, j) => r[j]! - mean[j]!));
  const g = Array.from({ length: n }, () => new Float64Array(n));
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += xc[a]![j]! * xc[b]![j]!;
      g[a]![b] = s;
      g[b]![a] = s;
    }
  }
  const components: number[][] = [];
  const variance: number[] = [];
  for (let c = 0; c < Math.min(k, n - 1); c++) {
    const rand = seededRandom(1000 + c);
    let u = Float64Array.from({ length: n }, () => rand() - 0.5);
    let lambda = 0;
    for (let it = 0; it < 500; it++) {
      const v = new Float64Array(n);
      for (let a = 0; a < n; a++) {
        let s = 0;
        for (let b = 0; b < n; b++) s += g[a]![b]! * u[b]!;
        v[a] = s;
      }
      const norm = Math.hypot(...v);
      if (norm < 1e-12) break;
      for (let a = 0; a < n; a++) v[a]! /= norm;
      let diff = 0;
      for (let a = 0; a < n; a++) diff = Math.max(diff, Math.abs(v[a]! - u[a]!));
      u = v;
      lambda = norm;
      if (diff < 1e-10) break;
    }
    if (lambda < 1e-12) break;
    // component in feature space: X^T u / sqrt(lambda), unit length
    const comp = new Array<number>(d).fill(0);
    for (let a = 0; a < n; a++) for (let j = 0; j < d; j++) comp[j]! += xc[a]![j]! * u[a]!;
    const cn = Math.hypot(...comp) || 1;
    let maxJ = 0;
    for (let j = 0; j < d; j++) if (Math.abs(comp[j]!) > Math.abs(comp[maxJ]!)) maxJ = j;
    const sign = comp[maxJ]! < 0 ? -1 : 1;
    components.push(comp.map((x) => (x / cn) * sign));
    variance.push(lambda / n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) g[a]![b]! -= lambda * u[a]! * u[b]!;
  }
  return { mean, components, variance };
}
