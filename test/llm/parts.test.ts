import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson } from '../../src/llm/cache.js';
import { parseJsonLoose, stripThinking } from '../../src/llm/json.js';
import { RateLimiter, Semaphore } from '../../src/llm/limits.js';
import { backoffDelay, classifyError, DEFAULT_RETRY, LlmTimeoutError, parseRetryAfter, withRetries } from '../../src/llm/retry.js';
import { costOf, DEFAULT_PRICES, findPrice } from '../../src/llm/usage.js';

const apiError = (statusCode: number, headers: Record<string, string> = {}) =>
  new APICallError({ message: `HTTP ${statusCode}`, url: 'http://x', requestBodyValues: {}, statusCode, responseHeaders: headers });

describe('Retry-After and backoff', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'Retry-After': '1.5' }, now)).toBe(1500);
    expect(parseRetryAfter({ 'retry-after': 'Mon, 01 Jun 2026 12:00:07 GMT' }, now)).toBe(7000);
    expect(parseRetryAfter({ 'retry-after': 'Mon, 01 Jun 2026 11:00:00 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('grows exponentially, is capped, and jitter only shortens it', () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 100, factor: 2, maxDelayMs: 1000, jitter: 0.5 };
    expect([0, 1, 2, 3, 4].map((r) => backoffDelay(r, p, () => 0))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(1, p, () => 1)).toBe(100);
    expect(backoffDelay(1, { ...p, jitter: 0 }, () => 1)).toBe(200);
  });

  it('classifies errors', () => {
    expect(classifyError(apiError(429, { 'retry-after': '2' }))).toMatchObject({ kind: 'rate-limit', retryable: true, retryAfterMs: 2000 });
    expect(classifyError(apiError(503))).toMatchObject({ kind: 'server', retryable: true });
    expect(classifyError(apiError(400))).toMatchObject({ kind: 'request', retryable: false });
    expect(classifyError(apiError(401))).toMatchObject({ kind: 'request', retryable: false });
    expect(classifyError(new LlmTimeoutError(5))).toMatchObject({ kind: 'timeout', retryable: true });
    expect(classifyError(new DOMException('x', 'AbortError'))).toMatchObject({ kind: 'aborted', retryable: false });
  });

  it('withRetries reports each wait and honours Retry-After over backoff', async () => {
    const waits: number[] = [];
    let n = 0;
    const out = await withRetries(
      async () => {
        n++;
        if (n === 1) throw apiError(429, { 'retry-after-ms': '30' });
        if (n === 2) throw apiError(502);
        return 'done';
      },
      { policy: { ...DEFAULT_RETRY, baseDelayMs: 5, jitter: 0 }, onRetry: (e) => waits.push(e.delayMs) },
    );
    expect(out).toBe('done');
    expect(waits).toEqual([30, 10]);
  });
});

describe('limits', () => {
  it('semaphore hands slots over in FIFO order and drops aborted waiters', async () => {
    const s = new Semaphore(1);
    const order: string[] = [];
    const r1 = await s.acquire();
    const ctrl = new AbortController();
    const p2 = s.acquire(ctrl.signal).then((r) => (order.push('aborted one got it'), r));
    const p3 = s.acquire().then((r) => (order.push('b'), r));
    const p4 = s.acquire().then((r) => (order.push('c'), r));
    ctrl.abort(new Error('gone'));
    await expect(p2).rejects.toThrow('gone');
    expect(s.waiting).toBe(2);
    r1();
    (await p3)();
    (await p4)();
    expect(order).toEqual(['b', 'c']);
    expect(s.inUse).toBe(0);
  });

  it('rate limiter spaces starts by 60000/rpm after the burst, and a pause holds them', () => {
    let t = 0;
    const rl = new RateLimiter({ rpm: 60, burst: 2, now: () => t });
    expect([rl.reserve(), rl.reserve(), rl.reserve(), rl.reserve()]).toEqual([0, 0, 1000, 2000]);
    t = 10_000;
    expect(rl.reserve()).toBe(0);
    rl.pauseUntil(15_000);
    expect(rl.reserve()).toBe(5000);
  });
});

describe('cache keys, JSON and prices', () => {
  it('canonical JSON ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [1, { z: 1, y: 2 }] } })).toBe('{"a":{"c":[1,{"y":2,"z":1}]},"b":1}');
    const k = (params: Record<string, unknown>) => cacheKey({ provider: 'p', model: 'm', messages: [{ role: 'user', content: 'x' }], params, schema: null });
    expect(k({ temperature: 0, maxTokens: undefined })).toBe(k({ temperature: 0 }));
    expect(k({ temperature: 0 })).not.toBe(k({ temperature: 0.1 }));
    expect(k({ temperature: 0 })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads JSON around thinking and fences', () => {
    expect(stripThinking('<think>a</think>b')).toBe('b');
    expect(stripThinking('reasoning...</think>\nfinal')).toBe('\nfinal');
    expect(stripThinking('answer <think>unfinished')).toBe('answer ');
    expect(parseJsonLoose('Here it is: {"a": 1} hope that helps')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonLoose('{"a": ').ok).toBe(false);
  });

  it('prices by spec, model id or the longest prefix; unknown is free', () => {
    expect(findPrice(DEFAULT_PRICES, 'anthropic', 'claude-sonnet-4-5-20250929')).toEqual(DEFAULT_PRICES['claude-sonnet-4-5']);
    expect(findPrice({ 'local/m': { inputPerMTok: 1, outputPerMTok: 1 } }, 'local', 'm')).toBeDefined();
    expect(findPrice(DEFAULT_PRICES, 'local', 'qwen3')).toBeUndefined();
    expect(costOf({ inputTokens: 1e6, outputTokens: 1e6, totalTokens: 2e6 }, { inputPerMTok: 3, outputPerMTok: 15 })).toBe(18);
    expect(costOf({ inputTokens: 5, outputTokens: 5, totalTokens: 10 }, undefined)).toBe(0);
  });
});
