import fs from 'node:fs';
import { DataError } from '../data/errors.js';
import { defaultCachePath } from '../embed/cache.js';
import { defaultStoreUrl, parseStoreUrl } from '../store/open.js';

/**
 * The store a read command reads (profile, select, correct, forget, keys list, ...): a SQLite file that does not
 * exist is refused (bad input, exit 2, naming it) instead of being created empty, folders and all, by a typo.
 */
export function existingStore(url: string | undefined, flag = '--store'): string {
  const u = url ?? defaultStoreUrl();
  const target = parseStoreUrl(u);
  if (target.kind === 'sqlite' && target.file !== ':memory:' && !fs.existsSync(target.file)) {
    throw new DataError(target.file, undefined, undefined, `no such store (${url === undefined ? `the default; give ${flag}` : flag}): nothing has been stored there yet`);
  }
  return u;
}

/** A file a command reads: one that does not exist is bad input naming the flag and the file. */
export function existingFile(file: string, flag: string): string {
  if (!fs.existsSync(file)) throw new DataError(file, undefined, undefined, `no such file (${flag})`);
  if (fs.statSync(file).isDirectory()) throw new DataError(file, undefined, undefined, `is a folder, not a file (${flag})`);
  return file;
}

/**
 * On stderr, before the first run loads the sentence-embedding model and starts its vector cache: a silent
 * half minute reads as a hang. Later runs (the cache exists) say nothing.
 */
export function firstRunNotice(): void {
  const cache = defaultCachePath();
  if (!fs.existsSync(cache)) console.error(`attune: first run: loading the sentence-embedding model (USE-lite) and starting its vector cache at ${cache} (the first run can take ~30 s)`);
}
