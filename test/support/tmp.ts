import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { DataError } from '../../src/data/errors.js';

/** A fresh temp directory for this test file, removed after its tests. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  // Retries: a server a test stopped may still be closing files in it.
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));
  return dir;
}

/** Writes `files` (paths may have folders) into root/name (strings as is, anything else as indented JSON) and returns the folder. */
export function writeDir(root: string, name: string, files: Record<string, unknown>): string {
  const d = path.join(root, name);
  fs.mkdirSync(d, { recursive: true });
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
    fs.writeFileSync(path.join(d, f), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return d;
}

/** The DataError `fn` throws; fails the test if it throws something else or nothing. */
export function dataErrorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}
