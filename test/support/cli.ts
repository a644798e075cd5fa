import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './shared.js';

// tsx's loader by absolute URL: a bare `--import tsx` is resolved from the child's cwd (a temp folder without node_modules)
const tsxLoader = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/**
 * node arguments that run the CLI from source (tsx), so tests see the code as it is, not the last build.
 * The built `bin/attune.js` is tested apart, from a packed tarball (test/package).
 */
export function attuneArgs(...args: string[]): string[] {
  return ['--import', tsxLoader, path.join(projectRoot, 'src', 'cli', 'main.ts'), ...args];
}

/** Runs the real `attune` CLI in `cwd` (its embedding cache is the per-user one, so reruns stay warm). */
export function runAttune(cwd: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, attuneArgs(...args), {
    cwd,
    encoding: 'utf8',
    env: process.env,
    timeout: 240_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
