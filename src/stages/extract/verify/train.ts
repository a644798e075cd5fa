import { createHash } from 'node:crypto';
import type { Embedder } from '../../../embed/embedder.js';
import { LogisticRegression } from '../../../learn/estimators/logistic.js';
import { crossValidate } from '../../../learn/model-selection/cross-validate.js';
import { searchCandidates } from '../../../learn/model-selection/search.js';
import { fitStandardisation, gramPca, standardise, type Pca, type Standardisation } from '../../../learn/preprocess.js';
import { bootstrapCi } from '../../../metrics/bootstrap.js';
import { classification } from '../../../metrics/classification.js';
import type { FailureMode } from '../../../model/index.js';
import { rawFeatures, type RawFeatures } from './features.js';
import { MODE_ORDER, type LabelledItem } from './items.js';
import { VERIFY_MODEL_FORMAT, VERIFY_MODEL_VERSION, type VerifyCvReport, type VerifyModelFile } from './model-file.js';
import { design, emptyPca, featureNames, predictFitted, type Fitted } from './trained-verifier.js';

export interface TrainVerifierOptions {
  embedder: Embedder;
  /** Principal components kept of each embedding (default 4; 0 = hand-written features and cosine only). */
  pcaDims?: number;
  /** L2 candidates chosen among by inner grouped CV (default 0.01, 0.1, 1). */
  l2Grid?: number[];
  folds?: number;
  seed?: number;
  /** Called with the training rows of every fit (tests check that no scored user is among them). */
  onFit?: (trainIndices: readonly number[]) => void;
  /** Told how many distinct texts are embedded (the slow part on a cold cache). */
  onProgress?: (stage: string, done: number, total: number) => void;
}


interface Prepared {
  pcaA: Pca;
  pcaE: Pca;
  std: Standardisation;
  x: Float64Array[];
}

function prepare(raw: readonly RawFeatures[], idx: readonly number[], pcaDims: number): Prepared {
  const k = Math.min(pcaDims, idx.length - 1);
  const dim = raw[0]!.attributeVec.length;
  const pcaA = k > 0 ? gramPca(idx.map((i) => raw[i]!.attributeVec), k) : emptyPca(dim);
  const pcaE = k > 0 ? gramPca(idx.map((i) => raw[i]!.evidenceVec), k) : emptyPca(dim);
  // pad to pcaDims so every fit has the same feature layout
  for (const p of [pcaA, pcaE]) while (p.components.length < pcaDims) {
    p.components.push(new Array<number>(dim).fill(0));
    p.variance.push(0);
  }
  const x0 = idx.map((i) => design(raw[i]!, pcaA, pcaE));
  const std = fitStandardisation(x0);
  return { pcaA, pcaE, std, x: x0.map((r) => standardise(std, r)) };
}

function fitAll(prep: Prepared, labels: readonly LabelledItem[], idx: readonly number[], l2: number): Fitted {
  const { x } = prep;
  const y = idx.map((i) => labels[i]!.problematic);
  const flag = new LogisticRegression({ l2 }).fit(x, y);
  const modeRows = idx.map((i, r) => [r, labels[i]!.failureMode] as const).filter((p): p is readonly [number, FailureMode] => p[1] !== undefined);
  const present = MODE_ORDER.filter((m) => modeRows.some((p) => p[1] === m));
  const freq = (m: FailureMode) => modeRows.filter((p) => p[1] === m).length;
  const defaultMode = present.length ? present.reduce((a, b) => (freq(b) > freq(a) ? b : a)) : undefined;
  const modes =
    present.length >= 2
      ? present.map((mode) => ({ mode, lr: new LogisticRegression({ l2: Math.max(l2, 0.1) }).fit(modeRows.map((p) => x[p[0]]!), modeRows.map((p) => p[1] === mode)) }))
      : [];
  return { pcaA: prep.pcaA, pcaE: prep.pcaE, std: prep.std, flag, l2, modes, ...(defaultMode ? { defaultMode } : {}) };
}

export interface VerifyCvResult {
  report: VerifyCvReport;
  /** Out-of-fold probability and mode per item, in input order. */
  predictions: { p: number; flagged: boolean; mode?: FailureMode }[];
  /** Users of each outer fold's training and test rows. */
  folds: { trainUsers: string[]; testUsers: string[] }[];
}

/** Grouped (by user) cross-validation of the trained verifier; every fitted step is refitted per fold. */
export async function crossValidateVerifier(items: readonly LabelledItem[], opts: TrainVerifierOptions): Promise<VerifyCvResult> {
  const raw = await rawFeatures(items, opts.embedder);
  return crossValidateRaw(items, raw, opts);
}

/**
 * The L2 of the flag model, by inner grouped (by user) CV on the rows `idx`: F1 at p >= 0.5 of the pooled
 * out-of-fold decisions; PCA and standardisation fitted once per inner fold and shared by every L2.
 */
function chooseL2(raw: readonly RawFeatures[], labels: readonly LabelledItem[], idx: readonly number[], opts: Required<Pick<TrainVerifierOptions, 'pcaDims' | 'l2Grid' | 'seed'>>): number {
  const users = idx.map((i) => labels[i]!.userId);
  const k = Math.min(4, new Set(users).size);
  if (opts.l2Grid.length === 1 || k < 2) return opts.l2Grid[0]!;
  const gold = idx.map((i) => labels[i]!.problematic);
  return searchCandidates({
    candidates: opts.l2Grid, groups: users, k, seed: opts.seed + 7, tolerance: 1e-9,
    skip: ({ train, test }) => !test.length || new Set(train.map((r) => gold[r])).size < 2,
    prepare: ({ train }) => {
      const tr = train.map((r) => idx[r]!);
      return { tr, prep: prepare(raw, tr, opts.pcaDims) };
    },
    predict: (l2, { tr, prep }, { test }) => {
      const m = fitAll(prep, labels, tr, l2);
      return test.map((r) => predictFitted(m, raw[idx[r]!]!).p);
    },
    score: (oof, covered) => classification(covered.map((r) => oof[r]! >= 0.5), covered.map((r) => gold[r]!)).f1,
  }).candidate;
}

function crossValidateRaw(items: readonly LabelledItem[], raw: readonly RawFeatures[], opts: TrainVerifierOptions): VerifyCvResult {
  const o = { pcaDims: opts.pcaDims ?? 4, l2Grid: opts.l2Grid ?? [0.01, 0.1, 1], seed: opts.seed ?? 42 };
  const users = items.map((it) => it.userId);
  const k = Math.min(opts.folds ?? 5, new Set(users).size);
  if (k < 2) throw new Error(`verifier CV needs labelled attributes of at least 2 users, got ${new Set(users).size}`);
  const cv = crossValidate({
    cv: { groups: users, k, seed: o.seed },
    fit: ({ train }) => {
      opts.onFit?.(train);
      const l2 = chooseL2(raw, items, train, o);
      return fitAll(prepare(raw, train, o.pcaDims), items, train, l2);
    },
    predict: (m, test) => test.map((i) => predictFitted(m, raw[i]!)),
  });
  const predictions = cv.oof.map((r) => ({ p: r!.p, flagged: r!.p >= 0.5, ...(r!.mode ? { mode: r!.mode } : {}) }));
  const folds = cv.splits.map(({ train, test }) => ({ trainUsers: [...new Set(train.map((i) => users[i]!))].sort(), testUsers: [...new Set(test.map((i) => users[i]!))].sort() }));
  let modeHits = 0;
  let modeN = 0;
  let majorityModeHits = 0;
  items.forEach((it, i) => {
    if (!it.failureMode) return;
    modeN++;
    if (cv.oof[i]!.mode === it.failureMode) modeHits++;
    if (cv.models[cv.folds[i]!]!.defaultMode === it.failureMode) majorityModeHits++;
  });
  const pred = predictions.map((p) => p.flagged);
  const gold = items.map((it) => it.problematic);
  const rep = classification(pred, gold);
  const ci = bootstrapCi(items.length, (idx) => classification(pred, gold, idx).f1, { groups: users, seed: o.seed });
  const rate = rep.goldRate;
  const report: VerifyCvReport = {
    group: 'user', folds: k, n: items.length, users: new Set(users).size,
    f1: rep.f1, f1Ci: { low: ci.low, high: ci.high }, precision: rep.precision, recall: rep.recall, accuracy: rep.accuracy,
    problematicRate: rate, flaggedRate: rep.predictedRate,
    baselines: { majorityAccuracy: Math.max(rate, 1 - rate), flagAllF1: rate > 0 ? (2 * rate) / (1 + rate) : 0, majorityModeAccuracy: modeN ? majorityModeHits / modeN : 0 },
    modeAccuracy: modeN ? modeHits / modeN : 0, modeN, chosen: cv.models.map((m) => m.l2),
  };
  return { report, predictions, folds };
}

/** sha256 of the sorted lines `user \t attribute \t acceptance \t mode`. */
export function verifyDataHash(items: readonly LabelledItem[]): string {
  const lines = items.map((it) => `${it.userId}\t${it.attribute.text}\t${it.acceptance}\t${it.failureMode ?? ''}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export const LABEL_RULE = 'problematic when mean(makes_sense 1, maybe 0.5, doesnt_make_sense 0) <= 0.5; mode = most frequent among annotators';

/** Cross-validates, then fits on every labelled attribute and returns the model file (with the CV report). */
export async function trainVerifier(
  items: readonly LabelledItem[],
  opts: TrainVerifierOptions & { dataset?: string; provenance?: string; cv?: boolean },
): Promise<{ model: VerifyModelFile; cv?: VerifyCvResult }> {
  if (items.length < 4) throw new Error(`need at least 4 labelled attributes to train a verifier, got ${items.length}`);
  if (new Set(items.map((i) => i.problematic)).size < 2) throw new Error('the labels hold only one class (all problematic or none): nothing to learn');
  const raw = await rawFeatures(items, opts.embedder, opts.onProgress && ((d, t) => opts.onProgress!('embedding', d, t)));
  const cv = opts.cv === false ? undefined : crossValidateRaw(items, raw, opts);
  const o = { pcaDims: opts.pcaDims ?? 4, l2Grid: opts.l2Grid ?? [0.01, 0.1, 1], seed: opts.seed ?? 42 };
  const all = items.map((_, i) => i);
  opts.onFit?.(all);
  const l2 = chooseL2(raw, items, all, o);
  const m = fitAll(prepare(raw, all, o.pcaDims), items, all, l2);
  const w = m.flag.toJSON();
  const model: VerifyModelFile = {
    format: VERIFY_MODEL_FORMAT, version: VERIFY_MODEL_VERSION, embedder: opts.embedder.id, pcaDims: o.pcaDims,
    featureNames: featureNames(o.pcaDims),
    pcaAttribute: m.pcaA, pcaEvidence: m.pcaE, standardisation: m.std,
    flag: { coef: w.coef, intercept: w.intercept, l2, threshold: 0.5 },
    modes: m.modes.map((x) => ({ mode: x.mode, ...x.lr.toJSON() })).map(({ kind: _k, ...rest }) => rest),
    ...(m.defaultMode ? { defaultMode: m.defaultMode } : {}),
    labelRule: LABEL_RULE,
    trainedOn: {
      dataset: opts.dataset ?? '(unnamed)', provenance: opts.provenance ?? 'unknown', n: items.length,
      users: [...new Set(items.map((i) => i.userId))].sort(), dataHash: verifyDataHash(items),
    },
    ...(cv ? { cv: cv.report } : {}),
    createdAt: new Date().toISOString(),
  };
  return { model, ...(cv ? { cv } : {}) };
}

