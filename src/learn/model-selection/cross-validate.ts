import { expectedCountDecide, tuneThreshold } from './threshold.js';
import { groupSplits, type Split } from './split.js';
import { searchCandidates } from './search.js';
import { applyCalibration, plattCalibrate, type PlattCalibration } from './calibration.js';

/**
 * The one outer cross-validation loop: grouped k-fold, each fold's model fitted on its training rows only
 * (any hyperparameter search inside `fit` sees those rows alone), then asked about its held-out rows.
 * `fit` is the estimator (with its featurizer and search), `predict` what the caller's metric needs of each
 * held-out row; the caller computes its metric on the pooled out-of-fold values.
 */
export interface CrossValidateOptions<M, T> {
  /** Grouped folds to make, or folds made already (e.g. to count the work first). */
  cv: { groups: readonly string[]; k: number; seed: number } | { folds: number[]; splits: readonly Split[] };
  fit: (split: Split) => M;
  /** Values for `test` (in that order): the rows of the fold held out that are scored. */
  predict: (model: M, test: readonly number[], split: Split) => readonly T[];
  /** Rows trained on but never scored (default: all scored). */
  scored?: readonly boolean[];
  onFold?: (done: number, total: number) => void;
}

export interface CrossValidateResult<M, T> {
  /** Fold of each row. */
  folds: number[];
  splits: readonly Split[];
  /** The model of each fold. */
  models: M[];
  /** Out-of-fold value of each row (undefined where not scored). */
  oof: (T | undefined)[];
}

export function crossValidate<M, T>(opts: CrossValidateOptions<M, T>): CrossValidateResult<M, T> {
  const { folds, splits } = 'splits' in opts.cv ? opts.cv : groupSplits(opts.cv.groups, opts.cv.k, opts.cv.seed);
  const oof = new Array<T | undefined>(folds.length).fill(undefined);
  const models: M[] = [];
  for (const split of splits) {
    const model = opts.fit(split);
    models.push(model);
    const test = opts.scored ? split.test.filter((i) => opts.scored![i]) : split.test;
    const v = opts.predict(model, test, split);
    test.forEach((i, j) => (oof[i] = v[j]));
    opts.onFold?.(split.fold + 1, splits.length);
  }
  return { folds, splits, models, oof };
}

/** How scores become decisions: one threshold for all rows, or per query the expected count (see threshold.ts). */
export type CutRule = { kind: 'threshold' } | { kind: 'expected-count'; scale: number };

/** What nested CV needs of a model: scikit-learn's fit / predict_proba. */
export interface Estimator {
  fit(x: readonly ArrayLike<number>[], y: readonly boolean[], opts?: { groups?: readonly string[] }): unknown;
  predictProba(x: readonly ArrayLike<number>[]): Float64Array;
}

/** One hyperparameter setting: a name for reports, its params, and a factory for a fresh unfitted model. */
export interface Candidate<E extends Estimator = Estimator> {
  name: string;
  params: Record<string, unknown>;
  make(): E;
}

/** Features fitted on training rows only (e.g. a PCA and a standardisation), then applied to any rows. */
export interface FittedFeaturizer<Row> {
  transform(rows: readonly Row[]): Float64Array[];
}

export type Featurize<Row, F extends FittedFeaturizer<Row> = FittedFeaturizer<Row>> = (rows: readonly Row[], y: readonly boolean[]) => F;

export interface InnerCvOptions<Row, F extends FittedFeaturizer<Row>, E extends Estimator> {
  featurize: Featurize<Row, F>;
  /** Tried in order; ties in inner F1 go to the earlier one (list the most regularised first). */
  candidates: readonly Candidate<E>[];
  /** Inner folds (default 4; fewer when the training rows hold fewer groups). */
  innerK?: number;
  seed?: number;
  /**
   * Bounds on the selection rate as a multiple of the training rows' human YES rate, e.g. [0.8, 1.2]: the
   * threshold maximises F1 among cuts that select between lo and hi times as many rows as people did.
   * Default: unconstrained (F1-best cut, which tends to over-select).
   */
  rateBounds?: readonly [number, number];
  /** `expected-count` decides per query (needs `queries`); default one threshold. */
  cut?: CutRule['kind'];
  /** The query of each row (e.g. user and prompt): the unit the expected-count cut decides within. */
  queries?: readonly string[];
  /** Told after each estimator fit: {@link innerCvFits} of them in all. */
  onFit?: () => void;
}

/** How many estimator fits {@link fitWithInnerCv} makes on rows with these groups: inner folds x candidates + the refit. */
export function innerCvFits(groups: readonly string[], candidates: number, innerK = 4): number {
  return Math.min(innerK, new Set(groups).size) * candidates + 1;
}

/** A model chosen and fitted by inner grouped CV. */
export interface InnerCvFit<F, E> {
  featurizer: F;
  estimator: E;
  candidate: string;
  params: Record<string, unknown>;
  /** Platt scaling of the estimator's logit, fitted on the inner out-of-fold scores. */
  calibration: PlattCalibration;
  /** Decide relevant when the calibrated probability >= threshold (chosen by F1 on inner out-of-fold scores). */
  threshold: number;
  /** The decision rule; with `expected-count` its scale replaces the threshold. */
  cut: CutRule;
  /** Pooled inner out-of-fold F1 of each candidate at its best threshold. */
  innerF1: Record<string, number>;
  /** The chosen candidate's calibrated inner out-of-fold score of each training row (for fitting a cut rule). */
  innerScores: number[];
}

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
};

/** Calibrated probabilities of a fitted model on rows. */
export function scoreRows<Row, F extends FittedFeaturizer<Row>, E extends Estimator>(m: Pick<InnerCvFit<F, E>, 'featurizer' | 'estimator' | 'calibration'>, rows: readonly Row[]): number[] {
  if (rows.length === 0) return [];
  const p = m.estimator.predictProba(m.featurizer.transform(rows));
  return [...p].map((v) => applyCalibration(m.calibration, logit(v)));
}


/** Keeps a threshold finite for JSON: "select nothing" becomes 2, "select everything" -1 (probabilities are in [0, 1]). */
const finite = (t: number): number => (t === Infinity ? 2 : t === -Infinity ? -1 : t);

/**
 * Chooses a candidate and a decision threshold by grouped k-fold CV on the given (training) rows only, then
 * refits the featurizer and the chosen candidate on all of them. Within each inner fold the featurizer is
 * fitted on that fold's training rows, so nothing about a validation group leaks into its own scores.
 */
export function fitWithInnerCv<Row, F extends FittedFeaturizer<Row>, E extends Estimator>(
  rows: readonly Row[],
  y: readonly boolean[],
  groups: readonly string[],
  opts: InnerCvOptions<Row, F, E>,
): InnerCvFit<F, E> {
  if (rows.length !== y.length || rows.length !== groups.length) throw new Error(`fitWithInnerCv: ${rows.length} rows, ${y.length} labels, ${groups.length} groups`);
  if (opts.candidates.length === 0) throw new Error('fitWithInnerCv: no candidates');
  const nGroups = new Set(groups).size;
  const k = Math.min(opts.innerK ?? 4, nGroups);
  if (k < 2) throw new Error(`fitWithInnerCv: ${nGroups} group(s) cannot be split for inner cross-validation`);
  const seed = opts.seed ?? 0;
  const search = searchCandidates({
    candidates: opts.candidates, groups, k, seed: seed + 1,
    prepare: ({ train, test }) => {
      const feat = opts.featurize(train.map((i) => rows[i]!), train.map((i) => y[i]!));
      return { xtr: feat.transform(train.map((i) => rows[i]!)), xva: feat.transform(test.map((i) => rows[i]!)) };
    },
    predict: (c, { xtr, xva }, { train }) => {
      const est = c.make();
      est.fit(xtr, train.map((i) => y[i]!), { groups: train.map((i) => groups[i]!) });
      const p = est.predictProba(xva);
      opts.onFit?.();
      return Array.from(p, logit);
    },
    score: (o) => tuneThreshold([...o], y).score,
  });
  const innerF1: Record<string, number> = {};
  opts.candidates.forEach((c, ci) => (innerF1[c.name] = search.scores[ci]!));
  const best = search.best;
  const chosen = opts.candidates[best]!;
  const scores = [...search.oof[best]!];
  let calibration = plattCalibrate(scores, y);
  if (!(calibration.a > 0)) calibration = { kind: 'platt', a: 1, b: 0 }; // a score unrelated to the labels: keep it monotone
  const calibrated = scores.map((s) => applyCalibration(calibration, s));
  const threshold = finite(tuneThreshold(calibrated, y, opts.rateBounds ? { rateBounds: opts.rateBounds } : {}).threshold);
  let cut: CutRule = { kind: 'threshold' };
  if (opts.cut === 'expected-count') {
    if (!opts.queries || opts.queries.length !== rows.length) throw new Error('fitWithInnerCv: the expected-count cut needs the query of every row');
    cut = { kind: 'expected-count', scale: tuneThreshold(calibrated, y, { rule: 'expected-count', queries: opts.queries, ...(opts.rateBounds ? { rateBounds: opts.rateBounds } : {}) }).threshold };
  }

  const featurizer = opts.featurize(rows, y);
  const estimator = chosen.make();
  estimator.fit(featurizer.transform(rows), y, { groups });
  opts.onFit?.();
  return { featurizer, estimator, candidate: chosen.name, params: chosen.params, calibration, threshold, cut, innerF1, innerScores: calibrated };
}

export interface NestedCvOptions<Row, F extends FittedFeaturizer<Row>, E extends Estimator> extends InnerCvOptions<Row, F, E> {
  /** Outer folds (default 5). */
  outerK?: number;
  /**
   * Rows that may be trained on but are never scored (e.g. another annotation round). Default: all scored.
   * A row that is not scored still belongs to its group: it is never trained on when its group is held out.
   */
  scored?: readonly boolean[];
  onFold?: (done: number, total: number) => void;
  /** Estimator fits done and to do over all outer folds (finer than onFold). */
  onFits?: (done: number, total: number) => void;
}

export interface NestedCvFold {
  fold: number;
  /** Groups held out in this fold. */
  heldOut: string[];
  candidate: string;
  params: Record<string, unknown>;
  threshold: number;
  cut: CutRule;
  innerF1: Record<string, number>;
}

/** Decisions of a fitted cut: score >= threshold, or the expected-count cut within each query. */
export function decide(cut: CutRule, threshold: number, scores: readonly number[], queries: readonly string[]): boolean[] {
  return cut.kind === 'expected-count' ? expectedCountDecide(scores, queries, cut.scale) : scores.map((s) => s >= threshold);
}

export interface NestedCvResult {
  /** Calibrated probability of each row from the model that did not see its group (NaN for rows not scored). */
  scores: number[];
  /** Decision of each row at its fold's threshold (false for rows not scored). */
  predictions: boolean[];
  /** Outer fold of each row. */
  folds: number[];
  perFold: NestedCvFold[];
}

/**
 * Nested grouped cross-validation: each outer fold's groups are held out; on the remaining rows
 * {@link fitWithInnerCv} chooses the hyperparameters and threshold by inner grouped CV and fits the model;
 * the held-out rows are then scored and decided. No held-out row (or any row of its group) reaches any fit.
 */
export function nestedGroupCv<Row, F extends FittedFeaturizer<Row>, E extends Estimator>(
  rows: readonly Row[],
  y: readonly boolean[],
  groups: readonly string[],
  opts: NestedCvOptions<Row, F, E>,
): NestedCvResult {
  if (rows.length !== y.length || rows.length !== groups.length) throw new Error(`nestedGroupCv: ${rows.length} rows, ${y.length} labels, ${groups.length} groups`);
  const scored = opts.scored ?? rows.map(() => true);
  const seed = opts.seed ?? 0;
  const { folds, splits } = groupSplits(groups, opts.outerK ?? 5, seed);
  const totalFits = splits.reduce((s, { train }) => s + innerCvFits(train.map((i) => groups[i]!), opts.candidates.length, opts.innerK), 0);
  let fits = 0;
  const onFit = opts.onFits ? () => opts.onFits!(++fits, totalFits) : undefined;
  const q = opts.queries;
  const cv = crossValidate({
    cv: { folds, splits }, scored,
    fit: ({ fold, train: tr }) => fitWithInnerCv(tr.map((i) => rows[i]!), tr.map((i) => y[i]!), tr.map((i) => groups[i]!), {
      ...opts, seed: seed + 17 * (fold + 1), ...(onFit ? { onFit } : {}), ...(q ? { queries: tr.map((i) => q[i]!) } : {}),
    }),
    predict: (m, te) => {
      const s = scoreRows(m, te.map((i) => rows[i]!));
      const d = decide(m.cut, m.threshold, s, q ? te.map((i) => q[i]!) : []);
      return s.map((score, j) => ({ score, decision: d[j]! }));
    },
    ...(opts.onFold ? { onFold: opts.onFold } : {}),
  });
  const perFold: NestedCvFold[] = cv.models.map((m, f) => ({
    fold: f, heldOut: [...new Set(splits[f]!.test.map((i) => groups[i]!))].sort(),
    candidate: m.candidate, params: m.params, threshold: m.threshold, cut: m.cut, innerF1: m.innerF1,
  }));
  return { scores: cv.oof.map((v) => v?.score ?? NaN), predictions: cv.oof.map((v) => v?.decision ?? false), folds, perFold };
}
