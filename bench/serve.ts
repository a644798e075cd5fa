// attune serve under load, every figure from the same run, each beside its own ceiling.
// (1) `attune serve` as its own process on a loopback port (SQLite), 50 closed-loop clients:
//   - ceiling: POST to an unrouted path under /v1 (auth, rate limit and body limit, then a 404: no work);
//   - select, cached: POST /v1/users/{id}/select against a 100-attribute profile, 8 prompts in turn (embedded);
//   - select, new prompt: the same with a prompt never seen before on every request (the real chat case);
//   - remember, new texts: POST /v1/users/{id}/conversations (offline extractor), each conversation new text.
// (2) 1, 2 and 4 `attune worker` processes draining queued conversations against the local test LLM server
//   answering in 100 ms (bench/serve-workers.ts).
// `npm run -s bench -- serve --json` prints one line; the tables go to stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { renderTable } from '../src/report/table.js';
import { fmt, type BenchResult } from './shared.js';
import { load, type LoadResult } from './load.js';
import { benchWorkers } from './serve-workers.js';
import { KeyStore } from '../src/store/keys.js';
import { MemoryRepository } from '../src/store/memory.js';
import { openStore } from '../src/store/open.js';
import { spawnAttune } from '../test/support/cli.js';

const CLIENTS = 50;
const ATTRIBUTES = 100;
const PHASE_MS = Number(process.env.ATTUNE_BENCH_PHASE_MS ?? 6000);

const TOPICS = ['hiking', 'jazz', 'sourdough', 'chess', 'sailing', 'pottery', 'astronomy', 'knitting', 'cycling', 'opera'];
const FACTS = ['enjoys', 'is learning', 'avoids', 'teaches', 'collects books about', 'watches videos on', 'travels for', 'saves money for', 'writes a blog on', 'dislikes'];
const PROMPTS = [
  'Plan a weekend trip for me', 'Suggest a dinner recipe', 'What should I read next?', 'Help me pick a hobby for winter',
  'Recommend a podcast', 'Write a birthday message for my friend', 'How do I stay fit while working from home?', 'Gift ideas for my sister',
];
const PLACES = ['Lisbon', 'Oslo', 'Kyoto', 'Lima', 'Austin', 'Nairobi', 'Tallinn', 'Perth'];
const FOODS = ['ramen', 'lentil soup', 'tacos', 'paella', 'dumplings', 'goulash', 'falafel', 'risotto'];

export async function benchServe(): Promise<BenchResult> {
  const redis = process.env.ATTUNE_BENCH_REDIS_URL || process.env.ATTUNE_TEST_REDIS_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-serve-'));
  try {
    const http = await benchHttp(dir);
    if (!redis) console.log('[skip] workers: set ATTUNE_TEST_REDIS_URL (.ci/start-redis.sh prints one)');
    const workers = redis ? await benchWorkers(dir, redis) : undefined;
    return {
      bench: 'serve',
      ceiling: { reqPerSec: http.ceiling.reqPerSec },
      select: { cached: figures(http.cached), newPrompt: figures(http.newPrompt) },
      remember: { newTexts: { perSec: http.remember.reqPerSec, p50Ms: http.remember.p50Ms, p99Ms: http.remember.p99Ms } },
      workers: workers?.rows ?? 'skipped: no Redis',
      load: [
        ...(['ceiling', 'cached', 'newPrompt', 'remember'] as const).map((phase) => ({ phase, load1: http[phase].load1 })),
        ...(workers?.load ?? []),
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Only the workers part (`npm run bench -- workers`). */
export async function benchServeWorkers(): Promise<BenchResult> {
  const redis = process.env.ATTUNE_BENCH_REDIS_URL || process.env.ATTUNE_TEST_REDIS_URL;
  if (!redis) return { bench: 'workers', workers: 'skipped: no Redis' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-workers-'));
  try {
    const w = await benchWorkers(dir, redis);
    return { bench: 'workers', workers: w.rows, load: w.load };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const figures = (r: LoadResult) => ({ reqPerSec: r.reqPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms });

async function benchHttp(dir: string): Promise<Record<'ceiling' | 'cached' | 'newPrompt' | 'remember', LoadResult>> {
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

  const run = randomBytes(4).toString('hex');
  // ATTUNE_BENCH_EMBEDDER=static runs the server on the static embedder (docs/speed.md) instead of USE-lite.
  const embedder = process.env.ATTUNE_BENCH_EMBEDDER ? ['--embedder', process.env.ATTUNE_BENCH_EMBEDDER] : [];
  const server = spawnAttune(dir, ['serve', '--store', storeUrl, '--port', '0', '--quiet', '--rate', '1000000', ...embedder]);
  try {
    const url = (await server.waitFor(/attune serve: (http:\/\/\S+) /))[1]!;
    const common = { url, key, clients: CLIENTS };
    const selectReq = (prompt: string) => ({ path: '/v1/users/u1/select', body: { prompt } });
    const newPrompt = (n: number) => `${PROMPTS[n % PROMPTS.length]!.replace(/[?]$/, '')}, request ${n} of run ${run}?`;
    const conversation = (n: number) => ({
      path: `/v1/users/r-${run}-${n}/conversations`,
      body: { messages: [
        { role: 'user', content: `I live in ${PLACES[n % PLACES.length]} district ${n}-${run} and I love ${FOODS[n % FOODS.length]} with friend number ${n}.` },
        { role: 'assistant', content: 'Noted! Anything else?' },
        { role: 'user', content: `I work as a ${TOPICS[n % TOPICS.length]} instructor at school ${n}-${run}.` },
      ] },
    });
    // Warm: the embedding model loads, the 100 attributes and the 8 prompts are embedded (then cached).
    for (const p of PROMPTS) await load({ ...common, clients: 1, ms: 0, request: () => selectReq(p) });
    await load({ ...common, clients: 4, ms: 500, request: (n) => selectReq(newPrompt(1_000_000 + n)) });
    await load({ ...common, clients: 4, ms: 500, request: (n) => ({ ...conversation(1_000_000 + n), status: 200 }) });

    const ceiling = await load({ ...common, ms: PHASE_MS, request: () => ({ path: '/v1/none', body: { prompt: PROMPTS[0] }, status: 404 }) });
    const cached = await load({ ...common, ms: PHASE_MS, request: (n, c) => selectReq(PROMPTS[(n + c) % PROMPTS.length]!) });
    const fresh = await load({ ...common, ms: PHASE_MS, request: (n) => selectReq(newPrompt(n)) });
    const remember = await load({ ...common, ms: PHASE_MS, request: (n) => conversation(n) });

    const row = (name: string, r: LoadResult) => [name, String(r.requests), fmt(r.reqPerSec), fmt(r.reqPerSec / ceiling.reqPerSec, 3), fmt(r.p50Ms), fmt(r.p99Ms), fmt(r.load1, 2)];
    console.log(renderTable(['path', 'requests', 'req/s', 'share of ceiling', 'p50 ms', 'p99 ms', 'load avg'], [
      row('ceiling (auth + limits, 404)', ceiling), row('select, cached prompt', cached), row('select, new prompt', fresh), row('remember, new texts', remember),
    ]));
    console.log(`(${CLIENTS} closed-loop clients over loopback HTTP against one \`attune serve\` on SQLite, ${PHASE_MS / 1000} s a phase; ` +
      `a ${ATTRIBUTES}-attribute profile, the default selector, embedder ${process.env.ATTUNE_BENCH_EMBEDDER ?? 'use-lite'}; latency from the moment a request is sent, connection included; ` +
      `load avg: 1-minute, at the end of the phase, on ${os.cpus().length} cores)\n`);
    return { ceiling, cached, newPrompt: fresh, remember };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited();
  }
}
