import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redisPersistence } from '../../src/queue/persistence.js';
import { projectRoot } from '../support/shared.js';
import { tempDir } from '../support/tmp.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.warn('[skip] redis-server is not installed: the Redis persistence tests are skipped.');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!hasRedis)('Redis persistence', () => {
  const dir = tempDir('attune-redis-persist-');
  const pidFiles: string[] = [];
  afterAll(async () => {
    // Only the servers this file started, by their pid files; wait until each has exited, since Redis writes its
    // files while it shuts down and the folder is removed next.
    for (const f of pidFiles) {
      let pid: number;
      try {
        pid = Number(fs.readFileSync(f, 'utf8').trim());
        process.kill(pid, 'SIGTERM');
      } catch {
        continue; // already gone
      }
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });

  it('.ci/start-redis.sh starts Redis with an append-only file fsynced every second; redisPersistence finds nothing to warn of', async () => {
    const port = await freePort();
    const d = path.join(dir, 'ci');
    pidFiles.push(path.join(d, 'redis.pid'));
    const out = execFileSync('bash', [path.join(projectRoot, '.ci', 'start-redis.sh')], {
      env: { ...process.env, ATTUNE_REDIS_PORT: String(port), ATTUNE_REDIS_DIR: d }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
    });
    const url = out.trim().split('\n').at(-1)!;
    expect(url).toBe(`redis://127.0.0.1:${port}`);
    const p = await redisPersistence(url);
    expect(p).toMatchObject({ aof: true, fsync: 'everysec' });
    expect(p.warning).toBeUndefined();
  });

  it('a Redis without the append-only file is reported, with what to do', async () => {
    const port = await freePort();
    const d = path.join(dir, 'volatile');
    fs.mkdirSync(d, { recursive: true });
    pidFiles.push(path.join(d, 'redis.pid'));
    execFileSync('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--daemonize', 'yes', '--dir', d, '--pidfile', path.join(d, 'redis.pid'),
      '--logfile', path.join(d, 'redis.log'), '--save', '', '--appendonly', 'no']);
    let p;
    for (let i = 0; ; i++) {
      try {
        p = await redisPersistence(`redis://127.0.0.1:${port}`);
        break;
      } catch (e) {
        if (i > 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(p.aof).toBe(false);
    expect(p.warning).toMatch(/lost if Redis restarts.*--appendonly yes/);
  });
});
