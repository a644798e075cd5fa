// attune serve under load, and its workers. (1) `attune serve` as its own process on a loopback port, 50
// concurrent clients calling POST /v1/users/{id}/select against a 100-attribute profile: latency percentiles and
// requests/s. (2) 1, 2 and 4 `attune worker` processes draining 200 queued conversations against the local test
// LLM server answering in 100 ms: jobs/s as a share of the ideal (workers x concurrency / 100 ms).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { renderTable } from '../src/report/table.js';
import { fmt, percentile, tableData, type BenchResult } from './shared.js';
import { startTestLlmServer, type Script } from '../src/llm/testing/server.js';
import { bullQueue } from '../src/queue/bullmq.js';
import { rememberJobId, rememberOrderKey } from '../src/server/api/app.js';
import type { RememberJob } from '../src/server/api/memory.js';
import type { RememberResponse } from '../src/server/api/schemas.js';
import { KeyStore } from '../src/store/keys.js';
import { MemoryRepository } from '../src/store/memory.js';
import { openStore } from '../src/store/open.js';
import { spawnAttune, type AttuneProcess } from '../test/support/cli.js';
import { dropPgSchemas, pgSchemaUrl } from '../test/support/pg-schemas.js';

const CLIENTS = 50;
const SELECT_REQUESTS = 3000;
const SELECT_MS = 30_000;
const ATTRIBUTES = 100;
const JOBS = 200;
const LLM_MS = 100;
const WORKER_CONCURRENCY = 4;


const TOPICS = ['hiking', 'jazz', 'sourdough', 'chess', 'sailing', 'pottery', 'astronomy', 'knitting', 'cycling', 'opera'];
const FACTS = ['enjoys', 'is learning', 'avoids', 'teaches', 'collects books about', 'watches videos on', 'travels for', 'saves money for', 'writes a blog on', 'dislikes'];
const PROMPTS = [
  'Plan a weekend trip for me', 'Suggest a dinner recipe', 'What should I read next?', 'Help me pick a hobby for winter',
  'Recommend a podcast', 'Write a birthday message for my friend', 'How do I stay fit while working from home?', 'Gift ideas for my sister',
];

export async function benchServe(): Promise<BenchResult> {
  const redis = process.env.ATTUNE_BENCH_REDIS_URL || process.env.ATTUNE_TEST_REDIS_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-serve-'));
  try {
    const select = await benchSelect(dir);
    if (!redis) console.log('[skip] workers: set ATTUNE_TEST_REDIS_URL (.ci/start-redis.sh prints one)');
    return { bench: 'serve', select, workers: redis ? await benchWorkers(dir, redis) : 'skipped: no Redis' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function benchSelect(dir: string): Promise<Record<string, unknown>> {
  const storeUrl = path.join(dir, 'select.sqlite');
  const store = await openStore(storeUrl);
  const key = (await new KeyStore(store).createKey('bench')).key;
  const repo = new MemoryRepository(store);
  const scope = { tenantId: 'bench', userId: 'u1' };
  const turns = Array.from({ length: ATTRIBUTES }, (_, i) => ({ index: i, role: 'user', text: `fact ${i}` }));
  await repo.insertConversation(scope, { id: 'c1', hash: 'bench', turns });
  for (let i = 0; i < ATTRIBUTES; i++) {
    const text = `The user ${FACTS[i % FACTS.length]} ${TOPICS[Math.floor(i / FACTS.length) % TOPICS.length]}`;
    await repo.insertAttribute(scope, { text: `${text} (${i})`, confidence: 0.9, evidence: [{ conversationId: 'c1', turnIndex: i }] });
  }
  await store.close();

  const server = spawnAttune(dir, ['serve', '--store', storeUrl, '--port', '0', '--quiet', '--rate', '1000000']);
  try {
    const url = (await server.waitFor(/attune serve: (http:\/\/\S+) /))[1]!;
    const select = async (prompt: string) => {
      const res = await fetch(`${url}/v1/users/u1/select`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ prompt }),
      });
      if (res.status !== 200) throw new Error(`select answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { attributes: unknown[] };
    };
    // Warm: the embedding model loads and the 100 attributes and the prompts are embedded (then cached).
    for (const p of PROMPTS) await select(p);

    const latencies: number[] = [];
    let sent = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
      while (sent < SELECT_REQUESTS && performance.now() - t0 < SELECT_MS) {
        const prompt = PROMPTS[(sent++ + c) % PROMPTS.length]!;
        const t = performance.now();
        await select(prompt);
        latencies.push(performance.now() - t);
      }
    }));
    const s = (performance.now() - t0) / 1000;
    const head = ['requests', 's', 'requests/s', 'p50 ms', 'p90 ms', 'p99 ms'];
    const row = [String(latencies.length), fmt(s), fmt(latencies.length / s), fmt(percentile(latencies, 50)), fmt(percentile(latencies, 90)), fmt(percentile(latencies, 99))];
    console.log(renderTable(head, [row]));
    console.log(`(POST /v1/users/{id}/select: ${CLIENTS} concurrent clients over loopback HTTP against \`attune serve\` on SQLite, ` +
      `a ${ATTRIBUTES}-attribute profile, the default selector (USE-lite cosine, vectors cached), ${PROMPTS.length} prompts in turn; ` +
      `bounded at ${SELECT_REQUESTS} requests or ${SELECT_MS / 1000} s)\n`);
    return { clients: CLIENTS, attributes: ATTRIBUTES, requests: latencies.length, requestsPerSec: latencies.length / s, p50Ms: percentile(latencies, 50), p90Ms: percentile(latencies, 90), p99Ms: percentile(latencies, 99) };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited();
  }
}

async function benchWorkers(dir: string, redis: string): Promise<Record<string, unknown>[]> {
  // One attribute per conversation, answered after LLM_MS.
  const script: Script = (req) => {
    const first = String(req.body.messages.find((m) => m.role === 'user')?.content ?? '');
    const m = /\[turn 0\] user: (.*)/.exec(first);
    return { json: { attributes: [{ text: `The user said: ${m?.[1] ?? 'something'}`, reason: 'turn 0', confidence: 0.9, evidenceTurns: [0] }] } };
  };
  const llm = await startTestLlmServer({ script, latencyMs: LLM_MS });
  const llmConfig = path.join(dir, 'llm.json');
  fs.writeFileSync(llmConfig, JSON.stringify({ providers: { test: { kind: 'openai-compatible', baseURL: llm.baseURL, concurrency: WORKER_CONCURRENCY } } }));
  const rows: string[][] = [];
  // Several processes writing: Postgres when there is one (as in production), else one SQLite file.
  const pgUrl = process.env.ATTUNE_BENCH_PG_URL || process.env.ATTUNE_TEST_PG_URL;
  const schemas: string[] = [];
  try {
    for (const n of [1, 2, 4]) {
      const storeUrl = pgUrl ? pgSchemaUrl(pgUrl, `attune_bench_w${n}_${randomBytes(3).toString('hex')}`) : path.join(dir, `workers-${n}.sqlite`);
      if (pgUrl) schemas.push(storeUrl);
      await (await openStore(storeUrl)).close();
      const name = `attune-bench-${randomBytes(4).toString('hex')}`;
      const queue = bullQueue<RememberJob, RememberResponse>({ url: redis, name, orderKey: rememberOrderKey });
      const workers: AttuneProcess[] = [];
      try {
        const args = ['worker', '--store', storeUrl, '--queue', redis, '--queue-name', name, '--model', 'test/test-model', '--llm-config', llmConfig, '--concurrency', String(WORKER_CONCURRENCY)];
        for (let w = 0; w < n; w++) workers.push(spawnAttune(dir, args));
        await Promise.all(workers.map((w) => w.waitFor(/attune worker: taking jobs/)));
        const t0 = performance.now();
        for (let i = 0; i < JOBS; i++) {
          const job: RememberJob = { tenant: 'bench', userId: `u${i}`, body: { messages: [{ role: 'user', content: `I collect stamps from country number ${i} (${name})` }] } };
          await queue.add(rememberJobId(job), job);
        }
        for (;;) {
          const c = await queue.counts();
          if (c.completed + c.failed >= JOBS) {
            for (const j of await queue.deadLetters()) console.log(`(${n} workers: job ${j.id} failed ${j.attempts} attempts: ${j.failedReason})`);
            break;
          }
          if (performance.now() - t0 > 300_000) throw new Error(`workers: ${c.completed}/${JOBS} after 300 s`);
          await new Promise((r) => setTimeout(r, 50));
        }
        const s = (performance.now() - t0) / 1000;
        const ideal = (n * WORKER_CONCURRENCY * 1000) / LLM_MS;
        rows.push([String(n), String(JOBS), fmt(s, 2), fmt(JOBS / s), fmt(ideal, 0), `${fmt((100 * JOBS) / s / ideal, 0)}%`]);
      } finally {
        for (const w of workers) w.child.kill('SIGTERM');
        await Promise.all(workers.map((w) => w.exited()));
        await queue.close();
      }
    }
  } finally {
    await llm.close();
    if (pgUrl) await dropPgSchemas(pgUrl, schemas.map((u) => new URL(u).searchParams.get('schema')!));
  }
  console.log(`store: ${pgUrl ? 'Postgres' : 'SQLite (set ATTUNE_TEST_PG_URL for Postgres)'}`);
  console.log(renderTable(['workers', 'jobs', 's', 'jobs/s', 'ideal jobs/s', 'share of ideal'], rows));
  console.log(`(each job remembers one conversation: one LLM call to the local test server answering in ${LLM_MS} ms, then the ` +
    `evidence check, USE-lite embeddings and the profile merge in the store; ${WORKER_CONCURRENCY} jobs at once per worker; ` +
    `ideal = workers x ${WORKER_CONCURRENCY} / ${LLM_MS} ms; ${os.cpus().length} cores shared by every worker)\n`);
  return tableData(['workers', 'jobs', 's', 'jobs/s', 'ideal jobs/s', 'share of ideal'], rows);
}
