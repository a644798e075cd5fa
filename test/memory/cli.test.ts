import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAttune } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { E2E } from '../support/tier.js';

const dir = tempDir('attune-mem-cli-');
const store = path.join(dir, 'm.sqlite');
const attune = (...args: string[]) => runAttune(dir, 'memory', ...args, '--store', store);

describe('attune memory', E2E, () => {
  it('remember (JSONL, idempotent) -> profile -> select -> correct -> export-labels -> forget', { timeout: 300_000 }, () => {
    const file = path.join(dir, 'chat.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ role: 'user', content: "I'm a nurse. I love jazz." })}\n${JSON.stringify({ role: 'assistant', content: 'Nice.' })}\n`);
    const first = attune('remember', '--user', 'u1', '--file', file, '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)[0].changes.map((c: { text: string }) => c.text)).toEqual(['The user is a nurse', 'The user loves jazz']);
    expect(JSON.parse(attune('remember', '--user', 'u1', '--file', file, '--json').out)[0].alreadyRemembered).toBe(true);

    const profile = JSON.parse(attune('profile', '--user', 'u1', '--json').out) as { attributes: { id: string; text: string }[] };
    expect(profile.attributes.map((a) => a.text)).toEqual(['The user is a nurse', 'The user loves jazz']);
    const sel = attune('select', '--user', 'u1', '--prompt', 'recommend some jazz albums');
    expect(sel.code).toBe(0);
    expect(sel.out).toMatch(/YES [\d.]+ The user loves jazz/);

    const jazz = profile.attributes.find((a) => a.text === 'The user loves jazz')!.id;
    expect(attune('correct', '--user', 'u1', '--attribute', jazz, '--action', 'reject').code).toBe(0);
    const labels = path.join(dir, 'labels');
    const exp = runAttune(dir, 'memory', 'export-labels', '--out', labels, '--store', store);
    expect(exp.out).toMatch(/1 labels on 1 users/);
    expect(fs.readFileSync(path.join(labels, 'attribute_judgments.jsonl'), 'utf8')).toMatch(/"verdict":"doesnt_make_sense"/);

    const forget = attune('forget', '--user', 'u1');
    expect(forget.out).toMatch(/forgot u1: \d+ rows/);
    expect(attune('profile', '--user', 'u1').out).toMatch(/no attributes remembered for u1/);
  });

  it('bad input: names the line, exits non-zero, and changes nothing', { timeout: 300_000 }, () => {
    const file = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ role: 'user', content: "I'm a pilot." })}\n{oops\n`);
    const r = attune('remember', '--user', 'u2', '--file', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.jsonl:2: not JSON/);
    const wrong = path.join(dir, 'wrong.json');
    fs.writeFileSync(wrong, JSON.stringify([{ role: 'user', content: 7 }]));
    const w = attune('remember', '--user', 'u2', '--file', wrong);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/messages\[0\]\.content: must be a string/);
    expect(attune('profile', '--user', 'u2').out).toMatch(/no attributes remembered/);
    const unknown = attune('correct', '--user', 'u2', '--attribute', 'nope', '--action', 'confirm');
    expect(unknown.code).toBe(2); // an unknown id is the caller's input (docs/errors.md)
    expect(unknown.err).toMatch(/no attribute "nope" in the memory of user "u2"/);
  });

  it('read commands refuse a store that does not exist (exit 2, naming it) and create nothing; a missing --file is bad input naming it', { timeout: 300_000 }, () => {
    const typo = path.join(dir, 'nested', 'typo.sqlite');
    for (const args of [['profile', '--user', 'u1'], ['select', '--user', 'u1', '--prompt', 'jazz'], ['forget', '--user', 'u1'], ['correct', '--user', 'u1', '--attribute', 'a', '--action', 'confirm']]) {
      const r = runAttune(dir, 'memory', ...args, '--store', typo);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(typo);
      expect(r.err).toMatch(/no such store \(--store\)/);
    }
    expect(runAttune(dir, 'keys', 'list', '--store', typo).code).toBe(2);
    expect(fs.existsSync(path.dirname(typo))).toBe(false);
    const missing = path.join(dir, 'nope.jsonl');
    const r = attune('remember', '--user', 'u3', '--file', missing);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${missing}: no such file (--file)`);
    const usage = attune('profile');
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/--user/);
  });

  it('escape sequences a user said are printed as codes; a file with a bad line 3 remembers nothing (not lines 1-2)', { timeout: 300_000 }, () => {
    const esc = path.join(dir, 'esc.json');
    fs.writeFileSync(esc, JSON.stringify([{ role: 'user', content: "I'm a nurse \u001b[2J\u001b]52;c;cGF5bG9hZA==\u0007 and I live in Porto\u202e." }]));
    const remembered = attune('remember', '--user', 'u4', '--file', esc, '--embedder', 'static');
    expect(remembered.code, remembered.err).toBe(0);
    for (const out of [remembered.out, attune('profile', '--user', 'u4', '--embedder', 'static').out, attune('select', '--user', 'u4', '--prompt', 'a nurse in Porto', '--embedder', 'static').out]) {
      expect(out).toMatch(/The user is a nurse \[U\+001B\]\[2J/);
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    }

    const bad = path.join(dir, 'three.jsonl');
    const line = (content: unknown) => JSON.stringify({ messages: [{ role: 'user', content }] });
    fs.writeFileSync(bad, `${line("I'm a beekeeper.")}\n${line("I'm a vegetarian.")}\n${line(5)}\n`);
    const r = attune('remember', '--user', 'u4', '--file', bad, '--embedder', 'static');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/three\.jsonl:3: messages\[0\]\.content: must be a string/);
    expect(attune('profile', '--user', 'u4', '--embedder', 'static').out).not.toMatch(/beekeeper|vegetarian/);
  });
});
