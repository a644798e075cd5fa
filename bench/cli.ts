// CLI start-up: `node bin/attune.js --help` (the installed `attune`, from dist/ when built) beside `node -e 0`
// (bare Node start-up) in the same run, interleaved, each a fresh process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { fmt, renderTable } from '../src/report/table.js';
import { quantile, type BenchResult } from './shared.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 15;

export async function benchCli(): Promise<BenchResult> {
  const bin = path.join(root, 'bin', 'attune.js');
  const built = fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'));
  const commands = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'attune --help', args: [bin, '--help'] },
  ];
  const ms = commands.map(() => [] as number[]);
  let failed: string | undefined;
  for (let i = 0; i < RUNS + 1; i++) {
    for (const [k, c] of commands.entries()) {
      const t = performance.now();
      const r = spawnSync(process.execPath, c.args, { cwd: root, encoding: 'utf8' });
      const took = performance.now() - t;
      if (r.status !== 0) failed ??= `${c.name} exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n')[0]}`;
      if (i > 0) ms[k]!.push(took); // the first round warms the file cache
    }
  }
  const figures = commands.map((c, k) => {
    const sorted = [...ms[k]!].sort((a, b) => a - b);
    return { name: c.name, p50Ms: Math.round(quantile(sorted, 0.5)), p90Ms: Math.round(quantile(sorted, 0.9)), minMs: Math.round(sorted[0]!) };
  });
  console.log(renderTable(['command', 'p50 ms', 'p90 ms', 'min ms'], figures.map((f) => [f.name, fmt(f.p50Ms, 0), fmt(f.p90Ms, 0), fmt(f.minMs, 0)])));
  const from = built ? 'dist/ (built)' : 'no dist/: bin/attune.js as it stands';
  console.log(`(${RUNS} runs each, interleaved, after one warm-up round; attune from ${from}${failed ? `; FAILED: ${failed}` : ''})`);
  return { bench: 'cli', runs: RUNS, built, commands: figures, ...(failed ? { failed } : {}) };
}
