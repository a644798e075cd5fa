import { z } from 'zod';
import type { Dataset } from '../model/index.js';
import { InvalidArgumentError } from '../model/errors.js';
import type { Assignment, ItemRole, StudyItemInput, StudyKind } from './types.js';

/**
 * The three task kinds of the paper's protocol: how a dataset becomes study items, what an annotator is shown
 * (payload; never the hidden meta), and what a submission must contain.
 */

// ---------------------------------------------------------------- what annotators see

export interface RelevancePayload {
  kind: 'relevance';
  prompt: string;
  attributes: string[];
}
export interface AttributePayload {
  kind: 'attribute';
  conversations: { id: string; turns: { index: number; role: string; text: string; evidence: boolean }[] }[];
  attributes: { text: string; reason: string | null; evidence: { conversationId: string; turnIndex: number }[] }[];
}
/** Stored with the generic/personalized texts; shown as A/B in the assignment's order. */
export interface RatingItemPayload {
  kind: 'rating';
  prompt: string;
  generic: string;
  personalized: string;
  attributes: string[];
}
export interface RatingView {
  kind: 'rating';
  prompt: string;
  responseA: string;
  responseB: string;
  attributes: string[];
}
export type TaskView = RelevancePayload | AttributePayload | RatingView;

// ---------------------------------------------------------------- what the server keeps

export interface RelevanceMeta {
  userId: string;
  promptId: string;
  /** Recorded system votes per attribute index: system -> YES/NO. */
  votes: Record<string, boolean>[];
  /** Human-majority label per attribute index, when the dataset has one. */
  gold: (boolean | null)[];
  expected?: Record<string, boolean>;
}
export interface AttributeMeta {
  userId: string;
  expected?: Record<string, string>;
}
export interface RatingMeta {
  pairId: string;
  userId: string;
  promptId: string;
  generator: string;
  expected?: Record<string, number>;
}

/** What a study of each kind keeps per item (payload, meta) and per judgment (the answer). */
export interface KindShapes {
  relevance: { payload: RelevancePayload; meta: RelevanceMeta; answer: RelevanceAnswer };
  attribute: { payload: AttributePayload; meta: AttributeMeta; answer: AttributeAnswer };
  rating: { payload: RatingItemPayload; meta: RatingMeta; answer: RatingAnswer };
}

// ---------------------------------------------------------------- submissions

export const Verdict = z.enum(['makes_sense', 'maybe', 'doesnt_make_sense']);
const indexed = <T extends z.ZodType>(v: T) => z.record(z.string().regex(/^\d{1,4}$/), v);

export const RelevanceAnswer = z.object({ answers: indexed(z.boolean()) }).strict();
export const AttributeAnswer = z.union([
  z.object({ uncomfortable: z.literal(true), note: z.string().max(2000).optional() }).strict(),
  z.object({
    verdicts: indexed(Verdict),
    notes: indexed(z.string().max(2000)).optional(),
    missing: z.string().max(4000).optional(),
  }).strict(),
]);
export const RatingAnswer = z.object({ scores: indexed(z.number().int().min(1).max(5)) }).strict();

export type RelevanceAnswer = z.infer<typeof RelevanceAnswer>;
export type AttributeAnswer = z.infer<typeof AttributeAnswer>;
export type RatingAnswer = z.infer<typeof RatingAnswer>;

/** Checks a submission against the item: every row answered, nothing extra. Returns the value to store and its status. */
export function validateSubmission(kind: StudyKind, payload: unknown, body: unknown):
  { ok: true; value: unknown; status: 'done' | 'skipped' } | { ok: false; error: string } {
  const n = rowCount(kind, payload);
  const need = (rec: Record<string, unknown>, what: string): string | undefined => {
    const bad = badKey(rec, n, what);
    if (bad) return bad;
    for (let i = 0; i < n; i++) if (!(String(i) in rec)) return `${what} ${i + 1} is not answered`;
    return undefined;
  };
  const fail = (e: z.ZodError) => ({ ok: false as const, error: e.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ') });
  if (kind === 'relevance') {
    const r = RelevanceAnswer.safeParse(body);
    if (!r.success) return fail(r.error);
    const err = need(r.data.answers, 'attribute');
    return err ? { ok: false, error: err } : { ok: true, value: r.data, status: 'done' };
  }
  if (kind === 'attribute') {
    const r = AttributeAnswer.safeParse(body);
    if (!r.success) return fail(r.error);
    if ('uncomfortable' in r.data) return { ok: true, value: r.data, status: 'skipped' };
    const err = need(r.data.verdicts, 'attribute') ?? (r.data.notes ? extraOnly(r.data.notes, n) : undefined);
    return err ? { ok: false, error: err } : { ok: true, value: r.data, status: 'done' };
  }
  const r = RatingAnswer.safeParse(body);
  if (!r.success) return fail(r.error);
  const err = need(r.data.scores, 'attribute');
  return err ? { ok: false, error: err } : { ok: true, value: r.data, status: 'done' };
}

function extraOnly(rec: Record<string, unknown>, n: number): string | undefined {
  return badKey(rec, n, 'attribute');
}

/** Answer keys are the row numbers as written by String(i), 0..n-1: "00", "+1", "1.0" or " 1" are refused, not stored. */
function badKey(rec: Record<string, unknown>, n: number, what: string): string | undefined {
  const k = Object.keys(rec).find((key) => !/^(0|[1-9]\d*)$/.test(key) || Number(key) >= n);
  if (k === undefined) return undefined;
  return /^(0|[1-9]\d*)$/.test(k) ? `there is no ${what} ${Number(k) + 1}` : `answer key ${JSON.stringify(k)} is not a row number (0..${n - 1})`;
}

function rowCount(kind: StudyKind, payload: unknown): number {
  const p = payload as { attributes?: unknown[] };
  return Array.isArray(p?.attributes) ? p.attributes.length : 0;
}

/** What the annotator is shown for an assignment: stage 3 pairs become A/B in the stored order. */
export function taskView(kind: StudyKind, a: Assignment): TaskView {
  if (kind !== 'rating') return a.item.payload as TaskView;
  const p = a.item.payload as RatingItemPayload;
  const genericFirst = a.pairOrder !== 'personalized_first';
  return {
    kind: 'rating', prompt: p.prompt, attributes: p.attributes,
    responseA: genericFirst ? p.generic : p.personalized,
    responseB: genericFirst ? p.personalized : p.generic,
  };
}

/**
 * A rating as stored is "B compared with A"; the model's Rating is "personalized compared with generic".
 * With the personalized response shown first (as A), the scale flips.
 */
export function personalizedScore(raw: number, order: string | null): number {
  return order === 'personalized_first' ? 6 - raw : raw;
}

// ---------------------------------------------------------------- building studies from a dataset

export interface BuildOptions {
  /** Relevance: which round of labels/votes to take pages from (default: the largest round of labels). */
  round?: string;
  /** At most this many items (after ordering), for a pilot. */
  limit?: number;
  /** How many items become gold items (known majority answer; shown to every annotator). Relevance only. */
  goldItems?: number;
  /** How many attention-check items to add (an instructed answer; shown to every annotator). */
  attentionChecks?: number;
}

export interface BuiltItems {
  items: StudyItemInput[];
  source: Record<string, unknown>;
}

/** The study items a dataset yields for a task kind. */
export function itemsFromDataset(ds: Dataset, kind: StudyKind, opts: BuildOptions = {}): BuiltItems {
  const built = kind === 'relevance' ? relevanceItems(ds, opts) : kind === 'attribute' ? attributeItems(ds) : ratingItems(ds);
  let items = built.items;
  if (opts.limit !== undefined) items = items.slice(0, Math.max(0, opts.limit));
  if (items.length === 0) throw new InvalidArgumentError('--data', `dataset "${ds.name}" yields no ${kind} items: ${whatIsMissing(ds, kind)}`);
  items = withGoldAndChecks(items, kind, opts);
  return { items, source: { dataset: ds.name, format: ds.format, provenance: ds.provenance, ...built.source, ...opts } };
}

/** Says which part of the dataset a kind of study needs and this dataset lacks. */
function whatIsMissing(ds: Dataset, kind: StudyKind): string {
  const n = (x: number, what: string) => `${x} ${x === 1 ? what.replace(/^(\w+)s\b/, '$1') : what}`;
  const file = (f: string) => (ds.format === 'attune' ? ` (${f} is absent or empty)` : '');
  if (kind === 'attribute') {
    const withAttrs = ds.profiles.filter((p) => p.attributes.length > 0);
    if (ds.conversations.length === 0) return `attribute studies show each user's conversations beside their attributes, and it has no conversations${file('conversations.jsonl')}; it has ${n(withAttrs.length, 'profiles with attributes')}`;
    if (withAttrs.length === 0) return `attribute studies need profiles with attributes, and it has none (${n(ds.conversations.length, 'conversations')}, ${n(ds.profiles.length, 'profiles')})`;
    return `no user has both conversations and a profile with attributes (${n(new Set(ds.conversations.map((c) => c.userId)).size, 'users with conversations')}, ${n(withAttrs.length, 'with attributes')}: their user ids do not match)`;
  }
  if (kind === 'relevance') {
    if (ds.prompts.length === 0) return 'relevance studies need prompts, and it has none' + file('prompts.jsonl');
    return `relevance studies need prompts with labels, recorded votes or profiles with attributes, and none of its ${n(ds.prompts.length, 'prompts')} has them`;
  }
  if (ds.responsePairs.length === 0) return 'rating studies need response pairs, and it has none' + file('response_pairs.jsonl');
  return 'rating studies need response pairs whose prompt is in the dataset and which name at least one attribute, and none does';
}

/** Marks the first `goldItems` fully labelled items as gold (relevance only) and appends `attentionChecks` attention items. */
export function withGoldAndChecks(items: StudyItemInput[], kind: StudyKind, opts: Pick<BuildOptions, 'goldItems' | 'attentionChecks'>): StudyItemInput[] {
  if (opts.goldItems) {
    if (kind !== 'relevance') throw new InvalidArgumentError('goldItems', 'gold items need known answers: only relevance studies have them (the dataset\'s majority labels)', opts.goldItems);
    let left = opts.goldItems;
    items = items.map((it) => {
      const meta = it.meta as RelevanceMeta;
      if (left > 0 && meta.gold.every((g) => g !== null)) {
        left--;
        return { ...it, role: 'gold' as ItemRole, meta: { ...meta, expected: Object.fromEntries(meta.gold.map((g, i) => [String(i), g as boolean])) } };
      }
      return it;
    });
  }
  for (let i = 0; i < (opts.attentionChecks ?? 0); i++) items.push(attentionItem(kind, i));
  return items;
}

function relevanceItems(ds: Dataset, opts: BuildOptions): { items: StudyItemInput[]; source: Record<string, unknown> } {
  const prompts = new Map(ds.prompts.map((p) => [p.id, p.text]));
  const roundsOf = (xs: { round?: string | undefined }[]) => {
    const c = new Map<string | undefined, number>();
    for (const x of xs) c.set(x.round, (c.get(x.round) ?? 0) + 1);
    return [...c].sort((a, b) => b[1] - a[1]);
  };
  const labelRounds = roundsOf(ds.labels);
  const round = opts.round ?? labelRounds[0]?.[0] ?? roundsOf(ds.predictions)[0]?.[0];
  // Pages: (user, prompt) -> attributes in the dataset's order; from labels, else recorded votes, else profiles x prompts.
  const pages = new Map<string, { userId: string; promptId: string; attributes: string[] }>();
  const add = (userId: string, promptId: string, attribute: string) => {
    const key = JSON.stringify([userId, promptId]);
    let p = pages.get(key);
    if (!p) pages.set(key, (p = { userId, promptId, attributes: [] }));
    if (!p.attributes.includes(attribute)) p.attributes.push(attribute);
  };
  const labels = ds.labels.filter((l) => l.round === round);
  const preds = ds.predictions.filter((p) => p.round === round);
  if (labels.length) for (const l of labels) add(l.userId, l.promptId, l.attribute);
  else if (preds.length) for (const p of preds) add(p.userId, p.promptId, p.attribute);
  else for (const pr of ds.prompts) for (const prof of ds.profiles) for (const a of prof.attributes) add(prof.userId, pr.id, a.text);

  const gold = new Map(labels.map((l) => [JSON.stringify([l.userId, l.promptId, l.attribute]), l.relevant]));
  const votes = new Map<string, Record<string, boolean>>();
  for (const p of preds) {
    const k = JSON.stringify([p.userId, p.promptId, p.attribute]);
    votes.set(k, { ...(votes.get(k) ?? {}), [p.system]: p.relevant });
  }
  const items: StudyItemInput[] = [];
  for (const page of pages.values()) {
    const text = prompts.get(page.promptId);
    if (text === undefined) continue;
    const keys = page.attributes.map((a) => JSON.stringify([page.userId, page.promptId, a]));
    const meta: RelevanceMeta = {
      userId: page.userId, promptId: page.promptId,
      votes: keys.map((k) => votes.get(k) ?? {}),
      gold: keys.map((k) => gold.get(k) ?? null),
    };
    const payload: RelevancePayload = { kind: 'relevance', prompt: text, attributes: page.attributes };
    items.push({ id: `r${items.length + 1}`, payload, meta });
  }
  return { items, source: { round: round ?? null } };
}

function attributeItems(ds: Dataset): { items: StudyItemInput[]; source: Record<string, unknown> } {
  const byUser = new Map<string, Dataset['conversations']>();
  for (const c of ds.conversations) byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c]);
  const items: StudyItemInput[] = [];
  for (const prof of ds.profiles) {
    const convs = byUser.get(prof.userId) ?? [];
    if (prof.attributes.length === 0 || convs.length === 0) continue;
    const evidence = new Set(prof.attributes.flatMap((a) => a.evidence.map((e) => `${e.conversationId}#${e.turnIndex}`)));
    const payload: AttributePayload = {
      kind: 'attribute',
      conversations: convs.map((c) => ({
        id: c.id,
        turns: c.turns.map((t) => ({ index: t.index, role: t.speaker ?? t.role, text: t.text, evidence: evidence.has(`${c.id}#${t.index}`) })),
      })),
      attributes: prof.attributes.map((a) => ({ text: a.text, reason: a.reason ?? null, evidence: a.evidence })),
    };
    const meta: AttributeMeta = { userId: prof.userId };
    items.push({ id: `a${items.length + 1}`, payload, meta });
  }
  return { items, source: {} };
}

function ratingItems(ds: Dataset): { items: StudyItemInput[]; source: Record<string, unknown> } {
  const prompts = new Map(ds.prompts.map((p) => [p.id, p.text]));
  const items: StudyItemInput[] = [];
  for (const pair of ds.responsePairs) {
    const text = prompts.get(pair.promptId);
    if (text === undefined) continue;
    const marked = pair.attributes.filter((a) => a.relevant === true);
    const attributes = (marked.length ? marked : pair.attributes.filter((a) => a.relevant !== false)).map((a) => a.text);
    if (attributes.length === 0) continue;
    const payload: RatingItemPayload = { kind: 'rating', prompt: text, generic: pair.generic, personalized: pair.personalized, attributes };
    const meta: RatingMeta = { pairId: pair.id, userId: pair.userId, promptId: pair.promptId, generator: pair.generator };
    items.push({ id: `p${items.length + 1}`, payload, meta });
  }
  return { items, source: {} };
}

/** An item whose text tells the annotator what to answer: people who skim fail it. */
export function attentionItem(kind: StudyKind, i: number): StudyItemInput {
  const id = `check${i + 1}`;
  if (kind === 'relevance') {
    const payload: RelevancePayload = {
      kind: 'relevance',
      prompt: 'This page checks attention. Please answer YES for the first line and NO for the second line, whatever you think of them.',
      attributes: ['Attention check: answer YES here.', 'Attention check: answer NO here.'],
    };
    return { id, role: 'attention', payload, meta: { userId: '', promptId: '', votes: [{}, {}], gold: [null, null], expected: { 0: true, 1: false } } };
  }
  if (kind === 'attribute') {
    const payload: AttributePayload = {
      kind: 'attribute',
      conversations: [{ id: 'check', turns: [{ index: 0, role: 'user', evidence: true, text: 'This conversation checks attention. For the first attribute choose "Makes sense"; for the second choose "Doesn\'t make sense".' }] }],
      attributes: [
        { text: 'Attention check: choose "Makes sense".', reason: null, evidence: [] },
        { text: 'Attention check: choose "Doesn\'t make sense".', reason: null, evidence: [] },
      ],
    };
    return { id, role: 'attention', payload, meta: { userId: '', expected: { 0: 'makes_sense', 1: 'doesnt_make_sense' } } };
  }
  const payload: RatingItemPayload = {
    kind: 'rating',
    prompt: 'This page checks attention: the two responses are the same. Please choose "No difference" (3).',
    generic: 'The two responses on this page are identical.',
    personalized: 'The two responses on this page are identical.',
    attributes: ['Attention check: choose "No difference".'],
  };
  return { id, role: 'attention', payload, meta: { pairId: id, userId: '', promptId: '', generator: '', expected: { 0: 3 } } };
}

/** Whether a stored answer matches an item's expected answer (gold or attention); undefined when nothing is expected. */
export function matchesExpected(kind: StudyKind, meta: unknown, value: unknown): boolean | undefined {
  const expected = (meta as { expected?: Record<string, unknown> } | null)?.expected;
  if (!expected) return undefined;
  const v = value as { answers?: Record<string, unknown>; verdicts?: Record<string, unknown>; scores?: Record<string, unknown> };
  const got = kind === 'relevance' ? v.answers : kind === 'attribute' ? v.verdicts : v.scores;
  if (!got) return false;
  return Object.entries(expected).every(([k, e]) => got[k] === e);
}
