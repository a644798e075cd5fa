import { afterAll, describe, expect, it } from 'vitest';
import { AttuneError, factText } from '../../src/memory/index.js';
import type { Selection, SelectionPair, Selector } from '../../src/stages/select/selector.js';
import { tempDir } from '../support/tmp.js';
import { chat, sqliteAttune } from './support.js';

const dir = tempDir('attune-search-');

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AttuneError) return e.code;
    throw e;
  }
  throw new Error('expected an AttuneError');
}

/** Scores by shared words with the prompt; selects above 0.5, and says why. */
const wordSelector: Selector & { threshold: number } = {
  name: 'words',
  threshold: 0.5,
  async select(pairs: SelectionPair[]): Promise<(Selection & { why: string })[]> {
    return pairs.map((p) => {
      const a = new Set(p.attribute.toLowerCase().match(/[a-z]+/g) ?? []);
      const hits = (p.promptText.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length > 3 && a.has(w));
      const score = Math.min(1, hits.length / 2);
      return { relevant: score > 0.5, score, why: hits.length ? `shares ${hits.join(', ')}` : 'nothing in common' };
    });
  },
};

describe('search', () => {
  const { attune } = sqliteAttune(dir, 'search', { selector: wordSelector });
  afterAll(() => attune.close());

  it('ranks every usable active attribute by score without the cut, best first, topK (default 10)', async () => {
    await attune.remember({ userId: 's1', facts: ['I am vegetarian', 'I cook vegetarian dinner recipes every night', 'I live in Porto', 'I play the cello'] });
    const r = await attune.search({ userId: 's1', query: 'vegetarian dinner recipes for tonight', topK: 2 });
    expect(r.attributes.map((a) => a.text)).toEqual(['The user cooks vegetarian dinner recipes every night', 'The user is vegetarian']);
    expect(r.attributes[0]).toMatchObject({ score: 1, selected: true, status: 'active' });
    expect(r.attributes[1]).toMatchObject({ score: 0.5, selected: false, why: 'shares vegetarian' });
    expect(r.attributes[0]!.evidence[0]!.quote).toBe('I cook vegetarian dinner recipes every night');
    const all = await attune.search({ userId: 's1', query: 'cello lessons' });
    expect(all.attributes).toHaveLength(4);
    expect(all.attributes[0]!.text).toBe('The user plays the cello');
  });

  it('withholds sensitive attributes and never returns a superseded one', async () => {
    await attune.remember({ userId: 's2', facts: ['I live in Porto', 'I have type 2 diabetes'] });
    await attune.remember({ userId: 's2', messages: chat('I moved to Lyon last month, I live in Lyon now.') });
    const r = await attune.search({ userId: 's2', query: 'where do I live, Porto or Lyon?' });
    const texts = r.attributes.map((a) => a.text);
    expect(texts.some((t) => /porto/i.test(t))).toBe(false);
    expect(texts.some((t) => /lyon/i.test(t))).toBe(true);
    expect(texts.some((t) => /diabetes/i.test(t))).toBe(false);
    expect(r.withheld).toEqual([expect.objectContaining({ why: 'sensitive', category: 'health' })]);
  });

  it('refuses an empty query and a bad topK', async () => {
    expect(await codeOf(attune.search({ userId: 's1', query: ' ' }))).toBe('invalid_argument');
    expect(await codeOf(attune.search({ userId: 's1', query: 'x', topK: 0 }))).toBe('invalid_argument');
  });
});

describe('select carries score and why', () => {
  const { attune } = sqliteAttune(dir, 'select-why', { selector: wordSelector });
  afterAll(() => attune.close());

  it('each selected attribute and each candidate has its score and the selector reason', async () => {
    await attune.remember({ userId: 'w', facts: ['I cook vegetarian dinner recipes every night', 'I play the cello'] });
    const s = await attune.select({ userId: 'w', prompt: 'vegetarian dinner ideas' });
    expect(s.attributes).toEqual([expect.objectContaining({ text: 'The user cooks vegetarian dinner recipes every night', score: 1, why: 'shares vegetarian, dinner' })]);
    expect(s.scores.find((x) => /cello/.test(x.text))).toMatchObject({ score: 0, why: 'nothing in common', selected: false });
  });
});

describe('remember facts', () => {
  const { attune } = sqliteAttune(dir, 'facts');
  afterAll(() => attune.close());

  it('stores stated facts as they are, with the call as evidence, idempotently', async () => {
    const r = await attune.remember({ userId: 'f', facts: ['I am vegetarian.', 'Prefers short answers', 'My sister lives in Oslo'] });
    expect(r.changes.map((c) => c.text)).toEqual(['The user is vegetarian', 'The user prefers short answers', "The user's sister lives in Oslo"]);
    const p = await attune.profile({ userId: 'f' });
    expect(p.attributes[0]!.evidence).toEqual([{ conversationId: r.conversationId, turnIndex: 0, quote: 'I am vegetarian.' }]);
    expect(p.attributes[0]!.confidence).toBe(0.9);
    expect(await attune.remember({ userId: 'f', facts: ['I am vegetarian.', 'Prefers short answers', 'My sister lives in Oslo'] })).toMatchObject({ alreadyRemembered: true, changes: [] });
  });

  it('marks a sensitive fact, which select then withholds', async () => {
    await attune.remember({ userId: 'f2', facts: ['I am a practicing Muslim', 'I have asthma'] });
    const p = await attune.profile({ userId: 'f2' });
    expect(p.attributes.map((a) => a.sensitive)).toEqual(['religion', 'health']);
    const s = await attune.select({ userId: 'f2', prompt: 'Plan my weekend around my asthma and my faith' });
    expect(s.attributes).toEqual([]);
    expect(s.withheld.map((w) => w.why)).toEqual(['sensitive', 'sensitive']);
  });

  it('refuses facts together with messages, and facts that are not strings', async () => {
    expect(await codeOf(attune.remember({ userId: 'f', facts: ['x'], messages: chat('hi') }))).toBe('invalid_argument');
    expect(await codeOf(attune.remember({ userId: 'f', facts: [] }))).toBe('invalid_argument');
    expect(await codeOf(attune.remember({ userId: 'f', facts: [3 as unknown as string] }))).toBe('invalid_argument');
  });

  it('writes facts in the third person', () => {
    expect(factText("I'm a nurse")).toBe('The user is a nurse');
    expect(factText('I really like jazz')).toBe('The user really likes jazz');
    expect(factText("I don't eat pork")).toBe('The user does not eat pork');
    expect(factText('I watch anime')).toBe('The user watches anime');
    expect(factText('The user is left-handed')).toBe('The user is left-handed');
  });
});

describe('profile pages', () => {
  const { attune } = sqliteAttune(dir, 'pages');
  afterAll(() => attune.close());

  it('pages through every attribute once, in order, with nextCursor until the last page', async () => {
    await attune.remember({ userId: 'p', facts: ['I am a nurse', 'I play chess', 'I like jazz', 'I own a cat', 'I ride a bike'] });
    const whole = await attune.profile({ userId: 'p' });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await attune.profile({ userId: 'p', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.attributes.map((a) => a.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(whole.attributes.map((a) => a.id));
    expect(await codeOf(attune.profile({ userId: 'p', limit: 2, cursor: 'nonsense' }))).toBe('invalid_argument');
    expect(await codeOf(attune.profile({ userId: 'p', limit: 0 }))).toBe('invalid_argument');
  });
});
