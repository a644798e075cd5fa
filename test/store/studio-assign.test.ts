/**
 * Studio assignment under concurrency (issue 13): many annotators asking for their next item and submitting at
 * once, straight against the store. Asserts the assignment rules, not speed: every item ends with exactly k
 * annotators, nobody gets an item twice, one judgment per answer, a reload returns the open item, and the per-item
 * fill counter (migration 0006) always equals the slots actually held.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { StudioStore } from '../../src/studio/index.js';
import type { Annotator, StudyItemInput } from '../../src/studio/index.js';
import { backends } from './backends.js';

const items = (n: number, specials: ('gold' | 'attention')[] = []): StudyItemInput[] => [
  ...Array.from({ length: n }, (_, i) => ({ id: `r${i}`, payload: { attributes: ['a'] } })),
  ...specials.map((role, i) => ({ id: `s${i}`, role, payload: { attributes: ['a'] } })),
];

describe.each(backends())('studio assignment under concurrency on $name', (backend) => {
  const test = it.skipIf(!backend.available);
  let store: Store;
  let studio: StudioStore;
  let n = 0;

  beforeAll(async () => {
    if (!backend.available) return;
    store = await openStore(backend.fresh(), { poolSize: 10 });
    studio = new StudioStore(store);
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  const newStudy = (k: number, its: StudyItemInput[], perAnnotator?: number) =>
    studio.createStudy({ name: `assign-${n++}`, kind: 'relevance', k, items: its, ...(perAnnotator !== undefined ? { perAnnotator } : {}) });
  const people = (studyId: string, count: number) =>
    Promise.all(Array.from({ length: count }, (_, i) => studio.enter(studyId, { source: 'name', externalId: `p${i}` })));

  /** Every assignment row of a study, and whether each item's fill equals the slots its assignments hold. */
  async function state(studyId: string) {
    const rows = await sql<{ item_id: string; annotator_id: string; status: string; counted: number }>`
      select item_id, annotator_id, status, counted from assignments where study_id = ${studyId}`.execute(store.db);
    const fills = await sql<{ id: string; fill: number; held: number | string }>`
      select i.id, i.fill, (select count(*) from assignments a where a.study_id = i.study_id and a.item_id = i.id and a.counted = 1) as held
      from study_items i where i.study_id = ${studyId}`.execute(store.db);
    const done = new Map<string, number>();
    for (const r of rows.rows) if (r.status === 'done') done.set(r.item_id, (done.get(r.item_id) ?? 0) + 1);
    return {
      rows: rows.rows, done,
      fillMismatches: fills.rows.filter((f) => Number(f.fill) !== Number(f.held)).map((f) => f.id),
      pairs: new Set(rows.rows.map((r) => `${r.annotator_id}/${r.item_id}`)).size,
    };
  }

  /** One annotator working until done, with `tabs` pages asking for the next item at once each time. */
  async function work(studyId: string, who: Annotator, tabs: number): Promise<number> {
    let answered = 0;
    for (let guard = 0; guard < 500; guard++) {
      const shown = await Promise.all(Array.from({ length: tabs }, () => studio.next(studyId, who.id)));
      // Two pages of one person never hold two different open items.
      expect(new Set(shown.map((a) => a?.id ?? 'none')).size).toBe(1);
      const a = shown[0];
      if (!a) return answered;
      const results = await Promise.all(Array.from({ length: tabs }, () => studio.submit(who, a.id, { answers: { 0: true } })));
      expect(results.filter((r) => r.status === 'created')).toHaveLength(1);
      expect(results.every((r) => r.status === 'created' || r.status === 'duplicate')).toBe(true);
      answered++;
    }
    throw new Error('did not finish');
  }

  test('40 annotators at once, two pages each: every item gets exactly k, nobody sees an item twice, one judgment each', async () => {
    const study = await newStudy(3, items(40));
    const who = await people(study.id, 40);
    const answered = await Promise.all(who.map((p) => work(study.id, p, 2)));
    expect(answered.reduce((a, b) => a + b, 0)).toBe(120);
    const s = await state(study.id);
    expect([...s.done.values()]).toEqual(new Array(40).fill(3));
    expect(s.rows).toHaveLength(120);
    expect(s.pairs).toBe(120);
    expect(s.rows.every((r) => r.status === 'done' && Number(r.counted) === 1)).toBe(true);
    expect(s.fillMismatches).toEqual([]);
    const judgments = await store.listJudgments({ studyId: study.id });
    expect(judgments).toHaveLength(120);
    expect(new Set(judgments.map((j) => `${j.annotator}/${j.itemKey}`)).size).toBe(120);
    // Everyone was told they are done, and it is recorded.
    expect((await studio.listAnnotators(study.id)).every((a) => a.completedAt !== null)).toBe(true);
  });

  test('submitting with next (one round trip on Postgres), two pages at once, with a quota: the same rules hold', async () => {
    const study = await newStudy(3, items(40), 3);
    const who = await people(study.id, 40);
    const calls = vi.spyOn(store.native!, 'all');
    const answered = await Promise.all(who.map(async (p) => {
      let cur = await studio.current(study.id, p.id);
      let n = 0;
      while (cur.assignment) {
        const a = cur.assignment;
        const results = await Promise.all([0, 1].map(() => studio.submit(p, a.id, { answers: { 0: true } }, 'done', { next: true })));
        expect(results.map((r) => r.status).sort()).toEqual(['created', 'duplicate']);
        // Both pages are shown the same next item (or both are told they are done).
        expect(new Set(results.map((r) => r.next?.assignment?.id ?? 'none')).size).toBe(1);
        expect(results[0]!.next).toEqual(await studio.current(study.id, p.id));
        cur = results[0]!.next!;
        n++;
      }
      expect(cur.progress).toEqual({ done: 3, assigned: 0, total: 3 });
      return n;
    }));
    expect(answered).toEqual(new Array(40).fill(3));
    const oneTrip = calls.mock.calls.filter(([q]) => q.includes('attune_studio_answer')).length;
    calls.mockRestore();
    expect(oneTrip).toBe(store.dialect === 'postgres' ? 240 : 0);
    const s = await state(study.id);
    expect([...s.done.values()]).toEqual(new Array(40).fill(3));
    expect(s.pairs).toBe(120);
    expect(s.fillMismatches).toEqual([]);
    expect(await store.listJudgments({ studyId: study.id })).toHaveLength(120);
    expect((await studio.listAnnotators(study.id)).every((a) => a.completedAt !== null)).toBe(true);
  });

  test('more annotators than slots: nobody is given an item beyond k, the rest are told the study is full', async () => {
    const study = await newStudy(2, items(5));
    const who = await people(study.id, 30);
    const first = await Promise.all(who.map((p) => studio.current(study.id, p.id)));
    expect(first.filter((c) => c.assignment)).toHaveLength(10);
    const byItem = new Map<string, number>();
    for (const c of first) if (c.assignment) byItem.set(c.assignment.itemId, (byItem.get(c.assignment.itemId) ?? 0) + 1);
    expect([...byItem.values()]).toEqual(new Array(5).fill(2));
    // Reloading returns the same open item to those who hold one, and nothing to the others.
    const again = await Promise.all(who.map((p) => studio.current(study.id, p.id)));
    expect(again.map((c) => c.assignment?.id)).toEqual(first.map((c) => c.assignment?.id));
    expect(again.filter((c) => c.assignment).every((c) => c.progress.assigned === 1 && c.progress.done === 0)).toBe(true);
    expect((await state(study.id)).fillMismatches).toEqual([]);
  });

  test('a per-annotator quota with gold and attention items: each gets the quota and every special once, in parallel', async () => {
    const study = await newStudy(2, items(30, ['gold', 'attention']), 4);
    const who = await people(study.id, 12);
    await Promise.all(who.map((p) => work(study.id, p, 2)));
    const s = await state(study.id);
    for (const p of who) {
      const mine = s.rows.filter((r) => r.annotator_id === p.id).map((r) => r.item_id);
      expect(mine.filter((id) => id.startsWith('r'))).toHaveLength(4);
      expect(mine.filter((id) => id.startsWith('s')).sort()).toEqual(['s0', 's1']);
    }
    expect([...s.done.entries()].filter(([id]) => id.startsWith('r')).every(([, c]) => c <= 2)).toBe(true);
    expect(s.fillMismatches).toEqual([]);
    const progress = await studio.annotatorProgress(study.id, who[0]!.id);
    expect(progress).toEqual({ done: 6, assigned: 0, total: 6 });
  });

  test('a lapsed lease frees its slot; a late answer or a late renewal cannot push the item over k', async () => {
    const leaseMs = 60_000;
    const t0 = new Date('2026-01-01T00:00:00Z');
    const later = new Date(t0.getTime() + leaseMs + 1000);
    const study = await newStudy(1, items(1));
    const [x, y, z] = await people(study.id, 3);
    const ax = await studio.next(study.id, x!.id, { now: t0, leaseMs });
    expect(ax).toBeDefined();
    expect(await studio.next(study.id, y!.id, { now: t0, leaseMs })).toBeUndefined();
    // x abandons the page: after the lease, y gets the item; z, asking at the same moment, does not.
    const [ay, az] = await Promise.all([y!, z!].map((p) => studio.next(study.id, p.id, { now: later, leaseMs })));
    expect([ay, az].filter(Boolean)).toHaveLength(1);
    const holder = ay ? y! : z!;
    const held = (ay ?? az)!;
    expect(await studio.renewLease(x!.id, ax!.id, later, { leaseMs })).toBe(false);
    expect((await studio.submit(holder, held.id, { answers: { 0: true } }, 'done', { now: later, leaseMs })).status).toBe('created');
    expect((await studio.submit(x!, ax!.id, { answers: { 0: false } }, 'done', { now: later, leaseMs })).status).toBe('expired');
    const s = await state(study.id);
    expect([...s.done.values()]).toEqual([1]);
    expect(s.fillMismatches).toEqual([]);
    expect(await store.listJudgments({ studyId: study.id })).toHaveLength(1);
  });

  test('a lapsed lease nobody took is renewed on reload, and a skipped item goes to someone else', async () => {
    const leaseMs = 60_000;
    const t0 = new Date('2026-01-01T00:00:00Z');
    const later = new Date(t0.getTime() + 2 * leaseMs);
    const study = await newStudy(1, items(1));
    const [x, y] = await people(study.id, 2);
    const ax = await studio.next(study.id, x!.id, { now: t0, leaseMs });
    // x comes back after the lease ran out, before anyone else took the item: it is still theirs.
    expect((await studio.next(study.id, x!.id, { now: later, leaseMs }))?.id).toBe(ax!.id);
    expect(await studio.next(study.id, y!.id, { now: later, leaseMs })).toBeUndefined();
    expect((await studio.submit(x!, ax!.id, { answers: {} }, 'skipped', { now: later, leaseMs })).status).toBe('created');
    const ay = await studio.next(study.id, y!.id, { now: later, leaseMs });
    expect(ay?.itemId).toBe(ax!.itemId);
    expect((await state(study.id)).fillMismatches).toEqual([]);
  });
});

describe('migration 0006 on a store with studio data', () => {
  it('backfills leases, counted assignments and each item’s fill from the rows there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-m0006-'));
    try {
      const file = path.join(dir, 'old.sqlite');
      const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
      const { error } = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('0005_trust');
      expect(error).toBeUndefined();
      const t = '2026-01-01T00:00:00.000Z';
      await sql`insert into studies values ('s', 'old', 'relevance', 2, null, 'C', 'x', '{}', ${t})`.execute(old);
      for (const [i, id] of ['i0', 'i1'].entries()) await sql`insert into study_items values ('s', ${id}, ${i}, 'regular', '{}', 'null')`.execute(old);
      for (const a of ['a', 'b', 'c']) await sql`insert into annotators values (${a}, 's', ${a}, 'name', null, null, ${t}, null)`.execute(old);
      const rows: [string, string, string, string][] = [['x1', 'i0', 'a', 'done'], ['x2', 'i0', 'b', 'assigned'], ['x3', 'i0', 'c', 'skipped'], ['x4', 'i1', 'a', 'skipped']];
      for (const [id, item, who, status] of rows) {
        await sql`insert into assignments (id, study_id, item_id, annotator_id, seq, status, pair_order, assigned_at, completed_at, leased_at)
          values (${id}, 's', ${item}, ${who}, ${Number(id.slice(1))}, ${status}, null, ${t}, null, null)`.execute(old);
      }
      await old.destroy();

      const store = await openStore(file);
      try {
        const a = await sql<{ id: string; counted: number; leased_at: string }>`select id, counted, leased_at from assignments order by id`.execute(store.db);
        expect(a.rows.map((r) => [r.id, Number(r.counted)])).toEqual([['x1', 1], ['x2', 1], ['x3', 0], ['x4', 0]]);
        expect(a.rows.every((r) => r.leased_at === t)).toBe(true);
        const f = await sql<{ id: string; fill: number }>`select id, fill from study_items order by id`.execute(store.db);
        expect(f.rows.map((r) => [r.id, Number(r.fill)])).toEqual([['i0', 2], ['i1', 0]]);
        // c skipped i0 before the migration: the assignment rules still see it, so c is given i1.
        const studio = new StudioStore(store);
        const [c] = await studio.listAnnotators('s').then((xs) => xs.filter((x) => x.id === 'c'));
        const next = await studio.next('s', c!.id);
        expect(next?.itemId).toBe('i1');
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
