import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Dataset, Prediction } from '../model/index.js';
import { DATASET_CHILD_TABLES } from './schema.js';
import type { Database, DatasetChildTable, PredictionsTable } from './schema.js';

/** The store's rows: a dataset as rows of its child tables, predictions read back, stored keys and values encoded. */

export type Db = Kysely<Database> | Transaction<Database>;

export function insertInto<T extends keyof Database>(db: Db, table: T, rows: readonly Insertable<Database[T]>[]) {
  // The cast keeps kysely's per-table typing out of a generic helper; rows are typed at the call sites.
  return (db as Kysely<Database>).insertInto(table as 'predictions').values(rows as Insertable<PredictionsTable>[]);
}

export async function deleteDatasetRows(db: Db, id: string): Promise<void> {
  // Explicit deletes (not only ON DELETE CASCADE): a connection without SQLite's foreign_keys pragma stays correct.
  for (const table of DATASET_CHILD_TABLES) await db.deleteFrom(table).where('dataset_id', '=', id).execute();
  await db.deleteFrom('datasets').where('id', '=', id).execute();
}

export type ChildRows = { [T in DatasetChildTable]: [T, Insertable<Database[T]>[]] }[DatasetChildTable];

/** A dataset's arrays as rows of the child tables. Every row lists every column (null, never undefined). */
export function datasetRows(id: string, d: Dataset): ChildRows[] {
  return [
    ['conversations', (d.conversations ?? []).map((c, ord) => ({
      dataset_id: id, ord, id: c.id, user_id: c.userId, source: c.source ?? null, started_at: c.startedAt ?? null,
      turns: JSON.stringify(c.turns ?? []),
    }))],
    ['profiles', (d.profiles ?? []).map((p, ord) => ({ dataset_id: id, ord, user_id: p.userId }))],
    ['attributes', (d.profiles ?? []).flatMap((p) => (p.attributes ?? []).map((a, ord) => ({
      dataset_id: id, user_id: p.userId, ord, text: a.text, reason: a.reason ?? null, confidence: num(a.confidence),
      evidence: JSON.stringify(a.evidence ?? []), source: a.source ?? null, members: JSON.stringify(a.members ?? []),
    })))],
    ['prompts', (d.prompts ?? []).map((p, ord) => ({ dataset_id: id, ord, id: p.id, text: p.text }))],
    ['gold_attributes', (d.goldAttributes ?? []).map((g, ord) => ({
      dataset_id: id, ord, user_id: g.userId, conversation_id: g.conversationId ?? null, text: g.text, category: g.category ?? null,
    }))],
    ['labels', (d.labels ?? []).map((l, ord) => ({
      dataset_id: id, ord, user_id: l.userId, prompt_id: l.promptId, attribute: l.attribute,
      relevant: toBool(l.relevant, 'label.relevant'), yes_rate: num(l.yesRate), n_annotators: num(l.nAnnotators),
      split: l.split ?? null, round: l.round ?? null,
    }))],
    ['annotations', (d.annotations ?? []).map((a, ord) => ({
      dataset_id: id, ord, user_id: a.userId, prompt_id: a.promptId, attribute: a.attribute, annotator: a.annotator,
      relevant: toBool(a.relevant, 'annotation.relevant'), grade: a.grade ?? null, round: a.round ?? null,
    }))],
    ['dataset_predictions', (d.predictions ?? []).map((p, ord) => ({
      dataset_id: id, ord, user_id: p.userId, prompt_id: p.promptId, attribute: p.attribute, system: p.system,
      relevant: toBool(p.relevant, 'prediction.relevant'), score: num(p.score), raw_answer: p.rawAnswer ?? null,
      output: p.output ?? null, round: p.round ?? null,
    }))],
    ['responses', (d.responses ?? []).map((r, ord) => ({
      dataset_id: id, ord, user_id: r.userId, prompt_id: r.promptId, generator: r.generator, mode: r.mode, text: r.text,
      attributes: JSON.stringify(r.attributes ?? []),
    }))],
    ['response_pairs', (d.responsePairs ?? []).map((p, ord) => ({
      dataset_id: id, ord, id: p.id, user_id: p.userId, prompt_id: p.promptId, generator: p.generator, generic: p.generic,
      personalized: p.personalized, attributes: JSON.stringify(p.attributes ?? []),
    }))],
    ['ratings', (d.ratings ?? []).map((r, ord) => ({
      dataset_id: id, ord, rater: r.rater, rater_kind: r.raterKind ?? 'human', pair_id: r.pairId, attribute: r.attribute,
      score: r.score, pair_order: r.order ?? null,
    }))],
    ['attribute_judgments', (d.attributeJudgments ?? []).map((j, ord) => ({
      dataset_id: id, ord, annotator: j.annotator, user_id: j.userId, attribute: j.attribute, verdict: j.verdict,
      failure_mode: j.failureMode ?? null, note: j.note ?? null,
    }))],
  ];
}

export type PredictionRow = Pick<PredictionsTable, 'user_id' | 'prompt_id' | 'attribute' | 'system' | 'relevant' | 'score' | 'raw_answer' | 'output' | 'round'>;

export function predictionFromRow(r: PredictionRow): Prediction {
  return compact({
    userId: r.user_id, promptId: r.prompt_id, attribute: r.attribute, system: r.system, relevant: fromBool(r.relevant),
    score: opt(r.score), rawAnswer: opt(r.raw_answer), output: opt(r.output), round: opt(r.round),
  });
}

/**
 * Item keys are usually built with the model's `pairKey`, which joins with NUL, and Postgres text cannot hold NUL
 * (SQLite's string functions stop at it). Keys are stored with a prefix-free escape, so prefix search still works:
 * NUL -> US '0', US -> US '1' (US = U+001F, the unit separator).
 */
export const NUL = String.fromCharCode(0);
export const US = String.fromCharCode(0x1f);

export function encodeKey(key: string): string {
  if (!key.includes(NUL) && !key.includes(US)) return key;
  return key.split(US).join(`${US}1`).split(NUL).join(`${US}0`);
}

export function decodeKey(stored: string): string {
  if (!stored.includes(US)) return stored;
  let out = '';
  for (let i = 0; i < stored.length; i++) {
    const c = stored[i]!;
    if (c === US) out += stored[++i] === '0' ? NUL : US;
    else out += c;
  }
  return out;
}

/** Booleans are stored as 0/1; anything but a boolean is a caller's bug, not a value to coerce. */
export function toBool(v: unknown, field: string): 0 | 1 {
  if (typeof v !== 'boolean') throw new TypeError(`${field} must be a boolean, got ${JSON.stringify(v)}`);
  return v ? 1 : 0;
}

export function fromBool(v: number | string | boolean): boolean {
  return v === true || Number(v) === 1;
}

export function num(v: number | undefined | null): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`expected a number, got ${JSON.stringify(v)}`);
  return v;
}

/** SQL null -> absent; numbers come back as numbers on both backends (pg returns float8/int4 as numbers). */
export function opt<T>(v: T | null): T | undefined {
  return v === null ? undefined : v;
}

/** Drops keys whose value is undefined, so loaded records equal what was saved. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
