// CLI start-up, each a fresh process, interleaved, beside `node -e 0` (bare Node start-up) in the same run:
// `attune --help`, and one-shot `attune memory select` on a 20-attribute profile with a prompt already embedded
// (cached) and with a new prompt. From dist/ through bin/attune.js when built, else from the sources through tsx.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { fmt, renderTable } from '../src/report/table.js';
import { MemoryRepository } from '../src/store/memory.js';
import { openStore } from '../src/store/open.js';
import { quantile, type BenchResult } from './shared.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.ATTUNE_BENCH_CLI_RUNS ?? 7);

export async function benchCli(): Promise<BenchResult> {
  const built = fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'));
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;
  const attune = built ? [path.join(root, 'bin', 'attune.js')] : ['--import', tsx, path.join(root, 'src', 'cli', 'main.ts')];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-cli-'));
  const store = path.join(dir, 'memory.sqlite');
  const s = await openStore(store);
  const repo = new MemoryRepository(s);
  const scope = { tenantId: 'default', userId: 'u1' };
  const topics = ['hiking', 'jazz', 'sourdough', 'chess', 'sailing', 'pottery', 'astronomy', 'knitting', 'cycling', 'opera'];
  await repo.insertConversation(scope, { id: 'c1', hash: 'bench', turns: topics.map((t, i) => ({ index: i, role: 'user', text: `I love ${t}` })) });
  for (let i = 0; i < 20; i++) await repo.insertAttribute(scope, { text: `The user ${i % 2 ? 'loves' : 'is learning'} ${topics[i % 10]}`, confidence: 0.9, evidence: [{ conversationId: 'c1', turnIndex: i % 10 }] });
  await s.close();
  const select = (prompt: string) => [...attune, 'memory', 'select', '--store', store, '--user', 'u1', '--prompt', prompt];
  const run = randomBytes(3).toString('hex');
  let n = 0;
  const commands = [
    { name: 'node -e 0', args: () => ['-e', '0'] },
    { name: 'attune --help', args: () => [...attune, '--help'] },
    { name: 'attune memory select (cached prompt)', args: () => select('Plan a weekend trip for me') },
    { name: 'attune memory select (new prompt)', args: () => select(`Plan a weekend trip for me, take ${run}-${n++}`) },
  ];
  const ms = commands.map(() => [] as number[]);
  let failed: string | undefined;
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      for (const [k, c] of commands.entries()) {
        const t = performance.now();
        const r = spawnSync(process.execPath, c.args(), { cwd: dir, encoding: 'utf8' });
        const took = performance.now() - t;
        if (r.status !== 0) failed ??= `${c.name} exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n')[0]}`;
        if (i > 0) ms[k]!.push(took); // the first round warms the file cache (and embeds the profile)
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const load1 = os.loadavg()[0]!;
  const figures = commands.map((c, k) => {
    const sorted = [...ms[k]!].sort((a, b) => a - b);
    return { name: c.name, p50Ms: Math.round(quantile(sorted, 0.5)), p90Ms: Math.round(quantile(sorted, 0.9)), minMs: Math.round(sorted[0]!) };
  });
  console.log(renderTable(['command', 'p50 ms', 'p90 ms', 'min ms'], figures.map((f) => [f.name, fmt(f.p50Ms, 0), fmt(f.p90Ms, 0), fmt(f.minMs, 0)])));
  const from = built ? 'dist/ (built)' : 'no dist/: the sources through tsx';
  console.log(`(${RUNS} runs each, interleaved, after one warm-up round; attune from ${from}; load avg ${fmt(load1, 2)}${failed ? `; FAILED: ${failed}` : ''})`);
  return { bench: 'cli', runs: RUNS, built, commands: figures, load1, ...(failed ? { failed } : {}) };
}
