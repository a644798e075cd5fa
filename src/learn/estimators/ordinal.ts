import { LogisticRegression, type LogisticWeights } from './logistic.js';

/**
 * Ordinal regression by the Frank & Hall (2001) decomposition: one L2-regularised logistic regression per
 * cut k of the rating scale for P(rating > k); the prediction is the expected rating
 * `lowest + sum_k P(rating > k)`. A cut no training rating crosses is a constant (add-half smoothed).
 */
export type OrdinalCut = LogisticWeights | { kind: 'constant'; p: number };

export interface OrdinalParams {
  /** The cuts k, ascending (for a 1-5 scale: 1, 2, 3, 4). */
  cuts: readonly number[];
  l2: number;
}

/** The cut models of rows `x` with ratings `y` (one row a rating). */
export function fitOrdinal(x: readonly Float64Array[], y: readonly number[], params: OrdinalParams): OrdinalCut[] {
  return params.cuts.map((t): OrdinalCut => {
    const labels = y.map((s) => s > t);
    const pos = labels.filter(Boolean).length;
    if (pos === 0 || pos === labels.length) return { kind: 'constant', p: (pos + 0.5) / (labels.length + 1) };
    return new LogisticRegression({ l2: params.l2, classWeight: 'none' }).fit(x, labels).toJSON();
  });
}

/** The expected rating of one row: `lowest + sum_k P(rating > k)`. */
export function ordinalExpected(cuts: readonly OrdinalCut[], x: ArrayLike<number>, lowest = 1): number {
  let s = lowest;
  for (const t of cuts) {
    if (t.kind === 'constant') s += t.p;
    else {
      let z = t.intercept;
      for (let j = 0; j < x.length; j++) z += t.coef[j]! * x[j]!;
      s += z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
  }
  return s;
}
