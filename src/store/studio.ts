import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { JudgmentKind, Store } from './store.js';

/**
 * The annotation studio's persistence: studies, items, annotators and assignments (migration 0002), and the
 * judgments they produce (the store's `judgments` table: study_id set, item_key `${studyId}/${itemId}`, annotator
 * = the annotator's external id). Every write that must not be half-done runs in one transaction, and a call
 * returns only after its transaction committed.
 */

export type StudyKind = JudgmentKind;
export type ItemRole = 'regular' | 'gold' | 'attention';
export type AssignmentStatus = 'assigned' | 'done' | 'skipped';
export type PairOrderValue = 'generic_first' | 'personalized_first';

export interface StudiesTable {
  id: string;
  name: string;
  kind: string;
  k: number;
  per_annotator: number | null;
  completion_code: string;
  secret: string;
  source: string;
  created_at: string;
}
export interface StudyItemsTable {
  study_id: string;
  id: string;
  ord: number;
  role: string;
  payload: string;
  meta: string;
}
export interface AnnotatorsTable {
  id: string;
  study_id: string;
  external_id: string;
  source: string;
  prolific_study_id: string | null;
  session_id: string | null;
  created_at: string;
  completed_at: string | null;
}
export interface AssignmentsTable {
  id: string;
  study_id: string;
  item_id: string;
  annotator_id: string;
  seq: number;
  status: string;
  pair_order: string | null;
  assigned_at: string;
  /** Last renewal of the lease (migration 0005); null: the lease runs from assigned_at. */
  leased_at: string | null;
  completed_at: string | null;
}
export type StudioTables = {
  studies: StudiesTable;
  study_items: StudyItemsTable;
  annotators: AnnotatorsTable;
  assignments: AssignmentsTable;
};
type Db = Kysely<Database & StudioTables>;

export interface Study {
  id: string;
  name: string;
  kind: StudyKind;
  k: number;
  perAnnotator: number | null;
  completionCode: string;
  source: Record<string, unknown>;
  createdAt: string;
}

export interface StudyItemInput {
  id: string;
  role?: ItemRole;
  /** What the annotator sees. */
  payload: unknown;
  /** What only the server knows (ids for export, system votes, expected answers). */
  meta?: unknown;
}

export interface StudyItem {
  id: string;
  ord: number;
  role: ItemRole;
  payload: unknown;
  meta: unknown;
}

export interface NewStudy {
  name: string;
  kind: StudyKind;
  k: number;
  perAnnotator?: number | null;
  completionCode?: string;
  source?: Record<string, unknown>;
  items: StudyItemInput[];
}

export interface Identity {
  source: 'prolific' | 'name';
  externalId: string;
  prolificStudyId?: string;
  sessionId?: string;
}

export interface Annotator {
  id: string;
  studyId: string;
  externalId: string;
  source: 'prolific' | 'name';
  prolificStudyId: string | null;
  sessionId: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface Assignment {
  id: string;
  studyId: string;
  annotatorId: string;
  itemId: string;
  seq: number;
  status: AssignmentStatus;
  pairOrder: PairOrderValue | null;
  assignedAt: string;
  completedAt: string | null;
  item: StudyItem;
}

export interface NextOptions {
  /** An assignment not finished within this time no longer holds its item's slot (default 1 h). */
  leaseMs?: number;
  /** Regular items between two gold/attention items (default: spread them over perAnnotator, else 5). */
  spacing?: number;
  random?: () => number;
  now?: Date;
}

export type SubmitResult =
  | { status: 'created'; judgmentId: string }
  /** The lease ran out and k other annotators hold or answered the item: refused, and the assignment released. */
  | { status: 'expired' }
  | { status: 'duplicate'; judgmentId: string }
  | { status: 'conflict'; judgmentId: string }
  | { status: 'not_found' };

export interface StudyJudgment {
  judgmentId: string;
  annotator: string;
  annotatorId: string;
  itemId: string;
  role: ItemRole;
  status: AssignmentStatus;
  pairOrder: PairOrderValue | null;
  value: unknown;
  assignedAt: string;
  submittedAt: string;
}

export class StudyError extends Error {
  constructor(
    message: string,
    readonly code: 'exists' | 'invalid' | 'conflict',
  ) {
    super(message);
  }
}

/** An open page renews its lease (every minute, see studio/annotate.ts); an abandoned one frees its slot after this. */
export const DEFAULT_LEASE_MS = 5 * 60 * 1000;

/** Names and ids of annotators: no control characters and no bidirectional-text controls. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const UNSAFE_ID = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function judgmentItemKey(studyId: string, itemId: string): string {
  return `${studyId}/${itemId}`;
}

export class StudioStore {
  readonly db: Db;

  constructor(readonly store: Store) {
    this.db = store.db.withTables<StudioTables>();
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
    const r = await this.db.selectFrom('studies').selectAll().where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)])).executeTakeFirst();
    return r ? studyFromRow(r) : undefined;
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
    const r = await this.db.selectFrom('annotators').selectAll().where('study_id', '=', studyId).where('external_id', '=', externalId.trim()).executeTakeFirst();
    return r ? annotatorFromRow(r) : undefined;
  }

  /**
   * Like enter, and says whether this call created the annotator: of two first entries racing with one name,
   * exactly one is `created` (the server hands a token only to that one, or to whoever proves they hold it).
   */
  async enterNew(studyId: string, who: Identity): Promise<{ annotator: Annotator; created: boolean }> {
    const externalId = who.externalId.trim();
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
    const secret = await this.secret(studyId);
    if (!secret) return undefined;
    const want = Buffer.from(sign(secret, id));
    if (mac.length !== want.length || !timingSafeEqual(mac, want)) return undefined;
    const a = await this.getAnnotator(id);
    return a && a.studyId === studyId ? a : undefined;
  }

  private async secret(studyId: string): Promise<string> {
    const r = await this.db.selectFrom('studies').select('secret').where('id', '=', studyId).executeTakeFirst();
    return r?.secret ?? '';
  }

  // ---------------------------------------------------------------- assignment

  /**
   * The annotator's current assignment: the first one they have not finished (so a reload returns to it), else a
   * newly assigned item, else undefined (they are done; their completion is recorded). Regular items go to the
   * annotators who ask, fullest first, until k annotators hold each (depth first: items reach k and a majority
   * early); gold and attention items go to everyone, spread between the regular ones.
   */
  async next(studyId: string, annotatorId: string, opts: NextOptions = {}): Promise<Assignment | undefined> {
    const now = opts.now ?? new Date();
    const random = opts.random ?? Math.random;
    const leaseCutoff = new Date(now.getTime() - (opts.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
    const id = await this.db.transaction().execute(async (trx) => {
      // Serialise assignment per study: Postgres locks the study row; SQLite runs one write transaction at a time.
      const study = this.store.dialect === 'postgres'
        ? await trx.selectFrom('studies').selectAll().where('id', '=', studyId).forUpdate().executeTakeFirst()
        : await trx.selectFrom('studies').selectAll().where('id', '=', studyId).executeTakeFirst();
      if (!study) throw new StudyError(`no study ${studyId}`, 'invalid');
      const open = await trx.selectFrom('assignments').select(['id', 'item_id', 'assigned_at', 'leased_at']).where('annotator_id', '=', annotatorId)
        .where('status', '=', 'assigned').orderBy('seq').limit(1).executeTakeFirst();
      if (open) {
        // A lapsed lease whose item others have filled meanwhile is released; any other open one is renewed.
        if ((open.leased_at ?? open.assigned_at) <= leaseCutoff && (await othersHolding(trx, studyId, open.item_id, annotatorId, leaseCutoff)) >= Number(study.k)) {
          await trx.deleteFrom('assignments').where('id', '=', open.id).execute();
        } else {
          await trx.updateTable('assignments').set({ leased_at: now.toISOString() }).where('id', '=', open.id).execute();
          return open.id;
        }
      }

      const mine = await trx.selectFrom('assignments as a').innerJoin('study_items as i', (j) => j.onRef('i.study_id', '=', 'a.study_id').onRef('i.id', '=', 'a.item_id'))
        .select(['a.item_id', 'a.seq', 'i.role']).where('a.annotator_id', '=', annotatorId).execute();
      const regularDone = mine.filter((m) => m.role === 'regular').length;
      const specialDone = mine.length - regularDone;
      const specials = await trx.selectFrom('study_items').select(['id']).where('study_id', '=', studyId).where('role', '!=', 'regular').orderBy('ord').execute();
      const mineIds = new Set(mine.map((m) => m.item_id));
      const specialTodo = specials.filter((s) => !mineIds.has(s.id));
      const quota = study.per_annotator;
      const spacing = opts.spacing ?? (quota ? Math.max(1, Math.floor(quota / (specials.length + 1))) : 5);

      let itemId: string | undefined;
      if (specialTodo.length > 0 && specialDone < Math.floor(regularDone / spacing)) itemId = specialTodo[0]!.id;
      if (!itemId && (quota === null || regularDone < quota)) {
        const candidate = await trx.selectFrom('study_items as i')
          .leftJoin('assignments as a', (j) => j.onRef('a.study_id', '=', 'i.study_id').onRef('a.item_id', '=', 'i.id')
            .on((eb) => eb.or([eb('a.status', '=', 'done'), eb.and([eb('a.status', '=', 'assigned'), eb(eb.fn.coalesce('a.leased_at', 'a.assigned_at'), '>', leaseCutoff)])])))
          .select(['i.id', 'i.ord', (eb) => eb.fn.count<number | string>('a.id').as('fill')])
          .where('i.study_id', '=', studyId).where('i.role', '=', 'regular')
          .where((eb) => eb.not(eb.exists(eb.selectFrom('assignments as m').select('m.id').where('m.annotator_id', '=', annotatorId).whereRef('m.item_id', '=', 'i.id'))))
          .groupBy(['i.id', 'i.ord'])
          .having((eb) => eb.fn.count('a.id'), '<', study.k)
          .orderBy('fill', 'desc').orderBy('i.ord').limit(1).executeTakeFirst();
        itemId = candidate?.id;
      }
      if (!itemId && specialTodo.length > 0) itemId = specialTodo[0]!.id;
      if (!itemId) {
        await trx.updateTable('annotators').set({ completed_at: now.toISOString() }).where('id', '=', annotatorId).where('completed_at', 'is', null).execute();
        return undefined;
      }
      const seq = mine.reduce((m, a) => Math.max(m, Number(a.seq)), -1) + 1;
      const newId = randomUUID();
      await trx.insertInto('assignments').values({
        id: newId, study_id: studyId, item_id: itemId, annotator_id: annotatorId, seq, status: 'assigned',
        pair_order: study.kind === 'rating' ? (random() < 0.5 ? 'generic_first' : 'personalized_first') : null,
        assigned_at: now.toISOString(), completed_at: null,
      }).execute();
      return newId;
    });
    return id ? this.getAssignment(annotatorId, id) : undefined;
  }

  /** One of the annotator's own assignments; undefined for anyone else's (or none). */
  async getAssignment(annotatorId: string, assignmentId: string): Promise<Assignment | undefined> {
    const r = await this.db.selectFrom('assignments as a')
      .innerJoin('study_items as i', (j) => j.onRef('i.study_id', '=', 'a.study_id').onRef('i.id', '=', 'a.item_id'))
      .select(['a.id', 'a.study_id', 'a.annotator_id', 'a.item_id', 'a.seq', 'a.status', 'a.pair_order', 'a.assigned_at', 'a.completed_at',
        'i.ord', 'i.role', 'i.payload', 'i.meta'])
      .where('a.id', '=', assignmentId).where('a.annotator_id', '=', annotatorId).executeTakeFirst();
    if (!r) return undefined;
    return {
      id: r.id, studyId: r.study_id, annotatorId: r.annotator_id, itemId: r.item_id, seq: Number(r.seq), status: r.status as AssignmentStatus,
      pairOrder: r.pair_order as PairOrderValue | null, assignedAt: r.assigned_at, completedAt: r.completed_at,
      item: itemFromRow({ id: r.item_id, ord: r.ord, role: r.role, payload: r.payload, meta: r.meta }),
    };
  }

  /** Renews the lease of the annotator's open assignment (the page's heartbeat); false when it is not open. */
  async renewLease(annotatorId: string, assignmentId: string, now: Date = new Date()): Promise<boolean> {
    const r = await this.db.updateTable('assignments').set({ leased_at: now.toISOString() })
      .where('id', '=', assignmentId).where('annotator_id', '=', annotatorId).where('status', '=', 'assigned').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Counts of the annotator's assignments, for the progress bar. */
  async annotatorProgress(studyId: string, annotatorId: string): Promise<{ done: number; assigned: number; total: number | null }> {
    const rows = await this.db.selectFrom('assignments').select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('annotator_id', '=', annotatorId).where('study_id', '=', studyId).groupBy('status').execute();
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const study = await this.getStudy(studyId);
    const specials = await this.db.selectFrom('study_items').select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('study_id', '=', studyId).where('role', '!=', 'regular').executeTakeFirst();
    const total = study?.perAnnotator ? study.perAnnotator + Number(specials?.n ?? 0) : null;
    return { done: (by.done ?? 0) + (by.skipped ?? 0), assigned: by.assigned ?? 0, total };
  }

  /**
   * Records the annotator's answer to their assignment in one transaction: the judgment (unique per annotator and
   * item, so a repeated submission is a no-op) and the assignment's status. Returns after the commit.
   */
  async submit(annotator: Annotator, assignmentId: string, value: unknown, status: 'done' | 'skipped' = 'done', opts: { leaseMs?: number; now?: Date } = {}): Promise<SubmitResult> {
    const json = JSON.stringify(value ?? null);
    const at = opts.now ?? new Date();
    const now = at.toISOString();
    const leaseCutoff = new Date(at.getTime() - (opts.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
    const study = await this.getStudy(annotator.studyId);
    if (!study) return { status: 'not_found' };
    return this.db.transaction().execute(async (trx): Promise<SubmitResult> => {
      if (this.store.dialect === 'postgres') await trx.selectFrom('studies').select('id').where('id', '=', study.id).forUpdate().executeTakeFirst();
      const a = await trx.selectFrom('assignments').select(['id', 'item_id', 'status', 'assigned_at', 'leased_at']).where('id', '=', assignmentId)
        .where('annotator_id', '=', annotator.id).executeTakeFirst();
      if (!a) return { status: 'not_found' };
      // Late: the lease ran out and k others hold or answered the item. Counting this answer would push it over k.
      if (a.status === 'assigned' && (a.leased_at ?? a.assigned_at) <= leaseCutoff && (await othersHolding(trx, study.id, a.item_id, annotator.id, leaseCutoff)) >= study.k) {
        await trx.deleteFrom('assignments').where('id', '=', a.id).execute();
        return { status: 'expired' };
      }
      const itemKey = judgmentItemKey(study.id, a.item_id);
      const inserted = await trx.insertInto('judgments').values({
        id: randomUUID(), study_id: study.id, annotator: annotator.externalId, kind: study.kind, item_key: itemKey,
        value: json, created_at: now, updated_at: now,
      }).onConflict((oc) => oc.columns(['annotator', 'kind', 'item_key']).doNothing()).returning('id').executeTakeFirst();
      await trx.updateTable('assignments').set({ status, completed_at: now }).where('id', '=', a.id).where('status', '=', 'assigned').execute();
      if (inserted) return { status: 'created', judgmentId: inserted.id };
      const existing = await trx.selectFrom('judgments').select(['id', 'value']).where('annotator', '=', annotator.externalId)
        .where('kind', '=', study.kind).where('item_key', '=', itemKey).executeTakeFirstOrThrow();
      return { status: existing.value === json ? 'duplicate' : 'conflict', judgmentId: existing.id };
    });
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

  async assignmentCounts(studyId: string): Promise<{ itemId: string; status: AssignmentStatus; n: number }[]> {
    const rows = await this.db.selectFrom('assignments').select(['item_id', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('study_id', '=', studyId).groupBy(['item_id', 'status']).execute();
    return rows.map((r) => ({ itemId: r.item_id, status: r.status as AssignmentStatus, n: Number(r.n) }));
  }
}

/** Other annotators' claims on an item: answered, or assigned with a live lease. */
async function othersHolding(trx: Kysely<Database & StudioTables>, studyId: string, itemId: string, annotatorId: string, leaseCutoff: string): Promise<number> {
  const r = await trx.selectFrom('assignments as a').select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('a.study_id', '=', studyId).where('a.item_id', '=', itemId).where('a.annotator_id', '!=', annotatorId)
    .where((eb) => eb.or([eb('a.status', '=', 'done'), eb.and([eb('a.status', '=', 'assigned'), eb(eb.fn.coalesce('a.leased_at', 'a.assigned_at'), '>', leaseCutoff)])]))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

function sign(secret: string, id: string): string {
  return createHmac('sha256', secret).update(id).digest('base64url');
}

function studyFromRow(r: StudiesTable): Study {
  return {
    id: r.id, name: r.name, kind: r.kind as StudyKind, k: Number(r.k), perAnnotator: r.per_annotator === null ? null : Number(r.per_annotator),
    completionCode: r.completion_code, source: JSON.parse(r.source) as Record<string, unknown>, createdAt: r.created_at,
  };
}

function itemFromRow(r: Pick<StudyItemsTable, 'id' | 'ord' | 'role' | 'payload' | 'meta'>): StudyItem {
  return { id: r.id, ord: Number(r.ord), role: r.role as ItemRole, payload: JSON.parse(r.payload) as unknown, meta: JSON.parse(r.meta) as unknown };
}

function annotatorFromRow(r: AnnotatorsTable): Annotator {
  return {
    id: r.id, studyId: r.study_id, externalId: r.external_id, source: r.source as 'prolific' | 'name',
    prolificStudyId: r.prolific_study_id, sessionId: r.session_id, createdAt: r.created_at, completedAt: r.completed_at,
  };
}
