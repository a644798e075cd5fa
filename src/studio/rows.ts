import { createHmac } from 'node:crypto';
import type { AnnotatorsTable, StudiesTable, StudyItemsTable } from '../store/studio-schema.js';
import type { Annotator, Assignment, AssignmentStatus, ItemRole, PairOrderValue, Progress, StudyItem, StudyKind, Study, SubmitOptions } from './types.js';

/** The studio's SQL statements, its row shapes and their mapping to the studio's records. */
/** How long a study's settings and special items are reused before they are read again. */
export const STUDY_CACHE_MS = 2000;
/** Requests whose lease cutoffs are this close (at most a tenth of the lease) share one sweep. */
export const SWEEP_EVERY_MS = 500;

export interface StudyInfo {
  study: Study;
  secret: string;
  specials: string[];
  readAt: number;
}

/** What attune_studio_answer returns (migration 0007). */
export interface AnswerRow {
  outcome: 'created' | 'duplicate' | 'conflict' | 'slow';
  judgment_id: string | null;
  next_state: 'assigned' | 'slow';
  done: string | number | null;
  assigned: string | number | null;
  next_seq: number | null;
  item_id: string | null;
  ord: number | null;
  role: string | null;
  payload: string | null;
  meta: string | null;
}

export interface RecordOptions {
  value: unknown;
  status: 'done' | 'skipped';
  now: string;
  /** Every lapsed lease was swept just before. */
  swept: boolean;
  check?: SubmitOptions['check'];
}

export interface NextContext {
  info: StudyInfo;
  at: string;
  random: () => number;
  spacing?: number;
}

export type TallyRow = { done: number | string | null; assigned: number | string | null; max_seq: number | string | null };

export function tallyOf(r: TallyRow | undefined): Tally {
  return { done: Number(r?.done ?? 0), assigned: Number(r?.assigned ?? 0), maxSeq: r?.max_seq === null || r?.max_seq === undefined ? -1 : Number(r.max_seq) };
}

/** An annotator's assignments, counted. */
export interface Tally {
  done: number;
  assigned: number;
  maxSeq: number;
}

export function progressOf(t: Tally, quota: number | null, specials: readonly string[]): Progress {
  return { done: t.done, assigned: t.assigned, total: quota ? quota + specials.length : null };
}

/** An assignment of the annotator's, as read or written by current(); role from its item. */
export interface MineRow {
  id: string;
  item_id: string;
  seq: number;
  status: string;
  pair_order: string | null;
  assigned_at: string;
  completed_at: string | null;
  counted: number;
  role: string;
}
export type ItemRow = Pick<StudyItemsTable, 'id' | 'ord' | 'role' | 'payload' | 'meta'>;

export const ITEM_COLUMNS = 'id, ord, role, payload, meta';
/**
 * What current() decides on, in one statement: the annotator's counts (in the database, not row by row in
 * JavaScript: an annotator far into a study has hundreds of rows) beside their first unfinished assignment and its
 * item, if any (parameters: annotator id twice).
 */
export const CURRENT_SQL = `select t.done, t.assigned, t.max_seq, o.* from
  (select sum(case when status <> 'assigned' then 1 else 0 end) as done, sum(case when status = 'assigned' then 1 else 0 end) as assigned,
    max(seq) as max_seq from assignments where annotator_id = ?) t
  left join (select a.id, a.item_id, a.seq, a.status, a.pair_order, a.assigned_at, a.completed_at, a.counted, i.ord, i.role, i.payload, i.meta
    from assignments a join study_items i on i.study_id = a.study_id and i.id = a.item_id
    where a.annotator_id = ? and a.status = 'assigned' order by a.seq limit 1) o on 1 = 1`;
export const JUDGMENT_INSERT_SQL = `insert into judgments (id, study_id, annotator, kind, item_key, value, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (annotator, kind, item_key) do nothing returning id`;
export const FINISH_SQL = 'update assignments set status = ?, completed_at = ?, counted = ? where id = ?';
export const SPECIALS_HAD_SQL = `select a.item_id from assignments a join study_items i on i.study_id = a.study_id and i.id = a.item_id
  where a.annotator_id = ? and i.role <> 'regular'`;
export const ASSIGN_SQLITE_SQL = `insert into assignments (id, study_id, item_id, annotator_id, seq, status, pair_order, assigned_at, leased_at, completed_at, counted)
  values (?, ?, ?, ?, ?, 'assigned', ?, ?, ?, null, 1)`;
/** Inside `with c as (claim ...)`: assigns the claimed item (parameters: id, study, annotator, seq, pair order, at, at). */
export const ASSIGN_PG_SQL = `insert into assignments (id, study_id, item_id, annotator_id, seq, status, pair_order, assigned_at, leased_at, completed_at, counted)
  select ?::text, ?::text, c.id, ?::text, ?::integer, 'assigned', ?::text, ?::text, ?::text, null, 1 from c returning id`;
export const SPECIALS_SQL = "select id from study_items where study_id = ? and role in ('gold', 'attention') order by ord";
export const CLAIM_SPECIAL_SQL = `update study_items set fill = fill + 1 where study_id = ? and id = ? returning ${ITEM_COLUMNS}`;
/** The fullest regular item with room that this annotator never had, taken in one guarded update; the caller closes the subquery. */
export const CLAIM_REGULAR_SQL = `update study_items set fill = fill + 1 where study_id = ? and id = (
  select i.id from study_items i where i.study_id = ? and i.role = 'regular' and i.fill < ?
    and not exists (select 1 from assignments m where m.annotator_id = ? and m.item_id = i.id)
  order by i.fill desc, i.ord limit 1`;
/** Counted open assignments whose lease ran out (parameters: study id, lease cutoff); `a` prefixes the columns. */
export const lapsed = (a = '') => `${a}study_id = ? and ${a}status = 'assigned' and ${a}counted = 1 and ${a}leased_at <= ?`;

export function assignmentFrom(r: MineRow, studyId: string, annotatorId: string, item: ItemRow): Assignment {
  return {
    id: r.id, studyId, annotatorId, itemId: r.item_id, seq: Number(r.seq), status: r.status as AssignmentStatus,
    pairOrder: r.pair_order as PairOrderValue | null, assignedAt: r.assigned_at, completedAt: r.completed_at, item: itemFromRow(item),
  };
}

export function sign(secret: string, id: string): string {
  return createHmac('sha256', secret).update(id).digest('base64url');
}

export function studyFromRow(r: StudiesTable): Study {
  return {
    id: r.id, name: r.name, kind: r.kind as StudyKind, k: Number(r.k), perAnnotator: r.per_annotator === null ? null : Number(r.per_annotator),
    completionCode: r.completion_code, source: JSON.parse(r.source) as Record<string, unknown>, createdAt: r.created_at,
  };
}

export function itemFromRow(r: Pick<StudyItemsTable, 'id' | 'ord' | 'role' | 'payload' | 'meta'>): StudyItem {
  return { id: r.id, ord: Number(r.ord), role: r.role as ItemRole, payload: JSON.parse(r.payload) as unknown, meta: JSON.parse(r.meta) as unknown };
}

export function annotatorFromRow(r: AnnotatorsTable): Annotator {
  return {
    id: r.id, studyId: r.study_id, externalId: r.external_id, source: r.source as 'prolific' | 'name',
    prolificStudyId: r.prolific_study_id, sessionId: r.session_id, createdAt: r.created_at, completedAt: r.completed_at,
  };
}
