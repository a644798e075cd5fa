import fs from 'node:fs';
import path from 'node:path';

/** Writes a file atomically: a temp file beside it, then rename, so a failure or a kill leaves no half-written file. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
