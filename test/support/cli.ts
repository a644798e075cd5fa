import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
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

export interface AttuneProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once a line of its output matches (rejects if it exits first or after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves once the process has exited. */
  exited(): Promise<void>;
}

/**
 * Starts a long-running `attune ARGS` (serve, worker) as its own process, with the environment `runAttune` gives.
 * The CLI runs directly (not through bin/attune.js, which waits on a child): a signal reaches the CLI itself.
 */
export function spawnAttune(cwd: string, args: string[], env: Record<string, string> = {}): AttuneProcess {
  const tsx = pathToFileURL(path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', tsx, path.join(projectRoot, 'src', 'cli', 'main.ts'), ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ATTUNE_EMBED_CACHE: path.join(projectRoot, '.attune', 'embeddings.sqlite'), ...env },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = () => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  return {
    child,
    output: () => out,
    exited,
    async waitFor(pattern, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(out);
        if (m) return m;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`attune ${args[0]} exited (${child.exitCode ?? child.signalCode}): ${out}`);
        if (Date.now() > deadline) throw new Error(`attune ${args[0]}: no ${pattern} after ${timeoutMs} ms: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
