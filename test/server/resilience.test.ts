import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { bullQueue } from '../../src/queue/bullmq.js';
import { isTransientDependencyError } from '../../src/queue/transient.js';
import { createApiApp, rememberOrderKey } from '../../src/server/api/app.js';
import { memoryService } from '../../src/server/api/attune.js';
import type { RememberJob } from '../../src/server/api/memory.js';
import type { RememberResponse } from '../../src/server/api/schemas.js';
import { KeyStore } from '../../src/store/keys.js';
import { openStore } from '../../src/store/open.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { backends } from '../store/backends.js';

const postgres = backends()[1]!;

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('dependencies going away', () => {
  afterAll(() => postgres.cleanup());

  it.skipIf(!postgres.available)('a Postgres backend terminated mid-query or while idle fails that query (transient), crashes nothing, and the next query reconnects', async () => {
    const app = `attune-chaos-${randomBytes(4).toString('hex')}`;
    const u = new URL(postgres.fresh());
    u.searchParams.set('application_name', app);
    const store = await openStore(u.toString());
    const admin = new pg.Client({ connectionString: process.env.ATTUNE_TEST_PG_URL });
    await admin.connect();
    // Only this test's own connections (by application_name), never another test's.
    const terminate = () => admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()', [app]);
    try {
      const slow = sql`select pg_sleep(5)`.execute(store.db).then(() => undefined, (e: unknown) => e);
      await new Promise((r) => setTimeout(r, 300));
      await terminate();
      const err = await slow;
      expect(err).toBeInstanceOf(Error);
      expect(isTransientDependencyError(err)).toBe(true);
      // Idle clients too. A query may meet a dead idle client before the pool has heard of its death: that query
      // fails as transient (the API's 503), and the ones after it get a new connection.
      const select1 = async () => {
        for (let i = 0; ; i++) {
          try {
            return (await sql<{ n: number }>`select 1 as n`.execute(store.db)).rows[0]!.n;
          } catch (e) {
            expect(isTransientDependencyError(e)).toBe(true);
            if (i > 6) throw e;
          }
        }
      };
      expect(await select1()).toBe(1);
      await terminate();
      await new Promise((r) => setTimeout(r, 200));
      expect(await select1()).toBe(1);
    } finally {
      await admin.end();
      await store.close();
    }
  });

  it('with Redis down, POST conversations and /ready answer 503 in bounded time instead of hanging', async () => {
    const store = await openStore(':memory:');
    const memory = memoryService(store, { embedder: bowEmbedder });
    const queue = bullQueue<RememberJob, RememberResponse>({ url: `redis://127.0.0.1:${await deadPort()}`, name: 'down', orderKey: rememberOrderKey });
    try {
      const keys = new KeyStore(store);
      const key = (await keys.createKey('acme')).key;
      const app = createApiApp({ keys, memoryFor: memory.memoryFor, queue, dependencyTimeoutMs: 300, ready: async () => (await queue.counts(), true) });
      const r = await app.request('/v1/users/ana/conversations', {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'I live in Porto.' }] }),
      });
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('1');
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('unavailable');
      expect((await app.request('/ready')).status).toBe(503);
    } finally {
      await Promise.race([queue.close(), new Promise((r) => setTimeout(r, 500))]);
      await memory.close();
      await store.close();
    }
  }, 15_000);
});
