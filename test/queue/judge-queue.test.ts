import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/llm/cache.js';
import { startTestLlmServer, type Script } from '../../src/llm/testing/server.js';
import { spawnAttune, type AttuneProcess } from '../support/cli.js';
import { projectRoot } from '../support/shared.js';
import { tempDir } from '../support/tmp.js';
import { E2E } from '../support/tier.js';

const redisUrl = process.env.ATTUNE_TEST_REDIS_URL;
if (!redisUrl) console.warn('[skip] ATTUNE_TEST_REDIS_URL is not set: `attune judge --queue` is not tested. export ATTUNE_TEST_REDIS_URL="$(.ci/start-redis.sh | tail -n1)"');

/** The comparison judge: a score per attribute listed, 4 for the first and 2 for the others. */
const script: Script = (req) => {
  const attrs = [...req.lastUserText.matchAll(/^(\d+)\. (".+)$/gm)];
  return `Briefly.\n${JSON.stringify({ ratings: attrs.map((_, i) => ({ attribute: i + 1, score: i === 0 ? 4 : 2 })) })}`;
};

describe.skipIf(!redisUrl)('attune judge --queue', E2E, () => {
  const dir = tempDir('attune-judge-queue-');
  const procs: AttuneProcess[] = [];
  afterAll(() => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  });

  it('runs its calls on a worker and writes the ratings the in-process run writes, paying each call once; a rerun pays nothing', async () => {
    const llm = await startTestLlmServer({ script, latencyMs: 5, faults: { random: { p: 0.2, seed: 5, faults: [{ kind: '500' }] } } });
    try {
      const config = path.join(dir, 'llm.json');
      fs.writeFileSync(config, JSON.stringify({ providers: { test: { kind: 'openai-compatible', baseURL: llm.baseURL } } }));
      const name = `attune-j-${randomBytes(4).toString('hex')}`;
      const worker = spawnAttune(dir, ['worker', '--store', path.join(dir, 'store.sqlite'), '--queue', redisUrl!, '--queue-name', name, '--llm-config', config]);
      procs.push(worker);
      await worker.waitFor(/attune worker: taking jobs/);

      const ratings = path.join(projectRoot, 'examples', 'ratings');
      const run = async (out: string, extra: string[]) => {
        const p = spawnAttune(dir, ['judge', '--data', ratings, '--responses', path.join(ratings, 'response_pairs.jsonl'), '--model', 'test/m', '--llm-config', config, '--both-orders', '--out', out, ...extra]);
        await p.exited();
        expect(p.child.exitCode, p.output()).toBe(0);
        return { ratings: fs.readFileSync(out, 'utf8'), output: p.output() };
      };
      const queued = await run(path.join(dir, 'queued.jsonl'), ['--queue', redisUrl!, '--queue-name', name]);
      const answered = llm.requests.filter((r) => r.status === 200 && !r.fault).map((r) => canonicalJson(r.body.messages));
      expect(answered.length).toBeGreaterThan(0);
      expect(new Set(answered).size).toBe(answered.length);
      expect(queued.output).toMatch(new RegExp(`paid ${answered.length} calls`));

      const calls = llm.calls;
      const again = await run(path.join(dir, 'again.jsonl'), ['--queue', redisUrl!, '--queue-name', name]);
      expect(again.ratings).toBe(queued.ratings);
      expect(again.output).toMatch(/paid 0 calls/);
      expect(llm.calls).toBe(calls);

      const inline = await run(path.join(dir, 'inline.jsonl'), ['--llm-cache', 'off']);
      expect(inline.ratings).toBe(queued.ratings);
      expect(queued.ratings.trim().split('\n').length).toBeGreaterThan(0);
      worker.child.kill('SIGTERM');
      await worker.exited();
      expect(worker.child.exitCode).toBe(0);
    } finally {
      await llm.close();
    }
  }, 240_000);
});
