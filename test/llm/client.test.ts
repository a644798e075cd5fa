import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonlResponseCache, MemoryResponseCache } from '../../src/llm/cache.js';
import { createLlmClient, LlmOutputError, type LlmClientOptions } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { LimiterPool } from '../../src/llm/limits.js';
import { LlmCallError } from '../../src/llm/retry.js';
import { type TestLlmRequest, type TestLlmServer } from '../../src/llm/testing/server.js';
import { useTestServers } from '../support/llm-servers.js';

const serve = useTestServers();

/** A client for `local/m` on the test server, through the same config path a user takes. */
function clientFor(server: TestLlmServer, opts: Partial<LlmClientOptions> = {}, config: Record<string, unknown> = {}) {
  return createLlmClient({
    model: 'local/m',
    config: loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL }, config }),
    retry: { baseDelayMs: 10, jitter: 0, maxRetries: 3 },
    random: () => 0.5,
    ...opts,
  });
}

const user = (content: string) => [{ role: 'user' as const, content }];
const Verdict = z.object({ relevant: z.boolean(), reason: z.string() });

describe('LlmClient over real HTTP', () => {
  it('round-trips structured output through response_format json_schema', async () => {
    const server = await serve({ script: (r) => (r.wantsJson ? { json: { relevant: true, reason: `saw ${r.lastUserText}` } } : 'not json') });
    const llm = clientFor(server);
    const r = await llm.object({ messages: user('p1'), schema: Verdict, schemaName: 'verdict' });
    expect(r.object).toEqual({ relevant: true, reason: 'saw p1' });
    expect(r.repairs).toBe(0);
    const sent = server.requests[0]!.body;
    expect(sent.response_format?.type).toBe('json_schema');
    expect(sent.response_format?.json_schema?.name).toBe('verdict');
    expect(sent.response_format?.json_schema?.schema).toMatchObject({ type: 'object', properties: { relevant: { type: 'boolean' } } });
    expect(sent.temperature).toBe(0);
    const t = await llm.text({ messages: user('hello'), maxTokens: 20, temperature: 0.7 });
    expect(t.text).toBe('not json');
    expect(server.requests[1]!.body).toMatchObject({ max_tokens: 20, temperature: 0.7 });
    expect(server.requests[1]!.body.response_format).toBeUndefined();
  });

  it('repairs malformed JSON by re-asking with the parse error, within a bound', async () => {
    const server = await serve({ script: () => ({ json: { relevant: false, reason: 'factual question' } }), faults: { byCall: { 1: { kind: 'malformed' } } } });
    const llm = clientFor(server);
    const r = await llm.object({ messages: user('q'), schema: Verdict });
    expect(r.object).toEqual({ relevant: false, reason: 'factual question' });
    expect(r.repairs).toBe(1);
    expect(server.calls).toBe(2);
    const second = server.requests[1]!.body.messages;
    expect(second).toHaveLength(3);
    expect(second[1]).toMatchObject({ role: 'assistant', content: server.requests[0]!.content });
    expect(String(second[2]!.content)).toMatch(/could not be used: invalid JSON/);
    expect(llm.usage().repairs).toBe(1);

    // schema violations are repaired the same way; a model that never complies fails after maxRepairs
    const stubborn = await serve({ script: () => ({ json: { relevant: 'maybe' } }) });
    const llm2 = clientFor(stubborn, { maxRepairs: 2 });
    const err = await llm2.object({ messages: user('q'), schema: Verdict }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmOutputError);
    expect((err as LlmOutputError).message).toMatch(/does not match the schema: relevant/);
    expect(stubborn.calls).toBe(3);
  });

  it('accepts JSON wrapped in code fences or after a <think> block without a repair', async () => {
    const server = await serve({ script: () => '<think>hmm {"x": 1}</think>\n```json\n{"relevant": true, "reason": "r"}\n```' });
    const r = await clientFor(server).object({ messages: user('q'), schema: Verdict });
    expect(r.object.relevant).toBe(true);
    expect(r.repairs).toBe(0);
  });

  it('waits as long as Retry-After says after a 429', async () => {
    const server = await serve({ script: () => 'ok', faults: { byCall: { 1: { kind: '429', retryAfter: 1 } } } });
    const llm = clientFor(server);
    const t0 = Date.now();
    const r = await llm.text({ messages: user('q') });
    expect(r.text).toBe('ok');
    expect(server.calls).toBe(2);
    const gap = server.requests[1]!.receivedAt - server.requests[0]!.finishedAt!;
    expect(gap).toBeGreaterThanOrEqual(990);
    expect(gap).toBeLessThan(1500);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(llm.usage().retries).toBe(1);
  });

  it('fails at once when Retry-After is longer than the policy allows', async () => {
    const server = await serve({ script: () => 'ok', faults: { byCall: { 1: { kind: '429', retryAfter: 3600 } } } });
    const err = await clientFor(server).text({ messages: user('q') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmCallError);
    expect((err as LlmCallError).kind).toBe('rate-limit');
    expect(server.calls).toBe(1);
  });

  it('retries 500s with backoff and gives up after maxRetries; 4xx is not retried', async () => {
    const server = await serve({ script: () => 'ok', faults: { byCall: { 1: { kind: '500' }, 2: { kind: '500' } } } });
    const llm = clientFor(server);
    expect((await llm.text({ messages: user('q') })).text).toBe('ok');
    expect(server.calls).toBe(3);
    // backoff 10 ms then 20 ms (jitter off)
    expect(server.requests[1]!.receivedAt - server.requests[0]!.finishedAt!).toBeGreaterThanOrEqual(9);
    expect(server.requests[2]!.receivedAt - server.requests[1]!.finishedAt!).toBeGreaterThanOrEqual(19);

    const down = await serve({ script: () => 'ok', faults: { byCall: () => ({ kind: '500' }) } });
    const err = await clientFor(down, { retry: { baseDelayMs: 1, maxRetries: 2 } }).text({ messages: user('q') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'LlmCallError', kind: 'server', status: 500, attempts: 3 });
    expect(down.calls).toBe(3);

    const strict = await serve({ recorded: { outputs: [] } });
    const bad = await clientFor(strict).text({ messages: user('unknown') }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ kind: 'request', status: 400, attempts: 1 });
    expect(strict.calls).toBe(1);
  });

  it('times out a hung request and retries it', async () => {
    const server = await serve({ script: () => 'late but fine', faults: { byCall: { 1: { kind: 'hang' } } } });
    const llm = clientFor(server, { timeoutMs: 150 });
    const t0 = Date.now();
    expect((await llm.text({ messages: user('q') })).text).toBe('late but fine');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(server.calls).toBe(2);

    const hung = await serve({ script: () => 'x', faults: { byCall: () => ({ kind: 'hang' }) } });
    const t1 = Date.now();
    const err = await clientFor(hung, { timeoutMs: 100, retry: { maxRetries: 0 } }).text({ messages: user('q') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'LlmCallError', kind: 'timeout' });
    expect(Date.now() - t1).toBeLessThan(1000);
  });

  it('stops at once when the caller aborts (no retry)', async () => {
    const server = await serve({ script: () => 'x', latencyMs: 2000 });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 50);
    const t0 = Date.now();
    await expect(clientFor(server).text({ messages: user('q'), signal: ctrl.signal })).rejects.toThrow(/abort/i);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(server.calls).toBe(1);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const server = await serve({ script: (r) => `a:${r.lastUserText}`, latencyMs: 40 });
    const llm = clientFor(server, {}, { providers: { local: { kind: 'openai-compatible', baseURL: server.baseURL, concurrency: 2 } } });
    const out = await Promise.all(Array.from({ length: 8 }, (_, i) => llm.text({ messages: user(`q${i}`) })));
    expect(out.map((o) => o.text)).toEqual(Array.from({ length: 8 }, (_, i) => `a:q${i}`));
    expect(server.calls).toBe(8);
    expect(server.maxInFlight).toBe(2);

    const wide = await serve({ script: () => 'x', latencyMs: 40 });
    const llm4 = clientFor(wide, { limits: { concurrency: 4 } });
    await Promise.all(Array.from({ length: 8 }, (_, i) => llm4.text({ messages: user(`q${i}`) })));
    expect(wide.maxInFlight).toBe(4);
  });

  it('paces request starts to the requests-per-minute limit', async () => {
    const server = await serve({ script: () => 'x' });
    const sentAt: number[] = [];
    const llm = clientFor(server, {
      limits: { rpm: 600, concurrency: 10 }, // one start per 100 ms
      onEvent: (e) => e.type === 'request' && sentAt.push(Date.now()),
    });
    await llm.text({ messages: user('warm-up') }); // opens the connection
    server.reset();
    await Promise.all(Array.from({ length: 5 }, (_, i) => llm.text({ messages: user(`q${i}`) })));
    // the i-th start is no sooner than i intervals after the first (a late timer can shorten one gap, never the sum)
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[0]!).toBeGreaterThanOrEqual(i * 100 - 3);
    // as the server saw them (socket timing adds noise, so the bound is looser)
    const starts = server.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
    expect(starts).toHaveLength(5);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(50);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(360);
  });

  it('shares one provider limit between clients through a LimiterPool', async () => {
    const server = await serve({ script: () => 'x', latencyMs: 30 });
    const pool = new LimiterPool();
    const a = clientFor(server, { limiterPool: pool, limits: { concurrency: 3 } });
    const b = clientFor(server, { limiterPool: pool, limits: { concurrency: 3 } });
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).text({ messages: user(`q${i}`) })));
    expect(server.maxInFlight).toBe(3);
  });

  it('ends with the same results under seeded random faults (429, 500, malformed JSON)', async () => {
    // answers about the first user message, so a repair turn gets the same answer
    const script = (r: TestLlmRequest) => {
      const q = String(r.body.messages[0]!.content);
      return { json: { relevant: q.endsWith('1'), reason: q } };
    };
    const clean = await serve({ script });
    const faulty = await serve({
      script,
      faults: { random: { p: 0.35, seed: 42, faults: [{ kind: '429', retryAfter: 0 }, { kind: '500' }, { kind: 'malformed' }] } },
    });
    const prompts = Array.from({ length: 16 }, (_, i) => `p${i}`);
    const run = (s: TestLlmServer) => {
      const llm = clientFor(s, { limits: { concurrency: 4 }, retry: { baseDelayMs: 2, maxRetries: 8 }, maxRepairs: 4 });
      return Promise.all(prompts.map((p) => llm.object({ messages: user(p), schema: Verdict }).then((r) => r.object))).then((out) => ({ out, llm }));
    };
    const a = await run(clean);
    const b = await run(faulty);
    expect(b.out).toEqual(a.out);
    expect(faulty.requests.some((r) => r.fault)).toBe(true);
    const u = b.llm.usage();
    expect(u.retries + u.repairs).toBe(faulty.requests.filter((r) => r.fault).length);
  });

  it('sums tokens and prices them per model (zero when the model is unknown)', async () => {
    const server = await serve({ script: () => ({ content: 'ok', usage: { prompt_tokens: 1000, completion_tokens: 200 } }) });
    const llm = clientFor(server, {}, { prices: { m: { inputPerMTok: 3, outputPerMTok: 15 } } });
    await llm.text({ messages: user('a') });
    await llm.text({ messages: user('b') });
    const u = llm.usage();
    expect(u.paid).toMatchObject({ calls: 2, inputTokens: 2000, outputTokens: 400, totalTokens: 2400 });
    expect(u.paid.costUsd).toBeCloseTo((2000 * 3 + 400 * 15) / 1e6, 12);
    expect(u.byModel['local/m']!.paid.calls).toBe(2);
    const free = clientFor(server);
    await free.text({ messages: user('c') });
    expect(free.usage().paid.costUsd).toBe(0);
  });
});

describe('content-addressed cache: replay and resume', () => {
  const items = Array.from({ length: 10 }, (_, i) => `item ${i}`);
  const script = (r: { lastUserText: string }) => ({ json: { relevant: r.lastUserText.length % 2 === 0, reason: `because ${r.lastUserText}` } });

  async function runAll(llm: ReturnType<typeof clientFor>, signal?: AbortSignal) {
    return Promise.all(items.map((it) => llm.object({ messages: user(it), schema: Verdict, signal }).then((r) => r.object)));
  }

  it('a second run makes zero server calls and returns identical output', async () => {
    const server = await serve({ script, latencyMs: 5 });
    const cache = new MemoryResponseCache();
    const first = await runAll(clientFor(server, { cache }));
    expect(server.calls).toBe(10);
    const again = clientFor(server, { cache });
    const second = await runAll(again);
    expect(server.calls).toBe(10);
    expect(second).toEqual(first);
    expect(again.usage().paid.calls).toBe(0);
    expect(again.usage().replayed.calls).toBe(10);
    // a different parameter is a different request
    await again.object({ messages: user('item 0'), schema: Verdict, temperature: 0.5 });
    expect(server.calls).toBe(11);
  });

  it('replays from a JSONL file in a new client, and survives a torn last line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-llm-cache-'));
    const file = path.join(dir, 'cache.jsonl');
    const server = await serve({ script });
    const first = await runAll(clientFor(server, { cache: new JsonlResponseCache(file) }));
    fs.appendFileSync(file, '{"key": "torn'); // a kill mid-write
    const cache = new JsonlResponseCache(file);
    const second = await runAll(clientFor(server, { cache }));
    expect(second).toEqual(first);
    expect(server.calls).toBe(10);
    expect(cache.skippedLines).toBe(1);
    await clientFor(server, { cache }).text({ messages: user('new') });
    const reread = new JsonlResponseCache(file);
    expect(reread.size).toBe(11);
    expect(reread.skippedLines).toBe(1);
  });

  it('an interrupted run resumes without repeating a paid call and ends like an uninterrupted one', async () => {
    // uninterrupted reference
    const refServer = await serve({ script, latencyMs: 10 });
    const reference = await runAll(clientFor(refServer, { cache: false, limits: { concurrency: 2 } }));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-llm-resume-'));
    const file = path.join(dir, 'cache.jsonl');
    const ctrl = new AbortController();
    // the "kill": abort everything when the 5th request reaches the server
    const server = await serve({ script, latencyMs: 10, onRequest: (r) => r.call === 5 && ctrl.abort(new Error('killed')) });
    const cache1 = new JsonlResponseCache(file);
    await expect(runAll(clientFor(server, { cache: cache1, limits: { concurrency: 2 } }), ctrl.signal)).rejects.toThrow('killed');
    await cache1.flush(); // writes already under way when the abort came (a real kill may lose these: they are re-asked)
    const callsBefore = server.calls;
    const kept = new JsonlResponseCache(file).all();
    const paidBefore = kept.length;
    expect(paidBefore).toBeGreaterThanOrEqual(2);
    expect(paidBefore).toBeLessThan(10);
    const keptPrompts = new Set(kept.map((e) => (e.request as { messages: { content: string }[] }).messages.at(-1)!.content));

    server.reset();
    const resumed = clientFor(server, { cache: new JsonlResponseCache(file), limits: { concurrency: 2 } });
    const results = await runAll(resumed);
    expect(results).toEqual(reference);
    expect(server.calls).toBe(10 - paidBefore);
    expect(resumed.usage().replayed.calls).toBe(paidBefore);
    for (const r of server.requests) expect(keptPrompts.has(String(r.body.messages.at(-1)!.content))).toBe(false);
    expect(callsBefore + server.calls).toBeLessThanOrEqual(10 + 2); // at most the in-flight ones were lost
  });
});

describe('a cached malformed reply', () => {
  it('does not fail every retry: a replayed path without valid JSON is asked again fresh, once', async () => {
    let calls = 0;
    let healthy = false;
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        calls++;
        return {
          content: [{ type: 'text', text: healthy ? '{"n": 1}' : 'not json' }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: { inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 1, text: 1, reasoning: undefined } },
          warnings: [],
        };
      },
    });
    const cache = new MemoryResponseCache();
    const client = () => createLlmClient({ languageModel: { provider: 'mock', model: 'm', languageModel: model }, cache, maxRepairs: 1, retry: { maxRetries: 0 } });
    const req = { messages: [{ role: 'user' as const, content: 'give n' }], schema: z.object({ n: z.number() }) };
    await expect(client().object(req)).rejects.toBeInstanceOf(LlmOutputError);
    expect(calls).toBe(2); // the reply and one repair, both malformed and cached
    healthy = true;
    const r = await client().object(req);
    expect(r.object).toEqual({ n: 1 });
    expect(calls).toBe(3); // the replayed path failed, so one fresh call (cache refreshed) answered
  });
});
