/**
 * A stage-3 reward model trained in TypeScript on human ratings: for one (pair, attribute) item it predicts
 * the human 1-5 rating of the personalized response against the generic one.
 *
 * Features (per item, offline):
 * - embeddings (any Embedder, USE-lite by default) of the prompt, the attribute and both responses:
 *   cos(attr, personalized) - cos(attr, generic), both cosines, cos(prompt, personalized) - cos(prompt,
 *   generic), cos(generic, personalized), cos(attr, prompt), and the top `pcaDims` principal components of
 *   the difference personalized - generic (PCA fitted on the training items only);
 * - explicit mention (MentionDetector): does the personalized / the generic response name this attribute,
 *   and the share of the pair's other attributes the personalized response names;
 * - length and structure differences: log word ratio, words, sentences, paragraphs, headings, bullet and
 *   numbered lines (personalized - generic), and the number of attributes of the pair.
 * Features are standardised on the training items.
 *
 * Loss: ordinal, by the Frank & Hall (2001) decomposition: four L2-regularised logistic regressions
 * (src/learn) for P(rating > k), k = 1..4, each fitted on every human rating of the training items (one row
 * a rating, so an item's disagreeing raters all count); the score is the expected rating
 * 1 + sum_k P(rating > k). A threshold no training rating crosses is a constant. The L2 penalty is chosen
 * per outer fold by an inner cross-validation grouped by prompt (Spearman).
 *
 * Scoring: Spearman of the out-of-fold scores against the held-out items' human mean rating, folds grouped
 * by prompt (by prompt text, so one prompt under two ids never straddles folds): no item of a test prompt,
 * and no other generator's response to it, is seen in training. 95% bootstrap interval resampling prompts.
 * Beside it: each LLM judge's Spearman on the items it rated, and a shuffled-label baseline (human item
 * ratings permuted across items before the same CV).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Embedder } from '../../embed/embedder.js';
import { cosine, embedUnique } from '../../embed/embedder.js';
import { groupKFold } from '../../learn/cv.js';
import { seededRandom, shuffled } from '../../metrics/random.js';
import { LogisticRegression } from '../../learn/logistic.js';
import { fitPca, fitStandardisation, projectPca, standardise, type Pca, type Standardisation } from '../../learn/preprocess.js';
import { bootstrapCi, type BootstrapInterval } from '../../metrics/bootstrap.js';
import { spearman } from '../../metrics/correlation.js';
import type { Rating, ResponsePair } from '../../model/index.js';
import { compositeKey } from '../../model/key.js';
import { MentionDetector, splitSentences } from './mention.js';
import { judgedAttributes } from './judge.js';
import { ModelFileError, parseModel, readModel, writeModel, type ModelCodec } from '../../learn/model-io.js';

export const REWARD_FORMAT = 'attune-reward-model';
export const REWARD_VERSION = 1;
export const DEFAULT_L2_GRID = [0.01, 0.1, 1, 10] as const;

// ---------------------------------------------------------------------------------------------------
// Items and raw features

/** One (pair, attribute) to score. */
export interface RewardInput {
  pairId: string;
  promptId: string;
  generator: string;
  attribute: string;
  promptText: string;
  generic: string;
  personalized: string;
  /** All judged attributes of the pair (for the share of other attributes named). */
  pairAttributes: readonly string[];
}

/** A training item: an input with its human ratings. */
export interface RewardItem extends RewardInput {
  key: string;
  human: number[];
}

/** Items of every (pair, attribute) with at least one human rating; judges' ratings are not used. */
export function rewardItems(pairs: readonly ResponsePair[], ratings: readonly Rating[], promptTexts: ReadonlyMap<string, string>): { items: RewardItem[]; unmatched: number } {
  const byId = new Map(pairs.map((p) => [p.id, p]));
  const items = new Map<string, RewardItem>();
  let unmatched = 0;
  for (const r of ratings) {
    if (r.raterKind !== 'human') continue;
    const pair = byId.get(r.pairId);
    if (!pair) {
      unmatched++;
      continue;
    }
    const key = compositeKey(r.pairId, r.attribute);
    let it = items.get(key);
    if (!it) {
      const promptText = promptTexts.get(pair.promptId);
      if (promptText === undefined) throw new Error(`no prompt text for prompt ${pair.promptId} (pair ${pair.id}): the dataset needs prompts.jsonl`);
      const attrs = judgedAttributes(pair);
      it = {
        key, pairId: pair.id, promptId: pair.promptId, generator: pair.generator, attribute: r.attribute, promptText,
        generic: pair.generic, personalized: pair.personalized, pairAttributes: attrs.includes(r.attribute) ? attrs : [...attrs, r.attribute], human: [],
      };
      items.set(key, it);
    }
    it.human.push(r.score);
  }
  return { items: [...items.values()], unmatched };
}

export interface TextStructure {
  words: number;
  sentences: number;
  paragraphs: number;
  headings: number;
  bullets: number;
  numbered: number;
}

export function textStructure(text: string): TextStructure {
  const lines = text.split(/\r?\n/);
  return {
    words: (text.match(/\S+/g) ?? []).length,
    sentences: splitSentences(text).length,
    paragraphs: text.split(/\n\s*\n/).filter((p) => p.trim()).length,
    headings: lines.filter((l) => /^\s{0,3}#{1,6}\s+\S/.test(l) || /^\s*(\*\*|__)[^*_]{1,80}(\*\*|__)\s*:?\s*$/.test(l)).length,
    bullets: lines.filter((l) => /^\s*[-*•+]\s+\S/.test(l)).length,
    numbered: lines.filter((l) => /^\s*\d{1,2}[.)]\s+\S/.test(l)).length,
  };
}

export const SCALAR_NAMES = [
  'cos_attr_pers_minus_gen', 'cos_attr_pers', 'cos_attr_gen', 'cos_prompt_pers_minus_gen', 'cos_gen_pers', 'cos_attr_prompt',
  'mention_pers', 'mention_gen', 'mention_other_share',
  'log_words_ratio', 'words_diff', 'sentences_diff', 'paragraphs_diff', 'headings_diff', 'bullets_diff', 'numbered_diff', 'n_attributes',
] as const;

/** Features before PCA and standardisation. */
export interface RawRewardRow {
  scalars: number[];
  /** Embedding of the personalized response minus that of the generic one. */
  diff: Float64Array;
}

export interface RewardFeatureContext {
  embedder: Embedder;
  /** Default: a MentionDetector over the same embedder. */
  detector?: MentionDetector;
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** Embeds each distinct text once and computes every item's raw features. */
export async function computeRewardRows(inputs: readonly RewardInput[], ctx: RewardFeatureContext): Promise<RawRewardRow[]> {
  const detector = ctx.detector ?? new MentionDetector(ctx.embedder);
  const texts = new Set<string>();
  for (const it of inputs) for (const t of [it.promptText, it.attribute, it.generic, it.personalized]) texts.add(t);
  ctx.onProgress?.('embedding', 0, texts.size);
  const vec = await embedUnique(ctx.embedder, texts);
  ctx.onProgress?.('embedding', texts.size, texts.size);

  // Mentions per distinct (response text, attribute set): a pair's attributes are checked together.
  const groups = new Map<string, { text: string; attributes: string[] }>();
  const gkey = (text: string, attrs: readonly string[]) => `${text}\u0001${attrs.join('\u0002')}`;
  for (const it of inputs) {
    for (const text of [it.generic, it.personalized]) groups.set(gkey(text, it.pairAttributes), { text, attributes: [...it.pairAttributes] });
  }
  const glist = [...groups.entries()];
  const decided = await detector.detect(glist.map(([, g]) => g), ctx.onProgress ? (d, t) => ctx.onProgress!('mentions', d, t) : undefined);
  const mentioned = new Map<string, Set<string>>();
  glist.forEach(([k], i) => mentioned.set(k, new Set(decided[i]!.filter((m) => m.mentioned).map((m) => m.attribute))));

  return inputs.map((it) => {
    const a = vec.get(it.attribute)!;
    const p = vec.get(it.promptText)!;
    const g = vec.get(it.generic)!;
    const q = vec.get(it.personalized)!;
    const mp = mentioned.get(gkey(it.personalized, it.pairAttributes))!;
    const mg = mentioned.get(gkey(it.generic, it.pairAttributes))!;
    const others = it.pairAttributes.filter((x) => x !== it.attribute);
    const sg = textStructure(it.generic);
    const sq = textStructure(it.personalized);
    const cap = cosine(a, q);
    const cag = cosine(a, g);
    const diff = new Float64Array(q.length);
    for (let j = 0; j < q.length; j++) diff[j] = q[j]! - g[j]!;
    return {
      scalars: [
        cap - cag, cap, cag, cosine(p, q) - cosine(p, g), cosine(g, q), cosine(a, p),
        mp.has(it.attribute) ? 1 : 0, mg.has(it.attribute) ? 1 : 0, others.length ? others.filter((o) => mp.has(o)).length / others.length : 0,
        Math.log((sq.words + 1) / (sg.words + 1)), (sq.words - sg.words) / 100, sq.sentences - sg.sentences, sq.paragraphs - sg.paragraphs,
        sq.headings - sg.headings, sq.bullets - sg.bullets, sq.numbered - sg.numbered, it.pairAttributes.length,
      ],
      diff,
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// The model

const nums = z.array(z.number());
const ThresholdSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('logistic'), coef: nums, intercept: z.number() }),
  z.object({ kind: z.literal('constant'), p: z.number().min(0).max(1) }),
]);
type ThresholdWeights = z.infer<typeof ThresholdSchema>;

const Interval = z.object({ estimate: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() });

export const RewardCvSchema = z.object({
  group: z.literal('prompt'),
  folds: z.number().int().positive(),
  items: z.number().int().nonnegative(),
  prompts: z.number().int().nonnegative(),
  ratings: z.number().int().nonnegative(),
  spearman: Interval,
  /** Spearman of each outer fold's test items. */
  foldSpearman: z.array(z.number().nullable()),
  /** L2 chosen by the inner CV in each outer fold. */
  chosenL2: z.array(z.number()),
  /** The same CV with human item ratings permuted across items. */
  shuffledSpearman: z.number().nullable().optional(),
  judges: z.array(z.object({ judge: z.string(), items: z.number().int(), spearman: Interval, rewardOnSameItems: Interval })),
  /** Prompts that appear on both sides of a fold: 0 by construction, recorded as a check. */
  leakedPrompts: z.number().int().nonnegative(),
  iterations: z.number().int().positive(),
  seed: z.number().int(),
});
export type RewardCvReport = z.infer<typeof RewardCvSchema>;

export const RewardModelFileSchema = z.object({
  format: z.literal(REWARD_FORMAT),
  version: z.literal(REWARD_VERSION),
  features: z.object({ embedder: z.string().min(1), pcaDims: z.number().int().nonnegative(), mention: z.enum(['lexical', 'lexical+embedding']) }),
  featureNames: z.array(z.string()),
  pca: z.object({ mean: nums, components: z.array(nums), variance: nums }),
  standardisation: z.object({ mean: nums, std: nums }),
  loss: z.literal('ordinal-frank-hall'),
  /** P(rating > k) for k = 1..4. */
  thresholds: z.array(ThresholdSchema).length(4),
  l2: z.number().positive(),
  trainedOn: z.object({
    dataset: z.string(),
    items: z.number().int().nonnegative(),
    ratings: z.number().int().nonnegative(),
    prompts: z.array(z.string()),
    dataHash: z.string().regex(/^[0-9a-f]{64}$/),
    provenance: z.string().optional(),
  }),
  cv: RewardCvSchema.optional(),
  trainingSeconds: z.number().nonnegative(),
  createdAt: z.string(),
});
export type RewardModelFile = z.infer<typeof RewardModelFileSchema>;

interface Fitted {
  pca: Pca;
  standardisation: Standardisation;
  thresholds: ThresholdWeights[];
  l2: number;
}

function featureVector(f: Pick<Fitted, 'pca' | 'standardisation'>, row: RawRewardRow): Float64Array {
  const z = f.pca.components.length ? projectPca(f.pca, row.diff) : new Float64Array(0);
  const full = new Float64Array(row.scalars.length + z.length);
  full.set(row.scalars, 0);
  full.set(z, row.scalars.length);
  return standardise(f.standardisation, full);
}

function expectedScore(thresholds: readonly ThresholdWeights[], x: Float64Array): number {
  let s = 1;
  for (const t of thresholds) {
    if (t.kind === 'constant') s += t.p;
    else {
      let z = t.intercept;
      for (let j = 0; j < x.length; j++) z += t.coef[j]! * x[j]!;
      s += z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
  }
  return s;
}

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
function fitThresholds(x: readonly Float64Array[], items: readonly { human: readonly number[] }[], idx: readonly number[], l2: number): ThresholdWeights[] {
  const xs: Float64Array[] = [];
  const y: number[] = [];
  idx.forEach((i, r) => {
    for (const s of items[i]!.human) {
      xs.push(x[r]!);
      y.push(s);
    }
  });
  return [1, 2, 3, 4].map((t): ThresholdWeights => {
    const labels = y.map((s) => s > t);
    const pos = labels.filter(Boolean).length;
    if (pos === 0 || pos === labels.length) return { kind: 'constant', p: (pos + 0.5) / (labels.length + 1) };
    return new LogisticRegression({ l2, classWeight: 'none' }).fit(xs, labels).toJSON();
  });
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

/** The group of an item in CV: its prompt text (hashed), so one prompt under two ids stays on one side. */
export const promptGroup = (promptText: string): string => createHash('sha256').update(promptText).digest('hex').slice(0, 16);

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

function chooseL2(rows: readonly RawRewardRow[], items: readonly RewardItem[], train: readonly number[], groups: readonly string[], opts: Required<Pick<RewardCvOptions, 'innerFolds' | 'seed' | 'pcaDims' | 'l2Grid'>>): number {
  const g = train.map((i) => groups[i]!);
  const k = Math.min(opts.innerFolds, new Set(g).size);
  if (opts.l2Grid.length === 1 || k < 2) return opts.l2Grid.includes(1) ? 1 : opts.l2Grid[0]!;
  const fold = groupKFold(g, k, opts.seed + 1);
  // The featurizer does not depend on the penalty: fit it once per inner fold.
  const inner = Array.from({ length: k }, (_, f) => {
    const tr = train.filter((_, r) => fold[r] !== f);
    const te = train.map((i, r) => [i, r] as const).filter(([, r]) => fold[r] === f);
    return { tr, te, ...fitFeaturizer(rows, tr, opts.pcaDims, opts.seed) };
  });
  const target = train.map((i) => mean(items[i]!.human));
  let best = opts.l2Grid[0]!;
  let bestRho = -Infinity;
  for (const l2 of opts.l2Grid) {
    const pred = new Array<number>(train.length);
    for (const { tr, te, f, x } of inner) {
      const p = predictWith({ ...f, thresholds: fitThresholds(x, items, tr, l2) }, rows, te.map(([i]) => i));
      te.forEach(([, r], j) => (pred[r] = p[j]!));
    }
    const rho = spearman(pred, target);
    if (Number.isFinite(rho) && rho > bestRho + 1e-12) {
      bestRho = rho;
      best = l2;
    }
  }
  return best;
}

function cvCore(rows: readonly RawRewardRow[], items: readonly RewardItem[], o: Required<Omit<RewardCvOptions, 'judgeRatings' | 'shuffledBaseline'>>): { oof: number[]; foldOf: number[]; chosen: number[]; k: number; groups: string[] } {
  const groups = items.map((it) => promptGroup(it.promptText));
  const k = Math.min(o.folds, new Set(groups).size);
  if (k < 2) throw new Error(`reward model CV needs at least 2 prompts with human ratings, got ${new Set(groups).size}`);
  const foldOf = groupKFold(groups, k, o.seed);
  const oof = new Array<number>(items.length).fill(Number.NaN);
  const chosen: number[] = [];
  for (let f = 0; f < k; f++) {
    const train = items.map((_, i) => i).filter((i) => foldOf[i] !== f);
    const test = items.map((_, i) => i).filter((i) => foldOf[i] === f);
    const l2 = chooseL2(rows, items, train, groups, o);
    chosen.push(l2);
    const fit = fitOn(rows, items, train, o.pcaDims, l2, o.seed);
    predictWith(fit, rows, test).forEach((p, j) => (oof[test[j]!] = p));
  }
  return { oof, foldOf, chosen, k, groups };
}

/** Grouped (by prompt) cross-validation of the reward model on precomputed rows. */
export function crossValidateReward(rows: readonly RawRewardRow[], items: readonly RewardItem[], opts: RewardCvOptions = {}): RewardCvResult {
  if (rows.length !== items.length) throw new Error(`crossValidateReward: ${rows.length} rows for ${items.length} items`);
  const o = {
    folds: opts.folds ?? 5, innerFolds: opts.innerFolds ?? 3, seed: opts.seed ?? 42, pcaDims: opts.pcaDims ?? 8,
    l2Grid: opts.l2Grid ?? DEFAULT_L2_GRID, iterations: opts.iterations ?? 1000,
  };
  const { oof, foldOf, chosen, k, groups } = cvCore(rows, items, o);
  const human = items.map((it) => mean(it.human));
  const boot = { seed: o.seed, iterations: o.iterations };
  const pick = <T>(xs: readonly T[], idx: readonly number[]): T[] => idx.map((i) => xs[i]!);
  const rho = bootstrapCi(items.length, (idx) => spearman(pick(oof, idx), pick(human, idx)), { ...boot, groups });
  const folds: RewardCvResult['folds'] = [];
  const foldSpearman: (number | null)[] = [];
  let leaked = 0;
  for (let f = 0; f < k; f++) {
    const test = new Set(groups.filter((_, i) => foldOf[i] === f));
    const train = new Set(groups.filter((_, i) => foldOf[i] !== f));
    for (const g of test) if (train.has(g)) leaked++;
    folds.push({ test: [...test].sort(), train: [...train].sort() });
    const idx = items.map((_, i) => i).filter((i) => foldOf[i] === f);
    foldSpearman.push(nullable(spearman(pick(oof, idx), pick(human, idx))));
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

function detectorFor(mention: 'lexical' | 'lexical+embedding', embedder: Embedder): MentionDetector {
  return mention === 'lexical' ? new MentionDetector() : new MentionDetector(embedder);
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

// ---------------------------------------------------------------------------------------------------
// Model files

export class RewardModelFileError extends ModelFileError {}

const REWARD_CODEC: ModelCodec<RewardModelFile> = {
  format: REWARD_FORMAT,
  schema: RewardModelFileSchema,
  error: RewardModelFileError,
  check: (m, fail) => {
    const d = m.featureNames.length;
    if (m.standardisation.mean.length !== d || m.standardisation.std.length !== d) fail('standardisation', `expected ${d} values`);
    m.thresholds.forEach((t, i) => {
      if (t.kind === 'logistic' && t.coef.length !== d) fail(`thresholds.${i}.coef`, `expected ${d} coefficients, got ${t.coef.length}`);
    });
    if (m.pca.components.length !== m.features.pcaDims) fail('pca.components', `expected ${m.features.pcaDims} components`);
    if (d !== SCALAR_NAMES.length + m.features.pcaDims) fail('featureNames', `expected ${SCALAR_NAMES.length + m.features.pcaDims} names`);
  },
};

export const parseRewardModel = (json: unknown, file = '(reward model)'): RewardModelFile => parseModel(REWARD_CODEC, json, file);
export const readRewardModel = (file: string): RewardModelFile => readModel(REWARD_CODEC, file);
export const writeRewardModel = (file: string, model: RewardModelFile): void => writeModel(REWARD_CODEC, file, model);

/** A loaded reward model: scores (pair, attribute) inputs with the features it was trained on. */
export class RewardModel {
  constructor(
    readonly file: RewardModelFile,
    private readonly embedder: Embedder,
  ) {
    if (embedder.id !== file.features.embedder) throw new Error(`reward model was trained with embedder ${file.features.embedder}, got ${embedder.id}`);
  }

  /** Expected human rating (1-5) of each input. */
  async score(inputs: readonly RewardInput[]): Promise<number[]> {
    const rows = await computeRewardRows(inputs, { embedder: this.embedder, detector: detectorFor(this.file.features.mention, this.embedder) });
    return this.scoreRows(rows);
  }

  scoreRows(rows: readonly RawRewardRow[]): number[] {
    const f = { pca: this.file.pca, standardisation: this.file.standardisation };
    return rows.map((r) => expectedScore(this.file.thresholds, featureVector(f, r)));
  }
}
