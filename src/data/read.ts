import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { DataError, formatPath, fromZod, fromZodAt } from './errors.js';
import { Profile as ProfileSchema, type Profile } from '../model/index.js';

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
  const json = readJsonValue(file, displayName);
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

/** Reads a UTF-8 text file; invalid UTF-8 is a DataError with its line and byte offset, never U+FFFD. */
export function readText(file: string, displayName = file): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(displayName, undefined, undefined, code === 'ENOENT' ? `file not found${displayName === file ? '' : ` (looked for ${file})`}` : `cannot read (${code ?? (e as Error).message})`);
  }
  return decodeUtf8(bytes, displayName);
}

/** Decodes UTF-8 strictly: the first invalid byte is reported with its 0-based offset and 1-based line. */
export function decodeUtf8(bytes: Buffer, displayName: string): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD')) return text;
  // Re-encoding reproduces every valid sequence: the first byte that differs is the first invalid one.
  const again = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < bytes.length && at < again.length && bytes[at] === again[at]) at++;
  if (at === bytes.length && at === again.length) return text; // a real U+FFFD in the file
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 10) line++;
  throw new DataError(displayName, line, undefined, `invalid UTF-8 at byte offset ${at} (byte 0x${bytes[at]!.toString(16).padStart(2, '0')})`);
}

/** Reads and parses a whole-file JSON document without checking its shape; syntax errors name the line. */
export function readJsonValue(file: string, displayName = file): unknown {
  return parseJsonText(readText(file, displayName), displayName);
}

/** JSON.parse with a DataError naming the 1-based line of a syntax error. */
export function parseJsonText(text: string, displayName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    // V8 quotes a snippet of the input in some messages; keep the report short.
    const short = msg.length > 200 ? `${msg.slice(0, 200)}...` : msg;
    throw new DataError(displayName, lineOfJsonError(text, e as Error), undefined, `not valid JSON (${short})`);
  }
}

/** JSON.parse reports a character position only sometimes; otherwise find it with a small scanner. */
function lineOfJsonError(text: string, e: Error): number | undefined {
  const m = /position (\d+)/.exec(e.message);
  const pos = m ? Number(m[1]) : jsonErrorOffset(text);
  if (pos === undefined) return undefined;
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offset of the first JSON syntax error, or undefined if the scanner finds none. Only used on failure. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const n = text.length;
  class Stop {
    constructor(readonly at: number) {}
  }
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw new Stop(Math.min(i, n));
  };
  const str = () => {
    i++; // opening quote
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') i += 2;
      else if (c < ' ') fail();
      else i++;
    }
    fail();
  };
  const lit = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const num = () => {
    const re = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    re.lastIndex = i;
    const mm = re.exec(text);
    if (!mm || mm[0].length === 0) fail();
    i += mm![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 10000) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') str();
    else if (c === 't') lit('true');
    else if (c === 'f') lit('false');
    else if (c === 'n') lit('null');
    else num();
  };
  try {
    value(0);
    ws();
    return i < n ? i : undefined;
  } catch (err) {
    if (err instanceof Stop) return err.at;
    return undefined; // e.g. stack overflow on absurd nesting
  }
}

export function exists(dir: string, rel: string): boolean {
  return fs.existsSync(path.join(dir, rel));
}

/**
 * Reads a whole-file JSON array and checks each element against `record`. A bad element is reported
 * with its index in the field path, e.g. `[12].sessions[0].dialogue[3].message`.
 */
export function readJsonArray<S extends z.ZodType>(file: string, record: S, displayName = file): z.infer<S>[] {
  const json = readJsonValue(file, displayName);
  return checkArray(json, record, displayName);
}

/** Checks an already-parsed array element by element; `base` prefixes the reported path. */
export function checkArray<S extends z.ZodType>(json: unknown, record: S, displayName: string, base: readonly PropertyKey[] = []): z.infer<S>[] {
  if (!Array.isArray(json)) {
    const what = json === null ? 'null' : typeof json;
    throw new DataError(displayName, undefined, base.length ? formatPath(base) : undefined, `expected a JSON array of records, found ${what}`);
  }
  const out: z.infer<S>[] = new Array(json.length);
  for (let i = 0; i < json.length; i++) {
    const parsed = record.safeParse(json[i]);
    if (!parsed.success) throw fromZodAt(displayName, undefined, parsed.error, [...base, i]);
    out[i] = parsed.data;
  }
  return out;
}

/** Reads a profiles.jsonl file (one Profile a line, as `attune extract` writes); errors name the file, line and field. */
export function readProfiles(file: string): Profile[] {
  const lines = readJsonl(file, ProfileSchema);
  const seen = new Map<string, number>();
  for (const l of lines) {
    const first = seen.get(l.value.userId);
    if (first !== undefined) throw new DataError(file, l.line, 'userId', `duplicate profile userId ${JSON.stringify(l.value.userId)} (first on line ${first})`);
    seen.set(l.value.userId, l.line);
  }
  return lines.map((l) => l.value);
}
