/**
 * Erasure: `Store.forgetUser` and `Store.deleteDataset` leave no row and no cached text of the user (or dataset)
 * in any research table; on SQLite the marker is gone from the file's bytes too.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/llm/cache.js';
import { buildRelevancePrompt } from '../../src/llm/relevance-judge.js';
import { pairKey, type Dataset } from '../../src/model/index.js';
import { buildExtractionMessages } from '../../src/stages/extract/llm-extractor.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { StudioStore } from '../../src/studio/index.js';
import { runAttune } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { backends } from './backends.js';

const M1 = 'QQMARKER1'; // only in user u1's data
const M2 = 'QQMARKER2'; // only in user u2's data

function dataset(): Dataset {
  const conv = (u: string, m: string) => ({
    id: `c-${u}`, userId: u,
    turns: [{ index: 0, role: 'user' as const, text: `I keep bees on my roof "${m}"\nand sell the honey.` }, { index: 1, role: 'assistant' as const, text: 'Lovely.' }],
  });
  const attr = (m: string) => ({ text: `The user keeps bees ${m}.`, reason: `said ${m}`, evidence: [], members: [] });
  return {
    name: 'forget-demo', format: 'attune-jsonl', provenance: 'illustrative', files: [],
    conversations: [conv('u1', M1), conv('u2', M2)],
    profiles: [{ userId: 'u1', attributes: [attr(M1)] }, { userId: 'u2', attributes: [attr(M2)] }],
    prompts: [{ id: 'p1', text: `How do I sell honey at a market ${M1}?` }, { id: 'p2', text: 'What is a good weekend plan for me?' }],
    goldAttributes: [{ userId: 'u1', text: `gold ${M1}` }, { userId: 'u2', text: `gold ${M2}` }],
    labels: [
      { userId: 'u1', promptId: 'p1', attribute: `The user keeps bees ${M1}.`, relevant: true },
      { userId: 'u1', promptId: 'p2', attribute: `The user keeps bees ${M1}.`, relevant: false },
      { userId: 'u2', promptId: 'p2', attribute: `The user keeps bees ${M2}.`, relevant: true },
    ],
    annotations: [{ userId: 'u1', promptId: 'p1', attribute: `The user keeps bees ${M1}.`, annotator: 'a1', relevant: true }],
    predictions: [{ userId: 'u1', promptId: 'p1', attribute: `The user keeps bees ${M1}.`, system: 'gpt', relevant: true, output: `yes ${M1}` }],
    responses: [{ userId: 'u1', promptId: 'p1', generator: 'g', mode: 'generic', text: `Generic answer ${M1}`, attributes: [] }],
    responsePairs: [
      { id: 'g:u1_p1', userId: 'u1', promptId: 'p1', generator: 'g', generic: `generic ${M1}`, personalized: `personal ${M1}`, attributes: [{ text: `The user keeps bees ${M1}.` }] },
      { id: 'g:u2_p2', userId: 'u2', promptId: 'p2', generator: 'g', generic: `generic ${M2}`, personalized: `personal ${M2}`, attributes: [{ text: `The user keeps bees ${M2}.` }] },
    ],
    ratings: [{ rater: 'r1', raterKind: 'human', pairId: 'g:u1_p1', attribute: `The user keeps bees ${M1}.`, score: 4 }, { rater: 'r1', raterKind: 'human', pairId: 'g:u2_p2', attribute: `The user keeps bees ${M2}.`, score: 3 }],
    attributeJudgments: [{ annotator: 'a1', userId: 'u1', attribute: `The user keeps bees ${M1}.`, verdict: 'makes_sense', note: M1 }],
  };
}

/** Fills every research table with rows of both users. */
async function fill(store: Store): Promise<void> {
  const ds = dataset();
  await store.saveDataset(ds);
  const run = await store.createRun({ stage: 'select', system: 'gpt', dataset: ds.name });
  await store.savePredictions(run.id, [
    { userId: 'u1', promptId: 'p1', attribute: `The user keeps bees ${M1}.`, system: 'gpt', relevant: true, output: `Answer: YES ${M1}` },
    { userId: 'u2', promptId: 'p2', attribute: `The user keeps bees ${M2}.`, system: 'gpt', relevant: true },
  ]);
  await store.saveJudgment({ annotator: 'a1', kind: 'relevance', itemKey: pairKey({ userId: 'u1', promptId: 'p1', attribute: 'x' }), value: { note: M1 } });
  await store.saveJudgment({ annotator: 'a1', kind: 'relevance', itemKey: pairKey({ userId: 'u2', promptId: 'p2', attribute: 'x' }), value: { note: M2 } });
  // Cached LLM requests as the extractor and the relevance judge send them (user text JSON-encoded inside).
  for (const [i, c] of ds.conversations.entries()) {
    const request = { provider: 'local', model: 'm', messages: buildExtractionMessages(c), params: {}, schema: null };
    await store.llmCachePut({ key: cacheKey(request), provider: 'local', model: 'm', request, response: { text: `attrs ${i}` } });
  }
  const judge = { provider: 'local', model: 'm', messages: [{ role: 'user', content: buildRelevancePrompt('The user likes tea.', ds.prompts[0]!.text) }], params: {}, schema: null };
  await store.llmCachePut({ key: cacheKey(judge), provider: 'local', model: 'm', request: judge, response: { text: 'Answer: NO' } });
  const unrelated = { provider: 'local', model: 'm', messages: [{ role: 'user', content: 'Unrelated request of nobody in particular' }], params: {}, schema: null };
  await store.llmCachePut({ key: cacheKey(unrelated), provider: 'local', model: 'm', request: unrelated, response: { text: 'ok' } });

  const studio = new StudioStore(store);
  const study = await studio.createStudy({
    name: 'bees', kind: 'attribute', k: 1, source: { dataset: ds.name },
    items: ['u1', 'u2'].map((u, i) => ({ id: `i${i}`, payload: { attribute: `The user keeps bees ${i ? M2 : M1}.` }, meta: { userId: u } })),
  });
  const annotator = await studio.enter(study.id, { source: 'name', externalId: 'ann' });
  for (let i = 0; i < 2; i++) {
    const a = await studio.next(study.id, annotator.id);
    await studio.submit(annotator, a!.id, { verdict: 'makes_sense' });
  }
}

/** Every row of every table, as one string. */
async function dump(store: Store): Promise<string> {
  const tables = (await store.db.introspection.getTables()).filter((t) => !store.schema || t.schema === store.schema).map((t) => t.name);
  let out = '';
  for (const t of tables) out += JSON.stringify((await sql`select * from ${sql.table(t)}`.execute(store.db)).rows);
  return out;
}

describe.each(backends())('erasure on $name', (backend) => {
  const test = it.skipIf(!backend.available);
  afterAll(() => backend.cleanup());

  test('forgetUser removes every row and cached request of the user and nothing of the others', async () => {
    const store = await openStore(backend.fresh());
    try {
      await fill(store);
      expect(await dump(store)).toContain(M1);
      const r = await store.forgetUser('u1');
      expect(r.deleted).toMatchObject({ conversations: 1, profiles: 1, attributes: 1, prompts: 1, predictions: 1, ratings: 1, llm_cache: 2, study_items: 1 });
      const after = await dump(store);
      expect(after).not.toContain(M1);
      expect(after).not.toContain('"u1"');
      // u2 and the unrelated cache row are intact.
      for (const m of [M2, 'Unrelated request']) expect(after).toContain(m);
      const ds = (await store.loadDataset('forget-demo'))!;
      expect(ds.prompts.map((p) => p.id)).toEqual(['p2']);
      expect(ds.profiles.map((p) => p.userId)).toEqual(['u2']);
      expect(ds.ratings).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  test('deleteDataset removes its runs, studies and cached requests too', async () => {
    const store = await openStore(backend.fresh());
    try {
      await fill(store);
      expect(await store.deleteDataset('forget-demo')).toBe(true);
      const after = await dump(store);
      for (const m of [M1, M2, 'forget-demo']) expect(after).not.toContain(m);
      expect(after).toContain('Unrelated request');
      expect(await store.listRuns()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('erasure leaves no bytes in the SQLite file', () => {
  const dir = tempDir('attune-forget-');

  function fileBytes(file: string): Buffer {
    // What a disk reader would see: the database and any WAL beside it, after a checkpoint and VACUUM.
    const raw = new BetterSqlite3(file);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.exec('VACUUM');
    raw.close();
    return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
  }

  it('attune forget --user: the marker is gone from the file, the other user stays', async () => {
    const file = path.join(dir, 'forget.sqlite');
    const store = await openStore(file);
    await fill(store);
    await store.close();
    expect(fileBytes(file).includes(M1)).toBe(true);
    const r = runAttune(dir, 'forget', '--user', 'u1', '--store', file);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/forgot user u1: \d+ rows/);
    const bytes = fileBytes(file);
    expect(bytes.includes(M1)).toBe(false);
    expect(bytes.includes(M2)).toBe(true);
  });

  it('deleteDataset: no text of the dataset is left in the file', async () => {
    const file = path.join(dir, 'delete.sqlite');
    const store = await openStore(file);
    await fill(store);
    await store.deleteDataset('forget-demo');
    await store.close();
    const bytes = fileBytes(file);
    expect(bytes.includes(M1) || bytes.includes(M2)).toBe(false);
  });
});
