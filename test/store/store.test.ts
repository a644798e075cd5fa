import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Dataset } from '../../src/model/index.js';
import { openStore } from '../../src/store/open.js';
import { DATASET_CHILD_TABLES } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { backends } from './backends.js';
import { manyPredictions, smallDataset } from './fixtures.js';
import { MEMORY_TABLES } from '../../src/store/memory.js';

const ALL_TABLES = [
  'datasets', ...DATASET_CHILD_TABLES, 'runs', 'predictions', 'judgments', 'llm_cache',
  'studies', 'study_items', 'annotators', 'assignments', ...MEMORY_TABLES, 'tenants', 'api_keys',
];
const MIGRATIONS = ['0001_initial', '0002_studio', '0003_memory', '0004_tenants', '0005_trust', '0006_studio_counters', '0007_studio_pg_answer'];

async function countRows(store: Store, table: string, datasetId?: string): Promise<number> {
  const where = datasetId === undefined ? sql`` : sql` where dataset_id = ${datasetId}`;
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}${where}`.execute(store.db);
  return Number(rows[0]?.n);
}

describe.each(backends())('store on $name', (backend) => {
  const test = it.skipIf(!backend.available);
  let store: Store;

  beforeAll(async () => {
    if (backend.available) store = await openStore(backend.fresh());
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  test('migrates a fresh database', async () => {
    const s = await openStore(backend.fresh());
    try {
      // Postgres introspection lists every schema's tables: look at this store's own.
      const tables = (await s.db.introspection.getTables()).filter((t) => !s.schema || t.schema === s.schema).map((t) => t.name);
      expect(tables.filter((t) => !t.startsWith('kysely_')).sort()).toEqual([...ALL_TABLES].sort());
      const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(s.db);
      expect(rows.map((r) => r.name)).toEqual(MIGRATIONS);
      for (const t of ALL_TABLES) expect(await countRows(s, t)).toBe(0);
    } finally {
      await s.close();
    }
  });

  test('two stores opening one fresh database at once both migrate it safely', async () => {
    const url = backend.fresh();
    const opened = await Promise.all([openStore(url), openStore(url), openStore(url)]);
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(opened[0]!.db);
      expect(rows.map((r) => r.name)).toEqual(MIGRATIONS);
      await opened[1]!.saveDataset(smallDataset('concurrent'));
      expect(await opened[2]!.loadDataset('concurrent')).toStrictEqual(smallDataset('concurrent'));
    } finally {
      await Promise.all(opened.map((s) => s.close()));
    }
  });

  test('reopening is idempotent and keeps the data', async () => {
    const url = backend.fresh();
    const a = await openStore(url);
    const id = await a.saveDataset(smallDataset('kept'));
    await a.close();
    const b = await openStore(url);
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(b.db);
      expect(rows).toHaveLength(MIGRATIONS.length);
      expect((await b.listDatasets()).map((d) => d.id)).toEqual([id]);
      expect(await b.loadDataset('kept')).toStrictEqual(smallDataset('kept'));
    } finally {
      await b.close();
    }
    // Opening the same store twice at once (two processes) works too.
    const [c, d] = await Promise.all([openStore(url), openStore(url)]);
    await Promise.all([c.close(), d.close()]);
  });

  test('round-trips a dataset by name and by id', async () => {
    const ds = smallDataset('round-trip');
    const id = await store.saveDataset(ds);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await store.loadDataset('round-trip')).toStrictEqual(ds);
    expect(await store.loadDataset(id)).toStrictEqual(ds);
    expect(await store.loadDataset('no-such-dataset')).toBeUndefined();
    const summary = (await store.listDatasets()).find((d) => d.name === 'round-trip');
    expect(summary).toMatchObject({ id, format: 'attune-jsonl', provenance: 'illustrative' });
  });

  test('re-saving a dataset name replaces it and leaves no orphan rows', async () => {
    const v1 = smallDataset('replace-me');
    const oldId = await store.saveDataset(v1);
    const v2: Dataset = { ...smallDataset('replace-me'), provenance: 'human', labels: v1.labels.slice(0, 1), ratings: [], files: [] };
    const newId = await store.saveDataset(v2);
    expect(newId).not.toBe(oldId);
    expect(await store.loadDataset('replace-me')).toStrictEqual(v2);
    expect(await store.loadDataset(oldId)).toBeUndefined();
    expect((await store.listDatasets()).filter((d) => d.name === 'replace-me')).toHaveLength(1);
    for (const t of DATASET_CHILD_TABLES) expect(await countRows(store, t, oldId)).toBe(0);
    expect(await countRows(store, 'labels', newId)).toBe(1);

    expect(await store.deleteDataset('replace-me')).toBe(true);
    expect(await store.deleteDataset('replace-me')).toBe(false);
    for (const t of DATASET_CHILD_TABLES) expect(await countRows(store, t, newId)).toBe(0);
  });

  test('a dataset save that fails midway leaves nothing behind (and keeps the old version)', async () => {
    const good = smallDataset('atomic');
    await store.saveDataset(good);
    const before = await Promise.all(ALL_TABLES.map((t) => countRows(store, t)));

    // Enough labels to need several INSERT statements on both backends, then a bad row in the last table:
    // a NULL verdict passes the repository and is refused by the database's NOT NULL constraint.
    const bad = smallDataset('atomic');
    bad.labels = Array.from({ length: 7_000 }, (_, i) => ({ userId: 'u1', promptId: `p${i}`, attribute: 'a', relevant: i % 2 === 0 }));
    bad.attributeJudgments.push({ annotator: 'a3', userId: 'u1', attribute: 'x', verdict: null as never });
    await expect(store.saveDataset(bad)).rejects.toThrow();

    expect(await Promise.all(ALL_TABLES.map((t) => countRows(store, t)))).toEqual(before);
    expect(await store.loadDataset('atomic')).toStrictEqual(good);

    // A brand-new name that fails leaves no dataset row either.
    const fresh = { ...bad, name: 'atomic-new' };
    await expect(store.saveDataset(fresh)).rejects.toThrow();
    expect(await store.loadDataset('atomic-new')).toBeUndefined();
    expect(await Promise.all(ALL_TABLES.map((t) => countRows(store, t)))).toEqual(before);

    // A non-boolean where a boolean belongs is refused before it reaches the database.
    const wrongType = smallDataset('atomic-type');
    wrongType.labels.push({ userId: 'u', promptId: 'p', attribute: 'a', relevant: 'yes' as never });
    await expect(store.saveDataset(wrongType)).rejects.toThrow(/label.relevant must be a boolean/);
    expect(await store.loadDataset('atomic-type')).toBeUndefined();
  });

  test('a run with 5,000 predictions (batched inserts)', async () => {
    const run = await store.createRun({ stage: 'select', system: 'bm25', dataset: 'round-trip', params: { k1: 1.2, b: 0.75, fields: ['text'] } });
    expect(run.id).toBeTruthy();
    const preds = manyPredictions(5_000);

    const t0 = performance.now();
    expect(await store.savePredictions(run.id, preds)).toBe(5_000);
    const ms = performance.now() - t0;
    console.log(`[timing] ${backend.name}: saved 5,000 predictions in ${ms.toFixed(0)} ms`);

    const t1 = performance.now();
    const back = await store.getPredictions(run.id);
    console.log(`[timing] ${backend.name}: read 5,000 predictions in ${(performance.now() - t1).toFixed(0)} ms`);
    expect(back).toStrictEqual(preds);

    // Re-saving (a resumed run) overwrites by (user, prompt, attribute) and keeps the order.
    const changed = preds.slice(0, 10).map((p) => ({ ...p, relevant: !p.relevant, score: 0.5 }));
    expect(await store.savePredictions(run.id, changed)).toBe(10);
    const again = await store.getPredictions(run.id);
    expect(again).toHaveLength(5_000);
    expect(again.slice(0, 10)).toStrictEqual(changed.map((p) => ({ ...p })));
    expect(again.slice(10)).toStrictEqual(preds.slice(10));

    await store.finishRun(run.id, { f1: 0.243, precision: 1 / 3, n: 5000, perUser: { u1: 0.5 } });
    const listed = (await store.listRuns({ dataset: 'round-trip' })).find((r) => r.id === run.id);
    expect(listed).toBeDefined();
    expect(listed!.predictions).toBe(5_000);
    expect(typeof listed!.predictions).toBe('number');
    expect(listed!.metrics).toStrictEqual({ f1: 0.243, precision: 1 / 3, n: 5000, perUser: { u1: 0.5 } });
    expect(listed!.params).toStrictEqual({ k1: 1.2, b: 0.75, fields: ['text'] });
    expect(listed!.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await store.getRun(run.id)).toStrictEqual(listed);

    await expect(store.finishRun('no-such-run', {})).rejects.toThrow(/no run/);
    await expect(store.savePredictions('no-such-run', preds.slice(0, 1))).rejects.toThrow(/no run/);
  });

  test('a predictions save that fails midway leaves the run untouched', async () => {
    const run = await store.createRun({ id: `atomic-run-${backend.name}`, stage: 'select', system: 's', dataset: 'd' });
    await store.savePredictions(run.id, manyPredictions(3));
    const preds = manyPredictions(12_000);
    preds[11_000] = { ...preds[11_000]!, attribute: null as never };
    await expect(store.savePredictions(run.id, preds)).rejects.toThrow();
    expect(await store.getPredictions(run.id)).toStrictEqual(manyPredictions(3));
  });

  test('lists runs newest first, filtered', async () => {
    const a = await store.createRun({ stage: 'extract', system: 'heuristic', dataset: 'list-runs', startedAt: '2025-01-01T00:00:00.000Z' });
    const b = await store.createRun({ stage: 'extract', system: 'llm', dataset: 'list-runs', startedAt: '2025-01-02T00:00:00.000Z' });
    const runs = await store.listRuns({ dataset: 'list-runs' });
    expect(runs.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(runs[0]).toStrictEqual({ ...b, predictions: 0 });
    expect((await store.listRuns({ dataset: 'list-runs', system: 'heuristic' })).map((r) => r.id)).toEqual([a.id]);
    expect(await store.listRuns({ dataset: 'list-runs', stage: 'select' })).toEqual([]);
  });

  test('judgment submission is idempotent', async () => {
    const j = { studyId: 'study-1', annotator: 'ann-1', kind: 'relevance' as const, itemKey: 'u1\u0000p1\u0000The user is polite', value: { relevant: true } };
    const first = await store.saveJudgment(j);
    expect(first).toMatchObject({ created: true, changed: false });
    expect(await store.saveJudgment(j)).toStrictEqual({ id: first.id, created: false, changed: false });
    expect(await store.saveJudgment({ ...j, value: { relevant: false } }, { onConflict: 'keep' })).toStrictEqual({ id: first.id, created: false, changed: false });
    expect((await store.listJudgments({ annotator: 'ann-1' }))[0]?.value).toStrictEqual({ relevant: true });
    expect(await store.saveJudgment({ ...j, value: { relevant: false } })).toStrictEqual({ id: first.id, created: false, changed: true });

    // Many concurrent resubmissions of the same item still yield one row.
    const results = await Promise.all(Array.from({ length: 8 }, () => store.saveJudgment({ ...j, annotator: 'ann-2' })));
    expect(results.filter((r) => r.created)).toHaveLength(1);

    await store.saveJudgment({ annotator: 'ann-1', kind: 'attribute', itemKey: 'u1\u0000The user is polite', value: { verdict: 'maybe' } });
    await store.saveJudgment({ annotator: 'ann-1', kind: 'rating', itemKey: 'rp1\u0000The user runs', value: 4 });

    const mine = await store.listJudgments({ annotator: 'ann-1' });
    expect(mine).toHaveLength(3);
    const rel = mine.find((m) => m.kind === 'relevance')!;
    expect(rel).toMatchObject({ id: first.id, studyId: 'study-1', value: { relevant: false }, itemKey: j.itemKey });
    expect(rel.updatedAt >= rel.createdAt).toBe(true);
    expect(await store.listJudgments({ kind: 'rating' })).toEqual([expect.objectContaining({ value: 4, studyId: null })]);
    expect(await store.listJudgments({ studyId: null, annotator: 'ann-1' })).toHaveLength(2);
    expect(await store.listJudgments({ studyId: 'study-1' })).toHaveLength(2);
    expect(await store.listJudgments({ itemKeyPrefix: 'U1' })).toHaveLength(0); // prefix match is case-sensitive
    expect(await store.listJudgments({ itemKeyPrefix: 'u1\u0000' })).toHaveLength(3);
    expect(await store.listJudgments({ itemKey: j.itemKey })).toHaveLength(2);

    // Keys with NUL (pairKey's separator, which Postgres text cannot hold) and U+001F round-trip exactly.
    const odd = 'x\u001f0\u0000y\u001f';
    await store.saveJudgment({ annotator: 'ann-3', kind: 'attribute', itemKey: odd, value: null });
    expect((await store.listJudgments({ annotator: 'ann-3' })).map((r) => [r.itemKey, r.value])).toEqual([[odd, null]]);
    expect(await store.listJudgments({ itemKeyPrefix: 'x\u001f' })).toHaveLength(1);
    expect(await store.listJudgments({ itemKeyPrefix: 'x\u0000' })).toHaveLength(0);

    await expect(store.saveJudgment({ ...j, kind: 'vibe' as never })).rejects.toThrow(/kind must be one of/);
  });

  test('LLM cache put/get', async () => {
    expect(await store.llmCacheGet('missing')).toBeUndefined();
    const entry = {
      key: 'sha256:abc', provider: 'openai-compatible', model: 'qwen3-4b',
      request: { messages: [{ role: 'user', content: 'Is it relevant? ünïcode' }], temperature: 0 },
      response: { text: 'Answer: YES', finishReason: 'stop' },
      usage: { inputTokens: 120, outputTokens: 3, costUsd: 0.000125 },
    };
    await store.llmCachePut(entry);
    const got = await store.llmCacheGet(entry.key);
    expect(got).toMatchObject(entry);
    expect(typeof got!.createdAt).toBe('string');

    await store.llmCachePut({ ...entry, response: { text: 'Answer: NO' }, usage: undefined, createdAt: '2025-01-01T00:00:00.000Z' });
    expect(await store.llmCacheGet(entry.key)).toStrictEqual({
      key: entry.key, provider: entry.provider, model: entry.model, request: entry.request,
      response: { text: 'Answer: NO' }, createdAt: '2025-01-01T00:00:00.000Z',
    });
    expect(await countRows(store, 'llm_cache')).toBe(1);
    expect(await store.llmCacheDelete(entry.key)).toBe(true);
    expect(await store.llmCacheGet(entry.key)).toBeUndefined();
  });

  test('numbers come back as numbers and booleans as booleans', async () => {
    const ds = smallDataset('types');
    await store.saveDataset(ds);
    const back = (await store.loadDataset('types'))!;
    const label = back.labels[0]!;
    expect(typeof label.relevant).toBe('boolean');
    expect(label.relevant).toBe(true);
    expect(back.labels[1]!.relevant).toBe(false);
    expect(label.yesRate).toBe(2 / 3); // double precision, not real: no float32 rounding
    expect(typeof label.nAnnotators).toBe('number');
    expect(back.labels[1]!.yesRate).toBe(0);
    expect(back.profiles[0]!.attributes[0]!.confidence).toBe(0.35);
    expect(back.profiles[0]!.attributes[0]!.members[0]!.confidence).toBe(1 / 3);
    expect(typeof back.ratings[0]!.score).toBe('number');
    expect(typeof back.annotations[1]!.relevant).toBe('boolean');
    expect(back.predictions[0]!.score).toBe(0.91);

    const run = await store.createRun({ stage: 'select', system: 'types', dataset: 'types' });
    await store.savePredictions(run.id, [
      { userId: 'u', promptId: 'p', attribute: 'a', system: 'types', relevant: false, score: 0 },
      { userId: 'u', promptId: 'p', attribute: 'b', system: 'types', relevant: true, score: -1e-12 },
      { userId: 'u', promptId: 'p', attribute: 'c', system: 'types', relevant: true, score: 123456789.123456 },
    ]);
    const preds = await store.getPredictions(run.id);
    expect(preds.map((p) => p.relevant)).toEqual([false, true, true]);
    expect(preds.map((p) => p.score)).toEqual([0, -1e-12, 123456789.123456]);
    const [summary] = await store.listRuns({ system: 'types' });
    expect(summary!.predictions).toBe(3);
  });
});
