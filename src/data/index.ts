import { InvalidArgumentError } from '../model/errors.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Dataset } from '../model/index.js';
import type { Adapter, LoadOptions } from './adapter.js';
import { DataError } from './errors.js';
import { recenterPilotAdapter } from './recenter-pilot.js';
import { lapsAdapter } from './laps.js';
import { prefevalAdapter } from './prefeval.js';
import { locomoAdapter } from './locomo.js';
import { spcAdapter } from './spc.js';
import { attuneJsonlAdapter } from './attune-jsonl.js';

export type { Adapter, LoadOptions } from './adapter.js';
export { DataError } from './errors.js';
export { writeAttuneJsonl } from './attune-jsonl.js';

/** Every known layout, most specific first: detection takes the first that matches. */
export const adapters: Adapter[] = [recenterPilotAdapter, lapsAdapter, prefevalAdapter, locomoAdapter, spcAdapter, attuneJsonlAdapter];

export const formats = adapters.map((a) => a.format);

export function adapterFor(format: string): Adapter {
  const a = adapters.find((x) => x.format === format);
  if (!a) throw new InvalidArgumentError('format', `unknown format "${format}"; known formats: ${formats.join(', ')}`, format);
  return a;
}

/** Which layout a directory holds, by its files; undefined when none matches. */
export function detectFormat(dir: string): string | undefined {
  return adapters.find((a) => a.detect(dir))?.format;
}

/** Loads a dataset directory, recognising its layout unless `format` names it. */
export function loadDataset(dir: string, opts: LoadOptions & { format?: string } = {}): Dataset {
  if (!fs.existsSync(dir)) throw new DataError(dir, undefined, undefined, 'directory not found');
  if (!fs.statSync(dir).isDirectory()) throw new DataError(dir, undefined, undefined, 'not a directory (pass the dataset folder)');
  const format = opts.format ?? detectFormat(dir);
  if (!format) {
    throw new DataError(dir, undefined, undefined, `no known dataset layout found (formats: ${formats.join(', ')}); name one with --format`);
  }
  const ds = adapterFor(format).load(dir, opts);
  if (!ds.name) ds.name = path.basename(path.resolve(dir));
  return ds;
}
