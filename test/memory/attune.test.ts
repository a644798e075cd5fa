import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import { AttuneError, correctionLabels, createAttune, writeCorrectionLabels, type Attune } from '../../src/memory/index.js';
import { labelledItems } from '../../src/stages/extract/verify/index.js';
import { MemoryRepository, MEMORY_TABLES, openStore } from '../../src/store/index.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { tempDir } from '../support/tmp.js';
import { chat, fileBytes, sqliteAttune } from './support.js';

const dir = tempDir('attune-memory-');
const MARKER = 'Zanzibarquux';

const nurse = chat(`I'm a nurse and I live in ${MARKER}ville. I'm vegetarian and I love hiking in the mountains.`, 'I have two kids.');

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AttuneError) return e.code;
    throw e;
  }
  throw new Error('expected an AttuneError');
}

describe('remember / profile', () => {
  const { attune } = sqliteAttune(dir, 'remember');
  afterAll(() => attune.close());

  it('extracts with evidence, and remembering the same conversation twice changes nothing', async () => {
    const first = await attune.remember({ userId: 'u1', messages: nurse });
    expect(first.alreadyRemembered).toBe(false);
    expect(first.changes.map((c) => c.text)).toEqual(expect.arrayContaining(['The user is a nurse', 'The user is vegetarian', 'The user has two kids']));
    const before = await attune.profile({ userId: 'u1' });
    const again = await attune.remember({ userId: 'u1', messages: nurse });
    expect(again).toMatchObject({ alreadyRemembered: true, changes: [], conversationId: first.conversationId });
    expect(await attune.profile({ userId: 'u1' })).toEqual(before);
    const kids = before.attributes.find((a) => a.text === 'The user has two kids')!;
    expect(kids.evidence).toEqual([{ conversationId: first.conversationId, turnIndex: 2, quote: 'I have two kids.' }]);
    expect(kids.history.map((h) => h.kind)).toEqual(['created']);
  });

  it('reinforces a repeated attribute (noisy-OR, evidence appended) and supersedes a changed one-value fact', async () => {
    const r = await attune.remember({ userId: 'u1', messages: chat('I love hiking in the mountains.', 'I live in Porto now.') });
    const hiking = r.changes.find((c) => c.kind === 'reinforced')!;
    expect(hiking.text).toBe('The user loves hiking in the mountains');
    expect(hiking.confidence).toBeCloseTo(1 - 0.2 * 0.2, 3);
    const moved = r.changes.find((c) => c.kind === 'superseded')!;
    const p = await attune.profile({ userId: 'u1' });
    const old = p.attributes.find((a) => a.id === moved.supersedes)!;
    expect(old).toMatchObject({ status: 'superseded', supersededBy: moved.attributeId });
    expect(old.history.map((h) => h.kind)).toEqual(['created', 'superseded']);
    expect(p.attributes.find((a) => a.text === 'The user loves hiking in the mountains')!.evidence).toHaveLength(2);
  });

  it('the same conversation remembered twice at once is stored once', async () => {
    const both = await Promise.all([attune.remember({ userId: 'twice', messages: nurse }), attune.remember({ userId: 'twice', messages: nurse })]);
    expect(both.map((r) => r.alreadyRemembered).sort()).toEqual([false, true]);
    expect((await attune.profile({ userId: 'twice' })).attributes.every((a) => a.evidence.length === 1)).toBe(true);
  });

  it('an unknown user has an empty profile and an empty selection', async () => {
    expect(await attune.profile({ userId: 'nobody' })).toEqual({ userId: 'nobody', attributes: [] });
    expect((await attune.select({ userId: 'nobody', prompt: 'hello' })).attributes).toEqual([]);
  });

  it('accepts AI SDK content parts and an attune Conversation record', async () => {
    const parts = await attune.remember({ userId: 'u2', messages: [{ role: 'user', content: [{ type: 'text', text: 'I play chess online.' }, { type: 'image', image: 'x' }] }] });
    expect(parts.changes.map((c) => c.text)).toEqual(['The user plays chess online']);
    const rec = await attune.remember({ userId: 'u2', conversation: { id: 'c-7', userId: 'u2', turns: [{ index: 4, role: 'user', text: 'I work as a baker.' }] } });
    expect(rec.conversationId).toBe('c-7');
    expect((await attune.profile({ userId: 'u2' })).attributes.find((a) => a.text === 'The user works as a baker')!.evidence[0]).toMatchObject({ conversationId: 'c-7', turnIndex: 4 });
  });
});

describe('sensitive attributes', () => {
  it('keeps them only when self-stated, marks them, and injects them only for an allowed category', async () => {
    const closed = sqliteAttune(dir, 'sensitive');
    const r = await closed.attune.remember({ userId: 's', messages: chat("I'm diabetic and I love baking bread.", 'My friend is a Muslim.') });
    const p = await closed.attune.profile({ userId: 's' });
    const diabetic = p.attributes.find((a) => a.text === 'The user is diabetic')!;
    expect(diabetic.sensitive).toBe('health');
    expect(p.attributes.some((a) => /muslim/i.test(a.text))).toBe(false);
    const prompt = 'diabetic snacks';
    const sel = await closed.attune.select({ userId: 's', prompt });
    expect(sel.attributes.map((a) => a.id)).not.toContain(diabetic.id);
    expect(sel.withheld).toContainEqual({ id: diabetic.id, why: 'sensitive', category: 'health' });
    await closed.attune.close();
    const open = createAttune({ store: closed.file, embedder: bowEmbedder, sensitive: { allow: ['health'] } });
    expect((await open.select({ userId: 's', prompt })).attributes.map((a) => a.id)).toContain(diabetic.id);
    await open.close();
    expect(r.changes.length).toBeGreaterThan(0);
  });
});

describe('correct -> labels that train verify reads', () => {
  it('stores confirm / reject / edit as acceptance labels in the attune JSONL format', async () => {
    const { attune, file } = sqliteAttune(dir, 'correct');
    await attune.remember({ userId: 'c', messages: chat("I'm a nurse. I love jazz. I'm vegetarian.") });
    const attrs = (await attune.profile({ userId: 'c' })).attributes;
    const id = (t: string) => attrs.find((a) => a.text === t)!.id;
    await attune.correct({ userId: 'c', attributeId: id('The user is a nurse'), action: 'confirm' });
    const rejected = await attune.correct({ userId: 'c', attributeId: id('The user loves jazz'), action: 'reject' });
    expect(rejected.attribute.status).toBe('rejected');
    const edited = await attune.correct({ userId: 'c', attributeId: id('The user is vegetarian'), action: 'edit', text: 'The user is vegan' });
    expect(edited.attribute).toMatchObject({ text: 'The user is vegan', confirmed: true });
    expect(edited.attribute.history.map((h) => h.kind)).toEqual(['created', 'edited']);
    // A rejected attribute is never selected, and the same extraction does not bring it back.
    expect((await attune.select({ userId: 'c', prompt: 'recommend jazz albums' })).scores.map((s) => s.text)).not.toContain('The user loves jazz');
    const again = await attune.remember({ userId: 'c', messages: chat('I love jazz.') });
    expect(again.dropped[0]?.reason).toMatch(/rejected/);
    await attune.close();

    const store = await openStore(file);
    const labels = await correctionLabels(store);
    await store.close();
    expect(labels.attributeJudgments.map((j) => [j.attribute, j.verdict])).toEqual([
      ['The user is a nurse', 'makes_sense'],
      ['The user loves jazz', 'doesnt_make_sense'],
      ['The user is vegetarian', 'doesnt_make_sense'],
      ['The user is vegan', 'makes_sense'],
    ]);
    const out = path.join(dir, 'labels');
    writeCorrectionLabels(out, labels);
    const ds = loadDataset(out, { format: 'attune' });
    const { items, withoutAttribute } = labelledItems(ds);
    expect(withoutAttribute).toBe(0);
    expect(items.map((i) => [i.attribute.text, i.problematic])).toEqual([
      ['The user is a nurse', false], ['The user loves jazz', true], ['The user is vegetarian', true], ['The user is vegan', false],
    ]);
    expect(items.every((i) => i.attribute.evidence.length > 0 && i.conversations.length === 1)).toBe(true);
  });
});

describe('bad input: typed errors, nothing changed', () => {
  const { attune } = sqliteAttune(dir, 'bad');
  afterAll(() => attune.close());

  it('malformed messages, missing ids, an unknown attribute and another user\'s attribute', async () => {
    await attune.remember({ userId: 'a', messages: chat("I'm a nurse.") });
    await attune.remember({ userId: 'b', messages: chat("I'm a pilot.") });
    const before = { a: await attune.profile({ userId: 'a' }), b: await attune.profile({ userId: 'b' }) };
    const bId = before.b.attributes[0]!.id;
    const bad = [
      attune.remember({ userId: 'a', messages: 'hello' as never }),
      attune.remember({ userId: 'a', messages: [] }),
      attune.remember({ userId: 'a', messages: [{ role: 'user', content: 42 as never }] }),
      attune.remember({ userId: 'a', messages: [{ role: 'wizard', content: 'I am a nurse' }] }),
      attune.remember({ userId: 'a', messages: [{ role: 'assistant', content: 'I am a nurse' }] }),
      attune.remember({ userId: 'a', messages: [{ role: 'user', content: [{ type: 'text', text: 7 }] }] }),
      attune.remember({ userId: 'a', conversation: { id: 'x', userId: 'b', turns: [{ index: 0, role: 'user', text: "I'm a pilot" }] } }),
    ];
    expect(await Promise.all(bad.map(codeOf))).toEqual([
      'malformed_messages', 'malformed_messages', 'malformed_messages', 'malformed_messages', 'malformed_messages', 'malformed_messages', 'invalid_argument',
    ]);
    await expect(attune.remember({ userId: 'a', messages: [{ role: 'user', content: 42 as never }] })).rejects.toThrow(/messages\[0\]\.content/);
    expect(await codeOf(attune.profile({ userId: '' }))).toBe('invalid_argument');
    expect(await codeOf(attune.correct({ userId: 'a', attributeId: 'no-such-id', action: 'confirm' }))).toBe('unknown_attribute');
    expect(await codeOf(attune.correct({ userId: 'a', attributeId: bId, action: 'reject' }))).toBe('attribute_of_another_user');
    expect(await codeOf(attune.forget({ userId: 'a', attributeId: bId }))).toBe('attribute_of_another_user');
    expect(await codeOf(attune.correct({ userId: 'a', attributeId: before.a.attributes[0]!.id, action: 'edit' }))).toBe('invalid_argument');
    expect(await codeOf(attune.correct({ userId: 'a', attributeId: before.a.attributes[0]!.id, action: 'delete' as never }))).toBe('invalid_argument');
    expect(await codeOf(attune.respond({ userId: 'a', prompt: 'hi' }))).toBe('no_model');
    const id = (await attune.remember({ userId: 'a', conversationId: 'fixed', messages: chat('I play golf.') })).conversationId;
    expect(await codeOf(attune.remember({ userId: 'a', conversationId: id, messages: chat('I play tennis.') }))).toBe('conversation_conflict');
    const after = { a: await attune.profile({ userId: 'a' }), b: await attune.profile({ userId: 'b' }) };
    expect(after.b).toEqual(before.b);
    expect(after.a.attributes.map((x) => x.text)).toEqual([...before.a.attributes.map((x) => x.text), 'The user plays golf']);
  });
});

/** Remembers for two users, forgets one, and returns the repository's row counts for both. */
async function forgetScenario(attune: Attune, repo: MemoryRepository, beforeForget: () => void = () => {}) {
  await attune.remember({ userId: 'gone', messages: nurse });
  await attune.remember({ userId: 'gone', messages: chat(`I collect ${MARKER} stamps.`) });
  await attune.select({ userId: 'gone', prompt: `What should I cook for my kids in ${MARKER}ville?` });
  const [a0] = (await attune.profile({ userId: 'gone' })).attributes;
  await attune.correct({ userId: 'gone', attributeId: a0!.id, action: 'confirm' });
  await attune.remember({ userId: 'stays', messages: chat("I'm a pilot and I love sailing.") });
  const kept = await attune.profile({ userId: 'stays' });
  beforeForget();
  const forgotten = await attune.forget({ userId: 'gone' });
  const scope = (userId: string) => ({ tenantId: 'default', userId });
  return { forgotten, gone: await repo.countRows(scope('gone')), stays: await repo.countRows(scope('stays')), kept, keptAfter: await attune.profile({ userId: 'stays' }) };
}

describe('forget', () => {
  it('SQLite: no row and no byte of the user\'s text left in the file; the other user untouched', async () => {
    const embedCache = path.join(dir, 'forget-vectors.sqlite');
    const { SqliteVectorCache, CachedEmbedder } = await import('../../src/embed/cache.js');
    const cache = new SqliteVectorCache(embedCache);
    const embedder = new CachedEmbedder(bowEmbedder, cache);
    const { attune, file } = sqliteAttune(dir, 'forget', { embedder });
    const store = await openStore(file);
    const repo = new MemoryRepository(store);
    const { vectorKey } = await import('../../src/embed/cache.js');
    const stampKey = vectorKey(bowEmbedder.id, `collects ${MARKER} stamps`); // the predicate text merge embeds
    const promptKey = vectorKey(bowEmbedder.id, `What should I cook for my kids in ${MARKER}ville?`);
    let before: unknown[] = [];
    const r = await forgetScenario(attune, repo, () => (before = cache.getMany([stampKey, promptKey])));
    expect(before.every((v) => v instanceof Float32Array)).toBe(true);
    expect(Object.values(r.gone).every((n) => n === 0)).toBe(true);
    expect(r.forgotten.deleted.memory_attributes).toBeGreaterThan(0);
    expect(r.forgotten.vectors).toBeGreaterThan(0);
    expect(r.stays.memory_attributes).toBeGreaterThan(0);
    expect(r.keptAfter).toEqual(r.kept);
    expect(cache.getMany([stampKey, promptKey])).toEqual([undefined, undefined]);
    expect(cache.size()).toBeGreaterThan(0); // the other user's vectors stay
    await attune.close();
    await store.close();
    cache.close();
    const bytes = fileBytes(file);
    expect(bytes.includes(Buffer.from(MARKER))).toBe(false);
    expect(bytes.includes(Buffer.from('sailing'))).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('one attribute: its rows go, the rest stay', async () => {
    const { attune } = sqliteAttune(dir, 'forget-one');
    await attune.remember({ userId: 'f', messages: nurse });
    await attune.select({ userId: 'f', prompt: 'cook something vegetarian' });
    const attrs = (await attune.profile({ userId: 'f' })).attributes;
    const veg = attrs.find((a) => a.text === 'The user is vegetarian')!;
    const res = await attune.forget({ userId: 'f', attributeId: veg.id });
    expect(res.deleted).toMatchObject({ memory_attributes: 1, memory_evidence: 1, memory_events: 1 });
    const left = (await attune.profile({ userId: 'f' })).attributes;
    expect(left.map((a) => a.id)).toEqual(attrs.filter((a) => a.id !== veg.id).map((a) => a.id));
    expect(await codeOf(attune.forget({ userId: 'f', attributeId: veg.id }))).toBe('unknown_attribute');
    await attune.close();
  });

  it.skipIf(!process.env.ATTUNE_TEST_PG_URL)('Postgres: no row of the user left in any memory table', async () => {
    const schema = `mem_${process.pid}_${Date.now()}`;
    const store = await openStore(process.env.ATTUNE_TEST_PG_URL!, { schema });
    try {
      const attune = createAttune({ store, embedder: bowEmbedder });
      const repo = new MemoryRepository(store);
      const r = await forgetScenario(attune, repo);
      expect(r.gone).toEqual(Object.fromEntries(MEMORY_TABLES.map((t) => [t, 0])));
      expect(r.stays.memory_attributes).toBeGreaterThan(0);
      expect(r.keptAfter).toEqual(r.kept);
      await attune.close();
    } finally {
      const { sql } = await import('kysely');
      await sql.raw(`drop schema if exists "${schema}" cascade`).execute(store.db);
      await store.close();
    }
  });
});
