import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestLlmServer, seededRandom, type TestLlmServer } from '../../src/llm/testing/server.js';

let server: TestLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const chat = (s: TestLlmServer, content: string, extra: Record<string, unknown> = {}, signal?: AbortSignal) =>
  fetch(`${s.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }], ...extra }),
    signal,
  });

describe('test LLM server', () => {
  it('serves scripted chat completions and lists models on loopback', async () => {
    server = await startTestLlmServer({ script: (r) => `echo: ${r.lastUserText}`, models: ['a', 'b'] });
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await chat(server, 'hi');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: { message: { content: string } }[]; usage: { total_tokens: number } };
    expect(body.choices[0]!.message.content).toBe('echo: hi');
    expect(body.usage.total_tokens).toBeGreaterThan(0);
    const models = (await (await fetch(`${server.baseURL}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(['a', 'b']);
    expect(server.calls).toBe(1);
    expect(server.requests[0]!.body.messages[0]!.content).toBe('hi');
  });

  it('returns scripted JSON as the message when a json_schema response format is asked', async () => {
    server = await startTestLlmServer({ script: (r) => (r.wantsJson ? { json: { ok: true } } : 'plain') });
    const res = await chat(server, 'x', { response_format: { type: 'json_schema', json_schema: { name: 'r', schema: {} } } });
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(JSON.parse(body.choices[0]!.message.content)).toEqual({ ok: true });
  });

  it('replays recorded outputs by key and rejects unknown keys with 400', async () => {
    server = await startTestLlmServer({ recorded: { outputs: [{ key: 'q1', reply: 'a1' }] } });
    const ok = (await (await chat(server, 'q1')).json()) as { choices: { message: { content: string } }[] };
    expect(ok.choices[0]!.message.content).toBe('a1');
    expect((await chat(server, 'q2')).status).toBe(400);
  });

  it('injects 429 with Retry-After, 500 and malformed content by call number', async () => {
    server = await startTestLlmServer({
      script: () => ({ json: { a: 1, b: 'two' } }),
      faults: { byCall: { 1: { kind: '429', retryAfter: 2 }, 2: { kind: '500' }, 3: { kind: 'malformed' } } },
    });
    const r1 = await chat(server, 'x');
    expect(r1.status).toBe(429);
    expect(r1.headers.get('retry-after')).toBe('2');
    expect((await chat(server, 'x')).status).toBe(500);
    const r3 = (await (await chat(server, 'x')).json()) as { choices: { message: { content: string } }[] };
    expect(() => JSON.parse(r3.choices[0]!.message.content)).toThrow();
    expect((await chat(server, 'x')).status).toBe(200);
    expect(server.requests.map((r) => r.fault)).toEqual(['429', '500', 'malformed', undefined]);
  });

  it('hangs when asked, and close() ends hanging connections', async () => {
    const s = (server = await startTestLlmServer({ script: () => 'x', faults: { byCall: { 1: { kind: 'hang' } } } }));
    const ctrl = new AbortController();
    const p = chat(s, 'x', {}, ctrl.signal);
    // Waited for, not slept on: under load the request can take longer than any fixed pause to arrive.
    await vi.waitFor(() => expect(s.inFlight).toBe(1), { timeout: 10_000 });
    ctrl.abort();
    await expect(p).rejects.toThrow();
    await vi.waitFor(() => expect(s.inFlight).toBe(0), { timeout: 10_000 });
  });

  it('draws random faults reproducibly from a seed and counts in-flight requests', async () => {
    const run = async () => {
      const s = await startTestLlmServer({
        script: () => 'ok',
        latencyMs: 20,
        faults: { random: { p: 0.5, seed: 7, faults: [{ kind: '500' }] } },
      });
      const statuses = [];
      for (let i = 0; i < 10; i++) statuses.push((await chat(s, 'x')).status);
      await s.close();
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(200);
    // In-flight counting on a fault-free server, with latency long enough that all three overlap even on a busy machine.
    const s = await startTestLlmServer({ script: () => 'ok', latencyMs: 300 });
    await Promise.all([chat(s, 'a'), chat(s, 'b'), chat(s, 'c')]);
    expect(s.maxInFlight).toBe(3);
    await s.close();
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });
});
