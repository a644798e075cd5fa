import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryRepository } from '../../src/store/memory.js';
import { openStore } from '../../src/store/open.js';
import { backends } from './backends.js';

const tsxLoader = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'procs', 'remember-many.ts');

function run(url: string, tag: string, n: number): Promise<{ errors: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, script, url, 'lee', tag, String(n)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`child ${tag} exited ${code}: ${err || out}`));
      else resolve(JSON.parse(last) as { errors: string[] });
    });
  });
}

describe.each(backends())('one user remembered by two processes at once ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  it.skipIf(!backend.available)('loses no merge, makes no duplicate attribute and repeats no sequence number', async () => {
    const url = backend.fresh();
    // Migrated once up front, so the children race on remember, not on creating the tables.
    await (await openStore(url)).close();
    const N = 16;
    const results = await Promise.all([run(url, 'a', N), run(url, 'b', N), run(url, 'c', N)]);
    expect(results.flatMap((r) => r.errors)).toEqual([]);

    const store = await openStore(url);
    try {
      const repo = new MemoryRepository(store);
      const scope = { tenantId: 'lock-test', userId: 'lee' };
      expect((await repo.conversations(scope)).length).toBe(3 * N);
      const active = await repo.attributes(scope, { status: 'active' });
      const texts = active.map((a) => a.text);
      // One attribute per fact, each citing every conversation.
      expect(new Set(texts).size).toBe(texts.length);
      expect(texts.filter((t) => /Lisbon/.test(t))).toHaveLength(1);
      for (const a of active) expect(new Set(a.evidence.map((e) => e.conversationId)).size).toBe(3 * N);
      const db = store.db.withTables<{ memory_attributes: { tenant_id: string; user_id: string; seq: number }; memory_events: { tenant_id: string; user_id: string; seq: number } }>();
      for (const table of ['memory_attributes', 'memory_events'] as const) {
        const seqs = (await db.selectFrom(table).select('seq').where('tenant_id', '=', 'lock-test').where('user_id', '=', 'lee').execute()).map((r) => Number(r.seq));
        expect(new Set(seqs).size, `${table} seq`).toBe(seqs.length);
      }
    } finally {
      await store.close();
    }
  });
});
