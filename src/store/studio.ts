import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Generated, Kysely } from 'kysely';
import type { NativeSql, SqlRunner } from './native-sql.js';
import type { Database } from './schema.js';
import type { JudgmentKind, Store } from './store.js';
import { normalizeAnnotatorName } from './studio-names.js';
import { AttuneError } from '../model/errors.js';

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
  /** Assignments holding a slot of this item (migration 0006): answered, or open and not swept as lapsed. */
  fill: Generated<number>;
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
  /** 1 while the assignment holds a slot of its item (migration 0006). */
  counted: Generated<number>;
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

export interface Progress {
  /** Answered or skipped. */
  done: number;
  assigned: number;
  /** Regular items per annotator plus the gold and attention items; null without a per-annotator quota. */
  total: number | null;
}

export interface NextOptions {
  /** An assignment not finished within this time no longer holds its item's slot (default 1 h). */
  leaseMs?: number;
  /** Regular items between two gold/attention items (default: spread them over perAnnotator, else 5). */
  spacing?: number;
  random?: () => number;
  now?: Date;
}

/** An annotator's current assignment (none: they are done) and their progress. */
export interface Current {
  assignment?: Assignment;
  progress: Progress;
}

export interface SubmitOptions {
  leaseMs?: number;
  now?: Date;
  /**
   * Also assign the annotator's next item in the same transaction and return it as `next` (what current() would
   * return right after): one round trip per judgment instead of two. Not for refused submissions.
   */
  next?: boolean | Omit<NextOptions, 'leaseMs' | 'now'>;
  /**
   * Checks the answer against the assignment's item inside the transaction, and gives what to record (the value
   * and status then passed to submit are ignored). A refusal records nothing: `{ status: 'invalid', error }`.
   */
  check?: (item: StudyItem, kind: StudyKind) => SubmitCheck;
}

export type SubmitCheck = { ok: true; value: unknown; status: 'done' | 'skipped' } | { ok: false; error: string };

export type SubmitResult =
  | { status: 'created'; judgmentId: string }
  /** Refused by SubmitOptions.check; nothing was recorded. */
  | { status: 'invalid'; error: string }
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

export class StudyError extends AttuneError {
  constructor(
    message: string,
    readonly reason: 'exists' | 'invalid' | 'conflict',
  ) {
    super(reason === 'exists' ? 'study_exists' : reason === 'invalid' ? 'invalid_study' : 'study_conflict', message);
    this.name = 'StudyError';
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
  private readonly sql: NativeSql;
  private readonly studies = new Map<string, StudyInfo>();
  private readonly annotators = new Map<string, { annotator: Annotator; readAt: number }>();
  /** The item of each assignment this process handed out, by `${annotatorId}/${assignmentId}`: items never change. */
  private readonly shown = new Map<string, StudyItem>();
  /** Per study: the lease cutoff (ms) of the last sweep, so that requests close together sweep once. */
  private readonly swept = new Map<string, number>();

  constructor(readonly store: Store) {
    this.db = store.db.withTables<StudioTables>();
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
  private async studyInfo(studyId: string): Promise<StudyInfo | undefined> {
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

  // ---------------------------------------------------------------- assignment
  //
  // No study-wide lock. Each item keeps `fill`, the assignments holding one of its slots (migration 0006):
  // answered ones, and open ones whose lease has not been swept as lapsed. A regular item is given only while its
  // fill is below k, by one guarded update; Postgres picks it FOR UPDATE SKIP LOCKED, so annotators asking at once
  // take different items instead of queueing on one row. What one annotator does (next, submit, renew) is
  // serialised on their own annotator row. SQLite runs each of these as one short BEGIN IMMEDIATE transaction on its
  // single connection: one writer at a time, no lock upgrades.

  /**
   * The annotator's current assignment: the first one they have not finished (so a reload returns to it), else a
   * newly assigned item, else undefined (they are done; their completion is recorded). Regular items go to the
   * annotators who ask, fullest first, until k annotators hold each (depth first: items reach k and a majority
   * early); gold and attention items go to everyone, spread between the regular ones.
   */
  async next(studyId: string, annotatorId: string, opts: NextOptions = {}): Promise<Assignment | undefined> {
    return (await this.current(studyId, annotatorId, opts)).assignment;
  }

  /** Like next, with the annotator's progress after it, from the same transaction. */
  async current(studyId: string, annotatorId: string, opts: NextOptions = {}): Promise<Current> {
    const ctx = await this.nextContext(studyId, opts);
    return this.remember(annotatorId, await this.sql.transaction((tx) => this.assignNext(tx, ctx, annotatorId, false), { lazyCommit: true }));
  }

  /** Notes the item of an assignment handed out, for submit's one-round-trip path. */
  private remember(annotatorId: string, cur: Current): Current {
    if (cur.assignment) {
      if (this.shown.size > 50_000) this.shown.clear();
      this.shown.set(`${annotatorId}/${cur.assignment.id}`, cur.assignment.item);
    }
    return cur;
  }

  /** What assignNext needs besides the transaction; sweeps lapsed leases first (outside any transaction). */
  private async nextContext(studyId: string, opts: NextOptions): Promise<NextContext> {
    const now = opts.now ?? new Date();
    const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    const info = await this.studyInfo(studyId);
    if (!info) throw new StudyError(`no study ${studyId}`, 'invalid');
    await this.sweep(studyId, new Date(now.getTime() - leaseMs).toISOString(), Math.min(SWEEP_EVERY_MS, leaseMs / 10));
    return { info, at: now.toISOString(), random: opts.random ?? Math.random, ...(opts.spacing !== undefined ? { spacing: opts.spacing } : {}) };
  }

  /**
   * The body of current(), inside the caller's transaction. `locked`: the caller already holds the annotator's row
   * (Postgres), as submit does.
   */
  private async assignNext(tx: SqlRunner, ctx: NextContext, annotatorId: string, locked: boolean): Promise<Current> {
    const { study, specials } = ctx.info;
    const studyId = study.id;
    const { at, random } = ctx;
    const k = study.k;
    const pg = this.store.dialect === 'postgres';
    // Postgres: locking the annotator's row serialises their own calls (two open pages) and nobody else's. A
    // statement of its own: rows joined to a locked row come from the snapshot taken before the wait.
    if (pg && !locked) await tx.all('select id from annotators where id = ? for update', [annotatorId]);
    const quota = study.perAnnotator;
    const [cur] = await tx.all<Partial<MineRow & ItemRow> & TallyRow>(CURRENT_SQL, [annotatorId, annotatorId]);
    let t = tallyOf(cur);
    const open = cur?.id !== null && cur?.id !== undefined ? (cur as MineRow & ItemRow) : undefined;
    if (open) {
      // A lapsed lease whose item others have filled meanwhile is released; any other open one is renewed.
      if (Number(open.counted) === 1 || (await this.claimSlot(tx, studyId, open.item_id, open.role, k))) {
        await tx.run('update assignments set leased_at = ?, counted = 1 where id = ?', [at, open.id]);
        return { assignment: assignmentFrom(open, studyId, annotatorId, { ...open, id: open.item_id }), progress: progressOf(t, quota, specials) };
      }
      await tx.run('delete from assignments where id = ?', [open.id]);
      // Its position is free again when it was the last.
      t = { ...t, assigned: t.assigned - 1, maxSeq: Number(open.seq) === t.maxSeq ? t.maxSeq - 1 : t.maxSeq };
    }
    // The gold and attention items they had: only asked when the study has any.
    const had = specials.length > 0 ? (await tx.all<{ item_id: string }>(SPECIALS_HAD_SQL, [annotatorId])).map((r) => r.item_id) : [];
    const specialDone = had.length;
    const regularDone = t.done + t.assigned - specialDone;
    const specialTodo = specials.filter((id) => !had.includes(id));
    const spacing = ctx.spacing ?? (quota ? Math.max(1, Math.floor(quota / (specials.length + 1))) : 5);

    const fresh = {
      id: randomUUID(), seq: t.maxSeq + 1,
      pairOrder: study.kind === 'rating' ? (random() < 0.5 ? 'generic_first' : 'personalized_first') : null,
    };
    // Takes a slot of the item `claimSql` picks and assigns it; Postgres does both in one statement.
    const take = async (claimSql: string, args: unknown[]): Promise<ItemRow | undefined> => {
      const assign = [fresh.id, studyId, annotatorId, fresh.seq, fresh.pairOrder, at, at];
      if (pg) return (await tx.all<ItemRow>(`with c as (${claimSql}), x as (${ASSIGN_PG_SQL}) select * from c`, [...args, ...assign]))[0];
      const [it] = await tx.all<ItemRow>(claimSql, args);
      if (it) await tx.run(ASSIGN_SQLITE_SQL, [...assign.slice(0, 2), it.id, ...assign.slice(2)]);
      return it;
    };
    let item: ItemRow | undefined;
    // A cached special item may have been removed since (forgetting its user): then there is none to give.
    const special = () => take(CLAIM_SPECIAL_SQL, [studyId, specialTodo[0]!]);
    if (specialTodo.length > 0 && specialDone < Math.floor(regularDone / spacing)) item = await special();
    if (!item && (quota === null || regularDone < quota)) {
      const args = [studyId, studyId, k, annotatorId, k];
      const claim = (lock: string) => `${CLAIM_REGULAR_SQL}${lock}) and fill < ? returning ${ITEM_COLUMNS}`;
      // Skip items other annotators are being given right now; if every item with room is being given,
      // wait for those (they may still have room after).
      item = await take(claim(pg ? ' for update skip locked' : ''), args);
      if (!item && pg) item = await take(claim(' for update'), args);
    }
    if (!item && specialTodo.length > 0) item = await special();
    if (!item) {
      // Finished: nothing left for them after work of their own. Turned away by a full study (no work) is not finished.
      if (t.done > 0) await tx.run('update annotators set completed_at = ? where id = ? and completed_at is null', [at, annotatorId]);
      return { progress: progressOf(t, quota, specials) };
    }
    const row: MineRow = {
      id: fresh.id, item_id: item.id, seq: fresh.seq, status: 'assigned', pair_order: fresh.pairOrder,
      assigned_at: at, completed_at: null, counted: 1, role: item.role,
    };
    return { assignment: assignmentFrom(row, studyId, annotatorId, item), progress: progressOf({ ...t, assigned: t.assigned + 1 }, quota, specials) };
    // An assignment lost to a database crash is given again on the next request; judgments commit durably.
  }

  /**
   * Lapsed leases stop holding their items' slots: counted assignments of the study whose lease ran out before
   * `leaseCutoff` become uncounted and their items' fill drops. The row stays, so its annotator can come back to it
   * while the item still has room. Runs on its own (not inside another transaction's locks).
   */
  private async sweep(studyId: string, leaseCutoff: string, skipWithinMs = 0): Promise<void> {
    const cutoffMs = Date.parse(leaseCutoff);
    const last = this.swept.get(studyId);
    if (skipWithinMs > 0 && last !== undefined && cutoffMs >= last && cutoffMs - last < skipWithinMs) return;
    this.swept.set(studyId, cutoffMs);
    const args = [studyId, leaseCutoff];
    if (this.store.dialect === 'postgres') {
      await this.sql.run(`with swept as (update assignments set counted = 0 where ${lapsed()} returning item_id)
        update study_items i set fill = i.fill - c.n from (select item_id, count(*) as n from swept group by item_id) c
        where i.study_id = ? and i.id = c.item_id`, [...args, studyId]);
      return;
    }
    // One writer at a time on SQLite: two statements in one transaction, and nothing to do most of the time.
    if ((await this.sql.all(`select 1 from assignments where ${lapsed()} limit 1`, args)).length === 0) return;
    await this.sql.transaction(async (tx) => {
      await tx.run(`update study_items set fill = fill - (select count(*) from assignments a where a.item_id = study_items.id and ${lapsed('a.')})
        where study_id = ? and id in (select item_id from assignments where ${lapsed()})`, [...args, studyId, ...args]);
      await tx.run(`update assignments set counted = 0 where ${lapsed()}`, args);
    });
  }

  /** Takes a slot of the item for an uncounted assignment: regular items only while fewer than k hold one. */
  private async claimSlot(tx: SqlRunner, studyId: string, itemId: string, role: string, k: number): Promise<boolean> {
    const n = role === 'regular'
      ? await tx.run('update study_items set fill = fill + 1 where study_id = ? and id = ? and fill < ?', [studyId, itemId, k])
      : await tx.run('update study_items set fill = fill + 1 where study_id = ? and id = ?', [studyId, itemId]);
    return n > 0;
  }

  /** One of the annotator's own assignments; undefined for anyone else's (or none). */
  async getAssignment(annotatorId: string, assignmentId: string): Promise<Assignment | undefined> {
    const [r] = await this.sql.all<MineRow & ItemRow & { study_id: string }>(
      `select a.id, a.study_id, a.item_id, a.seq, a.status, a.pair_order, a.assigned_at, a.completed_at, a.counted, i.ord, i.role, i.payload, i.meta
       from assignments a join study_items i on i.study_id = a.study_id and i.id = a.item_id where a.id = ? and a.annotator_id = ?`,
      [assignmentId, annotatorId]);
    return r ? assignmentFrom(r, r.study_id, annotatorId, { ...r, id: r.item_id }) : undefined;
  }

  /**
   * Renews the lease of the annotator's open assignment (the page's heartbeat); false when it is not open, or when
   * its lease ran out and k others took the item meanwhile.
   */
  async renewLease(annotatorId: string, assignmentId: string, now: Date = new Date(), opts: { leaseMs?: number } = {}): Promise<boolean> {
    const at = now.toISOString();
    const renewed = await this.sql.run("update assignments set leased_at = ? where id = ? and annotator_id = ? and status = 'assigned' and counted = 1", [at, assignmentId, annotatorId]);
    if (renewed > 0) return true;
    // Swept as lapsed: it holds its slot again only if the item still has room.
    const [a] = await this.sql.all<{ study_id: string; item_id: string }>("select study_id, item_id from assignments where id = ? and annotator_id = ? and status = 'assigned'", [assignmentId, annotatorId]);
    if (!a) return false;
    await this.sweep(a.study_id, new Date(now.getTime() - (opts.leaseMs ?? DEFAULT_LEASE_MS)).toISOString());
    return this.sql.transaction(async (tx) => {
      if (this.store.dialect === 'postgres') await tx.all('select id from annotators where id = ? for update', [annotatorId]);
      const [r] = await tx.all<{ counted: number; role: string; k: number }>(
        `select a.counted, i.role, s.k from assignments a join study_items i on i.study_id = a.study_id and i.id = a.item_id join studies s on s.id = a.study_id
         where a.id = ? and a.annotator_id = ? and a.status = 'assigned'`, [assignmentId, annotatorId]);
      if (!r) return false;
      if (Number(r.counted) === 0 && !(await this.claimSlot(tx, a.study_id, a.item_id, r.role, Number(r.k)))) return false;
      await tx.run('update assignments set leased_at = ?, counted = 1 where id = ?', [at, assignmentId]);
      return true;
    });
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

  /**
   * Records the annotator's answer to their assignment in one transaction: the judgment (unique per annotator and
   * item, so a repeated submission is a no-op) and the assignment's status. Returns after the commit.
   */
  async submit(annotator: Annotator, assignmentId: string, value: unknown, status: 'done' | 'skipped' = 'done', opts: SubmitOptions = {}): Promise<SubmitResult & { next?: Current }> {
    const at = opts.now ?? new Date();
    const now = at.toISOString();
    const leaseCutoff = new Date(at.getTime() - (opts.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
    const pg = this.store.dialect === 'postgres';
    const ctx = opts.next ? await this.nextContext(annotator.studyId, { ...(opts.next === true ? {} : opts.next), now: at, ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}) }) : undefined;
    if (ctx && pg && ctx.info.specials.length === 0) {
      const fast = await this.answerInOne(annotator, assignmentId, value, status, now, ctx, opts);
      if (fast) return fast;
    }
    const attempt = (swept: boolean) => this.sql.transaction(async (tx): Promise<(SubmitResult & { next?: Current }) | 'sweep'> => {
      const r = await this.record(tx, annotator, assignmentId, { value, status, now, swept, ...(opts.check ? { check: opts.check } : {}) });
      if (r === 'sweep' || !ctx || r.status === 'not_found' || r.status === 'conflict' || r.status === 'invalid') return r;
      return { ...r, next: this.remember(annotator.id, await this.assignNext(tx, ctx, annotator.id, pg)) };
    });
    const first = await attempt(false);
    if (first !== 'sweep') return first;
    await this.sweep(annotator.studyId, leaseCutoff);
    const second = await attempt(true);
    return second === 'sweep' ? { status: 'not_found' } : second;
  }

  /**
   * Postgres, studies without gold or attention items: submit with `next` as one call of attune_studio_answer
   * (migration 0007) instead of six round trips. Undefined when the general path must decide: the item of the
   * assignment is not known here (handed out by another process), or the function answered 'slow' (no such open
   * counted assignment) before changing anything. After the answer is recorded, a next item the function could
   * not assign (an open one, the quota reached, every item full or locked) comes from current().
   */
  private async answerInOne(annotator: Annotator, assignmentId: string, value: unknown, status: 'done' | 'skipped', now: string, ctx: NextContext, opts: SubmitOptions): Promise<(SubmitResult & { next?: Current }) | undefined> {
    const item = this.shown.get(`${annotator.id}/${assignmentId}`);
    if (!item) return undefined;
    const { study } = ctx.info;
    const checked = opts.check ? opts.check(item, study.kind) : { ok: true as const, value, status };
    if (!checked.ok) return { status: 'invalid', error: checked.error };
    const json = JSON.stringify(checked.value ?? null);
    const next = { id: randomUUID(), pairOrder: study.kind === 'rating' ? (ctx.random() < 0.5 ? 'generic_first' : 'personalized_first') : null };
    const [r] = await this.sql.all<AnswerRow>('select * from attune_studio_answer(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      assignmentId, annotator.id, annotator.studyId, annotator.externalId, study.kind, randomUUID(), json, checked.status, now,
      next.id, next.pairOrder, study.k, study.perAnnotator]);
    if (!r || r.outcome === 'slow') return undefined;
    if (r.outcome === 'conflict') return { status: 'conflict', judgmentId: r.judgment_id! };
    const outcome = r.outcome as 'created' | 'duplicate';
    if (r.next_state !== 'assigned') {
      return { status: outcome, judgmentId: r.judgment_id!, next: await this.current(annotator.studyId, annotator.id, { now: new Date(now), ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}) }) };
    }
    const row: MineRow = {
      id: next.id, item_id: r.item_id!, seq: Number(r.next_seq), status: 'assigned', pair_order: next.pairOrder,
      assigned_at: now, completed_at: null, counted: 1, role: r.role!,
    };
    const assignment = assignmentFrom(row, annotator.studyId, annotator.id, { id: r.item_id!, ord: Number(r.ord), role: r.role!, payload: r.payload!, meta: r.meta! });
    const progress = progressOf({ done: Number(r.done), assigned: Number(r.assigned), maxSeq: Number(r.next_seq) }, study.perAnnotator, ctx.info.specials);
    return { status: outcome, judgmentId: r.judgment_id!, next: this.remember(annotator.id, { assignment, progress }) };
  }

  /** The judgment and the assignment's status, in the caller's transaction; 'sweep': decide again after a sweep. */
  private async record(tx: SqlRunner, annotator: Annotator, assignmentId: string, o: RecordOptions): Promise<SubmitResult | 'sweep'> {
    const { swept, now } = o;
    const pg = this.store.dialect === 'postgres';
    const [a] = await tx.all<ItemRow & { study_id: string; item_id: string; status: string; leased_at: string; counted: number; kind: string; k: number }>(
      `select a.study_id, a.item_id, a.status, a.leased_at, a.counted, i.ord, i.role, i.payload, i.meta, s.kind, s.k from assignments a
       join annotators p on p.id = a.annotator_id join studies s on s.id = a.study_id
       join study_items i on i.study_id = a.study_id and i.id = a.item_id
       where a.id = ? and a.annotator_id = ? and a.study_id = ?${pg ? ' for update of a, p' : ''}`, [assignmentId, annotator.id, annotator.studyId]);
    if (!a) return { status: 'not_found' };
    const checked = o.check ? o.check(itemFromRow({ ...a, id: a.item_id }), a.kind as StudyKind) : { ok: true as const, value: o.value, status: o.status };
    if (!checked.ok) return { status: 'invalid', error: checked.error };
    const { status } = checked;
    const json = JSON.stringify(checked.value ?? null);
    let counted = Number(a.counted) === 1;
    if (a.status === 'assigned' && !counted) {
      // Its lease ran out and was swept. Late: k others hold or answered the item meanwhile, and counting this
      // answer would push it over k. Deciding needs every lapsed lease swept first.
      if (!swept) return 'sweep';
      if (!(await this.claimSlot(tx, a.study_id, a.item_id, a.role, Number(a.k)))) {
        await tx.run('delete from assignments where id = ?', [assignmentId]);
        return { status: 'expired' };
      }
      counted = true;
    }
    const itemKey = judgmentItemKey(a.study_id, a.item_id);
    const insert = [JUDGMENT_INSERT_SQL, [randomUUID(), a.study_id, annotator.externalId, a.kind, itemKey, json, now, now]] as const;
    let inserted: { id: string } | undefined;
    if (a.status === 'assigned') {
      // A skipped item holds no slot: it goes to someone else.
      const keep = counted && status === 'done';
      const finish = [status, now, keep ? 1 : 0, assignmentId];
      // Postgres: one round trip for both writes.
      if (pg) [inserted] = await tx.all<{ id: string }>(`with j as (${insert[0]}), u as (${FINISH_SQL} returning 1) select id from j`, [...insert[1], ...finish]);
      else {
        [inserted] = await tx.all<{ id: string }>(...insert);
        await tx.run(FINISH_SQL, finish);
      }
      if (counted && !keep) await tx.run('update study_items set fill = fill - 1 where study_id = ? and id = ?', [a.study_id, a.item_id]);
    } else {
      [inserted] = await tx.all<{ id: string }>(...insert);
    }
    if (inserted) return { status: 'created', judgmentId: inserted.id };
    const [existing] = await tx.all<{ id: string; value: string }>('select id, value from judgments where annotator = ? and kind = ? and item_key = ?', [annotator.externalId, a.kind, itemKey]);
    return { status: existing!.value === json ? 'duplicate' : 'conflict', judgmentId: existing!.id };
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

/** How long a study's settings and special items are reused before they are read again. */
const STUDY_CACHE_MS = 2000;
/** Requests whose lease cutoffs are this close (at most a tenth of the lease) share one sweep. */
const SWEEP_EVERY_MS = 500;

interface StudyInfo {
  study: Study;
  secret: string;
  specials: string[];
  readAt: number;
}

/** What attune_studio_answer returns (migration 0007). */
interface AnswerRow {
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

interface RecordOptions {
  value: unknown;
  status: 'done' | 'skipped';
  now: string;
  /** Every lapsed lease was swept just before. */
  swept: boolean;
  check?: SubmitOptions['check'];
}

interface NextContext {
  info: StudyInfo;
  at: string;
  random: () => number;
  spacing?: number;
}

type TallyRow = { done: number | string | null; assigned: number | string | null; max_seq: number | string | null };

function tallyOf(r: TallyRow | undefined): Tally {
  return { done: Number(r?.done ?? 0), assigned: Number(r?.assigned ?? 0), maxSeq: r?.max_seq === null || r?.max_seq === undefined ? -1 : Number(r.max_seq) };
}

/** An annotator's assignments, counted. */
interface Tally {
  done: number;
  assigned: number;
  maxSeq: number;
}

function progressOf(t: Tally, quota: number | null, specials: readonly string[]): Progress {
  return { done: t.done, assigned: t.assigned, total: quota ? quota + specials.length : null };
}

/** An assignment of the annotator's, as read or written by current(); role from its item. */
interface MineRow {
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
type ItemRow = Pick<StudyItemsTable, 'id' | 'ord' | 'role' | 'payload' | 'meta'>;

const ITEM_COLUMNS = 'id, ord, role, payload, meta';
/**
 * What current() decides on, in one statement: the annotator's counts (in the database, not row by row in
 * JavaScript: an annotator far into a study has hundreds of rows) beside their first unfinished assignment and its
 * item, if any (parameters: annotator id twice).
 */
const CURRENT_SQL = `select t.done, t.assigned, t.max_seq, o.* from
  (select sum(case when status <> 'assigned' then 1 else 0 end) as done, sum(case when status = 'assigned' then 1 else 0 end) as assigned,
    max(seq) as max_seq from assignments where annotator_id = ?) t
  left join (select a.id, a.item_id, a.seq, a.status, a.pair_order, a.assigned_at, a.completed_at, a.counted, i.ord, i.role, i.payload, i.meta
    from assignments a join study_items i on i.study_id = a.study_id and i.id = a.item_id
    where a.annotator_id = ? and a.status = 'assigned' order by a.seq limit 1) o on 1 = 1`;
const JUDGMENT_INSERT_SQL = `insert into judgments (id, study_id, annotator, kind, item_key, value, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (annotator, kind, item_key) do nothing returning id`;
const FINISH_SQL = 'update assignments set status = ?, completed_at = ?, counted = ? where id = ?';
const SPECIALS_HAD_SQL = `select a.item_id from assignments a join study_items i on i.study_id = a.study_id and i.id = a.item_id
  where a.annotator_id = ? and i.role <> 'regular'`;
const ASSIGN_SQLITE_SQL = `insert into assignments (id, study_id, item_id, annotator_id, seq, status, pair_order, assigned_at, leased_at, completed_at, counted)
  values (?, ?, ?, ?, ?, 'assigned', ?, ?, ?, null, 1)`;
/** Inside `with c as (claim ...)`: assigns the claimed item (parameters: id, study, annotator, seq, pair order, at, at). */
const ASSIGN_PG_SQL = `insert into assignments (id, study_id, item_id, annotator_id, seq, status, pair_order, assigned_at, leased_at, completed_at, counted)
  select ?::text, ?::text, c.id, ?::text, ?::integer, 'assigned', ?::text, ?::text, ?::text, null, 1 from c returning id`;
const SPECIALS_SQL = "select id from study_items where study_id = ? and role in ('gold', 'attention') order by ord";
const CLAIM_SPECIAL_SQL = `update study_items set fill = fill + 1 where study_id = ? and id = ? returning ${ITEM_COLUMNS}`;
/** The fullest regular item with room that this annotator never had, taken in one guarded update; the caller closes the subquery. */
const CLAIM_REGULAR_SQL = `update study_items set fill = fill + 1 where study_id = ? and id = (
  select i.id from study_items i where i.study_id = ? and i.role = 'regular' and i.fill < ?
    and not exists (select 1 from assignments m where m.annotator_id = ? and m.item_id = i.id)
  order by i.fill desc, i.ord limit 1`;
/** Counted open assignments whose lease ran out (parameters: study id, lease cutoff); `a` prefixes the columns. */
const lapsed = (a = '') => `${a}study_id = ? and ${a}status = 'assigned' and ${a}counted = 1 and ${a}leased_at <= ?`;

function assignmentFrom(r: MineRow, studyId: string, annotatorId: string, item: ItemRow): Assignment {
  return {
    id: r.id, studyId, annotatorId, itemId: r.item_id, seq: Number(r.seq), status: r.status as AssignmentStatus,
    pairOrder: r.pair_order as PairOrderValue | null, assignedAt: r.assigned_at, completedAt: r.completed_at, item: itemFromRow(item),
  };
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
