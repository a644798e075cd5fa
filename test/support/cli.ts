import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './shared.js';

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs the real `attune` CLI in `cwd`, sharing the project's embedding cache so reruns stay warm. */
export function runAttune(cwd: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'attune.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ATTUNE_EMBED_CACHE: path.join(projectRoot, '.attune', 'embeddings.sqlite') },
    timeout: 240_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
