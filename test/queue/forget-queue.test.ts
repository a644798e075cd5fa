import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { forgetEverywhere } from '../../src/memory/forget-everywhere.js';
import { bullQueue, bullWorker, type JobWorker } from '../../src/queue/bullmq.js';
import type { JobQueue } from '../../src/queue/types.js';
import { rememberHandler, rememberOrderKey, rememberRedact } from '../../src/server/api/app.js';
import { memoryService } from '../../src/server/api/attune.js';
import type { MemoryFor, RememberJob } from '../../src/server/api/memory.js';
import type { RememberResponse } from '../../src/server/api/schemas.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { apiWithQueue } from '../server/helpers.js';
import { tempDir } from '../support/tmp.js';

const redisUrl = process.env.ATTUNE_TEST_REDIS_URL;
if (!redisUrl) console.warn('[skip] ATTUNE_TEST_REDIS_URL is not set: forget-on-the-queue tests are skipped.');

/** Every value in Redis (all types), searched for `needle`: the keys holding it. */
async function keysHolding(redis: Redis, needle: string): Promise<string[]> {
  const hits: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const k of keys) {
      const type = await redis.type(k);
      let text = k;
      if (type === 'string') text += (await redis.get(k)) ?? '';
      else if (type === 'hash') text += JSON.stringify(await redis.hgetall(k));
      else if (type === 'list') text += JSON.stringify(await redis.lrange(k, 0, -1));
      else if (type === 'set') text += JSON.stringify(await redis.smembers(k));
      else if (type === 'zset') text += JSON.stringify(await redis.zrange(k, '0', '-1'));
      else if (type === 'stream') text += JSON.stringify(await redis.xrange(k, '-', '+'));
      if (text.includes(needle)) hits.push(k);
    }
  } while (cursor !== '0');
  return hits;
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!redisUrl)('forget reaches the queue', () => {
  const dir = tempDir('attune-forget-queue-');
  const opened: { close(): Promise<void> | void }[] = [];
  let redis: Redis;

  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await o.close();
  });
  afterAll(() => redis?.disconnect());

  async function setup(opts: { gate?: Promise<void> } = {}) {
    redis ??= new Redis(redisUrl!);
    const name = `forgetq-${randomBytes(4).toString('hex')}`;
    const store: Store = await openStore(path.join(dir, `${name}.sqlite`));
    const memory = memoryService(store, { embedder: bowEmbedder });
    opened.push(store, memory);
    const memoryFor: MemoryFor = opts.gate
      ? async (tenant) => {
          const m = await memory.memoryFor(tenant);
          return { ...m, remember: async (u, b) => (await opts.gate, m.remember(u, b)) };
        }
      : memory.memoryFor;
    const queue = bullQueue<RememberJob, RememberResponse>({ url: redisUrl!, name, orderKey: rememberOrderKey });
    opened.push(queue);
    const { app, call } = await apiWithQueue(store, memory.memoryFor, queue);
    let worker: JobWorker | undefined;
    const startWorker = () => {
      worker = bullWorker<RememberJob, RememberResponse>(rememberHandler(memoryFor), { url: redisUrl!, name, orderKey: rememberOrderKey, redact: rememberRedact, concurrency: 2 });
      opened.push(worker);
    };
    const jobDone = (id: string) => until(() => call('GET', `/v1/jobs/${id}`), (r) => r.status === 404 || r.json.state === 'completed' || r.json.state === 'failed', `job ${id}`);
    return { name, store, queue, app, call, startWorker, jobDone, worker: () => worker };
  }

  const conversation = (secret: string) => ({
    messages: [
      { role: 'user', content: `I live in ${secret}ville and I work as a ${secret} engineer.` },
      { role: 'assistant', content: 'Noted.' },
    ],
  });

  it('DELETE /v1/users/X leaves no job, result or event of the user in Redis; a completed job keeps no conversation', async () => {
    const t = await setup();
    t.startWorker();
    const secret = `zq${randomBytes(5).toString('hex')}`;
    const posted = await t.call('POST', '/v1/users/ana/conversations', conversation(secret));
    expect(posted.status).toBe(202);
    const done = await t.jobDone(String(posted.json.jobId));
    expect(done.json.state).toBe('completed');
    expect(JSON.stringify(done.json.result)).toContain(secret);
    // The completed job's hash no longer carries the conversation (only its result does).
    const hash = await redis.hgetall(`bull:${t.name}:${String(posted.json.jobId)}`);
    await until(async () => redis.hget(`bull:${t.name}:${String(posted.json.jobId)}`, 'data'), (d) => d !== null && !d.includes(secret), 'redacted data');
    expect(hash.returnvalue).toContain(secret);
    expect((await keysHolding(redis, secret)).length).toBeGreaterThan(0);

    const del = await t.call('DELETE', '/v1/users/ana');
    expect(del.status).toBe(200);
    expect(await keysHolding(redis, secret)).toEqual([]);
    expect((await t.call('GET', `/v1/jobs/${String(posted.json.jobId)}`)).status).toBe(404);
    expect((await t.call('GET', '/v1/users/ana/profile')).status).toBe(404);
  });

  it('DELETE of one attribute removes the user\'s finished jobs, whose results quoted it', async () => {
    const t = await setup();
    t.startWorker();
    const secret = `zq${randomBytes(5).toString('hex')}`;
    const posted = await t.call('POST', '/v1/users/eve/conversations', conversation(secret));
    const done = await t.jobDone(String(posted.json.jobId));
    const changes = (done.json.result as RememberResponse).changes;
    const place = changes.find((c) => c.text.includes(`${secret}ville`))!;
    expect((await t.call('DELETE', `/v1/users/eve/attributes/${place.attributeId}`)).status).toBe(200);
    expect((await t.call('GET', `/v1/jobs/${String(posted.json.jobId)}`)).status).toBe(404);
    expect(await keysHolding(redis, `${secret}ville`)).toEqual([]);
    // the rest of the user stays
    const profile = await t.call('GET', '/v1/users/eve/profile');
    expect(JSON.stringify(profile.json)).toContain(`${secret} engineer`);
  });

  it('a remember queued before a forget never runs; the same conversation posted again is a new job, and is stored', async () => {
    const t = await setup();
    const secret = `zq${randomBytes(5).toString('hex')}`;
    const first = await t.call('POST', '/v1/users/bo/conversations', conversation(secret));
    expect(first.status).toBe(202);
    // Nothing stored yet, but a job is queued: the forget removes it.
    const del = await t.call('DELETE', '/v1/users/bo');
    expect(del.status).toBe(200);
    expect(await keysHolding(redis, secret)).toEqual([]);
    t.startWorker();
    // Posted again after the forget: accepted as a new job (not the forgotten one's id), run and stored.
    const again = await t.call('POST', '/v1/users/bo/conversations', conversation(secret));
    expect(again.status).toBe(202);
    expect(again.json.jobId).not.toBe(first.json.jobId);
    const done = await t.jobDone(String(again.json.jobId));
    expect(done.json.state).toBe('completed');
    expect((done.json.result as RememberResponse).created).toBe(true);
    const profile = await t.call('GET', '/v1/users/bo/profile');
    expect(profile.status).toBe(200);
    expect(JSON.stringify(profile.json)).toContain(secret);
  });

  it('a job running while its user is forgotten undoes its writes and leaves nothing in Redis', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const t = await setup({ gate });
    t.startWorker();
    const secret = `zq${randomBytes(5).toString('hex')}`;
    const posted = await t.call('POST', '/v1/users/cy/conversations', conversation(secret));
    const id = String(posted.json.jobId);
    await until(() => t.call('GET', `/v1/jobs/${id}`), (r) => r.json.state === 'active', 'the job to start');
    const del = await t.call('DELETE', '/v1/users/cy');
    expect(del.status).toBe(200);
    open();
    await until(() => t.call('GET', `/v1/jobs/${id}`), (r) => r.status === 404, 'the forgotten job to go');
    expect((await t.call('GET', '/v1/users/cy/profile')).status).toBe(404);
    await until(() => keysHolding(redis, secret), (k) => k.length === 0, 'no trace in Redis');
  });

  it('forgetEverywhere (attune forget --user X --queue) removes the user\'s queued jobs of every tenant', async () => {
    const t = await setup();
    const secret = `zq${randomBytes(5).toString('hex')}`;
    expect((await t.call('POST', '/v1/users/dee/conversations', conversation(secret))).status).toBe(202);
    expect((await keysHolding(redis, secret)).length).toBeGreaterThan(0);
    const q = t.queue as JobQueue<RememberJob, RememberResponse>;
    const r = await forgetEverywhere({ store: t.store, userId: 'dee', queue: { forget: (k) => q.forget!(k) } });
    expect(r.queued).toBe(1);
    expect(await keysHolding(redis, secret)).toEqual([]);
  });
});
