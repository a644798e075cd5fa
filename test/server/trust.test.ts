/**
 * Studio identity and integrity (issue 12, items 1-4): identities cannot be borrowed, no completion code
 * without work, leases cannot push an item over k, the admin secret is strong, rate-limited and never in the
 * cookie, other Host names are refused, names cannot carry control or text-direction characters, answer keys
 * are canonical, and text-direction controls are shown, not obeyed.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudioApp, createStudy, startStudioServer } from '../../src/server/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { StudioStore } from '../../src/studio/index.js';
import { visibleText } from '../../studio/dom.js';
import { studioDataset } from './fixtures.js';
import { Annotator, appFetcher, yesNo } from './helpers.js';
import type { Fetcher } from './helpers.js';

const SECRET = 'trust-admin-secret-0123';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let store: Store;
let studio: StudioStore;
let n = 0;
const newStudy = (opts: Record<string, unknown> = {}) => createStudy(studio, studioDataset(), { name: `trust-${n++}`, kind: 'relevance', ...opts });
const app = (opts: Partial<Parameters<typeof createStudioApp>[0]> = {}) => appFetcher(createStudioApp({ studio, adminSecret: SECRET, ...opts }));
const enterRaw = (f: Fetcher, studyId: string, body: unknown, token?: string) =>
  f(`/api/s/${studyId}/enter`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

beforeAll(async () => {
  store = await openStore(':memory:');
  studio = new StudioStore(store);
});
afterAll(() => store.close());

describe('identity', () => {
  it('re-entry with a name needs that annotator’s token; a second client cannot take it', async () => {
    const f = app();
    const study = await newStudy();
    const bob = await new Annotator(f, study.id, { name: 'bob' }).enter();
    const stranger = await enterRaw(f, study.id, { name: 'bob' });
    expect(stranger.status).toBe(409);
    expect(JSON.stringify(await stranger.json())).not.toContain(bob.token);
    const back = await enterRaw(f, study.id, { name: 'bob' }, bob.token);
    expect(back.status).toBe(200);
    expect(((await back.json()) as { token: string }).token).toBe(bob.token);
    // Another annotator's token does not open bob either.
    const eve = await new Annotator(f, study.id, { name: 'eve' }).enter();
    expect((await enterRaw(f, study.id, { name: 'bob' }, eve.token)).status).toBe(409);
  });

  it('Prolific re-entry needs the same PID with the same SESSION_ID', async () => {
    const f = app();
    const study = await newStudy();
    const first = await enterRaw(f, study.id, { PROLIFIC_PID: 'pid1', STUDY_ID: 's', SESSION_ID: 'sess1' });
    expect(first.status).toBe(200);
    expect((await enterRaw(f, study.id, { PROLIFIC_PID: 'pid1', STUDY_ID: 's', SESSION_ID: 'sess1' })).status).toBe(200);
    expect((await enterRaw(f, study.id, { PROLIFIC_PID: 'pid1', STUDY_ID: 's', SESSION_ID: 'other' })).status).toBe(409);
    expect((await enterRaw(f, study.id, { PROLIFIC_PID: 'pid1' })).status).toBe(409);
  });

  it('annotators reach a study by its random id, not its name', async () => {
    const f = app();
    const study = await newStudy();
    expect((await enterRaw(f, study.name, { name: 'x' })).status).toBe(404);
    expect((await f(`/s/${study.name}`)).status).toBe(404);
    expect((await f(`/s/${study.id}`)).status).toBe(200);
    expect(study.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses control and text-direction characters in names', async () => {
    const f = app();
    const study = await newStudy();
    for (const name of ['bo\u0000b', 'a\nb', 'x\u202Eevil', 'y\u2066z', '\u001b[31mred']) expect((await enterRaw(f, study.id, { name })).status).toBe(400);
    expect((await enterRaw(f, study.id, { name: 'Zoë Ørsted 李' })).status).toBe(200);
  });
});

describe('work before the completion code', () => {
  it('a full study says so without a code; the code comes after one’s own work', async () => {
    const f = app();
    const study = await newStudy({ k: 1, limit: 1, completionCode: 'CODE99' });
    const alice = await new Annotator(f, study.id, { name: 'alice' }).enter();
    const done = await alice.completeAll(yesNo(() => true));
    expect(done).toMatchObject({ done: true, completionCode: 'CODE99' });
    const late = await new Annotator(f, study.id, { PROLIFIC_PID: 'late', SESSION_ID: 's' }).enter();
    const cur = await late.current();
    expect(cur.done).toBe(true);
    expect(cur).toMatchObject({ full: true });
    expect(cur.completionCode).toBeUndefined();
    expect(cur.completionUrl).toBeUndefined();
  });

  it('a page left open keeps its item by renewing the lease; an abandoned one frees it', async () => {
    const f = app({ leaseMs: 400 });
    const study = await newStudy({ k: 1, limit: 1 });
    const x = await new Annotator(f, study.id, { name: 'x' }).enter();
    const a = (await x.current()).assignment!;
    await sleep(250);
    expect((await f(`/api/s/${study.id}/assignments/${a.id}/lease`, { method: 'POST', headers: x.headers() })).status).toBe(200);
    await sleep(250); // 500 ms since the assignment, 250 since the renewal: still held
    const y = await new Annotator(f, study.id, { name: 'y' }).enter();
    expect((await y.current()).assignment).toBeUndefined();
    await sleep(500); // abandoned: the lease lapses and y gets the item
    expect((await y.current()).assignment?.task).toBeDefined();
  });
});

describe('late submissions', () => {
  it('an expired lease whose item someone else answered is refused, so the item stays at k', async () => {
    const f = app({ leaseMs: 150 });
    const study = await newStudy({ k: 1, limit: 1 });
    const x = await new Annotator(f, study.id, { name: 'x' }).enter();
    const ax = (await x.current()).assignment!;
    await sleep(300);
    const y = await new Annotator(f, study.id, { name: 'y' }).enter();
    const ay = (await y.current()).assignment!;
    expect((await y.submit(ay.id, yesNo(() => true)(ay.task))).status).toBe(201);
    const lateX = await x.submit(ax.id, yesNo(() => false)(ax.task));
    expect(lateX.status).toBe(409);
    expect(String(lateX.json.error)).toMatch(/ran out/);
    const judgments = await studio.studyJudgments(study.id);
    expect(judgments.map((j) => j.annotator)).toEqual(['y']);
    // x moves on: nothing is left for them, and they did no work, so no code.
    expect(await x.current()).toMatchObject({ done: true, full: true });
  });

  it('answer keys must be the row numbers as written: "00" beside "0" is refused, not stored', async () => {
    const f = app();
    const study = await newStudy({ k: 1 });
    const p = await new Annotator(f, study.id, { name: 'keys' }).enter();
    const a = (await p.current()).assignment!;
    const rows = a.task.attributes.length;
    const good = Object.fromEntries(Array.from({ length: rows }, (_, i) => [String(i), true]));
    for (const extra of ['00', '+0', '0.0', ' 0', '1e0']) {
      const r = await p.submit(a.id, { answers: { ...good, [extra]: false } });
      expect(r.status, extra).toBe(400);
    }
    expect(await store.listJudgments({ studyId: study.id })).toHaveLength(0);
    expect((await p.submit(a.id, { answers: good })).status).toBe(201);
  });
});

describe('admin', () => {
  it('refuses a secret shorter than 16 characters', () => {
    expect(() => createStudioApp({ studio, adminSecret: 'S' })).toThrow(/at least 16/);
    expect(() => createStudioApp({ studio, adminSecret: 'x'.repeat(15) })).toThrow(/at least 16/);
  });

  it('the cookie holds a derived session value, not the secret', async () => {
    const f = app();
    const login = await f(`/admin?secret=${SECRET}`);
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).not.toContain(SECRET);
    const value = /attune_admin=([^;]+)/.exec(cookie)![1]!;
    expect((await f('/api/admin/studies', { headers: { cookie: `attune_admin=${value}` } })).status).toBe(200);
    // The secret itself in the cookie is not a session.
    expect((await f('/api/admin/studies', { headers: { cookie: `attune_admin=${SECRET}` } })).status).toBe(401);
  });

  it('rate-limits failed attempts: after 5, wrong secrets wait, the right one still gets in', async () => {
    const f = app();
    for (let i = 0; i < 5; i++) expect((await f('/api/admin/studies', { headers: { 'x-admin-secret': `wrong-${i}` } })).status).toBe(401);
    expect((await f('/api/admin/studies', { headers: { 'x-admin-secret': 'wrong-again' } })).status).toBe(429);
    expect((await f('/admin?secret=wrong-again')).status).toBe(429);
    expect((await f('/api/admin/studies', { headers: { 'x-admin-secret': SECRET } })).status).toBe(200);
    expect((await f(`/admin?secret=${SECRET}`)).status).toBe(303);
  });
});

describe('request bodies', () => {
  it('refuses one over 256 KB (declared or chunked) and one that is not JSON, in process and over a real socket', async () => {
    const study = await newStudy();
    const server = await startStudioServer(store, { adminSecret: SECRET });
    try {
      const socket: Fetcher = (p, init) => fetch(`http://127.0.0.1:${server.port}${p}`, init);
      for (const [where, f] of [['in process', app()], ['socket', socket]] as const) {
        const p = await new Annotator(f, study.id, { name: `bodies-${where}` }).enter();
        const a = (await p.current()).assignment!;
        const post = (body: BodyInit) => f(`/api/s/${study.id}/assignments/${a.id}`, { method: 'POST', headers: p.headers(), body, duplex: 'half' } as RequestInit);
        const big = JSON.stringify({ answers: { 0: true }, pad: 'x'.repeat(300 * 1024) });
        expect((await post(big)).status, where).toBe(413);
        if (where === 'socket') {
          // No content-length: the server counts what it reads.
          const chunked = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
          expect((await post(chunked)).status).toBe(413);
        }
        const notJson = await post('{"answers":');
        expect(notJson.status, where).toBe(400);
        expect(((await notJson.json()) as { error: string }).error).toMatch(/JSON/);
        expect(await store.listJudgments({ studyId: study.id, annotator: `bodies-${where}` })).toHaveLength(0);
      }
    } finally {
      await server.close();
    }
  });
});

describe('Host header (DNS rebinding)', () => {
  it('answers loopback names and refuses others, in process and over a real socket', async () => {
    const f = app();
    expect((await f('http://localhost/api/admin/studies', { headers: { 'x-admin-secret': SECRET } })).status).toBe(200);
    expect((await f('http://attacker.example/api/admin/studies', { headers: { 'x-admin-secret': SECRET } })).status).toBe(421);
    const server = await startStudioServer(store, { adminSecret: SECRET });
    try {
      const get = (host: string) => new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: server.port, path: '/api/admin/studies', headers: { host, 'x-admin-secret': SECRET } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(await get(`127.0.0.1:${server.port}`)).toBe(200);
      expect(await get(`rebound.attacker.example:${server.port}`)).toBe(421);
    } finally {
      await server.close();
    }
  });
});

describe('text-direction controls in shown text', () => {
  it('are made visible instead of reordering the text', () => {
    expect(visibleText('The user is \u202Eesrun a')).toBe('The user is [U+202E]esrun a');
    expect(visibleText('a\u2066b\u2069c\u200F')).toBe('a[U+2066]b[U+2069]c[U+200F]');
    expect(visibleText('שלום and مرحبا')).toBe('שלום and مرحبا');
  });
});
