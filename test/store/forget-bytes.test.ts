import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MockLanguageModelV3 } from 'ai/test';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createAttune } from '../../src/memory/attune.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir('attune-forget-bytes-');
const usage = { inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 2, text: 2, reasoning: undefined } };

/** The SQLite file's bytes as they are on disk (WAL included), without a VACUUM that would hide leftovers. */
function rawBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

/** Extracts one attribute per user turn, quoting it in the reason. */
function extractingModel() {
  return new MockLanguageModelV3({
    doGenerate: async (o) => {
      const user = JSON.stringify(o.prompt);
      const town = /live in (\w+)/.exec(user)?.[1] ?? 'nowhere';
      const text = JSON.stringify({ attributes: [{ text: `The user lives in ${town}`, reason: `says "I live in ${town}"`, confidence: 0.9, evidenceTurns: [0] }] });
      return { content: [{ type: 'text', text }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] };
    },
  });
}

describe('what forget leaves in a SQLite file', () => {
  it('forgetting a user remembered through a model leaves none of their text in the file, cached LLM calls included, recorded or not (no VACUUM needed)', async () => {
    const file = path.join(dir, 'model.sqlite');
    const secret = `Qx${randomBytes(5).toString('hex')}`;
    const attune = createAttune({ store: file, embedder: bowEmbedder, model: extractingModel() });
    await attune.remember({ userId: 'ines', messages: [{ role: 'user', content: `I live in ${secret} since last spring, with my two cats.` }] });
    expect(rawBytes(file).includes(secret)).toBe(true);
    // A cached call whose key was never recorded for the user (made by a worker killed before it recorded it, or
    // by a batch command over the same text): found by its content all the same.
    const other = new BetterSqlite3(file);
    other.exec('DELETE FROM memory_cache_keys');
    other.close();
    await attune.forget({ userId: 'ines' });
    await attune.close();
    expect(rawBytes(file).includes(secret)).toBe(false);
  });

  it('forgetting one attribute removes it, blanks the turns it came from and the reasons of attributes citing them, and nothing else', async () => {
    const file = path.join(dir, 'attr.sqlite');
    const secret = `Qx${randomBytes(5).toString('hex')}`;
    const attune = createAttune({ store: file, embedder: bowEmbedder });
    await attune.remember({
      userId: 'rui',
      messages: [
        { role: 'user', content: `I live in ${secret}town and I work as a nurse.` },
        { role: 'assistant', content: 'Noted.' },
        { role: 'user', content: 'I love hiking in the mountains.' },
      ],
    });
    const before = (await attune.profile({ userId: 'rui' })).attributes;
    const town = before.find((a) => a.text.includes(secret))!;
    expect(town).toBeDefined();
    const r = await attune.forget({ userId: 'rui', attributeId: town.id });
    expect(r.deleted.memory_attributes).toBe(1);
    const after = (await attune.profile({ userId: 'rui' })).attributes;
    expect(after.map((a) => a.id)).not.toContain(town.id);
    // The other attributes stay; one drawn from the same turn no longer cites it or quotes it.
    expect(after.map((a) => a.text)).toEqual(before.filter((a) => a.id !== town.id).map((a) => a.text));
    expect(JSON.stringify(after)).not.toContain(secret);
    expect(JSON.stringify(after)).toContain('hiking');
    await attune.close();
    expect(rawBytes(file).includes(secret)).toBe(false);
  });
});
