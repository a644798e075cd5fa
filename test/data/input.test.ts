/**
 * Bad input is a typed error naming file and line (exit 2 from the CLI): a repeated id in the collections
 * identified by one, and bytes that are not UTF-8 (reported with their offset, never stored as U+FFFD).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attuneJsonlAdapter } from '../../src/data/attune-jsonl.js';
import { DataError } from '../../src/data/errors.js';
import { readText } from '../../src/data/read.js';
import { runAttune } from '../support/cli.js';
import { tempDir, writeDir } from '../support/tmp.js';

const root = tempDir('attune-input-');

function errorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

const jsonl = (...records: unknown[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('duplicated ids', () => {
  const cases: [string, string, unknown, unknown, string][] = [
    ['profiles.jsonl', 'userId', { userId: 'u1', attributes: [] }, { userId: 'u1', attributes: [{ text: 'The user is x.', evidence: [], members: [] }] }, 'profile userId "u1"'],
    ['prompts.jsonl', 'id', { id: 'p1', text: 'a' }, { id: 'p1', text: 'b' }, 'prompt id "p1"'],
    ['response_pairs.jsonl', 'id', { id: 'r', userId: 'u', promptId: 'p', generator: 'g', generic: 'a', personalized: 'b', attributes: [] }, { id: 'r', userId: 'u2', promptId: 'p', generator: 'g', generic: 'a', personalized: 'b', attributes: [] }, 'response-pair id "r"'],
    ['conversations.jsonl', 'id', { id: 'c', userId: 'u', turns: [] }, { id: 'c', userId: 'v', turns: [] }, 'conversation id "c"'],
  ];

  it.each(cases)('%s: a repeated %s names the file and line', (file, field, a, b, what) => {
    const d = writeDir(root, `dup-${file}`, { [file]: `${JSON.stringify(a)}\n\n${JSON.stringify(b)}\n` }); // the repeat on line 3
    const e = errorOf(() => attuneJsonlAdapter.load(d));
    expect([e.file, e.line, e.field]).toEqual([file, 3, field]);
    expect(e.message).toBe(`${file}:3: field "${field}": duplicate ${what} (first on line 1)`);
  });

  it('attune data import exits 2 with a bad-input message, and stores nothing', () => {
    const d = writeDir(root, 'dup-cli', { 'profiles.jsonl': jsonl({ userId: 'u1', attributes: [] }, { userId: 'u1', attributes: [] }) });
    const store = path.join(root, 'dup.sqlite');
    const r = runAttune(root, 'data', 'import', '--data', d, '--store', store);
    expect(r.code).toBe(2);
    expect(r.err).toContain('attune: bad input: profiles.jsonl:2: field "userId": duplicate profile userId "u1" (first on line 1)');
    expect(r.err).not.toMatch(/UNIQUE constraint/);
  });
});

describe('invalid UTF-8', () => {
  it('is a DataError with the line and byte offset of the first bad byte', () => {
    const file = path.join(root, 'bad-utf8.jsonl');
    const good = Buffer.from('{"id":"p1","text":"caf\u00e9"}\n{"id":"p2","text":"', 'utf8');
    fs.writeFileSync(file, Buffer.concat([good, Buffer.from([0x61, 0xc3, 0x28]), Buffer.from('"}\n')]));
    const e = errorOf(() => readText(file, 'bad-utf8.jsonl'));
    expect(e.line).toBe(2);
    expect(e.message).toBe(`bad-utf8.jsonl:2: invalid UTF-8 at byte offset ${good.length + 1} (byte 0xc3)`);
  });

  it('keeps a real U+FFFD and a BOM-free multibyte text as they are', () => {
    const file = path.join(root, 'ok.txt');
    fs.writeFileSync(file, 'a \ufffd b \u{1F600} \u00e9');
    expect(readText(file)).toBe('a \ufffd b \u{1F600} \u00e9');
  });

  it('attune data import of a file with a bad byte exits 2 naming it', () => {
    const d = writeDir(root, 'utf8-cli', {});
    fs.writeFileSync(path.join(d, 'prompts.jsonl'), Buffer.concat([Buffer.from('{"id":"p1","text":"'), Buffer.from([0xff]), Buffer.from('"}\n')]));
    const r = runAttune(root, 'data', 'import', '--data', d, '--store', path.join(root, 'utf8.sqlite'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('attune: bad input: prompts.jsonl:1: invalid UTF-8 at byte offset 19 (byte 0xff)');
  });
});
