import type { z } from 'zod';
import { AttuneError } from '../model/errors.js';

/** Bad input (code `invalid_data`): names the file, the line (1-based, when the format has lines) and the field. */
export class DataError extends AttuneError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly detail: string,
  ) {
    super('invalid_data', `${file}${line !== undefined ? `:${line}` : ''}${field ? `: field "${field}"` : ''}: ${detail}`);
    this.name = 'DataError';
  }
}

/** Turns a zod failure into a DataError naming the first offending field path. */
export function fromZod(file: string, line: number | undefined, err: z.ZodError, prefix = ''): DataError {
  const issue = err.issues[0];
  const field = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return new DataError(file, line, field || undefined, issue?.message ?? 'invalid value');
}

/** Formats a JSON path the way people read it: `[12].sessions[0].dialogue[3].message`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const s = String(p);
      out += /^[A-Za-z_$][\w$]*$/.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

/** Like fromZod, but the field is `base` + the issue's path in bracket notation (for whole-file JSON records). */
export function fromZodAt(file: string, line: number | undefined, err: z.ZodError, base: readonly PropertyKey[] = []): DataError {
  const issue = err.issues[0];
  const field = formatPath([...base, ...(issue?.path ?? [])]);
  return new DataError(file, line, field || undefined, issue?.message ?? 'invalid value');
}
