/**
 * Stage-1 verifier: flags extracted attributes people would reject, and says which failure mode.
 *
 * Two verifiers share one interface:
 * - `TrainedVerifier`: small models trained in TypeScript on human Makes sense / Maybe / Doesn't make sense
 *   judgments (AttributeJudgment records, from an attune JSONL dataset or the store). Features per attribute:
 *   hand-written signals (hedging, specificity, evidence count, whether the evidence is the user's own
 *   statement or only a request, word overlap between attribute and evidence, cues of fiction, role-play,
 *   translation and writing tasks in the evidence, deictic words that need the conversation, the extractor's
 *   confidence), the cosine between the attribute and its evidence turns, and a few principal components of
 *   each embedding. A class-balanced logistic regression decides "problematic"; a one-vs-rest logistic
 *   regression over the problematic rows names the failure mode. The L2 penalty is chosen by inner CV.
 * - `LlmVerifier`: the zero-shot alternative, one structured-output call per attribute.
 *
 * Label rule (documented, configurable by nobody yet): each verdict scores makes_sense 1, maybe 0.5,
 * doesnt_make_sense 0; an attribute is problematic when the mean over its annotators is <= 0.5, so "unsure"
 * counts against it, as the verify-and-refine loop wants. Its failure mode is the most frequent one among its
 * annotators' (ties: the paper's order of frequency).
 *
 * Evaluation: outer folds grouped by user (no user's attributes are both fitted and scored), every fitted
 * step (PCA, standardisation, L2 choice, both classifiers) refitted inside each training fold.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Embedder } from '../../embed/embedder.js';
import { cosine, embedUnique } from '../../embed/embedder.js';
import { groupKFold } from '../../learn/cv.js';
import { LogisticRegression } from '../../learn/logistic.js';
import { fitStandardisation, gramPca, projectPca, standardise, type Pca, type Standardisation } from '../../learn/preprocess.js';
import type { Llm } from '../../llm/llm.js';
import { bootstrapCi } from '../../metrics/bootstrap.js';
import { classification } from '../../metrics/classification.js';
import { AttributeVerdict, FailureMode, type Attribute, type AttributeJudgment, type Conversation, type Dataset, type Turn } from '../../model/index.js';
import { predicateText } from './merge.js';
import { renderConversation } from './llm-extractor.js';
import { dataText, USER_DATA_RULE } from '../../llm/user-data.js';
import { compositeKey } from '../../model/key.js';
import { ModelFileError, parseModel, readModel, writeModel, type ModelCodec } from '../../learn/model-io.js';

// ------------------------------------------------------------------------------------------------ interface

/** One attribute to verify, with the user's conversations (where its evidence turns live). */
export interface VerifyItem {
  userId: string;
  attribute: Attribute;
  conversations: readonly Conversation[];
}

export interface Verification {
  userId: string;
  attribute: string;
  flagged: boolean;
  verdict: AttributeVerdict;
  failureMode?: FailureMode;
  reason: string;
  /** Probability of "problematic" (trained verifier). */
  score?: number;
}

export interface Verifier {
  readonly name: string;
  verify(items: readonly VerifyItem[]): Promise<Verification[]>;
}

/** Pairs every profile attribute with its user's conversations. */
export function verifyItems(profiles: readonly { userId: string; attributes: readonly Attribute[] }[], conversations: readonly Conversation[]): VerifyItem[] {
  const byUser = new Map<string, Conversation[]>();
  for (const c of conversations) {
    let l = byUser.get(c.userId);
    if (!l) byUser.set(c.userId, (l = []));
    l.push(c);
  }
  return profiles.flatMap((p) => p.attributes.map((attribute) => ({ userId: p.userId, attribute, conversations: byUser.get(p.userId) ?? [] })));
}

/** The turns an attribute cites, in citation order; refs to missing conversations or turns are skipped. */
export function evidenceTurns(item: VerifyItem): Turn[] {
  const convs = new Map(item.conversations.map((c) => [c.id, c]));
  const out: Turn[] = [];
  for (const e of item.attribute.evidence) {
    const t = convs.get(e.conversationId)?.turns.find((x) => x.index === e.turnIndex);
    if (t) out.push(t);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ labels

export interface LabelledItem extends VerifyItem {
  /** Mean verdict score (makes_sense 1, maybe 0.5, doesnt_make_sense 0). */
  acceptance: number;
  problematic: boolean;
  failureMode?: FailureMode;
  judgments: number;
}

const VERDICT_SCORE: Record<AttributeVerdict, number> = { makes_sense: 1, maybe: 0.5, doesnt_make_sense: 0 };
const MODE_ORDER: FailureMode[] = ['overgeneralization', 'missing_evidence', 'task_context_confusion', 'not_standalone', 'other'];

/**
 * Joins judgments to the profiles' attributes (by user and exact text) and aggregates them per attribute.
 * Judgments of attributes absent from the profiles are counted, not used: without evidence turns the
 * features would describe a missing-evidence attribute whatever the truth.
 */
export function labelledItems(ds: Pick<Dataset, 'profiles' | 'conversations' | 'attributeJudgments'>): { items: LabelledItem[]; withoutAttribute: number } {
  const groups = new Map<string, AttributeJudgment[]>();
  for (const j of ds.attributeJudgments) {
    const k = compositeKey(j.userId, j.attribute);
    let l = groups.get(k);
    if (!l) groups.set(k, (l = []));
    l.push(j);
  }
  const items: LabelledItem[] = [];
  const used = new Set<string>();
  for (const item of verifyItems(ds.profiles, ds.conversations)) {
    const k = compositeKey(item.userId, item.attribute.text);
    const js = groups.get(k);
    if (!js || used.has(k)) continue;
    used.add(k);
    const acceptance = js.reduce((s, j) => s + VERDICT_SCORE[j.verdict], 0) / js.length;
    const problematic = acceptance <= 0.5;
    const counts = new Map<FailureMode, number>();
    for (const j of js) if (j.failureMode) counts.set(j.failureMode, (counts.get(j.failureMode) ?? 0) + 1);
    let mode: FailureMode | undefined;
    for (const m of MODE_ORDER) if ((counts.get(m) ?? 0) > (mode ? counts.get(mode)! : 0)) mode = m;
    items.push({ ...item, acceptance, problematic, ...(problematic && mode ? { failureMode: mode } : {}), judgments: js.length });
  }
  let withoutAttribute = 0;
  for (const [k, js] of groups) if (!used.has(k)) withoutAttribute += js.length;
  return { items, withoutAttribute };
}

// ------------------------------------------------------------------------------------------------ features

const HEDGE_RE = /\b(?:may|might|maybe|perhaps|possibly|probably|likely|seems?|appears?|suggests?|could|often|some|somewhat|interested in|tends? to|presumably|implies|indicat\w*)\b/gi;
const DEICTIC_RE = /\b(?:this|that|these|those|it|the (?:above|same|second|first|third|last|other|previous|next|one|ones|option|version|draft|paragraph|article|code|essay|story|plan|methods?)|as before|one)\b/gi;
const TRAIT_RE = /\b(?:is an?|is the|works?|worked|is learning|studies|lives?|has \d+|years of|professional|experienced|expert|fan of|loves?|owns?|is married|is (?:on|planning)|supports|speaks|fear|feels?)\b/gi;
const FIRST_PERSON_RE = /\b(?:i am|i'm|im|i've|ive|i have|i was|i work|i live|i use|i play|i prefer|i like|i love|i hate|i don't|i do not|i always|i usually|i grow|i run|i drive|i volunteer|i study|i need|my|mine|we|our|we're|i)\b/gi;
const REQUEST_START_RE = /^\s*(?:please\s+)?(?:what|how|why|which|who|where|when|can|could|would|is|are|do|does|give|write|translate|list|explain|summari[sz]e|suggest|recommend|convert|make|tell|show|draft|proofread|continue|imagine|pretend|let's|create|compose|help)\b/i;
const FICTION_RE = /\b(?:story|stories|fiction\w*|novel|poem|character|dialogue|scene|plot|narrat\w*|chapter|fairy tale|once upon)\b/gi;
const ROLEPLAY_RE = /\b(?:pretend|role-?play|roleplay|act as|imagine (?:you|that you|you're)|you are (?:a|an|my|the)|from the perspective of|in the voice of|in character|let's play)\b/gi;
const TRANSLATION_RE = /\b(?:translate|translation|into (?:french|spanish|german|italian|japanese|chinese|english|portuguese|arabic|russian|korean))\b/gi;
const WRITING_TASK_RE = /\b(?:write|draft|compose|proofread|rewrite|paraphrase|edit|cover letter|resignation letter|speech|essay|email|e-mail|letter|bio|resume|caption)\b/gi;
const STOP = new Set('the user a an and or of to in on for with is are was be been has have had their they them this that it its as at by from about into very some who not'.split(' '));

const count = (re: RegExp, text: string): number => text.match(re)?.length ?? 0;
const words = (text: string): string[] => text.toLowerCase().split(/[^a-z0-9\u00c0-\u024f']+/).filter((w) => w.length > 2 && !STOP.has(w));

function overlap(a: string, b: string): number {
  const wa = new Set(words(a));
  if (wa.size === 0) return 0;
  const wb = new Set(words(b));
  let n = 0;
  for (const w of wa) if (wb.has(w) || wb.has(w.replace(/s$/, '')) || wb.has(`${w}s`)) n++;
  return n / wa.size;
}

/** The hand-written features, by name (stable order: they index the model's weights). */
export const HAND_FEATURES = [
  'hedge_attribute', 'hedge_reason', 'attribute_words', 'specific_tokens', 'trait_claim', 'deictic',
  'evidence_turns', 'evidence_user_turns', 'evidence_conversations', 'no_evidence',
  'overlap_attribute_evidence', 'overlap_reason_evidence', 'first_person', 'request_only', 'questions',
  'cue_fiction', 'cue_roleplay', 'cue_translation', 'cue_writing_task', 'quoted', 'confidence', 'cos_attribute_evidence',
] as const;

/** Texts an item needs embedded: the attribute's predicate and each user evidence turn. */
function evidenceText(item: VerifyItem): string {
  const ev = evidenceTurns(item);
  const user = ev.filter((t) => t.role === 'user');
  return (user.length ? user : ev).map((t) => t.text).join('\n');
}

export interface RawFeatures {
  hand: number[];
  attributeVec: Float32Array;
  evidenceVec: Float32Array;
}

/** Hand-written features of one item (the cosine is filled in from the embeddings). */
export function handFeatures(item: VerifyItem, cos = 0): number[] {
  const a = item.attribute;
  const text = a.text;
  const pred = predicateText(text);
  const reason = a.reason ?? '';
  const ev = evidenceTurns(item);
  const user = ev.filter((t) => t.role === 'user');
  const evText = evidenceText(item);
  const fp = user.reduce((s, t) => s + count(FIRST_PERSON_RE, t.text), 0);
  const requestOnly = user.length > 0 && user.every((t) => REQUEST_START_RE.test(t.text) && !/\b(?:i am|i'm|i've|i have|my|i work|i live)\b/i.test(t.text)) ? 1 : 0;
  const specific = (pred.match(/\b\d+\b/g)?.length ?? 0) + (pred.match(/(?<!^)\b[A-Z][a-z]+/g)?.length ?? 0);
  const predWords = pred.split(/\s+/).filter(Boolean).length;
  return [
    count(HEDGE_RE, text),
    count(HEDGE_RE, reason),
    Math.log1p(predWords),
    specific,
    count(TRAIT_RE, text),
    count(DEICTIC_RE, pred),
    Math.log1p(ev.length),
    Math.log1p(user.length),
    new Set(a.evidence.map((e) => e.conversationId)).size,
    ev.length === 0 ? 1 : 0,
    overlap(pred, evText),
    overlap(reason, evText),
    Math.log1p(fp),
    requestOnly,
    user.filter((t) => t.text.includes('?')).length,
    count(FICTION_RE, evText),
    count(ROLEPLAY_RE, evText),
    count(TRANSLATION_RE, evText),
    count(WRITING_TASK_RE, evText),
    (evText.match(/["\u201c\u201d]/g)?.length ?? 0) > 1 ? 1 : 0,
    a.confidence ?? 0.5,
    cos,
  ];
}

/** Embeds each distinct text once and returns the raw features of every item. */
export async function rawFeatures(items: readonly VerifyItem[], embedder: Embedder, onProgress?: (done: number, total: number) => void): Promise<RawFeatures[]> {
  const texts = items.flatMap((it) => [predicateText(it.attribute.text), evidenceText(it) || '(no evidence)']);
  const byText = await embedUnique(embedder, texts, onProgress ? { onProgress } : {});
  return items.map((it) => {
    const attributeVec = byText.get(predicateText(it.attribute.text))!;
    const evidenceVec = byText.get(evidenceText(it) || '(no evidence)')!;
    const cos = evidenceTurns(it).length ? cosine(attributeVec, evidenceVec) : 0;
    return { hand: handFeatures(it, cos), attributeVec, evidenceVec };
  });
}

// ------------------------------------------------------------------------------------------------ model file

export const VERIFY_MODEL_FORMAT = 'attune-verify-model';
export const VERIFY_MODEL_VERSION = 1;

const nums = z.array(z.number());
const Logistic = z.object({ coef: nums, intercept: z.number() });
const PcaSchema = z.object({ mean: nums, components: z.array(nums), variance: nums });

export const VerifyCvReportSchema = z.object({
  group: z.literal('user'),
  folds: z.number().int().positive(),
  n: z.number().int().nonnegative(),
  users: z.number().int().nonnegative(),
  f1: z.number(),
  f1Ci: z.object({ low: z.number(), high: z.number() }),
  precision: z.number(),
  recall: z.number(),
  accuracy: z.number(),
  problematicRate: z.number(),
  flaggedRate: z.number(),
  baselines: z.object({
    /** Accuracy of always predicting the majority class. */
    majorityAccuracy: z.number(),
    /** F1 of flagging everything (the majority baseline's F1 when "not problematic" is the majority is 0). */
    flagAllF1: z.number(),
    /** Failure-mode accuracy of always naming the training folds' most frequent mode. */
    majorityModeAccuracy: z.number(),
  }),
  /** On rows people call problematic with a failure mode: share whose mode the model names. */
  modeAccuracy: z.number(),
  modeN: z.number().int().nonnegative(),
  /** Chosen L2 per outer fold. */
  chosen: z.array(z.number()),
});
export type VerifyCvReport = z.infer<typeof VerifyCvReportSchema>;

export const VerifyModelFileSchema = z.object({
  format: z.literal(VERIFY_MODEL_FORMAT),
  version: z.literal(VERIFY_MODEL_VERSION),
  embedder: z.string().min(1),
  pcaDims: z.number().int().nonnegative(),
  featureNames: z.array(z.string()),
  pcaAttribute: PcaSchema,
  pcaEvidence: PcaSchema,
  standardisation: z.object({ mean: nums, std: nums }),
  flag: Logistic.extend({ l2: z.number(), threshold: z.number() }),
  modes: z.array(Logistic.extend({ mode: FailureMode })),
  /** Mode named when no mode classifier could be trained (a single mode, or none, in the labels). */
  defaultMode: FailureMode.optional(),
  labelRule: z.string(),
  trainedOn: z.object({
    dataset: z.string(),
    provenance: z.string(),
    n: z.number().int().nonnegative(),
    users: z.array(z.string()),
    dataHash: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  cv: VerifyCvReportSchema.optional(),
  createdAt: z.string(),
});
export type VerifyModelFile = z.infer<typeof VerifyModelFileSchema>;

export class VerifyModelError extends ModelFileError {}

const VERIFY_CODEC: ModelCodec<VerifyModelFile> = {
  format: VERIFY_MODEL_FORMAT,
  schema: VerifyModelFileSchema,
  error: VerifyModelError,
  check: (m, fail) => {
    const d = m.featureNames.length;
    if (m.standardisation.mean.length !== d || m.standardisation.std.length !== d) fail('standardisation', `expected ${d} values (one per feature name)`);
    if (m.flag.coef.length !== d) fail('flag.coef', `expected ${d} coefficients, got ${m.flag.coef.length}`);
    m.modes.forEach((c, i) => {
      if (c.coef.length !== d) fail(`modes.${i}.coef`, `expected ${d} coefficients, got ${c.coef.length}`);
    });
    if (m.pcaAttribute.components.length !== m.pcaDims || m.pcaEvidence.components.length !== m.pcaDims) fail('pcaAttribute.components', `expected ${m.pcaDims} components`);
  },
};

export const parseVerifyModel = (json: unknown, file = '(model)'): VerifyModelFile => parseModel(VERIFY_CODEC, json, file);
export const readVerifyModel = (file: string): VerifyModelFile => readModel(VERIFY_CODEC, file);
export const writeVerifyModel = (file: string, model: VerifyModelFile): void => writeModel(VERIFY_CODEC, file, model);

// ------------------------------------------------------------------------------------------------ training

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

interface Fitted {
  pcaA: Pca;
  pcaE: Pca;
  std: Standardisation;
  flag: LogisticRegression;
  l2: number;
  modes: { mode: FailureMode; lr: LogisticRegression }[];
  defaultMode?: FailureMode;
}

const emptyPca = (d: number): Pca => ({ mean: new Array<number>(d).fill(0), components: [], variance: [] });

function design(raw: RawFeatures, pcaA: Pca, pcaE: Pca): number[] {
  const pa = pcaA.components.length ? Array.from(projectPca(pcaA, raw.attributeVec)) : [];
  const pe = pcaE.components.length ? Array.from(projectPca(pcaE, raw.evidenceVec)) : [];
  return [...raw.hand, ...pa, ...pe];
}

function featureNames(pcaDims: number): string[] {
  return [...HAND_FEATURES, ...Array.from({ length: pcaDims }, (_, i) => `attribute_pc${i + 1}`), ...Array.from({ length: pcaDims }, (_, i) => `evidence_pc${i + 1}`)];
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

function predictFitted(f: Fitted, raw: RawFeatures): { p: number; mode?: FailureMode; modeP?: number } {
  const x = standardise(f.std, design(raw, f.pcaA, f.pcaE));
  const p = f.flag.predictProba([x])[0]!;
  if (!f.modes.length) return { p, ...(f.defaultMode ? { mode: f.defaultMode } : {}) };
  let best = f.modes[0]!;
  let bestP = -1;
  for (const m of f.modes) {
    const q = m.lr.predictProba([x])[0]!;
    if (q > bestP) [best, bestP] = [m, q];
  }
  return { p, mode: best.mode, modeP: bestP };
}

function chooseL2(raw: readonly RawFeatures[], labels: readonly LabelledItem[], idx: readonly number[], opts: Required<Pick<TrainVerifierOptions, 'pcaDims' | 'l2Grid' | 'seed'>>): number {
  const users = idx.map((i) => labels[i]!.userId);
  const k = Math.min(4, new Set(users).size);
  if (opts.l2Grid.length === 1 || k < 2) return opts.l2Grid[0]!;
  const folds = groupKFold(users, k, opts.seed + 7);
  const pred = opts.l2Grid.map(() => [] as boolean[]);
  const gold: boolean[] = [];
  for (let f = 0; f < k; f++) {
    const tr = idx.filter((_, r) => folds[r] !== f);
    const te = idx.filter((_, r) => folds[r] === f);
    if (!te.length || new Set(tr.map((i) => labels[i]!.problematic)).size < 2) continue;
    const prep = prepare(raw, tr, opts.pcaDims); // fitted once per inner fold, shared by every L2
    opts.l2Grid.forEach((l2, g) => {
      const m = fitAll(prep, labels, tr, l2);
      for (const i of te) pred[g]!.push(predictFitted(m, raw[i]!).p >= 0.5);
    });
    for (const i of te) gold.push(labels[i]!.problematic);
  }
  let best = opts.l2Grid[0]!;
  let bestF1 = -1;
  for (const [g, l2] of opts.l2Grid.entries()) {
    const f1 = classification(pred[g]!, gold).f1;
    if (f1 > bestF1 + 1e-9) [best, bestF1] = [l2, f1];
  }
  return best;
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

function crossValidateRaw(items: readonly LabelledItem[], raw: readonly RawFeatures[], opts: TrainVerifierOptions): VerifyCvResult {
  const o = { pcaDims: opts.pcaDims ?? 4, l2Grid: opts.l2Grid ?? [0.01, 0.1, 1], seed: opts.seed ?? 42 };
  const users = items.map((it) => it.userId);
  const k = Math.min(opts.folds ?? 5, new Set(users).size);
  if (k < 2) throw new Error(`verifier CV needs labelled attributes of at least 2 users, got ${new Set(users).size}`);
  const foldOf = groupKFold(users, k, o.seed);
  const predictions = new Array<{ p: number; flagged: boolean; mode?: FailureMode }>(items.length);
  const folds: VerifyCvResult['folds'] = [];
  const chosen: number[] = [];
  let modeHits = 0;
  let modeN = 0;
  let majorityModeHits = 0;
  for (let f = 0; f < k; f++) {
    const tr = items.map((_, i) => i).filter((i) => foldOf[i] !== f);
    const te = items.map((_, i) => i).filter((i) => foldOf[i] === f);
    folds.push({ trainUsers: [...new Set(tr.map((i) => users[i]!))].sort(), testUsers: [...new Set(te.map((i) => users[i]!))].sort() });
    opts.onFit?.(tr);
    const l2 = chooseL2(raw, items, tr, o);
    chosen.push(l2);
    const m = fitAll(prepare(raw, tr, o.pcaDims), items, tr, l2);
    for (const i of te) {
      const r = predictFitted(m, raw[i]!);
      predictions[i] = { p: r.p, flagged: r.p >= 0.5, ...(r.mode ? { mode: r.mode } : {}) };
      const gold = items[i]!.failureMode;
      if (gold) {
        modeN++;
        if (r.mode === gold) modeHits++;
        if (m.defaultMode === gold) majorityModeHits++;
      }
    }
  }
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
    modeAccuracy: modeN ? modeHits / modeN : 0, modeN, chosen,
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

// ------------------------------------------------------------------------------------------------ verifiers

const MODE_REASON: Record<FailureMode, string> = {
  overgeneralization: 'reads a lasting trait into what looks like a single request',
  missing_evidence: 'the cited turns do not say this',
  task_context_confusion: 'the evidence is task content (fiction, role-play, translation or writing for someone else), not the user',
  not_standalone: 'it only makes sense next to the conversation (points at "this", "the second one", ...)',
  other: 'people would likely reject it',
};

/** Scores attributes with a trained model file. */
export class TrainedVerifier implements Verifier {
  readonly name: string;
  private readonly fitted: Fitted;

  constructor(
    readonly model: VerifyModelFile,
    private readonly embedder: Embedder,
    name = 'verifier:trained',
    private readonly opts: { onProgress?: (done: number, total: number) => void } = {},
  ) {
    if (embedder.id !== model.embedder) throw new VerifyModelError(`model was trained with embedder "${model.embedder}", got "${embedder.id}"`);
    this.name = name;
    this.fitted = {
      pcaA: model.pcaAttribute, pcaE: model.pcaEvidence, std: model.standardisation, l2: model.flag.l2,
      flag: LogisticRegression.fromJSON({ kind: 'logistic', coef: model.flag.coef, intercept: model.flag.intercept }),
      modes: model.modes.map((m) => ({ mode: m.mode, lr: LogisticRegression.fromJSON({ kind: 'logistic', coef: m.coef, intercept: m.intercept }) })),
      ...(model.defaultMode ? { defaultMode: model.defaultMode } : {}),
    };
  }

  async verify(items: readonly VerifyItem[]): Promise<Verification[]> {
    const raw = await rawFeatures(items, this.embedder, this.opts.onProgress);
    return items.map((it, i) => {
      const r = predictFitted(this.fitted, raw[i]!);
      const flagged = r.p >= this.model.flag.threshold;
      const mode = flagged ? (r.mode ?? 'other') : undefined;
      return {
        userId: it.userId,
        attribute: it.attribute.text,
        flagged,
        verdict: !flagged ? 'makes_sense' : r.p >= 0.75 ? 'doesnt_make_sense' : 'maybe',
        ...(mode ? { failureMode: mode } : {}),
        reason: flagged ? `${mode!.replace(/_/g, ' ')}: ${MODE_REASON[mode!]} (p=${r.p.toFixed(2)})` : `plausible given the evidence (p=${r.p.toFixed(2)})`,
        score: r.p,
      };
    });
  }
}

export const LlmVerdictSchema = z.object({
  verdict: AttributeVerdict,
  failureMode: FailureMode.nullable().describe('Why it is problematic; null when the verdict is makes_sense'),
  reason: z.string(),
});
export type LlmVerdict = z.infer<typeof LlmVerdictSchema>;

export const VERIFY_SYSTEM_PROMPT = [
  'You review attributes that an AI inferred about a user from their conversations, the way the user\'s own reviewers would.',
  'For one attribute, with its reason and the conversation turns it cites, answer:',
  '- makes_sense: plausible given the conversation;',
  '- maybe: unsure;',
  '- doesnt_make_sense: wrong or unsupported.',
  'When it is maybe or doesnt_make_sense, name the failure mode:',
  '- overgeneralization: a lasting trait read into one request (a translation request -> "is learning French");',
  '- missing_evidence: the cited turns do not support it;',
  '- task_context_confusion: it describes the content of a task (fiction, role-play, a cover letter, a translation), not the user;',
  '- not_standalone: it cannot be understood without the conversation ("likes the second option");',
  '- other.',
  'Reply as JSON {"verdict", "failureMode", "reason"} with a one-sentence reason.',
  '',
  `Each conversation comes as one JSON object a turn: {"turn": <index>, "speaker": ..., "text": ...}. ${USER_DATA_RULE}`,
].join('\n');

export function buildVerifyMessages(item: VerifyItem): { role: 'system' | 'user'; content: string }[] {
  const byConv = new Map<string, Set<number>>();
  for (const e of item.attribute.evidence) {
    let s = byConv.get(e.conversationId);
    if (!s) byConv.set(e.conversationId, (s = new Set()));
    s.add(e.turnIndex);
  }
  const blocks = item.conversations
    .filter((c) => byConv.has(c.id))
    .map((c) => `Conversation ${dataText(c.id)} (evidence turns: ${[...byConv.get(c.id)!].sort((a, b) => a - b).join(', ')}):\n${renderConversation(c, 1200)}`);
  return [
    { role: 'system', content: VERIFY_SYSTEM_PROMPT },
    {
      role: 'user',
      content:
        `Attribute: ${dataText(item.attribute.text)}\nReason given: ${item.attribute.reason === undefined ? '(none)' : dataText(item.attribute.reason)}\n` +
        (item.attribute.confidence !== undefined ? `Confidence given: ${item.attribute.confidence}\n` : '') +
        `\n${blocks.length ? blocks.join('\n\n') : 'No evidence turns were cited.'}`,
    },
  ];
}

/** The zero-shot alternative: one structured-output call per attribute (cached and paced by the client). */
export class LlmVerifier implements Verifier {
  readonly name: string;
  constructor(
    readonly llm: Llm,
    private readonly opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  ) {
    this.name = `verifier:llm:${llm.spec}`;
  }

  async verify(items: readonly VerifyItem[]): Promise<Verification[]> {
    let done = 0;
    return Promise.all(
      items.map(async (it) => {
        const r = await this.llm.object({ messages: buildVerifyMessages(it), schema: LlmVerdictSchema, schemaName: 'attribute_verdict', maxTokens: 400, signal: this.opts.signal });
        this.opts.onProgress?.(++done, items.length);
        const flagged = r.object.verdict !== 'makes_sense';
        const mode = flagged ? (r.object.failureMode ?? 'other') : undefined;
        return { userId: it.userId, attribute: it.attribute.text, flagged, verdict: r.object.verdict, ...(mode ? { failureMode: mode } : {}), reason: r.object.reason };
      }),
    );
  }
}

/** One line for terminals. */
export function formatVerifyCv(r: VerifyCvReport): string {
  const f = (x: number) => x.toFixed(3);
  return [
    `verifier CV (folds grouped by user): ${r.n} attributes of ${r.users} users, ${r.folds} folds; ${(r.problematicRate * 100).toFixed(1)}% problematic by the label rule`,
    `  flag problematic: F1 ${f(r.f1)} (95% CI ${f(r.f1Ci.low)}-${f(r.f1Ci.high)}), P ${f(r.precision)}, R ${f(r.recall)}, accuracy ${f(r.accuracy)}, flagged ${(r.flaggedRate * 100).toFixed(1)}%`,
    `  baselines: majority-class accuracy ${f(r.baselines.majorityAccuracy)}, flag-all F1 ${f(r.baselines.flagAllF1)}`,
    `  failure mode on ${r.modeN} problematic attributes: accuracy ${f(r.modeAccuracy)} (most-frequent-mode baseline ${f(r.baselines.majorityModeAccuracy)})`,
    `  L2 chosen per fold: ${r.chosen.join(', ')}`,
  ].join('\n');
}
