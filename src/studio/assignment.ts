import { randomUUID } from 'node:crypto';
import type { SqlRunner } from '../store/native-sql.js';
import {
  ASSIGN_PG_SQL, ASSIGN_SQLITE_SQL, CLAIM_REGULAR_SQL, CLAIM_SPECIAL_SQL, CURRENT_SQL, FINISH_SQL, ITEM_COLUMNS, JUDGMENT_INSERT_SQL,
  SPECIALS_HAD_SQL, SWEEP_EVERY_MS, assignmentFrom, itemFromRow, lapsed, progressOf, tallyOf,
} from './rows.js';
import type { AnswerRow, ItemRow, MineRow, NextContext, RecordOptions, TallyRow } from './rows.js';
import { StudyRegistry } from './studies.js';
import { DEFAULT_LEASE_MS, StudyError, judgmentItemKey } from './types.js';
import type { Annotator, Assignment, Current, NextOptions, StudyItem, StudyKind, SubmitOptions, SubmitResult } from './types.js';

/**
 * The annotation studio's persistence (migration 0002 and after): StudyRegistry's studies, items and annotators,
 * and here the assignment of items to annotators, their leases, and the answers recorded as judgments. Every write
 * that must not be half-done runs in one transaction, and a call returns only after its transaction committed.
 */
export class StudioStore extends StudyRegistry {
  /** The item of each assignment this process handed out, by `${annotatorId}/${assignmentId}`: items never change. */
  private readonly shown = new Map<string, StudyItem>();
  /** Per study: the lease cutoff (ms) of the last sweep, so that requests close together sweep once. */
  private readonly swept = new Map<string, number>();


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
   * The body of current(), inside the caller's transaction. `locked`: the caller already holds the lock on the
   * annotator's row, as submit does.
   */
  private async assignNext(tx: SqlRunner, ctx: NextContext, annotatorId: string, locked: boolean): Promise<Current> {
    const { study, specials } = ctx.info;
    const studyId = study.id;
    const { at, random } = ctx;
    const k = study.k;
    const dialect = this.store.sqlDialect;
    // Locking the annotator's row serialises their own calls (two open pages) and nobody else's.
    if (!locked) await dialect.lockRow(tx, 'annotators', annotatorId);
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
    // Takes a slot of the item `claimSql` picks and assigns it; in one statement where the dialect can.
    const take = async (claimSql: string, args: unknown[]): Promise<ItemRow | undefined> => {
      const assign = [fresh.id, studyId, annotatorId, fresh.seq, fresh.pairOrder, at, at];
      if (dialect.writesInWith) return (await tx.all<ItemRow>(`with c as (${claimSql}), x as (${ASSIGN_PG_SQL}) select * from c`, [...args, ...assign]))[0];
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
      for (const lock of dialect.pickLocks) if (!item) item = await take(claim(lock), args);
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
    if (this.store.sqlDialect.writesInWith) {
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
      await this.store.sqlDialect.lockRow(tx, 'annotators', annotatorId);
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
   * Records the annotator's answer to their assignment in one transaction: the judgment (unique per annotator and
   * item, so a repeated submission is a no-op) and the assignment's status. Returns after the commit.
   */
  async submit(annotator: Annotator, assignmentId: string, value: unknown, status: 'done' | 'skipped' = 'done', opts: SubmitOptions = {}): Promise<SubmitResult & { next?: Current }> {
    const at = opts.now ?? new Date();
    const now = at.toISOString();
    const leaseCutoff = new Date(at.getTime() - (opts.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
    const ctx = opts.next ? await this.nextContext(annotator.studyId, { ...(opts.next === true ? {} : opts.next), now: at, ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}) }) : undefined;
    if (ctx && this.store.sqlDialect.serverFunctions && ctx.info.specials.length === 0) {
      const fast = await this.answerInOne(annotator, assignmentId, value, status, now, ctx, opts);
      if (fast) return fast;
    }
    const attempt = (swept: boolean) => this.sql.transaction(async (tx): Promise<(SubmitResult & { next?: Current }) | 'sweep'> => {
      const r = await this.record(tx, annotator, assignmentId, { value, status, now, swept, ...(opts.check ? { check: opts.check } : {}) });
      if (r === 'sweep' || !ctx || r.status === 'not_found' || r.status === 'conflict' || r.status === 'invalid') return r;
      // record() holds the annotator's row already.
      return { ...r, next: this.remember(annotator.id, await this.assignNext(tx, ctx, annotator.id, true)) };
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
    const dialect = this.store.sqlDialect;
    const [a] = await tx.all<ItemRow & { study_id: string; item_id: string; status: string; leased_at: string; counted: number; kind: string; k: number }>(
      `select a.study_id, a.item_id, a.status, a.leased_at, a.counted, i.ord, i.role, i.payload, i.meta, s.kind, s.k from assignments a
       join annotators p on p.id = a.annotator_id join studies s on s.id = a.study_id
       join study_items i on i.study_id = a.study_id and i.id = a.item_id
       where a.id = ? and a.annotator_id = ? and a.study_id = ?${dialect.forUpdate('a, p')}`, [assignmentId, annotator.id, annotator.studyId]);
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
      // One round trip for both writes where the dialect can.
      if (dialect.writesInWith) [inserted] = await tx.all<{ id: string }>(`with j as (${insert[0]}), u as (${FINISH_SQL} returning 1) select id from j`, [...insert[1], ...finish]);
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
}
