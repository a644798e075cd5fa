/** Every LLM call has an overall deadline: retries, backoff and repair turns together stop when it passes. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLlmClient, type LlmClientOptions } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { LlmDeadlineError } from '../../src/llm/retry.js';
import type { TestLlmServer } from '../../src/llm/testing/server.js';
import { useTestServers } from '../support/llm-servers.js';

const serve = useTestServers();
const client = (server: TestLlmServer, opts: Partial<LlmClientOptions>) =>
  createLlmClient({ model: 'local/m', config: loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } }), random: () => 0.5, ...opts });

describe('overall deadline per LLM call', () => {
  it('stops retrying a hanging provider at the deadline instead of after every attempt', async () => {
    const server = await serve({ script: () => 'ok', faults: { byCall: () => ({ kind: 'hang' }) } });
    const llm = client(server, { timeoutMs: 150, retry: { maxRetries: 20, baseDelayMs: 10, jitter: 0 }, deadlineMs: 500 });
    const err = await llm.text({ messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmDeadlineError);
    expect((err as LlmDeadlineError).deadlineMs).toBe(500);
    // 21 attempts were allowed; the deadline cut them short.
    expect(server.calls).toBeGreaterThan(0);
    expect(server.calls).toBeLessThan(21);
  });

  it('covers repair turns of object() too', async () => {
    const server = await serve({ script: () => 'not json at all', latencyMs: 60 });
    const llm = client(server, { maxRepairs: 100, deadlineMs: 400 });
    const err = await llm.object({ messages: [{ role: 'user', content: 'hi' }], schema: z.object({ a: z.number() }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmDeadlineError);
    expect(server.calls).toBeLessThan(101);
  });

  it('a per-request deadline overrides the client default, and 0 turns it off', async () => {
    const server = await serve({ script: () => 'ok', latencyMs: 120 });
    const llm = client(server, { deadlineMs: 50 });
    await expect(llm.text({ messages: [{ role: 'user', content: 'a' }] })).rejects.toBeInstanceOf(LlmDeadlineError);
    await expect(llm.text({ messages: [{ role: 'user', content: 'b' }], deadlineMs: 0 })).resolves.toMatchObject({ text: 'ok' });
  });

  it("the caller's abort is reported as the caller's, not as a deadline", async () => {
    const server = await serve({ script: () => 'ok', latencyMs: 300 });
    const llm = client(server, { deadlineMs: 10_000 });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('user stop')), 30);
    await expect(llm.text({ messages: [{ role: 'user', content: 'a' }], signal: ctl.signal })).rejects.toThrow('user stop');
  });
});
