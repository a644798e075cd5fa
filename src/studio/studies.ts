import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { NativeSql } from '../store/native-sql.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { AnnotatorsTable, StudiesTable } from '../store/studio-schema.js';
import { normalizeAnnotatorName } from './names.js';
import { STUDY_CACHE_MS, annotatorFromRow, itemFromRow, sign, studyFromRow, SPECIALS_SQL } from './rows.js';
import type { StudyInfo } from './rows.js';
import { StudyError } from './types.js';
import type { Annotator, AssignmentStatus, Identity, ItemRole, NewStudy, PairOrderValue, Progress, Study, StudyItem, StudyJudgment } from './types.js';

type Db = Kysely<Database>;

/** Names and ids of annotators: no control characters and no bidirectional-text controls. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const UNSAFE_ID = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * The studio's records: studies and their items, annotators and their tokens, what annotators did, and the
 * judgments read back. Assigning items and recording answers is StudioStore's job (assignment.ts), built on this.
 */
export class StudyRegistry {
  readonly db: Db;
  protected readonly sql: NativeSql;
  protected readonly studies = new Map<string, StudyInfo>();
  private readonly annotators = new Map<string, { annotator: Annotator; readAt: number }>();

  constructor(readonly store: Store) {
    this.db = store.db;
    if (!store.native) throw new Error('the studio needs a store opened with openStore (it runs prepared statements on its connections)');
    this.sql = store.native;
  }

  // ---------------------------------------------------------------- studies

  async createStudy(s: NewStudy): Promise<Study> {
    if (!s.name) throw new StudyError('a study needs a name', 'invalid');
    if (!Number.isInteger(s.k) || s.k < 1) throw new StudyError(`k must be a positive integer, got ${s.k}`, 'invalid');
    if (s.items.length === 0) throw new StudyError(`study "${s.name}" has no items`, 'invalid');
    const ids = new Set<string>();
    for (const it of s.items) {
      if (!it.id || ids.has(it.id)) throw new StudyError(`item ids must be unique and non-empty (${JSON.stringify(it.id)})`, 'invalid');
      ids.add(it.id);
    }
    const study: Study = {
      id: randomUUID(),
      name: s.name,
      kind: s.kind,
      k: s.k,
      perAnnotator: s.perAnnotator ?? null,
      completionCode: s.completionCode ?? randomBytes(4).toString('hex').toUpperCase(),
      source: s.source ?? {},
      createdAt: new Date().toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('studies').select('id').where('name', '=', s.name).executeTakeFirst();
      if (existing) throw new StudyError(`a study named "${s.name}" exists`, 'exists');
      await trx.insertInto('studies').values({
        id: study.id, name: study.name, kind: study.kind, k: study.k, per_annotator: study.perAnnotator,
        completion_code: study.completionCode, secret: randomBytes(32).toString('hex'), source: JSON.stringify(study.source),
        created_at: study.createdAt,
      }).execute();
      const rows = s.items.map((it, ord) => ({
        study_id: study.id, id: it.id, ord, role: it.role ?? 'regular',
        payload: JSON.stringify(it.payload ?? null), meta: JSON.stringify(it.meta ?? null),
      }));
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto('study_items').values(rows.slice(i, i + 500)).execute();
    });
    return study;
  }

  async getStudy(idOrName: string): Promise<Study | undefined> {
    const cached = this.cached(idOrName);
    if (cached) return cached.study;
    const [r] = await this.sql.all<StudiesTable>('select * from studies where id = ? or name = ? limit 1', [idOrName, idOrName]);
    return r ? studyFromRow(r) : undefined;
  }

  /**
   * A study's settings and its gold/attention item ids, read at most every STUDY_CACHE_MS: a study's settings
   * never change and its items are only ever removed (forgetting a user), so a request in between reads nothing.
   */
  protected async studyInfo(studyId: string): Promise<StudyInfo | undefined> {
    const cached = this.cached(studyId);
    if (cached) return cached;
    const [r] = await this.sql.all<StudiesTable>('select * from studies where id = ?', [studyId]);
    if (!r) return undefined;
    const specials = (await this.sql.all<{ id: string }>(SPECIALS_SQL, [studyId])).map((x) => x.id);
    const info: StudyInfo = { study: studyFromRow(r), secret: r.secret, specials, readAt: Date.now() };
    this.studies.set(studyId, info);
    return info;
  }

  private cached(studyId: string): StudyInfo | undefined {
    const c = this.studies.get(studyId);
    if (c && Date.now() - c.readAt < STUDY_CACHE_MS) return c;
    if (c) this.studies.delete(studyId);
    return undefined;
  }

  async listStudies(): Promise<Study[]> {
    const rows = await this.db.selectFrom('studies').selectAll().orderBy('created_at').execute();
    return rows.map(studyFromRow);
  }

  async listItems(studyId: string): Promise<StudyItem[]> {
    const rows = await this.db.selectFrom('study_items').selectAll().where('study_id', '=', studyId).orderBy('ord').execute();
    return rows.map(itemFromRow);
  }

  // ---------------------------------------------------------------- annotators and their tokens

  /** Finds or creates the annotator with this identity; the same PID or name always returns the same annotator. */
  async enter(studyId: string, who: Identity): Promise<Annotator> {
    return (await this.enterNew(studyId, who)).annotator;
  }

  /** The annotator of this study with this PID or name, if any. */
  async findAnnotator(studyId: string, externalId: string): Promise<Annotator | undefined> {
    const n = normalizeAnnotatorName(externalId);
    if (!n.ok) return undefined;
    const r = await this.db.selectFrom('annotators').selectAll().where('study_id', '=', studyId).where('external_id', '=', n.name).executeTakeFirst();
    return r ? annotatorFromRow(r) : undefined;
  }

  /**
   * Like enter, and says whether this call created the annotator: of two first entries racing with one name,
   * exactly one is `created` (the server hands a token only to that one, or to whoever proves they hold it).
   */
  async enterNew(studyId: string, who: Identity): Promise<{ annotator: Annotator; created: boolean }> {
    // Lookalike names (zero-width characters, Cyrillic letters, fullwidth forms) are one name: see studio-names.ts.
    const n = normalizeAnnotatorName(who.externalId);
    if (!n.ok) throw new StudyError(n.error, 'invalid');
    const externalId = n.name;
    if (!externalId || externalId.length > 200) throw new StudyError('an annotator needs an id of 1-200 characters', 'invalid');
    if (UNSAFE_ID.test(externalId)) throw new StudyError('an annotator id cannot hold control or text-direction characters', 'invalid');
    const find = () => this.db.selectFrom('annotators').selectAll().where('study_id', '=', studyId).where('external_id', '=', externalId).executeTakeFirst();
    let row = await find();
    let created = false;
    if (!row) {
      created = (await this.db.insertInto('annotators').values({
        id: randomUUID(), study_id: studyId, external_id: externalId, source: who.source,
        prolific_study_id: who.prolificStudyId ?? null, session_id: who.sessionId ?? null,
        created_at: new Date().toISOString(), completed_at: null,
      }).onConflict((oc) => oc.columns(['study_id', 'external_id']).doNothing()).returning('id').executeTakeFirst()) !== undefined;
      row = await find();
    }
    if (!row) throw new Error('annotator vanished after insert');
    if (row.source !== who.source) throw new StudyError(`"${externalId}" is taken in this study`, 'conflict');
    return { annotator: annotatorFromRow(row), created };
  }

  async getAnnotator(id: string): Promise<Annotator | undefined> {
    const r = await this.db.selectFrom('annotators').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? annotatorFromRow(r) : undefined;
  }

  async listAnnotators(studyId: string): Promise<Annotator[]> {
    const rows = await this.db.selectFrom('annotators').selectAll().where('study_id', '=', studyId).orderBy('created_at').orderBy('id').execute();
    return rows.map(annotatorFromRow);
  }

  /** A bearer token for an annotator: `${annotatorId}.${hmac}` signed with the study's secret. */
  async tokenFor(annotator: Annotator): Promise<string> {
    const secret = await this.secret(annotator.studyId);
    return `${annotator.id}.${sign(secret, annotator.id)}`;
  }

  /** The annotator a token belongs to, if it is valid for this study. */
  async verifyToken(studyId: string, token: string | undefined): Promise<Annotator | undefined> {
    if (!token) return undefined;
    const dot = token.indexOf('.');
    if (dot <= 0) return undefined;
    const id = token.slice(0, dot);
    const mac = Buffer.from(token.slice(dot + 1));
    const info = await this.studyInfo(studyId);
    if (!info) return undefined;
    const want = Buffer.from(sign(info.secret, id));
    if (mac.length !== want.length || !timingSafeEqual(mac, want)) return undefined;
    const hit = this.annotators.get(id);
    if (hit && hit.annotator.studyId === studyId && Date.now() - hit.readAt < STUDY_CACHE_MS) return hit.annotator;
    const [r] = await this.sql.all<AnnotatorsTable>('select * from annotators where id = ? and study_id = ?', [id, studyId]);
    if (!r) return undefined;
    // Who a token names never changes; only completedAt does, which nothing behind a token reads.
    if (this.annotators.size > 10_000) this.annotators.clear();
    const annotator = annotatorFromRow(r);
    this.annotators.set(id, { annotator, readAt: Date.now() });
    return annotator;
  }

  private async secret(studyId: string): Promise<string> {
    const r = await this.db.selectFrom('studies').select('secret').where('id', '=', studyId).executeTakeFirst();
    return r?.secret ?? '';
  }

  /**
   * The annotator's finished assignments: each one's item role and status, with the hidden meta and the answer of
   * attention items (what the completion check reads).
   */
  async annotatorWork(annotatorId: string): Promise<{ role: ItemRole; status: AssignmentStatus; meta?: unknown; value?: unknown }[]> {
    const rows = await this.sql.all<{ role: string; status: string; meta: string | null; value: string | null }>(
      `select i.role, a.status, case when i.role = 'attention' then i.meta end as meta, case when i.role = 'attention' then j.value end as value
       from assignments a join study_items i on i.study_id = a.study_id and i.id = a.item_id
       join annotators p on p.id = a.annotator_id join studies s on s.id = a.study_id
       left join judgments j on j.annotator = p.external_id and j.kind = s.kind and j.study_id = a.study_id and j.item_key = a.study_id || '/' || a.item_id
       where a.annotator_id = ? and a.status <> 'assigned'`, [annotatorId]);
    return rows.map((r) => ({
      role: r.role as ItemRole, status: r.status as AssignmentStatus,
      ...(r.meta !== null ? { meta: JSON.parse(r.meta) as unknown } : {}), ...(r.value !== null ? { value: JSON.parse(r.value) as unknown } : {}),
    }));
  }

  /**
   * Items the annotator may still be given: gold and attention items they did not have, and regular items they did
   * not have that fewer than k hold. With what they did and hold, the honest upper bound of their work.
   */
  async openItemsFor(studyId: string, annotatorId: string, k: number): Promise<number> {
    const [r] = await this.sql.all<{ n: number | string }>(
      `select count(*) as n from study_items i where i.study_id = ? and (i.role <> 'regular' or i.fill < ?)
       and not exists (select 1 from assignments m where m.annotator_id = ? and m.item_id = i.id)`, [studyId, k, annotatorId]);
    return Number(r?.n ?? 0);
  }

  /** Replaces a study's `source` (its launch settings live there); the cached copy is dropped. */
  async setStudySource(studyId: string, source: Record<string, unknown>): Promise<void> {
    await this.db.updateTable('studies').set({ source: JSON.stringify(source) }).where('id', '=', studyId).execute();
    this.studies.delete(studyId);
  }

  /** Counts of the annotator's assignments, for the progress bar. */
  async annotatorProgress(studyId: string, annotatorId: string): Promise<Progress> {
    const [r] = await this.sql.all<{ done: number | string | null; assigned: number | string | null; per_annotator: number | null; specials: number | string }>(
      `select (select count(*) from assignments where annotator_id = ? and study_id = ? and status <> 'assigned') as done,
              (select count(*) from assignments where annotator_id = ? and study_id = ? and status = 'assigned') as assigned,
              s.per_annotator, (select count(*) from study_items where study_id = s.id and role in ('gold', 'attention')) as specials
       from studies s where s.id = ?`, [annotatorId, studyId, annotatorId, studyId, studyId]);
    const quota = r?.per_annotator ? Number(r.per_annotator) : null;
    return { done: Number(r?.done ?? 0), assigned: Number(r?.assigned ?? 0), total: quota ? quota + Number(r!.specials) : null };
  }

  // ---------------------------------------------------------------- reading back

  /** Every submitted judgment of the study with its assignment (order shown, timing) and item role. */
  async studyJudgments(studyId: string): Promise<StudyJudgment[]> {
    const rows = await this.db.selectFrom('assignments as a')
      .innerJoin('annotators as p', 'p.id', 'a.annotator_id')
      .innerJoin('study_items as i', (j) => j.onRef('i.study_id', '=', 'a.study_id').onRef('i.id', '=', 'a.item_id'))
      .innerJoin('studies as s', 's.id', 'a.study_id')
      .innerJoin('judgments as j', (j) => j.onRef('j.annotator', '=', 'p.external_id').onRef('j.study_id', '=', 'a.study_id')
        .onRef('j.kind', '=', 's.kind').on('j.item_key', '=', sql<string>`${studyId} || '/' || ${sql.ref('a.item_id')}`))
      .select(['j.id as jid', 'p.external_id', 'p.id as pid', 'a.item_id', 'i.role', 'i.ord', 'a.status', 'a.pair_order', 'j.value', 'a.assigned_at', 'j.created_at'])
      .where('a.study_id', '=', studyId).where('a.status', '!=', 'assigned')
      .orderBy('i.ord').orderBy('j.created_at').orderBy('j.id').execute();
    return rows.map((r) => ({
      judgmentId: r.jid, annotator: r.external_id, annotatorId: r.pid, itemId: r.item_id, role: r.role as ItemRole,
      status: r.status as AssignmentStatus, pairOrder: r.pair_order as PairOrderValue | null, value: JSON.parse(r.value) as unknown,
      assignedAt: r.assigned_at, submittedAt: r.created_at,
    }));
  }

  /**
   * A value that changes whenever what the admin page shows of the study changes: judgments written or
   * updated, assignments made, finished or released, annotators entering or completing. Aggregates over the
   * study's indexes: far cheaper than reading the study back.
   */
  async studyVersion(studyId: string): Promise<string> {
    const [r] = await this.sql.all(`select (select count(*) from judgments where study_id = ?) as j, (select max(updated_at) from judgments where study_id = ?) as ju,
      (select count(*) from assignments where study_id = ?) as a, (select max(assigned_at) from assignments where study_id = ?) as aa,
      (select max(completed_at) from assignments where study_id = ?) as ac,
      (select count(*) from annotators where study_id = ?) as p, (select max(completed_at) from annotators where study_id = ?) as pc`, Array(7).fill(studyId));
    return JSON.stringify(Object.values(r ?? {}).map(String));
  }

  async assignmentCounts(studyId: string): Promise<{ itemId: string; status: AssignmentStatus; n: number }[]> {
    const rows = await this.db.selectFrom('assignments').select(['item_id', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('study_id', '=', studyId).groupBy(['item_id', 'status']).execute();
    return rows.map((r) => ({ itemId: r.item_id, status: r.status as AssignmentStatus, n: Number(r.n) }));
  }
}
