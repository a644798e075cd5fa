import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../src/server/api/serve.js';
import { KeyStore } from '../../src/store/keys.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { projectRoot } from '../support/shared.js';
import { tempDir } from '../support/tmp.js';
import { E2E } from '../support/tier.js';

type Doc = {
  servers?: { url: string }[];
  info: { license?: { name: string } };
  paths: Record<string, Record<string, { operationId?: string; parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};

const messages = [{ role: 'user', content: 'I am vegetarian and I love hiking in the mountains.' }];

function serverFixture(queue?: 'inline') {
  const dir = tempDir('attune-contract-');
  const s = { server: undefined as unknown as ApiServer, store: undefined as unknown as Store, key: '' };
  beforeAll(async () => {
    s.store = await openStore(path.join(dir, 'c.sqlite'));
    s.key = (await new KeyStore(s.store).createKey('acme')).key;
    s.server = await startApiServer({ store: s.store, memory: { embedder: bowEmbedder }, ...(queue ? { queue } : {}) });
  });
  afterAll(async () => {
    await s.server.close();
    await s.store.close();
  });
  const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.server.url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { s, post, dir };
}

describe('the v1 contract: OpenAPI document and Idempotency-Key', () => {
  const { s, post } = serverFixture();

  it('has servers, a licence, tags, an operationId on every operation, the Idempotency-Key header and every error response', async () => {
    const doc = (await (await fetch(`${s.server.url}/openapi.json`)).json()) as Doc;
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info.license?.name).toBe('MIT');
    const ops = Object.values(doc.paths).flatMap((m) => Object.values(m));
    expect(ops).toHaveLength(8);
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(8);
    expect(ids.every((x) => typeof x === 'string' && x.length > 0)).toBe(true);
    for (const o of ops) for (const code of ['400', '401', '413', '429', '503']) expect(Object.keys(o.responses)).toContain(code);
    const remember = doc.paths['/v1/users/{id}/conversations']!.post!;
    expect(remember.parameters).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header' }));
    expect(Object.keys(remember.responses)).toEqual(expect.arrayContaining(['200', '202', '409', '422', '501']));
    expect(Object.keys(doc.paths['/v1/users/{id}/respond']!.post!.responses)).toContain('501');
    expect(Object.keys(doc.components.schemas.Selection!.properties!)).toEqual(expect.arrayContaining(['threshold', 'scores']));
  });

  it('without a queue: the same key and body answer the first answer again and change nothing; another body is 422', async () => {
    const first = await post('/v1/users/ana/conversations', { messages }, { 'idempotency-key': 'k1' });
    expect(first.status).toBe(200);
    const a = (await first.json()) as { created: boolean; changes: unknown[] };
    expect(a.created).toBe(true);
    const again = await post('/v1/users/ana/conversations', { messages }, { 'idempotency-key': 'k1' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(a); // the first answer (created: true), not "already remembered"
    const other = await post('/v1/users/ana/conversations', { messages: [{ role: 'user', content: 'I play the tuba.' }] }, { 'idempotency-key': 'k1' });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
    const profile = (await (await fetch(`${s.server.url}/v1/users/ana/profile`, { headers: { authorization: `Bearer ${s.key}` } })).json()) as { attributes: { text: string }[] };
    expect(profile.attributes.map((x) => x.text).join(' ')).not.toMatch(/tuba/);
    // Without a key, the content hash still makes a retry harmless.
    const plain = (await (await post('/v1/users/ana/conversations', { messages })).json()) as { created: boolean };
    expect(plain.created).toBe(false);
  });

  it('forgetting a user drops the answers kept for their Idempotency-Keys: a replay after DELETE remembers afresh', async () => {
    const body = { messages: [{ role: 'user', content: 'I am a beekeeper in Hexham.' }] };
    const first = (await (await post('/v1/users/cy/conversations', body, { 'idempotency-key': 'k-cy' })).json()) as { changes: { text: string }[] };
    expect(first.changes.map((c) => c.text).join(' ')).toMatch(/beekeeper/);
    const del = await fetch(`${s.server.url}/v1/users/cy`, { method: 'DELETE', headers: { authorization: `Bearer ${s.key}` } });
    expect(del.status).toBe(200);
    // Had the answer been kept, this would return it (quoting the forgotten text) without storing anything.
    const replay = await post('/v1/users/cy/conversations', body, { 'idempotency-key': 'k-cy' });
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { created: boolean }).created).toBe(true);
    const profile = (await (await fetch(`${s.server.url}/v1/users/cy/profile`, { headers: { authorization: `Bearer ${s.key}` } })).json()) as { attributes: { text: string }[] };
    expect(profile.attributes.map((x) => x.text).join(' ')).toMatch(/beekeeper/);
  });

  it('UI messages (parts) are remembered, the parts not read are named; select answers with scores and the threshold; 501 names --model', async () => {
    const r = await post('/v1/users/bo/conversations', {
      messages: [{ role: 'user', parts: [{ type: 'text', text: 'I am vegetarian.' }, { type: 'file', mediaType: 'image/png', url: 'data:,' }] }],
    });
    expect(r.status).toBe(200);
    const out = (await r.json()) as { changes: { text: string }[]; warnings?: string[] };
    expect(out.changes.map((c) => c.text).join(' ')).toMatch(/vegetarian/);
    expect(out.warnings).toEqual(['messages[0]: 1 file part ignored (attune reads text parts only)']);
    const sel = (await (await post('/v1/users/bo/select', { prompt: 'a vegetarian dinner' })).json()) as { attributes: { score: number }[]; scores: unknown[]; threshold: number };
    expect(sel.attributes.length).toBeGreaterThan(0);
    expect(sel.attributes.every((a) => a.score >= sel.threshold)).toBe(true);
    expect(sel.scores.length).toBeGreaterThanOrEqual(sel.attributes.length);
    const respond = await post('/v1/users/bo/respond', { prompt: 'a vegetarian dinner' });
    expect(respond.status).toBe(501);
    const msg = ((await respond.json()) as { error: { message: string } }).error.message;
    expect(msg).toContain('--model');
    expect(msg).not.toContain('createAttune');
  });
});

describe('the v1 contract with the queue: Idempotency-Key', () => {
  const { post } = serverFixture('inline');

  it('the same key and body: the same job; another body: 422', async () => {
    const a = await post('/v1/users/cy/conversations', { messages }, { 'idempotency-key': 'q1' });
    expect(a.status).toBe(202);
    const job = (await a.json()) as { jobId: string };
    const b = await post('/v1/users/cy/conversations', { messages }, { 'idempotency-key': 'q1' });
    expect(await b.json()).toEqual(job);
    const c = await post('/v1/users/cy/conversations', { messages: [{ role: 'user', content: 'I play the tuba.' }] }, { 'idempotency-key': 'q1' });
    expect(c.status).toBe(422);
  });
});

describe('the live /openapi.json under redocly lint (recommended) and openapi-typescript', E2E, () => {
  const { s, dir } = serverFixture();
  const bin = (name: string) => path.join(projectRoot, 'node_modules', '.bin', name);

  it('redocly lint: 0 errors, 0 warnings; a client generated by openapi-typescript type-checks', async () => {
    const spec = path.join(dir, 'openapi.json');
    fs.writeFileSync(spec, await (await fetch(`${s.server.url}/openapi.json`)).text());
    fs.writeFileSync(path.join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
    const lint = spawnSync(bin('redocly'), ['lint', spec, '--config', path.join(dir, 'redocly.yaml'), '--format', 'json'], { encoding: 'utf8', timeout: 180_000 });
    const report = JSON.parse(lint.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(lint.status).toBe(0);

    const types = path.join(dir, 'api.d.ts');
    const gen = spawnSync(bin('openapi-typescript'), [spec, '-o', types], { encoding: 'utf8', timeout: 180_000 });
    expect(gen.status, gen.stderr).toBe(0);
    fs.writeFileSync(path.join(dir, 'client.ts'), `
import type { operations, paths } from './api';
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type SelectOk = Json<operations['select']['responses'][200]>;
const sel: SelectOk = { userId: 'u', selector: 'embedding', threshold: 0.3, attributes: [{ id: 'a', text: 't', score: 0.5 }], scores: [{ id: 'a', text: 't', score: 0.5, selected: true }] };
type RememberReq = NonNullable<operations['remember']['requestBody']>['content']['application/json'];
const body: RememberReq = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }, { role: 'assistant', content: 'hello' }] };
const headers: operations['remember']['parameters']['header'] = { 'idempotency-key': 'k' };
type Conflict = Json<operations['remember']['responses'][422]>;
const err: Conflict = { error: { code: 'idempotency_key_reused', message: '...' } };
type Paths = keyof paths;
const p: Paths = '/v1/users/{id}/select';
export { sel, body, headers, err, p };
`);
    const tsc = spawnSync(bin('tsc'), ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', path.join(dir, 'client.ts')], { encoding: 'utf8', timeout: 180_000 });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
  }, 300_000);
});
