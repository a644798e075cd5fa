import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/store/keys.js';
import { openStore } from '../../src/store/open.js';
import { spawnAttune, type AttuneProcess } from '../support/cli.js';
import { E2E } from '../support/tier.js';
import { backends } from '../store/backends.js';

const postgres = backends()[1]!;
const hasRedis = fs.existsSync('/usr/bin/redis-server') || Boolean(process.env.PATH?.split(':').some((d) => fs.existsSync(path.join(d, 'redis-server'))));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** This test's own redis-server (AOF on, everysec), in the foreground so it is this test's child. */
function startRedis(port: number, dir: string): ChildProcess {
  return spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
    '--maxmemory-policy', 'noeviction', '--logfile', path.join(dir, 'redis.log')], { stdio: 'ignore' });
}

async function redisUp(port: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
      s.on('data', (d) => (s.destroy(), resolve(d.toString().startsWith('+PONG'))));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!postgres.available || !hasRedis)('chaos: Postgres and Redis restarted under load', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-chaos-'));
  const procs: AttuneProcess[] = [];
  let redis: ChildProcess | undefined;
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    redis?.kill('SIGKILL');
    await postgres.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serve --queue and three workers: no accepted remember lost, no process exits', E2E, async () => {
    const port = await freePort();
    const redisDir = path.join(dir, 'redis');
    fs.mkdirSync(redisDir);
    redis = startRedis(port, redisDir);
    await redisUp(port);
    const redisUrl = `redis://127.0.0.1:${port}`;
    const app = `attune-chaos-${randomBytes(4).toString('hex')}`;
    const u = new URL(postgres.fresh());
    u.searchParams.set('application_name', app);
    const storeUrl = u.toString();
    const setup = await openStore(storeUrl);
    const key = (await new KeyStore(setup).createKey('chaos')).key;
    await setup.close();

    const common = ['--store', storeUrl, '--queue', redisUrl, '--queue-name', 'chaos'];
    const serve = spawnAttune(dir, ['serve', ...common, '--port', '0', '--quiet', '--rate', '1000']);
    procs.push(serve);
    const base = (await serve.waitFor(/attune serve: (http:\/\/\S+) /))[1]!;
    for (let i = 0; i < 3; i++) procs.push(spawnAttune(dir, ['worker', ...common, '--concurrency', '2']));
    await Promise.all(procs.slice(1).map((w) => w.waitFor(/attune worker: taking jobs/)));

    const admin = new pg.Client({ connectionString: process.env.ATTUNE_TEST_PG_URL });
    await admin.connect();
    // Only this test's own connections, by application_name.
    const terminatePg = () => admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [app]);
    const restartRedis = async () => {
      const old = redis!;
      const gone = new Promise((r) => old.once('exit', r));
      old.kill('SIGTERM'); // a restart: Redis writes its AOF and stops
      await gone;
      await new Promise((r) => setTimeout(r, 500));
      redis = startRedis(port, redisDir);
      await redisUp(port);
    };

    const USERS = 20;
    const PER_USER = 6;
    const posts = Array.from({ length: USERS * PER_USER }, (_, i) => ({ user: `u${i % USERS}`, k: Math.floor(i / USERS) }));
    const accepted: string[] = [];
    let unavailable = 0;
    const post = async (p: { user: string; k: number }) => {
      const body = JSON.stringify({
        conversationId: `c-${p.user}-${p.k}`,
        messages: [{ role: 'user', content: `I live in town ${p.user}-${p.k} and I work as a baker number ${p.k}.` }],
      });
      for (;;) {
        const r = await fetch(`${base}/v1/users/${p.user}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body })
          .catch(() => undefined);
        if (r?.status === 202) return void accepted.push(`${p.user}/c-${p.user}-${p.k}`);
        if (r && r.status !== 503) throw new Error(`POST: ${r.status} ${await r.text()}`);
        unavailable++;
        await new Promise((res) => setTimeout(res, 200));
      }
    };
    let next = 0;
    const chaos = (async () => {
      const at = async (n: number) => {
        while (accepted.length < n) await new Promise((r) => setTimeout(r, 20));
      };
      await at(25);
      await restartRedis();
      await at(50);
      await terminatePg();
      await at(75);
      await restartRedis();
      await terminatePg();
      await at(100);
      await terminatePg();
    })();
    await Promise.all(Array.from({ length: 6 }, async () => {
      while (next < posts.length) await post(posts[next++]!);
    }));
    await chaos;

    // Every accepted conversation ends up remembered.
    const store = await openStore(storeUrl);
    try {
      const db = store.db.withTables<{ memory_conversations: { tenant_id: string; user_id: string; id: string } }>();
      const deadline = Date.now() + 240_000;
      let stored: string[] = [];
      for (;;) {
        stored = (await db.selectFrom('memory_conversations').select(['user_id', 'id']).where('tenant_id', '=', 'chaos').execute()).map((r) => `${r.user_id}/${r.id}`);
        if (stored.length >= accepted.length || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(accepted).toHaveLength(posts.length);
      expect(new Set(stored)).toEqual(new Set(accepted));
      for (const p of procs) expect(p.child.exitCode, p.output().slice(-2000)).toBeNull();
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(200);
      console.log(`[chaos] ${accepted.length} accepted, ${stored.length} remembered, ${unavailable} answers 503 or refused during the restarts`);
    } finally {
      await store.close();
      await admin.end();
    }
  });
});
