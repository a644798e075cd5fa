import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAttuneJsonl } from '../../src/data/index.js';
import { canonicalJson } from '../../src/llm/cache.js';
import { startTestLlmServer, type Script } from '../../src/llm/testing/server.js';
import { emptyDataset } from '../../src/model/index.js';
import { spawnAttune, type AttuneProcess } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { renderedUserTurns } from '../support/llm-servers.js';
import { E2E } from '../support/tier.js';

const redisUrl = process.env.ATTUNE_TEST_REDIS_URL;
if (!redisUrl) console.warn('[skip] ATTUNE_TEST_REDIS_URL is not set: `attune extract --queue` is not tested. export ATTUNE_TEST_REDIS_URL="$(.ci/start-redis.sh | tail -n1)"');

const script: Script = (req) => {
  const first = String(req.body.messages.find((m) => m.role === 'user')?.content ?? '');
  const attributes = renderedUserTurns(first).map((t) => ({
    text: `The user said: ${t.text}`, reason: 'stated', confidence: 0.8, evidenceTurns: [t.turn],
  }));
  return { json: { attributes } };
};

describe.skipIf(!redisUrl)('attune extract --queue', E2E, () => {
  const dir = tempDir('attune-extract-queue-');
  const procs: AttuneProcess[] = [];
  afterAll(() => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  });

  it('fans extraction out over 2 workers and writes the profiles one process writes, paying each call once', async () => {
    const ds = emptyDataset('q', 'attune', 'illustrative');
    ds.conversations = Array.from({ length: 30 }, (_, i) => ({
      id: `c${i}`, userId: `u${i % 10}`,
      turns: [{ index: 0, role: 'user' as const, text: `I keep ${i} bonsai trees` }, { index: 1, role: 'assistant' as const, text: 'Nice.' }],
    }));
    const data = path.join(dir, 'data');
    writeAttuneJsonl(ds, data);
    const llm = await startTestLlmServer({ script, latencyMs: 10, faults: { random: { p: 0.2, seed: 3, faults: [{ kind: '500' }, { kind: 'malformed' }] } } });
    try {
      const config = path.join(dir, 'llm.json');
      fs.writeFileSync(config, JSON.stringify({ providers: { test: { kind: 'openai-compatible', baseURL: llm.baseURL } } }));
      const store = path.join(dir, 'store.sqlite');
      const name = `attune-x-${randomBytes(4).toString('hex')}`;
      const llmArgs = ['--model', 'test/m', '--llm-config', config];
      for (let w = 0; w < 2; w++) procs.push(spawnAttune(dir, ['worker', '--store', store, '--queue', redisUrl!, '--queue-name', name, ...llmArgs]));
      await Promise.all(procs.map((p) => p.waitFor(/attune worker: taking jobs/)));

      const run = async (out: string, extra: string[]) => {
        const p = spawnAttune(dir, ['extract', '--data', data, '--extractor', 'llm', ...llmArgs, '--out', out, ...extra]);
        await p.exited();
        expect(p.child.exitCode, p.output()).toBe(0);
        return fs.readFileSync(out, 'utf8');
      };
      const queued = await run(path.join(dir, 'queued.jsonl'), ['--queue', redisUrl!, '--queue-name', name]);
      const successes = new Map<string, number>();
      for (const r of llm.requests) {
        if (r.status === 200 && !r.fault) successes.set(canonicalJson(r.body.messages), (successes.get(canonicalJson(r.body.messages)) ?? 0) + 1);
      }
      expect([...successes.values()].every((n) => n === 1)).toBe(true);
      // Again: every job is there already (same ids), nothing is paid.
      const calls = llm.calls;
      expect(await run(path.join(dir, 'again.jsonl'), ['--queue', redisUrl!, '--queue-name', name])).toBe(queued);
      expect(llm.calls).toBe(calls);

      const single = await run(path.join(dir, 'single.jsonl'), ['--llm-cache', 'off']);
      expect(queued).toBe(single);
      expect(queued.trim().split('\n')).toHaveLength(10);
      for (const p of procs) p.child.kill('SIGTERM');
      await Promise.all(procs.map((p) => p.exited()));
    } finally {
      await llm.close();
    }
  }, 240_000);
});
