// The cached select path in process (issue #22's "cheap hot path"): 1,000 selects of one user's 100-attribute
// profile, every prompt already embedded, for several embedder set-ups interleaved in the same run (rounds of 200
// selects each, the order rotated every round); what a per-user cache of profile vectors could save (the LRU
// lookups of the profile's texts against a plain Map); and what the select path's SQL costs read through Kysely (as
// select reads it), through the store's prepared statements (store.native) and through statements on a connection
// of its own, parsed each call or prepared once (the most a compiled-query cache could give). On SQLite,
// and on Postgres when ATTUNE_BENCH_PG_URL or ATTUNE_TEST_PG_URL is set (a scratch schema, dropped after).
// Self-made texts; the USE-lite vectors are kept in a scratch cache in the temp folder between runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { CachedEmbedder, SqliteVectorCache } from '../src/embed/cache.js';
import { StaticEmbedder } from '../src/embed/static.js';
import { UseLiteEmbedder } from '../src/embed/use-lite.js';
import { createAttune, type Attune } from '../src/memory/index.js';
import { fmt, renderTable } from '../src/report/table.js';
import { MemoryRepository, openStore, type Store } from '../src/store/index.js';
import { seed } from './memory.js';
import { makePrompts } from './selectlatency.js';
import { percentile, tableData, type BenchResult } from './shared.js';

const ATTRIBUTES = 100;
const PROMPTS = 200;
const ROUNDS = Number(process.env.ATTUNE_BENCH_HOT_ROUNDS ?? 5);
const CALLS = 1000;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const scope = { tenantId: 'default', userId: 'user0' };
const vectors = path.join(os.tmpdir(), 'attune-bench-hot-vectors.sqlite');
const BRIEF = "SELECT * FROM memory_attributes WHERE tenant_id = $1 AND user_id = $2 AND status IN ('active') ORDER BY seq";
const USAGE = 'INSERT INTO memory_usage (tenant_id, user_id, id, kind, prompt_hash, selector, attribute_ids, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)';

/** ms per call of fn, over n calls. */
async function perCall(n: number, fn: (i: number) => unknown): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return (performance.now() - t) / n;
}

/**
 * The two statements of a cached select on a connection of their own, prepared once (`once`) or parsed on every
 * call (`each`: what Kysely's driver does, without Kysely's query building, compiling and pool).
 */
interface Prepared {
  brief(once: boolean): Promise<unknown>;
  usage(once: boolean, id: string, hash: string): Promise<unknown>;
  close(): Promise<void>;
}

function sqlitePrepared(file: string): Prepared {
  const db = new BetterSqlite3(file);
  const brief = db.prepare(BRIEF.replace(/\$\d/g, '?'));
  const usage = db.prepare(USAGE.replace(/\$\d/g, '?'));
  const values = (id: string, hash: string) => [scope.tenantId, scope.userId, id, 'bench', hash, 'default', '["b-0-1","b-0-2"]', new Date().toISOString()];
  return {
    brief: (once) => Promise.resolve((once ? brief : db.prepare(BRIEF.replace(/\$\d/g, '?'))).all(scope.tenantId, scope.userId)),
    usage: (once, id, hash) => Promise.resolve((once ? usage : db.prepare(USAGE.replace(/\$\d/g, '?'))).run(...values(id, hash))),
    close: () => Promise.resolve(void db.close()),
  };
}

async function pgPrepared(url: string, schema: string): Promise<Prepared> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  // named queries: parsed and planned once per connection
  const values = (id: string, hash: string) => [scope.tenantId, scope.userId, id, 'bench', hash, 'default', '["b-0-1","b-0-2"]', new Date().toISOString()];
  return {
    brief: (once) => client.query({ ...(once ? { name: 'hot-brief' } : {}), text: BRIEF, values: [scope.tenantId, scope.userId] }),
    usage: (once, id, hash) => client.query({ ...(once ? { name: 'hot-usage' } : {}), text: USAGE, values: values(id, hash) }),
    close: () => client.end(),
  };
}

async function measure(label: string, store: Store, prepared: () => Promise<Prepared>): Promise<Record<string, unknown>> {
  await seed(store, 1, ATTRIBUTES, 5);
  const prompts = makePrompts(PROMPTS);
  const variants: { name: string; attune: Attune }[] = [
    { name: 'use-lite (cached)', attune: createAttune({ store, embedder: new CachedEmbedder(new UseLiteEmbedder(), new SqliteVectorCache(vectors)) }) },
    { name: 'static, no cache', attune: createAttune({ store, embedder: new StaticEmbedder() }) },
    { name: "static ('static': LRU in memory)", attune: createAttune({ store, embedder: 'static', embedCache: vectors }) },
  ];
  try {
    // Warm: every prompt once per variant (USE-lite embeds what its scratch cache lacks), untimed.
    for (const v of variants) for (const p of prompts) await v.attune.select({ userId: scope.userId, prompt: p });
    const ms = variants.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < variants.length; k++) {
        const j = (k + round) % variants.length;
        const { attune } = variants[j]!;
        for (const p of prompts) {
          const t = performance.now();
          await attune.select({ userId: scope.userId, prompt: p });
          ms[j]!.push(performance.now() - t);
        }
      }
    }
    const base = mean(ms[0]!);
    const selectRows = variants.map((v, k) => [v.name, `${ms[k]!.length}`, fmt(percentile(ms[k]!, 50), 3), fmt(percentile(ms[k]!, 99), 3), fmt(mean(ms[k]!), 3), fmt(mean(ms[k]!) / base, 2)]);
    const selectH = ['embedder', 'selects', 'p50 ms', 'p99 ms', 'mean ms', 'mean / first row'];
    console.log(`${label}: cached select, one user, ${ATTRIBUTES} active attributes, ${PROMPTS} prompts already embedded, ${ROUNDS} interleaved rounds`);
    console.log(renderTable(selectH, selectRows));

    // What a per-user cache of profile vectors could save at most: the LRU lookups of the profile's texts (and the
    // prompt's) in a warm CachedEmbedder, against a plain Map from text to vector (what such a cache would hold).
    const repo = new MemoryRepository(store);
    const texts = (await repo.attributesBrief(scope, { statuses: ['active'] })).map((a) => a.text);
    const lru = new CachedEmbedder(new UseLiteEmbedder(), new SqliteVectorCache(vectors));
    await lru.embed([...texts, ...prompts]);
    const held = new Map((await lru.embed(texts)).map((v, i) => [texts[i]!, v]));
    const lookups: string[][] = [];
    let lruMs = 0;
    let mapMs = 0;
    for (let round = 0; round < 3; round++) {
      const a = await perCall(CALLS, (i) => lru.embed([prompts[i % PROMPTS]!, ...texts]));
      const b = await perCall(CALLS, (i) => [lru.embed([prompts[i % PROMPTS]!]), texts.map((t) => held.get(t))]);
      lruMs += a / 3;
      mapMs += b / 3;
      lookups.push([`${round + 1}`, fmt(a, 4), fmt(b, 4)]);
    }
    const lookupsH = ['round', `prompt + ${texts.length} texts through the LRU, ms`, 'prompt through the LRU, texts from a Map, ms'];
    console.log(`\nper-attribute lookups, ${CALLS} calls each: a profile-vector cache would save at most ${fmt(lruMs - mapMs, 4)} ms, ${fmt(((lruMs - mapMs) / base) * 100, 1)}% of the select`);
    console.log(renderTable(lookupsH, lookups));

    // The select path's SQL: the profile read and the usage row (the cache-key rows are written once, so a cached
    // select writes none), through Kysely and through statements prepared once on a second connection.
    const raw = await prepared();
    const sqlRows: string[][] = [];
    let kyselyTotal = 0;
    let preparedTotal = 0;
    let eachTotal = 0;
    let nativeTotal = 0;
    const compile = await perCall(CALLS, () => repo.db.selectFrom('memory_attributes').selectAll().where('tenant_id', '=', scope.tenantId).where('user_id', '=', scope.userId)
      .where('status', 'in', ['active']).orderBy('seq').compile());
    try {
      for (let round = 0; round < 3; round++) {
        // the ways in a rotated order (a drifting load must not favour one), one statement at a time
        const native = store.native!;
        const ways: (() => Promise<number>)[] = [
          () => perCall(CALLS, () => repo.attributesBrief(scope, { statuses: ['active'] })),
          () => perCall(CALLS, () => native.all(BRIEF.replace(/\$\d/g, '?'), [scope.tenantId, scope.userId])),
          () => perCall(CALLS, () => raw.brief(false)),
          () => perCall(CALLS, () => raw.brief(true)),
          () => perCall(CALLS, (i) => repo.addUsage(scope, { kind: 'bench', promptHash: `h${i}`, selector: 'default', attributeIds: ['b-0-1', 'b-0-2'] })),
          () => perCall(CALLS, (i) => native.run(USAGE.replace(/\$\d/g, '?'), [scope.tenantId, scope.userId, `native-${round}-${i}`, 'bench', `h${i}`, 'default', '["b-0-1","b-0-2"]', new Date().toISOString()])),
          () => perCall(CALLS, (i) => raw.usage(false, `each-${round}-${i}`, `h${i}`)),
          () => perCall(CALLS, (i) => raw.usage(true, `once-${round}-${i}`, `h${i}`)),
        ];
        const t: number[] = new Array(ways.length);
        for (const half of [0, 4]) for (let k = 0; k < 4; k++) t[half + ((k + round) % 4)] = await ways[half + ((k + round) % 4)]!();
        const [kb, nb, eb, pb, ku, nu, eu, pu] = t as [number, number, number, number, number, number, number, number];
        kyselyTotal += kb + ku;
        nativeTotal += nb + nu;
        eachTotal += eb + eu;
        preparedTotal += pb + pu;
        sqlRows.push([`${round + 1}`, fmt(kb, 4), fmt(nb, 4), fmt(eb, 4), fmt(pb, 4), fmt(ku, 4), fmt(nu, 4), fmt(eu, 4), fmt(pu, 4)]);
      }
    } finally {
      await raw.close();
    }
    const sqlH = ['round', 'profile read: Kysely ms', 'store.native', 'own conn., parsed each call', 'prepared once', 'usage insert: Kysely ms', 'store.native', 'own conn., parsed each call', 'prepared once'];
    console.log(`\nthe select path's SQL, ${CALLS} calls each (Kysely builds and compiles the query on every call, compiling the profile read alone: ${fmt(compile, 4)} ms)`);
    console.log(renderTable(sqlH, sqlRows));
    const saved = (kyselyTotal - nativeTotal) / 3;
    const share = saved / base;
    // parsing/planning once, the part a compiled-query cache in front of Kysely would add to the compile it saves
    const parse = (eachTotal - preparedTotal) / 3;
    console.log(`the two statements through store.native (prepared once, the store's own connections; src/store/native.ts) would save ${fmt(saved, 4)} ms of a ${fmt(base, 3)} ms ` +
      `cached select (USE-lite), ${fmt(share * 100, 1)}%; on a connection of their own, parsing once saves ${fmt(parse, 4)} ms (${fmt((parse / base) * 100, 1)}%); compiling the two ` +
      `queries costs Kysely ~${fmt(2 * compile, 4)} ms (${fmt(((2 * compile) / base) * 100, 1)}%)\n`);
    return {
      store: label,
      select: tableData(selectH, selectRows),
      lookups: { rows: tableData(lookupsH, lookups), lruMs: r3(lruMs), mapMs: r3(mapMs), shareOfCachedSelect: r3((lruMs - mapMs) / base) },
      sql: { rows: tableData(sqlH, sqlRows), compileMs: r3(compile), nativeSavesMs: r3(saved), shareOfCachedSelect: r3(share), parseOnceSavesMs: r3(parse), parseShareOfCachedSelect: r3(parse / base) },
    };
  } finally {
    for (const v of variants) await v.attune.close();
  }
}

export async function benchHot(): Promise<BenchResult> {
  const stores: Record<string, unknown>[] = [];
  const file = path.join(os.tmpdir(), `attune-bench-hot-${process.pid}.sqlite`);
  const dropFile = () => {
    for (const x of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(x, { force: true });
  };
  dropFile();
  const lite = await openStore(file);
  try {
    stores.push(await measure('SQLite', lite, () => Promise.resolve(sqlitePrepared(file))));
  } finally {
    await lite.close();
    dropFile();
  }
  const url = process.env.ATTUNE_BENCH_PG_URL ?? process.env.ATTUNE_TEST_PG_URL;
  if (url) {
    const schema = `bench_hot_${process.pid}`;
    const store = await openStore(url, { schema });
    try {
      stores.push(await measure('Postgres', store, () => pgPrepared(url, schema)));
    } finally {
      await sql.raw(`drop schema if exists "${schema}" cascade`).execute(store.db);
      await store.close();
    }
  } else console.log('[skip] Postgres: set ATTUNE_BENCH_PG_URL or ATTUNE_TEST_PG_URL');
  return { bench: 'hot', attributes: ATTRIBUTES, prompts: PROMPTS, rounds: ROUNDS, stores };
}
