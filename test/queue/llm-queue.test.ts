import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLlmClient, type LlmClient } from '../../src/llm/client.js';
import { canonicalJson, MemoryResponseCache, type CacheEntry } from '../../src/llm/cache.js';
import { parseLlmConfig } from '../../src/llm/config.js';
import { startTestLlmServer, type Script, type TestLlmServer } from '../../src/llm/testing/server.js';
import { bullQueue, bullWorker, claimingCache, llmFanOut, llmTurnHandler, LLM_QUEUE_SUFFIX, type JobWorker } from '../../src/queue/index.js';
import { LlmJudgeSelector } from '../../src/stages/select/llm-judge.js';
import type { SelectionPair } from '../../src/stages/select/selector.js';

const redisUrl = process.env.ATTUNE_TEST_REDIS_URL;
if (!redisUrl) console.warn('[skip] ATTUNE_TEST_REDIS_URL is not set: the queued LLM calls, claims and per-key order are tested inline only. export ATTUNE_TEST_REDIS_URL="$(.ci/start-redis.sh | tail -n1)"');

/** The relevance judge: YES for attributes about tennis. A structured call answers {n} after one repair. */
const script: Script = (req) => {
  if (req.wantsJson) return req.lastUserText.includes('could not be used') ? { json: { n: 7 } } : { content: 'no JSON here' };
  return req.lastUserText.includes('tennis') ? 'Reasoning... YES' : 'Reasoning... NO';
};

const pairs: SelectionPair[] = Array.from({ length: 24 }, (_, i) => ({
  userId: `u${i % 4}`, promptId: `p${i % 3}`, promptText: `Plan my weekend ${i % 3}`,
  attribute: i % 2 ? `The user plays tennis on court ${i}` : `The user owns ${i} cats`,
}));

const successes = (s: TestLlmServer, from = 0) => {
  const m = new Map<string, number>();
  for (const r of s.requests.slice(from)) if (r.status === 200 && !r.fault) m.set(canonicalJson(r.body.messages), (m.get(canonicalJson(r.body.messages)) ?? 0) + 1);
  return m;
};

describe('llmFanOut: LLM calls of batch commands as jobs', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
  });

  const server = async () => {
    const s = await startTestLlmServer({ script, latencyMs: 5 });
    closers.push(() => s.close());
    return { s, config: parseLlmConfig({ providers: { test: { kind: 'openai-compatible', baseURL: s.baseURL } } }) };
  };

  it('inline (no --queue): the judge decides as with a plain client, pays each distinct call once, and a rerun replays', async () => {
    const { s, config } = await server();
    const cache = new MemoryResponseCache();
    const direct = await new LlmJudgeSelector(createLlmClient({ model: 'test/m', config, cache: false })).select(pairs);
    const before = s.calls;
    const fan = llmFanOut({ config, cache });
    closers.push(() => fan.close());
    expect(fan.kind).toBe('inline');
    const judge = new LlmJudgeSelector(fan.llmFor('test/m'));
    expect(await judge.select(pairs)).toEqual(direct);
    expect(direct.filter((x) => x.relevant)).toHaveLength(12);
    expect(s.calls - before).toBe(24);
    expect(judge.usage().paid.calls).toBe(24);
    // Another fan-out on the same cache (a rerun): nothing paid, everything replayed.
    const again = llmFanOut({ config, cache });
    closers.push(() => again.close());
    const rerun = new LlmJudgeSelector(again.llmFor('test/m'));
    expect(await rerun.select(pairs)).toEqual(direct);
    expect(s.calls - before).toBe(24);
    expect(rerun.usage()).toMatchObject({ paid: { calls: 0 }, replayed: { calls: 24 } });
    // A structured call keeps its repair loop on the caller's side; each turn is a job.
    const o = await fan.llmFor('test/m').object({ messages: [{ role: 'user', content: 'give n' }], schema: z.object({ n: z.number() }) });
    expect(o).toMatchObject({ object: { n: 7 }, repairs: 1, cached: false });
    expect(() => llmFanOut({ queue: 'redis://127.0.0.1:1', rpm: 10 })).toThrow(/workers pace/);
  });

  it.skipIf(!redisUrl)('over BullMQ: 2 workers with claims on one cache answer as inline, each call paid once; asking again is free', async () => {
    const { s, config } = await server();
    const name = `attune-llm-${randomBytes(4).toString('hex')}`;
    const shared = new MemoryResponseCache();
    const workers: JobWorker[] = [];
    for (let w = 0; w < 2; w++) {
      const cache = claimingCache(shared, { url: redisUrl!, prefix: `${name}:claim:` });
      closers.push(() => cache.close());
      const clients = new Map<string, LlmClient>();
      const llmFor = (m: string) => clients.get(m) ?? clients.set(m, createLlmClient({ model: m, config, cache })).get(m)!;
      const worker = bullWorker(llmTurnHandler(llmFor), { url: redisUrl!, name: `${name}${LLM_QUEUE_SUFFIX}`, concurrency: 4 });
      workers.push(worker);
      closers.push(() => worker.close());
    }
    const fan = llmFanOut({ queue: redisUrl!, queueName: name, config });
    closers.push(() => fan.close());
    expect(fan.kind).toBe('bullmq');
    const direct = await new LlmJudgeSelector(createLlmClient({ model: 'test/m', config, cache: false })).select(pairs);
    const before = s.requests.length;
    const judge = new LlmJudgeSelector(fan.llmFor('test/m'));
    expect(await judge.select(pairs)).toEqual(direct);
    expect(judge.usage().paid.calls).toBe(24);
    const queuedCalls = s.requests.slice(before);
    expect(queuedCalls).toHaveLength(24);
    expect(new Set(queuedCalls.map((r) => canonicalJson(r.body.messages))).size).toBe(24);
    expect(await fan.counts()).toMatchObject({ completed: 24, failed: 0 });
    // The same batch again: the same jobs, answered already.
    const rerun = new LlmJudgeSelector(fan.llmFor('test/m'));
    expect(await rerun.select(pairs)).toEqual(direct);
    expect(s.requests.length - before).toBe(24);
    expect(rerun.usage()).toMatchObject({ paid: { calls: 0 }, replayed: { calls: 24 } });
    const o = await fan.llmFor('test/m').object({ messages: [{ role: 'user', content: 'give n over the queue' }], schema: z.object({ n: z.number() }) });
    expect(o).toMatchObject({ object: { n: 7 }, repairs: 1 });
    expect([...successes(s, before).values()].every((n) => n === 1)).toBe(true);
  }, 60_000);
});

describe.skipIf(!redisUrl)('llmFanOut with no worker', () => {
  it('says so: onStall is called while jobs wait and none runs', async () => {
    const stalls: number[] = [];
    const fan = llmFanOut({ queue: redisUrl!, queueName: `attune-none-${randomBytes(4).toString('hex')}`, stallMs: 100, onStall: (c) => stalls.push(c.waiting) });
    const ctl = new AbortController();
    const call = fan.llmFor('test/m').text({ messages: [{ role: 'user', content: 'anyone?' }], signal: ctl.signal }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 500));
    ctl.abort(new Error('gave up'));
    expect(await call).toBeInstanceOf(Error);
    await fan.close();
    expect(stalls.length).toBeGreaterThan(0);
    expect(stalls.every((w) => w === 1)).toBe(true);
  });
});

describe.skipIf(!redisUrl)('claimingCache: one process at a time pays for a key', () => {
  const entry = (key: string): CacheEntry => ({
    key, provider: 'p', model: 'm', request: {}, response: { text: `answer ${key}` }, usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, createdAt: new Date().toISOString(),
  });

  it('a second asker waits for the holder\'s answer, calls itself after a release, and takes over a lapsed claim', async () => {
    const prefix = `attune-claim-${randomBytes(4).toString('hex')}:`;
    const shared = new MemoryResponseCache();
    const a = claimingCache(shared, { url: redisUrl!, prefix, pollMs: 20, leaseMs: 5_000 });
    const b = claimingCache(shared, { url: redisUrl!, prefix, pollMs: 20, leaseMs: 5_000 });
    const raw = new Redis(redisUrl!);
    try {
      expect(await a.get('k1')).toBeUndefined(); // a claims k1
      expect(a.held).toBe(1);
      let got: CacheEntry | undefined | 'pending' = 'pending';
      const waiting = b.get('k1').then((e) => (got = e));
      await new Promise((r) => setTimeout(r, 150));
      expect(got).toBe('pending'); // b neither calls nor gives up while a holds the claim
      await a.put(entry('k1'));
      await waiting;
      expect(got).toMatchObject({ response: { text: 'answer k1' } });
      expect(a.held).toBe(0);

      // A failed call releases: the waiter gets the claim (a miss) at once.
      expect(await a.get('k2')).toBeUndefined();
      const second = b.get('k2');
      await a.release('k2');
      expect(await second).toBeUndefined();
      expect(b.held).toBe(1);
      await b.release('k2');

      // A claim whose holder died (nobody renews it) lapses, then the waiter takes it over.
      await raw.set(`${prefix}k3`, 'a-dead-worker', 'PX', 300);
      const t = Date.now();
      expect(await b.get('k3')).toBeUndefined();
      expect(Date.now() - t).toBeGreaterThanOrEqual(250);
      expect(await raw.get(`${prefix}k3`)).not.toBe('a-dead-worker');
      await b.release('k3');
      expect(await raw.get(`${prefix}k3`)).toBeNull();
    } finally {
      await a.close();
      await b.close();
      raw.disconnect();
    }
  });
});

describe.skipIf(!redisUrl)('bullQueue orderKey: jobs of one key run one at a time, in the order added, over several workers', () => {
  it('runs each user\'s jobs in order without overlap while other users\' jobs run beside them, a retried head included', async () => {
    const name = `attune-order-${randomBytes(4).toString('hex')}`;
    interface D { user: string; seq: number }
    const orderKey = (d: D) => d.user;
    const q = bullQueue<D, number>({ url: redisUrl!, name, orderKey, backoffMs: 50 });
    const log: string[] = [];
    const running = new Map<string, number>();
    let overlap = 0;
    const failedOnce = new Set<string>();
    const handler = async (d: D) => {
      const id = `${d.user}#${d.seq}`;
      running.set(d.user, (running.get(d.user) ?? 0) + 1);
      if (running.get(d.user)! > 1) overlap++;
      await new Promise((r) => setTimeout(r, 5 + ((d.seq * 7) % 13)));
      running.set(d.user, running.get(d.user)! - 1);
      if (d.user === 'a' && d.seq === 1 && !failedOnce.has(id)) {
        failedOnce.add(id);
        throw new Error('transient');
      }
      log.push(id);
      return d.seq;
    };
    const workers = [0, 1, 2].map(() => bullWorker<D, number>(handler, { url: redisUrl!, name, concurrency: 3, orderKey }));
    try {
      for (let seq = 0; seq < 6; seq++) for (const user of ['a', 'b', 'c']) await q.add(`${name}-${user}-${seq}`, { user, seq });
      const deadline = Date.now() + 30_000;
      while ((await q.counts()).completed < 18) {
        if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(await q.counts())}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const user of ['a', 'b', 'c']) expect(log.filter((l) => l.startsWith(`${user}#`))).toEqual([0, 1, 2, 3, 4, 5].map((s) => `${user}#${s}`));
      expect(overlap).toBe(0);
      expect(failedOnce.size).toBe(1);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await q.close();
    }
  }, 60_000);
});
