import type { Dataset } from '../model/index.js';
import { loadDataset } from '../data/index.js';

export function load(dir: string, format?: string): Dataset {
  const t = Date.now();
  const ds = loadDataset(dir, format ? { format } : {});
  if (process.stderr.isTTY) console.error(`loaded ${ds.name} (${ds.format}) in ${Date.now() - t} ms`);
  return ds;
}


/** A progress line on stderr when it is a terminal; silent in pipes and CI logs. */
export function progress(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => {};
  return (done, total) => {
    process.stderr.write(`\r${label}: ${done}/${total}`);
    if (done === total) process.stderr.write('\n');
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}
