import type { Dataset } from '../model/index.js';
import { loadDataset } from '../data/index.js';

export function load(dir: string, format?: string): Dataset {
  const t = Date.now();
  const ds = loadDataset(dir, format ? { format } : {});
  if (process.stderr.isTTY) console.error(`loaded ${ds.name} (${ds.format}) in ${Date.now() - t} ms`);
  return ds;
}


/** Progress on stderr: a bar on a terminal, a line every few seconds elsewhere (see progress.ts). */
export { progress, stagedProgress } from './progress.js';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits 0 (1 if stopping fails). Call it before printing the URL a
 * caller waits for, so a signal sent on seeing it never meets the default handler.
 */
export function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${sig}: finishing requests in flight, then stopping`);
    stop().then(() => process.exit(0), (e: unknown) => {
      console.error(`attune: ${(e as Error).message}`);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => handler('SIGINT'));
  process.once('SIGTERM', () => handler('SIGTERM'));
}

/** A commander parser for an integer flag of at least `min`, whose error names the flag and the value given. */
export const integerFlag = (flag: string, min: number) => (v: string): number => {
  const n = Number(v);
  if (!(v.trim() !== '' && Number.isInteger(n) && n >= min)) throw new Error(`${flag} must be an integer >= ${min}, got "${v}"`);
  return n;
};
