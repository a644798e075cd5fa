import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttuneApiError, createAttuneClient } from '../../src/client/index.js';
import type { AccessLogEntry } from '../../src/server/api/app.js';
import { startApiServer, type ApiServer } from '../../src/server/api/serve.js';
import { KeyStore } from '../../src/store/keys.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { createLlmClient } from '../../src/llm/client.js';
import { parseLlmConfig } from '../../src/llm/config.js';
import { startTestLlmServer, type TestLlmServer } from '../../src/llm/testing/server.js';

const SECRET_TEXT = 'I am vegetarian and I live in Lisbon with my two cats';
const messages = [
  { role: 'user' as const, content: SECRET_TEXT },
  { role: 'assistant' as const, content: 'Noted! How can I help?' },
  { role: 'user' as const, content: 'I love hiking in the mountains on weekends.' },
];

describe('attune serve: the v1 API over HTTP', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-api-'));
  const log: AccessLogEntry[] = [];
  const stderr: string[] = [];
  let store: Store;
  let server: ApiServer;
  let keyA: string;
  let keyB: string;
  let revoked: string;
  const origError = console.error;

  beforeAll(async () => {
    console.error = (...a: unknown[]) => void stderr.push(a.map(String).join(' '));
    store = await openStore(path.join(dir, 'api.sqlite'));
    const keys = new KeyStore(store);
    keyA = (await keys.createKey('tenant-a')).key;
    keyB = (await keys.createKey('tenant-b')).key;
    const r = await keys.createKey('tenant-a');
    revoked = r.key;
    await keys.revokeKey(r.id);
    server = await startApiServer({
      store, memory: { embedder: bowEmbedder }, maxBodyBytes: 64 * 1024, rateLimit: { perSecond: 1000, burst: 1000 },
      log: (e) => log.push(e),
    });
  });
  afterAll(async () => {
    console.error = origError;
    await server.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = (p: string, init: RequestInit & { key?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? keyA}`);
    if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${server.url}${p}`, { ...init, headers });
  };
  const errorOf = async (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(typeof body.error.code).toBe('string');
    expect(typeof body.error.message).toBe('string');
    return body.error;
  };

  it('remembers, profiles, selects, corrects and forgets through the typed client', async () => {
    const a = createAttuneClient({ baseUrl: server.url, apiKey: keyA });
    const r = await a.remember({ userId: 'alice', messages });
    expect(r.status).toBe('done');
    if (r.status !== 'done') return;
    expect(r.created).toBe(true);
    expect(r.changes.length).toBeGreaterThan(0);
    // The same conversation again changes nothing.
    const again = await a.remember({ userId: 'alice', messages, idempotencyKey: 'retry-1' });
    expect(again).toMatchObject({ status: 'done', created: false, changes: [] });

    const p = await a.profile({ userId: 'alice' });
    expect(p.userId).toBe('alice');
    expect(p.attributes.length).toBe(r.changes.length);
    expect(p.attributes.every((x) => x.status === 'active' && x.text.startsWith('The user'))).toBe(true);

    const s = await a.select({ userId: 'alice', prompt: 'Suggest a vegetarian dinner recipe' });
    expect(s.selector).toBeTruthy();
    expect(Array.isArray(s.attributes)).toBe(true);

    const target = p.attributes[0]!;
    const edited = await a.correct({ userId: 'alice', attributeId: target.id, action: 'edit', text: 'The user eats no meat.' });
    expect(edited.attribute?.text).toBe('The user eats no meat.');
    expect(edited.attribute?.confirmed).toBe(true);
    const gone = await a.forget({ userId: 'alice', attributeId: p.attributes.at(-1)!.id });
    expect(gone.deleted).toBeGreaterThan(0);
    const all = await a.forget({ userId: 'alice' });
    expect(all.deleted).toBeGreaterThan(0);
    await expect(a.profile({ userId: 'alice' })).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  it('pages the profile: limit and cursor, nextCursor until the last page, every attribute once', async () => {
    const client = createAttuneClient({ baseUrl: server.url, apiKey: keyA });
    await client.remember({ userId: 'pager', messages });
    const all = await client.profile({ userId: 'pager' });
    expect(all.attributes.length).toBeGreaterThanOrEqual(2);
    expect(all.nextCursor).toBeUndefined();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.profile({ userId: 'pager', limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.attributes).toHaveLength(1);
      seen.push(page.attributes[0]!.id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(all.attributes.map((a) => a.id).sort());
    expect((await call('/v1/users/pager/profile?limit=0')).status).toBe(400);
    expect((await call('/v1/users/pager/profile?cursor=nonsense')).status).toBe(400);
  });

  it("keeps tenants apart: B's key cannot read, list, correct or delete A's user (404, not 403)", async () => {
    const a = createAttuneClient({ baseUrl: server.url, apiKey: keyA });
    const b = createAttuneClient({ baseUrl: server.url, apiKey: keyB });
    await a.remember({ userId: 'carol', messages });
    const attr = (await a.profile({ userId: 'carol' })).attributes[0]!;

    for (const op of [
      () => b.profile({ userId: 'carol' }),
      () => b.select({ userId: 'carol', prompt: 'what do I eat?' }),
      () => b.correct({ userId: 'carol', attributeId: attr.id, action: 'reject' }),
      () => b.forget({ userId: 'carol', attributeId: attr.id }),
      () => b.forget({ userId: 'carol' }),
    ]) {
      const e = await op().then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(AttuneApiError);
      expect(e).toMatchObject({ status: 404, code: 'not_found' });
    }
    // B writing "carol" makes B's own carol; A's carol is untouched.
    await b.remember({ userId: 'carol', messages: [{ role: 'user', content: 'I play the cello.' }] });
    const bCarol = await b.profile({ userId: 'carol' });
    expect(bCarol.attributes.map((x) => x.id)).not.toContain(attr.id);
    const aCarol = await a.profile({ userId: 'carol' });
    expect(aCarol.attributes.find((x) => x.id === attr.id)?.status).toBe('active');
    // And A's attribute id under B's carol is still "no such attribute".
    await expect(b.correct({ userId: 'carol', attributeId: attr.id, action: 'confirm' })).rejects.toMatchObject({ status: 404 });
  });

  it('answers 401 to no key, a wrong key, a malformed key and a revoked key', async () => {
    const wrong = `${keyA.slice(0, -2)}${keyA.endsWith('xx') ? 'yy' : 'xx'}`;
    for (const key of [null, wrong, 'not-a-key', revoked]) {
      const res = await call('/v1/users/carol/profile', { key });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('unauthorized');
    }
    const basic = await call('/v1/users/carol/profile', { key: null, headers: { authorization: `Basic ${keyA}` } });
    expect(basic.status).toBe(401);
  });

  it('refuses oversized, malformed and invalid bodies with 4xx JSON errors', async () => {
    const big = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(70 * 1024) }] });
    const tooLarge = await call('/v1/users/dave/conversations', { method: 'POST', body: big });
    expect(tooLarge.status).toBe(413);
    expect((await errorOf(tooLarge)).code).toBe('too_large');

    const malformed = await call('/v1/users/dave/conversations', { method: 'POST', body: '{"messages": [' });
    expect(malformed.status).toBe(400);
    await errorOf(malformed);

    for (const body of [{}, { messages: [] }, { messages: [{ role: 'wizard', content: 'hi' }] }, { messages: 'hello' }]) {
      const res = await call('/v1/users/dave/conversations', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_request');
    }
    const noUserText = await call('/v1/users/dave/conversations', { method: 'POST', body: JSON.stringify({ messages: [{ role: 'assistant', content: 'hi' }] }) });
    expect(noUserText.status).toBe(400);
    expect((await errorOf(noUserText)).code).toBe('malformed_messages');

    const badId = await call(`/v1/users/${encodeURIComponent('../etc')}/profile`);
    expect(badId.status).toBe(400);
    const editNoText = await call('/v1/users/carol/attributes/x', { method: 'PATCH', body: JSON.stringify({ action: 'edit' }) });
    expect(editNoText.status).toBe(400);
    const unknownRoute = await call('/v1/nothing');
    expect(unknownRoute.status).toBe(404);
    await errorOf(unknownRoute);
    // No queue on this server: no jobs to see.
    expect((await call('/v1/jobs/remember-abc')).status).toBe(404);
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    const keys = new KeyStore(store);
    const k = (await keys.createKey('tenant-slow')).key;
    const slow = await startApiServer({ store, memory: { embedder: bowEmbedder }, rateLimit: { perSecond: 1, burst: 3 } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${slow.url}/v1/users/x/profile`, { headers: { authorization: `Bearer ${k}` } });
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = res.headers.get('retry-after');
          expect((await errorOf(res)).code).toBe('rate_limited');
        } else await res.body?.cancel();
      }
      expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
      expect(statuses.slice(3)).toEqual([429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      // Another key has its own bucket.
      const other = await fetch(`${slow.url}/v1/users/x/profile`, { headers: { authorization: `Bearer ${keyB}` } });
      expect(other.status).toBe(404);
    } finally {
      await slow.close();
    }
  });

  it('serves /health, /ready and an OpenAPI 3.1 document with every v1 route', async () => {
    expect((await call('/health', { key: null })).status).toBe(200);
    expect(await (await call('/ready', { key: null })).json()).toEqual({ ok: true });
    const doc = (await (await call('/openapi.json', { key: null })).json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths).flatMap(([p, m]) => Object.keys(m).map((v) => `${v.toUpperCase()} ${p}`)).sort();
    expect(ops).toEqual([
      'DELETE /v1/users/{id}', 'DELETE /v1/users/{id}/attributes/{attributeId}', 'GET /v1/jobs/{id}', 'GET /v1/users/{id}/profile',
      'PATCH /v1/users/{id}/attributes/{attributeId}', 'POST /v1/users/{id}/conversations', 'POST /v1/users/{id}/respond', 'POST /v1/users/{id}/select',
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['RememberBody', 'Profile', 'Attribute', 'Error', 'Job']));
  });

  it('keeps conversation text and keys out of the access log', () => {
    expect(log.length).toBeGreaterThan(20);
    const text = JSON.stringify(log) + stderr.join('\n');
    for (const secret of ['vegetarian', 'Lisbon', 'hiking', 'cello', keyA, keyB, keyA.slice(17)]) expect(text).not.toContain(secret);
    expect(log.some((e) => e.tenant === 'tenant-a' && e.status === 200 && e.path === '/v1/users/alice/profile')).toBe(true);
  });
});

describe('attune serve with the in-process queue, and respond with a model', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-api-q-'));
  let store: Store;
  let server: ApiServer;
  let llm: TestLlmServer;
  let keyA: string;
  let keyB: string;

  beforeAll(async () => {
    llm = await startTestLlmServer({ script: (req) => `A reply to: ${req.lastUserText.slice(0, 40)}` });
    store = await openStore(path.join(dir, 'q.sqlite'));
    const keys = new KeyStore(store);
    keyA = (await keys.createKey('tenant-a')).key;
    keyB = (await keys.createKey('tenant-b')).key;
    const model = createLlmClient({ model: 'test/m', config: parseLlmConfig({ providers: { test: { kind: 'openai-compatible', baseURL: llm.baseURL } } }), cache: false });
    server = await startApiServer({ store, queue: 'inline', memory: { embedder: bowEmbedder, extractor: 'offline', model } });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
    await llm.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 202 with a job, dedups by content and by Idempotency-Key, and hides jobs from other tenants', async () => {
    const a = createAttuneClient({ baseUrl: server.url, apiKey: keyA });
    const b = createAttuneClient({ baseUrl: server.url, apiKey: keyB });
    const r = await a.remember({ userId: 'erin', messages });
    expect(r.status).toBe('queued');
    if (r.status !== 'queued') return;
    const result = await a.waitForJob({ jobId: r.jobId, intervalMs: 20 });
    expect(result).toMatchObject({ userId: 'erin', created: true });
    expect(await a.job({ jobId: r.jobId })).toMatchObject({ state: 'completed', progress: 1, attempts: 1 });
    expect(await a.remember({ userId: 'erin', messages })).toEqual({ status: 'queued', jobId: r.jobId });
    // The same conversation for another tenant is another job; and B cannot see A's.
    const rb = await b.remember({ userId: 'erin', messages });
    expect(rb.status === 'queued' && rb.jobId).not.toBe(r.jobId);
    await expect(b.job({ jobId: r.jobId })).rejects.toMatchObject({ status: 404, code: 'not_found' });

    const k1 = await a.remember({ userId: 'erin', messages: [{ role: 'user', content: 'I play the oboe.' }], idempotencyKey: 'req-7' });
    // The same key with another body is refused (422); with the same body it is the first answer again.
    await expect(a.remember({ userId: 'erin', messages: [{ role: 'user', content: 'I play the tuba.' }], idempotencyKey: 'req-7' }))
      .rejects.toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(await a.remember({ userId: 'erin', messages: [{ role: 'user', content: 'I play the oboe.' }], idempotencyKey: 'req-7' })).toEqual(k1);
    if (k1.status === 'queued') await a.waitForJob({ jobId: k1.jobId, intervalMs: 20 });
    const texts = (await a.profile({ userId: 'erin' })).attributes.map((x) => x.text).join(' | ');
    expect(texts).toMatch(/oboe/);
    expect(texts).not.toMatch(/tuba/);
  });

  it('responds with the selected attributes through the model', async () => {
    const a = createAttuneClient({ baseUrl: server.url, apiKey: keyA });
    const out = await a.respond({ userId: 'erin', prompt: 'Suggest a vegetarian dinner' });
    expect(out.text).toMatch(/^A reply to: /);
    expect(out.userId).toBe('erin');
    expect(llm.calls).toBeGreaterThan(0);
    await expect(a.respond({ userId: 'nobody', prompt: 'hi' })).rejects.toMatchObject({ status: 404 });
  });
});
