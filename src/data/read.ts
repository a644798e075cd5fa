import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { DataError, fromZod } from './errors.js';

export interface Line<T> {
  line: number;
  value: T;
}

/** Reads a JSONL file; every non-blank line must be JSON and match the schema. */
export function readJsonl<S extends z.ZodType>(file: string, schema: S, displayName = file): Line<z.infer<S>>[] {
  const text = readText(file, displayName);
  const out: Line<z.infer<S>>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      throw new DataError(displayName, i + 1, undefined, `not valid JSON (${(e as Error).message})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw fromZod(displayName, i + 1, parsed.error);
    out.push({ line: i + 1, value: parsed.data });
  }
  return out;
}

/** Reads a whole-file JSON document and checks it against the schema. */
export function readJson<S extends z.ZodType>(file: string, schema: S, displayName = file): z.infer<S> {
  const text = readText(file, displayName);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DataError(displayName, lineOfJsonError(text, e as Error), undefined, `not valid JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // A top-level array's first path element is the record index: report it as "record N".
    const issue = parsed.error.issues[0];
    const p = issue?.path ?? [];
    const field = p.map(String).join('.');
    throw new DataError(displayName, undefined, field || undefined, issue?.message ?? 'invalid value');
  }
  return parsed.data;
}

export function readText(file: string, displayName = file): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(displayName, undefined, undefined, code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? (e as Error).message})`);
  }
}

/** JSON.parse reports a character position; convert it to a 1-based line. */
function lineOfJsonError(text: string, e: Error): number | undefined {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return undefined;
  const pos = Number(m[1]);
  return text.slice(0, pos).split('\n').length;
}

export function exists(dir: string, rel: string): boolean {
  return fs.existsSync(path.join(dir, rel));
}
