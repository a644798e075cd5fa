/**
 * Stage-2 selectors trained on human labels: features from features.ts, a logistic regression (or small MLP)
 * from learn/, hyperparameters and the decision threshold chosen by grouped CV on training pairs only, and a
 * versioned JSON model file. `trainSelector` also reports nested cross-validated figures: every scored pair is
 * decided by a model (and a threshold) that never saw its prompt (or user).
 */
import type { Embedder } from '../../../embed/embedder.js';
import { labelledPairs } from '../pairs.js';
import { LogisticRegression } from '../../../learn/estimators/logistic.js';
import { Mlp } from '../../../learn/estimators/mlp.js';
import { fitWithInnerCv, innerCvFits, nestedGroupCv, type Candidate, type CutRule, type Estimator, type NestedCvResult } from '../../../learn/model-selection/cross-validate.js';
import { compositeKey } from '../../../model/key.js';
import { dataHash, MODEL_FORMAT, MODEL_VERSION, promptHash, type CvFold, type CvReport, type ModelFile } from '../../../learn/model-file.js';
import { bootstrapCi, classification } from '../../../metrics/index.js';
import type { Dataset } from '../../../model/index.js';
import type { PairFeaturizer} from './features.js';
import { availableSystems, computePairRows, defaultFeatureSpec, featureNames, fitFeaturizer, type FeatureSet, type FeatureSpec, type PairRow } from './features.js';
import type { SelectionPair } from '../selector.js';

export type CvGroup = 'prompt' | 'user';
export type ModelKind = 'logistic' | 'mlp' | 'auto';

export interface TrainSelectorOptions {
  features?: FeatureSet;
  /** Add the phrase-level matching scalars (prompt sentences and attribute key phrases; see features.ts). */
  phrase?: boolean;
  /** What must be unseen: folds hold out whole prompts (default) or whole users. */
  group?: CvGroup;
  /** Round whose labels are trained on and scored (default: the largest). */
  round?: string;
  /** Further rounds used as training rows only (never scored), e.g. ['pilot']. */
  extraRounds?: string[];
  /** Override the logistic regression's L2 grid (default 1, 0.3, 0.1, 0.03, 0.01). */
  l2Grid?: number[];
  /** Estimators tried by inner CV: logistic regression (default), the MLP, or both. */
  model?: ModelKind;
  outerFolds?: number;
  innerFolds?: number;
  seed?: number;
  embedder: Embedder;
  /**
   * Selection-rate bounds for the threshold, as multiples of the training folds' human rate (default
   * [0.8, 1.2], the target band); null for the unconstrained F1-best cut.
   */
  rateBounds?: readonly [number, number] | null;
  /**
   * How scores become decisions: one calibrated-probability threshold (default), or `expected-count`: per
   * user and prompt, the k best attributes with k = round(scale x the sum of their calibrated probabilities).
   */
  cut?: CutRule['kind'];
  /** Bootstrap resamples for the F1 interval (default 1000). */
  iterations?: number;
  /** Skip the final fit on all pairs (the CV report only). */
  cvOnly?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface TrainSelectorResult {
  /** The model fitted on all pairs (absent with cvOnly). */
  model?: ModelFile;
  cv: CvReport;
  /** Per scored pair: calibrated score and decision from the nested CV. */
  nested: NestedCvResult;
  pairs: SelectionPair[];
  labels: boolean[];
  seconds: number;
}

/** Inner-CV candidates, most regularised first (ties go to the earlier). */
export function candidatesFor(kind: ModelKind, seed = 0, l2Grid: readonly number[] = [1, 0.3, 0.1, 0.03, 0.01]): Candidate<Estimator>[] {
  const lr = l2Grid.map((l2) => ({
    name: `logistic l2=${l2}`, params: { model: 'logistic', l2 }, make: () => new LogisticRegression({ l2 }),
  }));
  const mlp = [1e-2, 1e-3].map((weightDecay) => ({
    name: `mlp h=16 wd=${weightDecay}`, params: { model: 'mlp', hidden: 16, weightDecay },
    make: () => new Mlp({ hidden: 16, weightDecay, seed, learningRate: 0.003, maxEpochs: 150, patience: 15 }),
  }));
  return kind === 'logistic' ? lr : kind === 'mlp' ? mlp : [...lr, ...mlp];
}

/** Each outer fold's F1 and selection-rate ratio over its scored rows (`idx`). */
export function foldFigures(nested: NestedCvResult, idx: readonly number[], y: readonly boolean[], groups: readonly string[]): CvFold[] {
  return nested.perFold.map(({ fold }) => {
    const rows = idx.filter((i) => nested.folds[i] === fold);
    const c = classification(rows.map((i) => nested.predictions[i]!), rows.map((i) => y[i]!));
    return {
      fold, groups: new Set(rows.map((i) => groups[i]!)).size, n: rows.length, f1: c.f1,
      humanRate: c.goldRate, selectionRate: c.predictedRate, rateRatio: c.goldRate ? c.predictedRate / c.goldRate : NaN,
    };
  });
}

/** The unit a per-query cut decides within: one user's profile against one prompt. */
export const queryKey = (p: SelectionPair): string => compositeKey(p.userId, p.promptText);

const groupKey = (group: CvGroup, p: SelectionPair): string => (group === 'prompt' ? promptHash(p.promptText) : p.userId);

/** Trains a selector on a dataset's human-majority labels and reports its nested cross-validated figures. */
export async function trainSelector(ds: Dataset, opts: TrainSelectorOptions): Promise<TrainSelectorResult> {
  const t0 = Date.now();
  const set = opts.features ?? 'offline';
  const group = opts.group ?? 'prompt';
  const seed = opts.seed ?? 42;
  const main = labelledPairs(ds, opts.round);
  const extra = (opts.extraRounds ?? []).filter((r) => r !== main.round).map((r) => ({ r, ...labelledPairs(ds, r) }));
  const spec: FeatureSpec = defaultFeatureSpec(set, opts.embedder, availableSystems(main.pairs, ds.predictions), { phrase: opts.phrase ?? false });
  if (set === 'offline+llm' && spec.systems.length === 0) {
    throw new Error(`dataset "${ds.name}" has no recorded system outputs for round "${main.round ?? '(none)'}": use --features offline`);
  }
  const rounds = [{ r: main.round, pairs: main.pairs, labels: main.labels }, ...extra];
  const rows: PairRow[] = [];
  const pairs: SelectionPair[] = [];
  const y: boolean[] = [];
  const scored: boolean[] = [];
  for (const [i, part] of rounds.entries()) {
    const onEmbed = opts.onProgress && ((d: number, t: number) => opts.onProgress!(rounds.length > 1 ? `embedding ${part.r ?? ''}`.trim() : 'embedding', d, t));
    rows.push(...(await computePairRows(part.pairs, spec, {
      embedder: opts.embedder, predictions: ds.predictions, ...(part.r !== undefined ? { round: part.r } : {}), ...(onEmbed ? { onEmbed } : {}),
    })));
    pairs.push(...part.pairs);
    y.push(...part.labels);
    scored.push(...part.pairs.map(() => i === 0));
  }
  const groups = pairs.map((p) => groupKey(group, p));
  const candidates = candidatesFor(opts.model ?? 'logistic', seed, opts.l2Grid);
  const featurize = (r: readonly PairRow[]): PairFeaturizer => fitFeaturizer(spec, r);
  const outerK = opts.outerFolds ?? 5;
  const rateBounds = opts.rateBounds === null ? undefined : (opts.rateBounds ?? ([0.8, 1.2] as const));
  const innerK = opts.innerFolds ?? 4;
  const cutOpts = opts.cut === 'expected-count' ? { cut: 'expected-count' as const, queries: pairs.map(queryKey) } : {};

  const nested = nestedGroupCv(rows, y, groups, {
    featurize, candidates, outerK, innerK, seed, scored, ...(rateBounds ? { rateBounds } : {}), ...cutOpts,
    onFits: (d, t) => opts.onProgress?.('nested cv fits', d, t),
  });
  const idx = scored.flatMap((s, i) => (s ? [i] : []));
  const pred = idx.map((i) => nested.predictions[i]!);
  const gold = idx.map((i) => y[i]!);
  const m = classification(pred, gold);
  const ci = bootstrapCi(idx.length, (sample) => classification(pred, gold, sample).f1, {
    iterations: opts.iterations ?? 1000, seed, groups: idx.map((i) => groups[i]!),
  });
  const cv: CvReport = {
    group, folds: Math.max(...nested.folds) + 1, n: idx.length, f1: m.f1, f1Ci: { low: ci.low, high: ci.high },
    precision: m.precision, recall: m.recall, accuracy: m.accuracy, selectionRate: m.predictedRate, humanRate: m.goldRate,
    rateRatio: m.goldRate ? m.predictedRate / m.goldRate : NaN, chosen: nested.perFold.map((f) => f.candidate),
    perFold: foldFigures(nested, idx, y, groups),
  };
  const result: TrainSelectorResult = { cv, nested, pairs: idx.map((i) => pairs[i]!), labels: gold, seconds: 0 };
  if (!opts.cvOnly) {
    const fits = innerCvFits(groups, candidates.length, innerK);
    let done = 0;
    opts.onProgress?.('final fits', 0, fits);
    const fit = fitWithInnerCv(rows, y, groups, {
      featurize, candidates, innerK, seed, ...(rateBounds ? { rateBounds } : {}), ...cutOpts, onFit: () => opts.onProgress?.('final fits', ++done, fits),
    });
    const est = fit.estimator as unknown as LogisticRegression | Mlp;
    result.model = {
      format: MODEL_FORMAT, version: MODEL_VERSION, features: spec, featureNames: featureNames(spec),
      pca: fit.featurizer.state.pca, standardisation: fit.featurizer.state.standardisation,
      weights: est.toJSON(), calibration: fit.calibration, threshold: fit.threshold, ...(fit.cut.kind !== 'threshold' ? { cut: fit.cut } : {}), candidate: fit.candidate, params: fit.params,
      trainedOn: {
        dataset: ds.name, ...(main.round !== undefined ? { round: main.round } : {}), extraRounds: extra.map((e) => e.r).filter((r): r is string => r !== undefined),
        n: pairs.length,
        dataHash: dataHash(pairs.map((p, i) => ({ ...p, relevant: y[i]! }))),
        prompts: [...new Set(pairs.map((p) => p.promptId))].sort(),
        promptHashes: [...new Set(pairs.map((p) => promptHash(p.promptText)))].sort(),
        users: [...new Set(pairs.map((p) => p.userId))].sort(),
        group,
      },
      cv, trainingSeconds: 0, createdAt: new Date().toISOString(),
    };
  }
  result.seconds = (Date.now() - t0) / 1000;
  if (result.model) result.model.trainingSeconds = result.seconds;
  return result;
}
