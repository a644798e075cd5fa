/** Small dense linear algebra on Float64Array (row-major), enough for Newton steps and PCA. */

export type Matrix = Float64Array[];

/** Solves A x = b for a symmetric positive-definite A (n x n, row-major) by Cholesky; A is not modified. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error(`choleskySolve: matrix is not positive definite (pivot ${i}: ${s})`);
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Checks that every row has `d` columns and only finite values; names the first bad cell. */
export function assertMatrix(x: readonly ArrayLike<number>[], what: string): number {
  if (x.length === 0) throw new Error(`${what}: no rows`);
  const d = x[0]!.length;
  for (let i = 0; i < x.length; i++) {
    const r = x[i]!;
    if (r.length !== d) throw new Error(`${what}: row ${i} has ${r.length} columns, expected ${d}`);
    for (let j = 0; j < d; j++) if (!Number.isFinite(r[j]!)) throw new Error(`${what}: row ${i} column ${j} is ${r[j]}`);
  }
  return d;
}

/** Per-row weights so that each class carries half the total weight ('balanced', as scikit-learn), or 1s. */
export function classWeights(y: readonly boolean[], mode: 'balanced' | 'none' | { pos: number; neg: number }): Float64Array {
  const w = new Float64Array(y.length);
  if (mode === 'none') return w.fill(1);
  let pos = 0;
  for (const v of y) if (v) pos++;
  const neg = y.length - pos;
  const [wp, wn] = mode === 'balanced' ? [pos ? y.length / (2 * pos) : 0, neg ? y.length / (2 * neg) : 0] : [mode.pos, mode.neg];
  y.forEach((v, i) => (w[i] = v ? wp : wn));
  return w;
}
