/** Training the reward model: featurizer, ordinal fit, the L2 search, grouped CV with its report, the final fit. */
import { createHash } from 'node:crypto';
import { fitOrdinal } from '../../../learn/estimators/ordinal.js';
import { crossValidate } from '../../../learn/model-selection/cross-validate.js';
import { searchCandidates } from '../../../learn/model-selection/search.js';
import type { Split } from '../../../learn/model-selection/split.js';
import { fitPca, fitStandardisation, projectPca, standardise, type Pca, type Standardisation } from '../../../learn/preprocess.js';
import { bootstrapCi, type BootstrapInterval } from '../../../metrics/bootstrap.js';
import { spearman } from '../../../metrics/correlation.js';
import { seededRandom, shuffled } from '../../../util/random.js';
import type { Rating, ResponsePair } from '../../../model/index.js';
import { compositeKey } from '../../../model/key.js';
import { computeRewardRows, detectorFor, SCALAR_NAMES, type RawRewardRow, type RewardFeatureContext } from './features.js';
import { promptGroup, rewardItems, type RewardItem } from './items.js';
import { parseRewardModel, REWARD_FORMAT, REWARD_VERSION, type RewardCvReport, type RewardModelFile, type ThresholdWeights } from './model-file.js';
import { expectedScore, featureVector, type Fitted } from './model.js';

export const DEFAULT_L2_GRID = [0.01, 0.1, 1, 10] as const;

interface Featurizer {
  pca: Pca;
  standardisation: Standardisation;
}

/** Fits PCA (of the response difference) and standardisation on the given items; returns their feature vectors too. */
function fitFeaturizer(rows: readonly RawRewardRow[], idx: readonly number[], pcaDims: number, seed: number): { f: Featurizer; x: Float64Array[] } {
  const k = Math.min(pcaDims, Math.max(0, idx.length - 1), rows[0]?.diff.length ?? 0);
  const pca: Pca = k > 0 ? fitPca(idx.map((i) => rows[i]!.diff), k, { seed }) : { mean: [], components: [], variance: [] };
  const raw = idx.map((i) => {
    const z = k > 0 ? projectPca(pca, rows[i]!.diff) : new Float64Array(0);
    return [...rows[i]!.scalars, ...z];
  });
  const standardisation = fitStandardisation(raw);
  return { f: { pca, standardisation }, x: raw.map((r) => standardise(standardisation, r)) };
}

/** The four threshold models P(rating > k), on one row per human rating of the given items. */
/** The four cut models P(rating > k), on one row per human rating of the given items. */
function fitThresholds(x: readonly Float64Array[], items: readonly { human: readonly number[] }[], idx: readonly number[], l2: number): ThresholdWeights[] {
  const xs: Float64Array[] = [];
  const y: number[] = [];
  idx.forEach((i, r) => {
    for (const s of items[i]!.human) {
      xs.push(x[r]!);
      y.push(s);
    }
  });
  return fitOrdinal(xs, y, { cuts: [1, 2, 3, 4], l2 });
}

function fitOn(rows: readonly RawRewardRow[], items: readonly { human: readonly number[] }[], idx: readonly number[], pcaDims: number, l2: number, seed: number): Fitted {
  const { f, x } = fitFeaturizer(rows, idx, pcaDims, seed);
  return { ...f, thresholds: fitThresholds(x, items, idx, l2), l2 };
}

function predictWith(f: Pick<Fitted, 'pca' | 'standardisation' | 'thresholds'>, rows: readonly RawRewardRow[], idx: readonly number[]): number[] {
  return idx.map((i) => expectedScore(f.thresholds, featureVector(f, rows[i]!)));
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const nullable = (x: number): number | null => (Number.isFinite(x) ? x : null);
const ivl = (b: BootstrapInterval) => ({ estimate: nullable(b.estimate), low: nullable(b.low), high: nullable(b.high) });

export interface RewardCvOptions {
  folds?: number;
  innerFolds?: number;
  seed?: number;
  pcaDims?: number;
  l2Grid?: readonly number[];
  iterations?: number;
  /** Also run the CV with permuted labels (default true). */
  shuffledBaseline?: boolean;
  /** Judge ratings to put beside the model (raterKind 'llm'). */
  judgeRatings?: readonly Rating[];
}

export interface RewardCvResult {
  report: RewardCvReport;
  /** Out-of-fold score of each item, in item order. */
  oof: number[];
  /** Test prompt groups of each outer fold, and the training groups. */
  folds: { test: string[]; train: string[] }[];
}

/** The L2 by inner CV grouped by prompt (Spearman of the pooled out-of-fold scores); the featurizer is fitted once per inner fold. */
function chooseL2(rows: readonly RawRewardRow[], items: readonly RewardItem[], train: readonly number[], groups: readonly string[], opts: Required<Pick<RewardCvOptions, 'innerFolds' | 'seed' | 'pcaDims' | 'l2Grid'>>): number {
  const g = train.map((i) => groups[i]!);
  const k = Math.min(opts.innerFolds, new Set(g).size);
  if (opts.l2Grid.length === 1 || k < 2) return opts.l2Grid.includes(1) ? 1 : opts.l2Grid[0]!;
  const target = train.map((i) => mean(items[i]!.human));
  return searchCandidates({
    candidates: opts.l2Grid, groups: g, k, seed: opts.seed + 1, tolerance: 1e-12,
    prepare: ({ train: tr }) => fitFeaturizer(rows, tr.map((r) => train[r]!), opts.pcaDims, opts.seed),
    predict: (l2, { f, x }, { train: tr, test }) =>
      predictWith({ ...f, thresholds: fitThresholds(x, items, tr.map((r) => train[r]!), l2) }, rows, test.map((r) => train[r]!)),
    score: (oof) => spearman([...oof], target),
  }).candidate;
}

function cvCore(rows: readonly RawRewardRow[], items: readonly RewardItem[], o: Required<Omit<RewardCvOptions, 'judgeRatings' | 'shuffledBaseline'>>): { oof: number[]; splits: readonly Split[]; chosen: number[]; k: number; groups: string[] } {
  const groups = items.map((it) => promptGroup(it.promptText));
  const k = Math.min(o.folds, new Set(groups).size);
  if (k < 2) throw new Error(`reward model CV needs at least 2 prompts with human ratings, got ${new Set(groups).size}`);
  const cv = crossValidate({
    cv: { groups, k, seed: o.seed },
    fit: ({ train }) => {
      const l2 = chooseL2(rows, items, train, groups, o);
      return { l2, fit: fitOn(rows, items, train, o.pcaDims, l2, o.seed) };
    },
    predict: ({ fit }, test) => predictWith(fit, rows, test),
  });
  return { oof: cv.oof.map((v) => v ?? Number.NaN), splits: cv.splits, chosen: cv.models.map((m) => m.l2), k, groups };
}

/** Grouped (by prompt) cross-validation of the reward model on precomputed rows. */
export function crossValidateReward(rows: readonly RawRewardRow[], items: readonly RewardItem[], opts: RewardCvOptions = {}): RewardCvResult {
  if (rows.length !== items.length) throw new Error(`crossValidateReward: ${rows.length} rows for ${items.length} items`);
  const o = {
    folds: opts.folds ?? 5, innerFolds: opts.innerFolds ?? 3, seed: opts.seed ?? 42, pcaDims: opts.pcaDims ?? 8,
    l2Grid: opts.l2Grid ?? DEFAULT_L2_GRID, iterations: opts.iterations ?? 1000,
  };
  const { oof, splits, chosen, k, groups } = cvCore(rows, items, o);
  const human = items.map((it) => mean(it.human));
  const boot = { seed: o.seed, iterations: o.iterations };
  const pick = <T>(xs: readonly T[], idx: readonly number[]): T[] => idx.map((i) => xs[i]!);
  const rho = bootstrapCi(items.length, (idx) => spearman(pick(oof, idx), pick(human, idx)), { ...boot, groups });
  const folds: RewardCvResult['folds'] = [];
  const foldSpearman: (number | null)[] = [];
  let leaked = 0;
  for (const split of splits) {
    const test = new Set(split.test.map((i) => groups[i]!));
    const train = new Set(split.train.map((i) => groups[i]!));
    for (const g of test) if (train.has(g)) leaked++;
    folds.push({ test: [...test].sort(), train: [...train].sort() });
    foldSpearman.push(nullable(spearman(pick(oof, split.test), pick(human, split.test))));
  }

  let shuffledSpearman: number | null | undefined;
  if (opts.shuffledBaseline ?? true) {
    const perm = shuffled(items.map((it) => it.human), seededRandom(o.seed + 7));
    const permItems = items.map((it, i) => ({ ...it, human: perm[i]! }));
    const s = cvCore(rows, permItems, o);
    shuffledSpearman = nullable(spearman(s.oof, permItems.map((it) => mean(it.human))));
  }

  const judges: RewardCvReport['judges'] = [];
  const byJudge = new Map<string, Map<string, number[]>>();
  for (const r of opts.judgeRatings ?? []) {
    if (r.raterKind !== 'llm') continue;
    if (!byJudge.has(r.rater)) byJudge.set(r.rater, new Map());
    const m = byJudge.get(r.rater)!;
    const key = compositeKey(r.pairId, r.attribute);
    m.set(key, [...(m.get(key) ?? []), r.score]);
  }
  for (const [judge, m] of [...byJudge.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const idx = items.map((it, i) => [it, i] as const).filter(([it]) => m.has(it.key)).map(([, i]) => i);
    if (idx.length === 0) continue;
    const js = idx.map((i) => mean(m.get(items[i]!.key)!));
    const hs = pick(human, idx);
    const rs = pick(oof, idx);
    const g = pick(groups, idx);
    judges.push({
      judge,
      items: idx.length,
      spearman: ivl(bootstrapCi(idx.length, (s) => spearman(pick(js, s), pick(hs, s)), { ...boot, groups: g })),
      rewardOnSameItems: ivl(bootstrapCi(idx.length, (s) => spearman(pick(rs, s), pick(hs, s)), { ...boot, groups: g })),
    });
  }

  return {
    oof,
    folds,
    report: {
      group: 'prompt',
      folds: k,
      items: items.length,
      prompts: new Set(groups).size,
      ratings: items.reduce((s, it) => s + it.human.length, 0),
      spearman: ivl(rho),
      foldSpearman,
      chosenL2: chosen,
      ...(shuffledSpearman !== undefined ? { shuffledSpearman } : {}),
      judges,
      leakedPrompts: leaked,
      iterations: o.iterations,
      seed: o.seed,
    },
  };
}

/** sha256 of the sorted lines `pair \t attribute \t scores`: the identity of a training set. */
export function rewardDataHash(items: readonly RewardItem[]): string {
  const lines = items.map((it) => `${it.pairId}\t${it.attribute}\t${[...it.human].sort().join(',')}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export interface TrainRewardOptions extends RewardCvOptions, Omit<RewardFeatureContext, 'detector'> {
  /** Mention signal: lexical only, or lexical + embedding (default). */
  mention?: 'lexical' | 'lexical+embedding';
  dataset?: string;
  provenance?: string;
  /** Skip the CV (the model file then has no cv report). */
  noCv?: boolean;
}

export interface TrainRewardResult {
  model: RewardModelFile;
  cv?: RewardCvResult;
  items: RewardItem[];
}

/** Cross-validates (grouped by prompt), then fits the model on all items. */
export async function trainRewardModel(pairs: readonly ResponsePair[], ratings: readonly Rating[], promptTexts: ReadonlyMap<string, string>, opts: TrainRewardOptions): Promise<TrainRewardResult> {
  const t0 = Date.now();
  const { items } = rewardItems(pairs, ratings, promptTexts);
  if (items.length === 0) throw new Error('no human ratings that name a response pair: nothing to train on');
  const mention = opts.mention ?? 'lexical+embedding';
  const rows = await computeRewardRows(items, { embedder: opts.embedder, detector: detectorFor(mention, opts.embedder), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  const cv = opts.noCv ? undefined : crossValidateReward(rows, items, { ...opts, judgeRatings: opts.judgeRatings ?? ratings });
  const seed = opts.seed ?? 42;
  const pcaDims = opts.pcaDims ?? 8;
  const grid = opts.l2Grid ?? DEFAULT_L2_GRID;
  const groups = items.map((it) => promptGroup(it.promptText));
  const all = items.map((_, i) => i);
  const l2 = chooseL2(rows, items, all, groups, { innerFolds: opts.innerFolds ?? 3, seed, pcaDims, l2Grid: grid });
  const fit = fitOn(rows, items, all, pcaDims, l2, seed);
  const model: RewardModelFile = {
    format: REWARD_FORMAT,
    version: REWARD_VERSION,
    features: { embedder: opts.embedder.id, pcaDims: fit.pca.components.length, mention },
    featureNames: [...SCALAR_NAMES, ...fit.pca.components.map((_, i) => `pca_diff_${i + 1}`)],
    pca: { mean: [...fit.pca.mean], components: fit.pca.components.map((c) => [...c]), variance: [...fit.pca.variance] },
    standardisation: { mean: [...fit.standardisation.mean], std: [...fit.standardisation.std] },
    loss: 'ordinal-frank-hall',
    thresholds: fit.thresholds,
    l2,
    trainedOn: {
      dataset: opts.dataset ?? '(unnamed)',
      items: items.length,
      ratings: items.reduce((s, it) => s + it.human.length, 0),
      prompts: [...new Set(items.map((it) => it.promptId))].sort(),
      dataHash: rewardDataHash(items),
      ...(opts.provenance ? { provenance: opts.provenance } : {}),
    },
    ...(cv ? { cv: cv.report } : {}),
    trainingSeconds: (Date.now() - t0) / 1000,
    createdAt: new Date().toISOString(),
  };
  parseRewardModel(model);
  return { model, cv, items };
}

