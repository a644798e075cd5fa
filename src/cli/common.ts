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
