import { assertMatrix, choleskySolve, classWeights, sigmoid } from '../linalg.js';

export interface LogisticRegressionParams {
  /** L2 penalty on the coefficients (not the intercept), per unit of total sample weight. Default 0.01. */
  l2?: number;
  /** 'balanced' weighs each class to half the total (default); 'none'; or explicit weights. */
  classWeight?: 'balanced' | 'none' | { pos: number; neg: number };
  maxIter?: number;
  /** Stop when the largest Newton step component is below this. */
  tol?: number;
}

export interface LogisticWeights {
  kind: 'logistic';
  coef: number[];
  intercept: number;
}

/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS with a Cholesky solve): minimises
 *
 *   (1 / W) * sum_i w_i * logloss(y_i, sigmoid(b + x_i . c)) + (l2 / 2) * |c|^2,   W = sum_i w_i
 *
 * Exact and deterministic; cheap for the ~100 features used here. Features should be standardised first.
 */
export class LogisticRegression {
  readonly params: Required<LogisticRegressionParams>;
  coef: Float64Array = new Float64Array(0);
  intercept = 0;
  /** Newton iterations of the last fit. */
  iterations = 0;

  constructor(params: LogisticRegressionParams = {}) {
    this.params = { l2: params.l2 ?? 0.01, classWeight: params.classWeight ?? 'balanced', maxIter: params.maxIter ?? 50, tol: params.tol ?? 1e-6 };
  }

  fit(x: readonly ArrayLike<number>[], y: readonly boolean[], opts: { sampleWeight?: ArrayLike<number>; groups?: readonly string[] } = {}): this {
    const sampleWeight = opts.sampleWeight;
    if (x.length !== y.length) throw new Error(`LogisticRegression.fit: ${x.length} rows for ${y.length} labels`);
    const d = assertMatrix(x, 'LogisticRegression.fit');
    const cw = classWeights(y, this.params.classWeight);
    const w = new Float64Array(y.length);
    let total = 0;
    for (let i = 0; i < y.length; i++) total += w[i] = cw[i]! * (sampleWeight ? sampleWeight[i]! : 1);
    if (!(total > 0)) throw new Error('LogisticRegression.fit: total sample weight is 0');
    const p = d + 1; // last parameter = intercept
    const theta = new Float64Array(p);
    const lam = this.params.l2;
    const h = new Float64Array(p * p);
    const g = new Float64Array(p);
    this.iterations = 0;
    for (let it = 0; it < this.params.maxIter; it++) {
      h.fill(0);
      g.fill(0);
      for (let i = 0; i < x.length; i++) {
        const r = x[i]!;
        let z = theta[d]!;
        for (let j = 0; j < d; j++) z += theta[j]! * r[j]!;
        const pr = sigmoid(z);
        const wi = w[i]! / total;
        const gi = wi * (pr - (y[i] ? 1 : 0));
        const hi = Math.max(wi * pr * (1 - pr), 1e-12 * wi);
        for (let j = 0; j < d; j++) {
          const rj = r[j]!;
          g[j]! += gi * rj;
          const hij = hi * rj;
          const row = j * p;
          for (let k = 0; k <= j; k++) h[row + k]! += hij * r[k]!;
          h[row + d]! += hij;
        }
        g[d]! += gi;
        h[d * p + d]! += hi;
      }
      for (let j = 0; j < d; j++) {
        g[j]! += lam * theta[j]!;
        h[j * p + j]! += lam;
      }
      h[d * p + d]! += 1e-10;
      // symmetrise (only the lower triangle and the intercept column were filled)
      for (let j = 0; j < d; j++) {
        for (let k = 0; k < j; k++) h[k * p + j] = h[j * p + k]!;
        h[d * p + j] = h[j * p + d]!;
      }
      const step = choleskySolve(h, g, p);
      let maxStep = 0;
      for (let j = 0; j < p; j++) {
        theta[j]! -= step[j]!;
        maxStep = Math.max(maxStep, Math.abs(step[j]!));
      }
      this.iterations = it + 1;
      if (maxStep < this.params.tol) break;
    }
    this.coef = theta.slice(0, d);
    this.intercept = theta[d]!;
    return this;
  }

  decisionFunction(x: readonly ArrayLike<number>[]): Float64Array {
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const r = x[i]!;
      if (r.length !== this.coef.length) throw new Error(`LogisticRegression: row ${i} has ${r.length} features, model has ${this.coef.length}`);
      let z = this.intercept;
      for (let j = 0; j < r.length; j++) z += this.coef[j]! * r[j]!;
      out[i] = z;
    }
    return out;
  }

  predictProba(x: readonly ArrayLike<number>[]): Float64Array {
    return this.decisionFunction(x).map(sigmoid);
  }

  toJSON(): LogisticWeights {
    return { kind: 'logistic', coef: [...this.coef], intercept: this.intercept };
  }

  static fromJSON(w: LogisticWeights): LogisticRegression {
    const m = new LogisticRegression();
    m.coef = Float64Array.from(w.coef);
    m.intercept = w.intercept;
    return m;
  }
}
