import { groupSplits, type Split } from './split.js';

/**
 * The one hyperparameter search: grouped k-fold CV over the (training) rows, every candidate scored on its
 * pooled out-of-fold predictions. Whatever does not depend on the candidate (a PCA, a standardisation) is
 * fitted once per fold by `prepare`, on that fold's training rows only, and shared by every candidate.
 */
export interface SearchOptions<C, P> {
  /** Tried in order; a later candidate wins only by beating the best so far by more than `tolerance`. */
  candidates: readonly C[];
  /** Group of each row: a group is never on both sides of a fold. */
  groups: readonly string[];
  /** Folds (the caller clamps it to the number of groups). */
  k: number;
  seed: number;
  /** Fitted once per fold on `split.train`. */
  prepare: (split: Split) => P;
  /** Folds to leave out of the search (e.g. whose training rows hold one class). */
  skip?: (split: Split) => boolean;
  /** One candidate fitted on `split.train`: its predictions for `split.test`, in that order. */
  predict: (candidate: C, prepared: P, split: Split) => ArrayLike<number>;
  /** The metric of a candidate's out-of-fold predictions over the positions predicted (row order). Higher is better; non-finite never wins. */
  score: (oof: Float64Array, covered: readonly number[]) => number;
  /** Default 0. */
  tolerance?: number;
}

export interface SearchResult<C> {
  /** Index of the chosen candidate (0 when none scores a finite value). */
  best: number;
  candidate: C;
  /** The metric of each candidate. */
  scores: number[];
  /** Out-of-fold predictions of each candidate (NaN where a fold was skipped). */
  oof: Float64Array[];
  /** Fold of each row. */
  folds: number[];
}

export function searchCandidates<C, P>(opts: SearchOptions<C, P>): SearchResult<C> {
  if (opts.candidates.length === 0) throw new Error('searchCandidates: no candidates');
  const n = opts.groups.length;
  const { folds, splits } = groupSplits(opts.groups, opts.k, opts.seed);
  const oof = opts.candidates.map(() => new Float64Array(n).fill(Number.NaN));
  const covered: number[] = [];
  for (const split of splits) {
    if (opts.skip?.(split)) continue;
    const prepared = opts.prepare(split);
    opts.candidates.forEach((c, ci) => {
      const p = opts.predict(c, prepared, split);
      split.test.forEach((i, j) => (oof[ci]![i] = p[j]!));
    });
    covered.push(...split.test);
  }
  covered.sort((a, b) => a - b);
  const tolerance = opts.tolerance ?? 0;
  const scores = oof.map((o) => opts.score(o, covered));
  let best = 0;
  let bestScore = -Infinity;
  scores.forEach((s, ci) => {
    if (Number.isFinite(s) && s > bestScore + tolerance) [best, bestScore] = [ci, s];
  });
  return { best, candidate: opts.candidates[best]!, scores, oof, folds };
}
