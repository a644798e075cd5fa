import { chooseThreshold } from './threshold.js';
import { groupKFold } from './cv.js';
import { applyCalibration, plattCalibrate, type PlattCalibration } from './calibrate.js';
import { chooseExpectedCountScale, expectedCountDecide } from './cut.js';

/** How scores become decisions: one threshold for all rows, or per query the expected count (see cut.ts). */
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

/**
 * The F1-best cut among those selecting between lo and hi times the human YES count (all cuts when no bounds
 * are given, or when no cut falls in the bounds). Threshold halfway between the last kept and the next score.
 */
export function chooseThresholdInRate(scores: readonly number[], labels: readonly boolean[], bounds?: readonly [number, number]): { threshold: number; f1: number; selected: number } {
  const free = chooseThreshold(scores, labels);
  if (!bounds) return { threshold: free.threshold, f1: free.f1, selected: free.predicted };
  const pos = labels.filter(Boolean).length;
  const [lo, hi] = [bounds[0] * pos, bounds[1] * pos];
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => b[0] - a[0]);
  let best: { threshold: number; f1: number; selected: number } | undefined;
  let tp = 0;
  for (let i = 0; i < order.length; i++) {
    const [s, yv] = order[i]!;
    if (yv) tp++;
    const next = order[i + 1];
    if (next && next[0] === s) continue;
    const kept = i + 1;
    if (kept < lo) continue;
    if (kept > hi) break;
    const f1 = tp ? (2 * tp) / (kept + pos) : 0;
    if (!best || f1 > best.f1) best = { threshold: next ? (s + next[0]) / 2 : -Infinity, f1, selected: kept };
  }
  return best ?? { threshold: free.threshold, f1: free.f1, selected: free.predicted };
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
  const fold = groupKFold(groups, k, seed + 1);
  const oof = opts.candidates.map(() => new Float64Array(rows.length));
  for (let f = 0; f < k; f++) {
    const tr = fold.flatMap((x, i) => (x === f ? [] : [i]));
    const va = fold.flatMap((x, i) => (x === f ? [i] : []));
    const feat = opts.featurize(tr.map((i) => rows[i]!), tr.map((i) => y[i]!));
    const xtr = feat.transform(tr.map((i) => rows[i]!));
    const xva = feat.transform(va.map((i) => rows[i]!));
    opts.candidates.forEach((c, ci) => {
      const est = c.make();
      est.fit(xtr, tr.map((i) => y[i]!), { groups: tr.map((i) => groups[i]!) });
      const p = est.predictProba(xva);
      va.forEach((i, j) => (oof[ci]![i] = logit(p[j]!)));
      opts.onFit?.();
    });
  }
  const innerF1: Record<string, number> = {};
  let best = 0;
  opts.candidates.forEach((c, ci) => {
    innerF1[c.name] = chooseThreshold([...oof[ci]!], y).f1;
    if (innerF1[c.name]! > innerF1[opts.candidates[best]!.name]!) best = ci;
  });
  const chosen = opts.candidates[best]!;
  const scores = [...oof[best]!];
  let calibration = plattCalibrate(scores, y);
  if (!(calibration.a > 0)) calibration = { kind: 'platt', a: 1, b: 0 }; // a score unrelated to the labels: keep it monotone
  const calibrated = scores.map((s) => applyCalibration(calibration, s));
  const threshold = finite(chooseThresholdInRate(calibrated, y, opts.rateBounds).threshold);
  let cut: CutRule = { kind: 'threshold' };
  if (opts.cut === 'expected-count') {
    if (!opts.queries || opts.queries.length !== rows.length) throw new Error('fitWithInnerCv: the expected-count cut needs the query of every row');
    cut = { kind: 'expected-count', scale: chooseExpectedCountScale(calibrated, y, opts.queries, opts.rateBounds).scale };
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
  const folds = groupKFold(groups, opts.outerK ?? 5, seed);
  const k = Math.max(...folds) + 1;
  const scores = rows.map(() => NaN);
  const predictions = rows.map(() => false);
  const perFold: NestedCvFold[] = [];
  const trainOf = Array.from({ length: k }, (_, f) => folds.flatMap((x, i) => (x === f ? [] : [i])));
  const totalFits = trainOf.reduce((s, tr) => s + innerCvFits(tr.map((i) => groups[i]!), opts.candidates.length, opts.innerK), 0);
  let fits = 0;
  const onFit = opts.onFits ? () => opts.onFits!(++fits, totalFits) : undefined;
  for (let f = 0; f < k; f++) {
    const tr = trainOf[f]!;
    const te = folds.flatMap((x, i) => (x === f && scored[i] ? [i] : []));
    const q = opts.queries;
    const m = fitWithInnerCv(tr.map((i) => rows[i]!), tr.map((i) => y[i]!), tr.map((i) => groups[i]!), {
      ...opts, seed: seed + 17 * (f + 1), ...(onFit ? { onFit } : {}), ...(q ? { queries: tr.map((i) => q[i]!) } : {}),
    });
    const s = scoreRows(m, te.map((i) => rows[i]!));
    const d = decide(m.cut, m.threshold, s, q ? te.map((i) => q[i]!) : []);
    te.forEach((i, j) => {
      scores[i] = s[j]!;
      predictions[i] = d[j]!;
    });
    perFold.push({
      fold: f, heldOut: [...new Set(folds.flatMap((x, i) => (x === f ? [groups[i]!] : [])))].sort(),
      candidate: m.candidate, params: m.params, threshold: m.threshold, cut: m.cut, innerF1: m.innerF1,
    });
    opts.onFold?.(f + 1, k);
  }
  return { scores, predictions, folds, perFold };
}
