import { afterAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/server/api/app.js';
import { memoryService } from '../../src/server/api/attune.js';
import { KeyStore } from '../../src/store/keys.js';
import { openStore } from '../../src/store/open.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { backends } from '../store/backends.js';

describe.each(backends())('what the API refuses to store ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  async function setup() {
    const store = await openStore(backend.fresh());
    const memory = memoryService(store, { embedder: bowEmbedder });
    const keys = new KeyStore(store);
    const key = (await keys.createKey('acme')).key;
    const app = createApiApp({ keys, memoryFor: memory.memoryFor, attuneFor: memory.attuneFor });
    const post = (body: string | Blob, k = key) =>
      app.request('/v1/users/ana/conversations', { method: 'POST', headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' }, body });
    return { app, post, key, close: async () => (await memory.close(), await store.close()) };
  }

  it.skipIf(!backend.available)('a body sent as text/plain or with no Content-Type gets 400 saying to send JSON', async () => {
    const t = await setup();
    try {
      for (const type of ['text/plain', undefined]) {
        const r = await t.app.request('/v1/users/ana/conversations', {
          method: 'POST', headers: { authorization: `Bearer ${t.key}`, ...(type ? { 'content-type': type } : {}) }, body: JSON.stringify({ messages: [{ role: 'user', content: 'I am a nurse.' }] }),
        });
        expect(r.status).toBe(400);
        expect(((await r.json()) as { error: { message: string } }).error.message).toContain('Content-Type: application/json');
      }
    } finally {
      await t.close();
    }
  });

  it.skipIf(!backend.available)('a NUL character, a lone surrogate or bytes that are not UTF-8 get 400 (not a 500, not U+FFFD stored)', async () => {
    const t = await setup();
    try {
      const nul = await t.post(JSON.stringify({ messages: [{ role: 'user', content: 'I live in Porto.\u0000 I work as a nurse.' }] }));
      expect(nul.status).toBe(400);
      expect(((await nul.json()) as { error: { message: string } }).error.message).toMatch(/NUL/);
      const surrogate = await t.post('{"messages":[{"role":"user","content":"I live in Porto \\ud800 and I work as a nurse."}]}');
      expect(surrogate.status).toBe(400);
      const bytes = new TextEncoder().encode('{"messages":[{"role":"user","content":"I live in Porto X and I work as a nurse."}]}');
      bytes[bytes.indexOf('X'.charCodeAt(0))] = 0xff;
      const latin = await t.post(new Blob([bytes]));
      expect(latin.status).toBe(400);
      expect(((await latin.json()) as { error: { message: string } }).error.message).toMatch(/UTF-8/);
      const ok = await t.post(JSON.stringify({ messages: [{ role: 'user', content: 'I live in Porto 😀 and I work as a nurse.' }] }));
      expect(ok.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it.skipIf(!backend.available)('a misspelt field (conversation_id) gets 400 naming it, not a conversation stored under another id', async () => {
    const t = await setup();
    try {
      const r = await t.post(JSON.stringify({ conversation_id: 'c1', messages: [{ role: 'user', content: 'I am a nurse.' }] }));
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/conversation_id/);
      const profile = await t.app.request('/v1/users/ana/profile', { headers: { authorization: `Bearer ${t.key}` } });
      expect(profile.status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it.skipIf(!backend.available)('/mcp refuses a body that is not UTF-8 as /v1 does, and a NUL in a tool call is a tool error: nothing stored', async () => {
    const t = await setup();
    try {
      const headers = { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
      const call = (content: string) => JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'remember', arguments: { userId: 'ana', messages: [{ role: 'user', content }] } } });
      const bytes = new TextEncoder().encode(call('I live in PortoX and I work as a nurse.'));
      bytes[bytes.indexOf('X'.charCodeAt(0))] = 0xff;
      const latin = await t.app.request('/mcp', { method: 'POST', headers, body: new Blob([bytes]) });
      expect(latin.status).toBe(400);
      expect(((await latin.json()) as { error: { message: string } }).error.message).toMatch(/UTF-8/);
      const nul = await t.app.request('/mcp', { method: 'POST', headers, body: call('I live in Porto.\u0000 I work as a nurse.') });
      const answer = (await nul.json()) as { result: { isError?: boolean; content: { text: string }[] } };
      expect(answer.result.isError).toBe(true);
      expect(answer.result.content[0]!.text).toMatch(/^malformed_messages: messages\[0\]\.content: .*NUL/);
      const profile = await t.app.request('/v1/users/ana/profile', { headers: { authorization: `Bearer ${t.key}` } });
      expect(profile.status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it.skipIf(!backend.available || backend.name === 'postgres')('requests without a valid key are rate-limited too', async () => {
    const t = await setup();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await t.post('{}', `atk_bad_${i}`)).status);
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(10);
    } finally {
      await t.close();
    }
  });
});
