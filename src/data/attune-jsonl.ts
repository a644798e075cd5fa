import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  AnnotatorLabel,
  AttributeJudgment,
  Conversation,
  GoldAttribute,
  Prediction,
  Profile,
  Prompt,
  Rating,
  RelevanceLabel,
  Response,
  ResponsePair,
  emptyDataset,
  type Dataset,
} from '../model/index.js';
import type { Adapter, LoadOptions } from './adapter.js';
import { DataError, fromZod } from './errors.js';
import { readJson, readJsonl } from './read.js';

/**
 * attune's own dataset layout (docs/FORMAT.md): one JSONL file per collection of the Dataset, each line
 * one record in the model's shape, plus an optional `dataset.json` with the name and provenance.
 */
export const ATTUNE_FILES = [
  { file: 'conversations.jsonl', key: 'conversations', schema: Conversation },
  { file: 'profiles.jsonl', key: 'profiles', schema: Profile },
  { file: 'prompts.jsonl', key: 'prompts', schema: Prompt },
  { file: 'gold_attributes.jsonl', key: 'goldAttributes', schema: GoldAttribute },
  { file: 'labels.jsonl', key: 'labels', schema: RelevanceLabel },
  { file: 'annotations.jsonl', key: 'annotations', schema: AnnotatorLabel },
  { file: 'predictions.jsonl', key: 'predictions', schema: Prediction },
  { file: 'responses.jsonl', key: 'responses', schema: Response },
  { file: 'response_pairs.jsonl', key: 'responsePairs', schema: ResponsePair },
  { file: 'ratings.jsonl', key: 'ratings', schema: Rating },
  { file: 'attribute_judgments.jsonl', key: 'attributeJudgments', schema: AttributeJudgment },
] as const satisfies readonly { file: string; key: keyof Dataset; schema: z.ZodType }[];

export const ATTUNE_META_FILE = 'dataset.json';

export const AttuneMeta = z.object({
  name: z.string().min(1),
  provenance: z.enum(['human', 'synthetic', 'mixed', 'illustrative']),
});
export type AttuneMeta = z.infer<typeof AttuneMeta>;

/** Provenance assumed when a directory has no dataset.json: nothing says the data is all human. */
export const DEFAULT_PROVENANCE = 'mixed' as const;

const KNOWN = new Set<string>([ATTUNE_META_FILE, ...ATTUNE_FILES.map((f) => f.file)]);

function detectAttune(dir: string): boolean {
  return [...KNOWN].some((f) => fs.existsSync(path.join(dir, f)));
}

export const attuneJsonlAdapter: Adapter = {
  format: 'attune',
  detect: detectAttune,
  load(dir: string, opts: LoadOptions = {}): Dataset {
    if (!detectAttune(dir)) {
      throw new DataError(dir, undefined, undefined, `no attune files found (expected any of ${[...KNOWN].join(', ')})`);
    }
    const metaPath = path.join(dir, ATTUNE_META_FILE);
    let meta: Partial<AttuneMeta> = {};
    const files: string[] = [];
    if (fs.existsSync(metaPath)) {
      opts.onFile?.(ATTUNE_META_FILE);
      meta = readJson(metaPath, AttuneMeta, ATTUNE_META_FILE);
      files.push(ATTUNE_META_FILE);
    }
    const ds = emptyDataset(meta.name ?? path.basename(path.resolve(dir)), 'attune', meta.provenance ?? DEFAULT_PROVENANCE);
    for (const { file, key, schema } of ATTUNE_FILES) {
      const full = path.join(dir, file);
      if (!fs.existsSync(full)) continue;
      opts.onFile?.(file);
      const lines = readJsonl(full, schema, file);
      files.push(file);
      const id = UNIQUE_IDS[key as keyof typeof UNIQUE_IDS];
      if (id) checkUnique(file, lines as { line: number; value: Record<string, unknown> }[], id.field, id.what);
      (ds as unknown as Record<string, unknown[]>)[key] = lines.map((l) => l.value);
    }
    ds.files = files;
    return ds;
  },
};

/** Collections whose records are identified by one field: a repeat is bad input, never a silent overwrite. */
const UNIQUE_IDS = {
  conversations: { field: 'id', what: 'conversation id' },
  profiles: { field: 'userId', what: 'profile userId' },
  prompts: { field: 'id', what: 'prompt id' },
  responsePairs: { field: 'id', what: 'response-pair id' },
} as const;

function checkUnique(file: string, lines: { line: number; value: Record<string, unknown> }[], field: string, what: string): void {
  const seen = new Map<string, number>();
  for (const { line, value } of lines) {
    const id = String(value[field]);
    const first = seen.get(id);
    if (first !== undefined) throw new DataError(file, line, field, `duplicate ${what} ${JSON.stringify(id)} (first on line ${first})`);
    seen.set(id, line);
  }
}

/**
 * Writes a Dataset as attune JSONL into `dir`, atomically: everything is written into a temporary
 * directory beside `dir` and renamed into place, so a failure (a record that does not validate, a full
 * disk) leaves the previous contents, or nothing, behind. Each record is checked against the model's
 * schema first; a bad one throws DataError naming the file, the line it would have had and the field.
 * Empty collections are not written. An existing `dir` is replaced only if it holds nothing but attune
 * files. Returns the file names written.
 */
export function writeAttuneJsonl(ds: Dataset, dir: string): string[] {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  let existing = false;
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isDirectory()) throw new DataError(dir, undefined, undefined, 'exists and is not a directory');
    const foreign = fs.readdirSync(target).filter((f) => !KNOWN.has(f));
    if (foreign.length) {
      throw new DataError(dir, undefined, undefined, `refusing to replace a directory that holds other files (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', ...' : ''})`);
    }
    existing = true;
  }
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${base}.tmp-`));
  const written: string[] = [];
  try {
    const meta = AttuneMeta.safeParse({ name: ds.name, provenance: ds.provenance });
    if (!meta.success) throw fromZod(ATTUNE_META_FILE, undefined, meta.error);
    writeFileSynced(path.join(tmp, ATTUNE_META_FILE), `${JSON.stringify(meta.data, null, 2)}\n`);
    written.push(ATTUNE_META_FILE);
    for (const { file, key, schema } of ATTUNE_FILES) {
      const items = ds[key] as unknown[];
      if (!items.length) continue;
      writeJsonl(path.join(tmp, file), file, items, schema);
      written.push(file);
    }
    if (existing) {
      const old = `${tmp.replace(/\.tmp-([^/\\]+)$/, '.old-$1')}`;
      fs.renameSync(target, old);
      try {
        fs.renameSync(tmp, target);
      } catch (e) {
        fs.renameSync(old, target);
        throw e;
      }
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(tmp, target);
    }
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return written;
}

function writeJsonl(full: string, file: string, items: unknown[], schema: z.ZodType): void {
  const fd = fs.openSync(full, 'w');
  try {
    let buf = '';
    for (let i = 0; i < items.length; i++) {
      const parsed = schema.safeParse(items[i]);
      if (!parsed.success) throw fromZod(file, i + 1, parsed.error);
      buf += `${JSON.stringify(parsed.data)}\n`;
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
    if (buf) fs.writeSync(fd, buf);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writeFileSynced(full: string, text: string): void {
  const fd = fs.openSync(full, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
