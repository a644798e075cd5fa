// The runtime memory (src/memory): remember throughput (offline extractor; LLM extractor against the local test
// server at 100 ms a call, 8 conversations at once), select p50/p99 over profiles of 10, 100 and 1,000 attributes
// with the default embedding selector beside mem0-style scoring (interleaved, same prompts, same run), and store size
// and select latency with 10,000 users x 50 attributes on SQLite (and Postgres when ATTUNE_BENCH_PG_URL or
// ATTUNE_TEST_PG_URL is set). All texts are self-made; embeddings (USE-lite) are warmed before timing, so the
// figures are the memory's own cost, not the embedding model's (see `npm run bench -- embed` for that).
import { percentile, tableData, type BenchResult } from './shared.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { CachedEmbedder, SqliteVectorCache } from '../src/embed/cache.js';
import { UseLiteEmbedder } from '../src/embed/use-lite.js';
import { createLlmClient } from '../src/llm/client.js';
import { loadLlmConfig } from '../src/llm/config.js';
import { startTestLlmServer } from '../src/llm/testing/server.js';
import { createAttune, type Attune } from '../src/memory/index.js';
import { seededRandom } from '../src/util/random.js';
import { renderTable } from '../src/report/table.js';
import { predicateText } from '../src/stages/extract/merge.js';
import { MemoryRepository, openStore, type Store } from '../src/store/index.js';
import { attributeTexts } from './attributes.js';
import { makePrompts } from './selectlatency.js';

const TEXTS = attributeTexts(1000);

const USER_SAYS = [
  "I'm a nurse.", "I'm vegetarian.", 'I love hiking in the mountains.', 'I have two kids.', 'I play chess online.', "I'm allergic to peanuts.",
  'I live in Lisbon.', 'I work as a teacher.', 'I love jazz.', "I'm learning the piano.", 'I hate cold weather.', 'I prefer short answers.',
];


function freshFile(name: string): string {
  const f = path.join(os.tmpdir(), `attune-bench-memory-${process.pid}-${name}.sqlite`);
  for (const x of [f, `${f}-wal`, `${f}-shm`]) fs.rmSync(x, { force: true });
  return f;
}

function chatOf(i: number): { role: 'user' | 'assistant'; content: string }[] {
  const a = USER_SAYS[i % USER_SAYS.length]!;
  const b = USER_SAYS[(i * 7 + 3) % USER_SAYS.length]!;
  return [{ role: 'user', content: `${a} Conversation ${i}: ${b}` }, { role: 'assistant', content: 'Noted.' }];
}

async function rememberMany(attune: Attune, n: number, users: number, concurrency: number, offset = 0): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      await attune.remember({ userId: `u${i % users}`, messages: chatOf(offset + i) });
    }
  }));
  return n / ((performance.now() - t) / 1000);
}

async function rememberThroughput(embedder: CachedEmbedder): Promise<string[][]> {
  const rows: string[][] = [];
  // Warm the embedding cache with what the conversations yield (a first store, untimed).
  const warm = createAttune({ store: freshFile('warm'), embedder });
  await rememberMany(warm, 60, 12, 1, 10_000);
  await warm.close();
  const n = 300;
  const offline = createAttune({ store: freshFile('offline'), embedder });
  const rate1 = await rememberMany(offline, n, 50, 1);
  await offline.close();
  rows.push(['offline extractor, SQLite, 1 at a time', `${n}`, rate1.toFixed(1), '-']);

  const latency = 100;
  const server = await startTestLlmServer({
    latencyMs: latency,
    script: (req) => {
      const said = USER_SAYS.filter((s) => req.lastUserText.includes(s));
      return { json: { attributes: said.map((s) => ({ text: `The user says: ${s}`, reason: 'stated', confidence: 0.8, evidenceTurns: [0] })) } };
    },
  });
  try {
    const llm = createLlmClient({ model: 'local/bench', config: loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } }), cache: false, limits: { concurrency: 8 } });
    await embedder.embed(USER_SAYS.map((s) => predicateText(`The user says: ${s}`)));
    const withLlm = createAttune({ store: freshFile('llm'), embedder, model: llm });
    const m = 160;
    const rate8 = await rememberMany(withLlm, m, 40, 8);
    await withLlm.close();
    const ideal = 8 / (latency / 1000);
    rows.push([`LLM extractor via the test server (${latency} ms a call), 8 at once`, `${m}`, rate8.toFixed(1), `${ideal.toFixed(0)} (${((rate8 / ideal) * 100).toFixed(0)}% of it)`]);
  } finally {
    await server.close();
  }
  return rows;
}

/** Seeds users x perUser attributes (one evidence row each) with bulk inserts; texts drawn from TEXTS. */
export async function seed(store: Store, users: number, perUser: number, seedN = 1): Promise<void> {
  const repo = new MemoryRepository(store);
  const rnd = seededRandom(seedN);
  const at = new Date().toISOString();
  const chunk = store.dialect === 'sqlite' ? 2000 : 4000;
  let attrs: Record<string, unknown>[] = [];
  let ev: Record<string, unknown>[] = [];
  const flush = async () => {
    if (!attrs.length) return;
    await repo.transaction(async (r) => {
      await r.db.insertInto('memory_attributes').values(attrs as never).execute();
      await r.db.insertInto('memory_evidence').values(ev as never).execute();
    });
    attrs = [];
    ev = [];
  };
  for (let u = 0; u < users; u++) {
    const start = Math.floor(rnd() * TEXTS.length);
    for (let i = 0; i < perUser; i++) {
      const id = `b-${u}-${i}`;
      attrs.push({
        tenant_id: 'default', user_id: `user${u}`, id, seq: i, text: TEXTS[(start + i * 17) % TEXTS.length]!, reason: 'The user said so in turn 0.',
        confidence: 0.5 + rnd() * 0.5, status: 'active', sensitive: null, source: 'bench', members: '[]', confirmed: 0, superseded_by: null, created_at: at, updated_at: at,
      });
      ev.push({ tenant_id: 'default', user_id: `user${u}`, attribute_id: id, conversation_id: `c-${u}`, turn_index: 0, created_at: at });
      if (attrs.length >= chunk) await flush(); // under each backend's bound-parameter limit (15 columns a row)
    }
  }
  await flush();
}

async function timeSelects(attunes: Attune[], users: string[], prompts: string[]): Promise<number[][]> {
  const times = attunes.map(() => [] as number[]);
  for (let i = 0; i < prompts.length; i++) {
    for (const [k, a] of attunes.entries()) {
      const t = performance.now();
      await a.select({ userId: users[i % users.length]!, prompt: prompts[i]! });
      times[k]!.push(performance.now() - t);
    }
  }
  return times;
}

async function selectByProfileSize(embedder: CachedEmbedder): Promise<string[][]> {
  const prompts = makePrompts(200);
  await embedder.embed([...TEXTS, ...prompts]); // warm (untimed)
  const rows: string[][] = [];
  for (const size of [10, 100, 1000]) {
    const file = freshFile(`select-${size}`);
    const store = await openStore(file);
    await seed(store, 1, size, size);
    const emb = createAttune({ store, embedder });
    const mem0 = createAttune({ store, embedder, selector: 'mem0' });
    await timeSelects([emb, mem0], ['user0'], prompts.slice(0, 10)); // warm-up
    const [te, tm] = await timeSelects([emb, mem0], ['user0'], prompts);
    const sel = await emb.select({ userId: 'user0', prompt: prompts[0]! });
    const selM = await mem0.select({ userId: 'user0', prompt: prompts[0]! });
    rows.push([`${size}`, 'embedding (default)', percentile(te!, 50).toFixed(1), percentile(te!, 99).toFixed(1), `${sel.attributes.length}`]);
    rows.push([`${size}`, 'mem0-style hybrid', percentile(tm!, 50).toFixed(1), percentile(tm!, 99).toFixed(1), `${selM.attributes.length}`]);
    await emb.close();
    await mem0.close();
    await store.close();
  }
  return rows;
}

async function atScale(embedder: CachedEmbedder, label: string, open: () => Promise<{ store: Store; size: () => Promise<string>; drop: () => Promise<void> }>): Promise<string[]> {
  const users = 10_000;
  const per = 50;
  const { store, size, drop } = await open();
  try {
    const t = performance.now();
    await seed(store, users, per, 7);
    const seedS = (performance.now() - t) / 1000;
    const attune = createAttune({ store, embedder });
    const prompts = makePrompts(200);
    const rnd = seededRandom(3);
    const picks = prompts.map(() => `user${Math.floor(rnd() * users)}`);
    await timeSelects([attune], picks.slice(0, 10), prompts.slice(0, 10));
    const [ts] = await timeSelects([attune], picks, prompts);
    await attune.close();
    return [label, `${users.toLocaleString('en')} x ${per}`, seedS.toFixed(1), await size(), percentile(ts!, 50).toFixed(1), percentile(ts!, 99).toFixed(1)];
  } finally {
    await drop();
  }
}

export async function benchMemory(): Promise<BenchResult> {
  const cacheFile = process.env.ATTUNE_EMBED_CACHE ?? path.join(process.cwd(), '.attune', 'embeddings.sqlite');
  const embedder = new CachedEmbedder(new UseLiteEmbedder(), new SqliteVectorCache(cacheFile));

  const rememberH = ['remember', 'conversations', 'conversations/s', 'ideal'];
  const remember = await rememberThroughput(embedder);
  console.log(renderTable(rememberH, remember));
  console.log('(each conversation: extract, evidence and sensitive checks, merge against the stored profile by embedding, one transaction; embeddings warm)\n');

  const selectH = ['profile size', 'selector', 'select p50 ms', 'select p99 ms', 'selected for prompt 0'];
  const select = await selectByProfileSize(embedder);
  console.log(renderTable(selectH, select));
  console.log('(one user, 200 self-made prompts, the two selectors interleaved; a select reads the profile, scores every active attribute and records the usage row)\n');

  const rows: string[][] = [];
  rows.push(await atScale(embedder, 'SQLite', async () => {
    const file = freshFile('scale');
    const store = await openStore(file);
    return {
      store,
      size: async () => {
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
        return `${(fs.statSync(file).size / 1e6).toFixed(0)} MB (file)`;
      },
      drop: async () => {
        await store.close();
        for (const x of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(x, { force: true });
      },
    };
  }));
  const pg = process.env.ATTUNE_BENCH_PG_URL ?? process.env.ATTUNE_TEST_PG_URL;
  if (pg) {
    rows.push(await atScale(embedder, 'Postgres', async () => {
      const schema = `bench_memory_${process.pid}`;
      const store = await openStore(pg, { schema });
      return {
        store,
        size: async () => {
          const r = await sql<{ n: string }>`select sum(pg_total_relation_size(quote_ident(schemaname) || '.' || quote_ident(tablename)))::text as n from pg_tables where schemaname = ${schema} and tablename like 'memory_%'`.execute(store.db);
          return `${(Number(r.rows[0]?.n ?? 0) / 1e6).toFixed(0)} MB`;
        },
        drop: async () => {
          await sql.raw(`drop schema if exists "${schema}" cascade`).execute(store.db);
          await store.close();
        },
      };
    }));
  } else rows.push(['Postgres', 'skipped: set ATTUNE_BENCH_PG_URL or ATTUNE_TEST_PG_URL', '', '', '', '']);
  const scaleH = ['store', 'users x attributes', 'seed s', 'size of memory tables', 'select p50 ms', 'select p99 ms'];
  console.log(renderTable(scaleH, rows));
  console.log('(select for a random user among 10,000: read 50 attributes by (tenant, user), score with the default selector, write the usage row)');
  return { bench: 'memory', remember: tableData(rememberH, remember), select: tableData(selectH, select), scale: tableData(scaleH, rows) };
}
