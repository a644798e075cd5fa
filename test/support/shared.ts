import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** ../shared/data beside the project (or ATTUNE_SHARED_DATA). Absent on a user's fresh clone. */
export const sharedData = process.env.ATTUNE_SHARED_DATA ?? path.resolve(root, '..', 'shared', 'data');

export function sharedPath(...parts: string[]): string {
  return path.join(sharedData, ...parts);
}

/** True when the shared folder (or one dataset in it) is present; logs why tests are skipped otherwise. */
export function hasShared(...parts: string[]): boolean {
  const p = sharedPath(...parts);
  const ok = fs.existsSync(p);
  if (!ok) console.warn(`[skip] ${p} is absent: tests that need the shared data are skipped (CI runs them).`);
  return ok;
}

export const projectRoot = root;
