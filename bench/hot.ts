// The cached select path in process (issue #22's "cheap hot path"): 1,000 selects of one user's 100-attribute
// profile, every prompt already embedded, on SQLite, for several embedder set-ups interleaved in the same run
// (rounds of 200 selects each, the order rotated every round); then what the select path's SQL costs, read through
// Kysely (as select reads it) and through statements prepared once (what a compiled-query cache could at best give).
// Self-made texts; the USE-lite vectors are kept in a scratch cache in the temp folder between runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { CachedEmbedder, SqliteVectorCache } from '../src/embed/cache.js';
import { StaticEmbedder } from '../src/embed/static.js';
import { UseLiteEmbedder } from '../src/embed/use-lite.js';
import { createAttune, type Attune } from '../src/memory/index.js';
import { fmt, renderTable } from '../src/report/table.js';
import { MemoryRepository, openStore } from '../src/store/index.js';
import { seed } from './memory.js';
import { makePrompts } from './selectlatency.js';
import { percentile, tableData, type BenchResult } from './shared.js';

const ATTRIBUTES = 100;
const PROMPTS = 200;
const ROUNDS = Number(process.env.ATTUNE_BENCH_HOT_ROUNDS ?? 5);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function freshFile(name: string): string {
  const f = path.join(os.tmpdir(), `attune-bench-hot-${process.pid}-${name}.sqlite`);
  for (const x of [f, `${f}-wal`, `${f}-shm`]) fs.rmSync(x, { force: true });
  return f;
}

/** ms per call of fn, over n calls. */
async function perCall(n: number, fn: (i: number) => unknown): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return (performance.now() - t) / n;
}

export async function benchHot(): Promise<BenchResult> {
  const file = freshFile('store');
  const vectors = path.join(os.tmpdir(), 'attune-bench-hot-vectors.sqlite');
  const store = await openStore(file);
  await seed(store, 1, ATTRIBUTES, 5);
  const prompts = makePrompts(PROMPTS);
  const scope = { tenantId: 'default', userId: 'user0' };
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
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const base = mean(ms[0]!);
    const selectRows = variants.map((v, k) => [v.name, `${ms[k]!.length}`, fmt(percentile(ms[k]!, 50), 3), fmt(percentile(ms[k]!, 99), 3), fmt(mean(ms[k]!), 3), fmt(mean(ms[k]!) / base, 2)]);
    const selectH = ['embedder', 'selects', 'p50 ms', 'p99 ms', 'mean ms', 'mean / first row'];
    console.log(`cached select: one user, ${ATTRIBUTES} active attributes, ${PROMPTS} prompts already embedded, ${ROUNDS} interleaved rounds, SQLite`);
    console.log(renderTable(selectH, selectRows));

    // The select path's SQL: the profile read and the usage row (the cache-key rows are written once, so a cached
    // select writes none), through Kysely and through statements prepared once on a second connection.
    const repo = new MemoryRepository(store);
    const raw = new BetterSqlite3(file);
    const brief = raw.prepare("SELECT * FROM memory_attributes WHERE tenant_id = ? AND user_id = ? AND status IN ('active') ORDER BY seq");
    const usage = raw.prepare('INSERT INTO memory_usage (tenant_id, user_id, id, kind, prompt_hash, selector, attribute_ids, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const n = 1000;
    const sqlRows: string[][] = [];
    let kyselyTotal = 0;
    let preparedTotal = 0;
    const compile = await perCall(n, () => repo.db.selectFrom('memory_attributes').selectAll().where('tenant_id', '=', scope.tenantId).where('user_id', '=', scope.userId)
      .where('status', 'in', ['active']).orderBy('seq').compile());
    for (let round = 0; round < 3; round++) {
      const kb = await perCall(n, () => repo.attributesBrief(scope, { statuses: ['active'] }));
      const pb = await perCall(n, () => brief.all(scope.tenantId, scope.userId));
      const ku = await perCall(n, (i) => repo.addUsage(scope, { kind: 'bench', promptHash: `h${i}`, selector: 'default', attributeIds: ['b-0-1', 'b-0-2'] }));
      const pu = await perCall(n, (i) => usage.run(scope.tenantId, scope.userId, `raw-${round}-${i}`, 'bench', `h${i}`, 'default', '["b-0-1","b-0-2"]', new Date().toISOString()));
      kyselyTotal += kb + ku;
      preparedTotal += pb + pu;
      sqlRows.push([`${round + 1}`, fmt(kb, 4), fmt(pb, 4), fmt(ku, 4), fmt(pu, 4)]);
    }
    raw.close();
    const sqlH = ['round', 'profile read, Kysely ms', 'profile read, prepared ms', 'usage insert, Kysely ms', 'usage insert, prepared ms'];
    console.log(`\nthe select path's SQL, ${n} calls each (Kysely builds, compiles and prepares the statement on every call; compiling the profile read alone: ${fmt(compile, 4)} ms)`);
    console.log(renderTable(sqlH, sqlRows));
    const saved = (kyselyTotal - preparedTotal) / 3;
    const share = saved / base;
    console.log(`statements prepared once would save at most ${fmt(saved, 4)} ms of a ${fmt(base, 3)} ms cached select (USE-lite): ${fmt(share * 100, 1)}%`);
    return {
      bench: 'hot', attributes: ATTRIBUTES, prompts: PROMPTS, rounds: ROUNDS,
      select: tableData(selectH, selectRows),
      sql: { rows: tableData(sqlH, sqlRows), compileMs: r3(compile), preparedSavesMs: r3(saved), shareOfCachedSelect: r3(share) },
    };
  } finally {
    for (const v of variants) await v.attune.close();
    await store.close();
    for (const x of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(x, { force: true });
  }
}
