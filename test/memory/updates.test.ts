import { afterAll, describe, expect, it } from 'vitest';
import { contradicts, relation, type Attune } from '../../src/memory/index.js';
import { tempDir } from '../support/tmp.js';
import { defaultEmbedder } from '../../src/embed/default.js';
import { chat, sqliteAttune } from './support.js';

const dir = tempDir('attune-updates-');

/** Selects everything it is given: whatever is active is used, so what select returns shows what is live. */
const everything = { name: 'all', select: async (p: unknown[]) => p.map(() => ({ relevant: true, score: 1 })) };

async function live(attune: Attune, userId: string): Promise<string[]> {
  return (await attune.select({ userId, prompt: 'Plan my meals and my week' })).attributes.map((a) => a.text);
}

describe('contradicts', () => {
  it('pairs a negation with the fact it negates, and nothing else', () => {
    expect(contradicts('The user is no longer vegetarian', 'The user is vegetarian')).toBe(true);
    expect(contradicts('The user no longer follows a keto diet', 'The user follows a keto diet')).toBe(true);
    expect(contradicts('The user is not freelancing any more', 'The user is a freelance photographer')).toBe(true);
    expect(contradicts('The user started running again', 'The user quit running after knee surgery')).toBe(true);
    expect(contradicts('The user does not eat meat anymore', 'The user is vegetarian')).toBe(false);
    expect(contradicts('The user no longer follows a keto diet', 'The user follows a vegan diet')).toBe(false);
    expect(contradicts('The user does not drink coffee', 'The user drinks green tea')).toBe(false);
    expect(contradicts('The user is vegetarian', 'The user loves vegetarian food')).toBe(false);
  });

  it('a move is a new value of where the user lives', () => {
    expect(relation('The user moved to Berlin last week', 'The user lives in Porto')).toBe('supersedes');
    expect(relation('The user moved back to Chicago', 'The user moved to Seattle')).toBe('supersedes');
  });

  it('a new job supersedes the old one, however each is phrased; other "is a" facts are not jobs', () => {
    expect(relation('The user is a full-time photo editor at a magazine now', 'The user is a freelance photographer')).toBe('supersedes');
    expect(relation('The user is working as a nurse now', 'The user is a barista in Austin')).toBe('supersedes');
    expect(relation('The user is a big fan of jazz', 'The user is a nurse')).toBe('other');
    expect(relation('The user is a member of the Green Party', 'The user is a teacher')).toBe('other');
  });

  it('a negation is about its first clause', () => {
    expect(contradicts('The user no longer follows a keto diet, it was too hard to keep up with work travel', 'The user has been doing keto since January')).toBe(true);
  });
});

describe('updates retire or supersede the stored attribute', () => {
  const { attune } = sqliteAttune(dir, 'updates', { selector: everything });
  afterAll(() => attune.close());

  it('stated facts: a negation retires the fact (history event), and select and search no longer use it', async () => {
    await attune.remember({ userId: 'f', facts: ['I am vegetarian', 'I follow a keto diet', 'I play tennis'] });
    const r = await attune.remember({ userId: 'f', facts: ['The user is no longer vegetarian', 'The user no longer follows a keto diet'] });
    expect(r.changes.map((c) => c.kind)).toEqual(['superseded', 'superseded']);
    const p = await attune.profile({ userId: 'f' });
    const veg = p.attributes.find((a) => a.text === 'The user is vegetarian')!;
    expect(veg.status).toBe('superseded');
    expect(veg.history.map((h) => h.kind)).toEqual(['created', 'retired']);
    const texts = await live(attune, 'f');
    expect(texts).not.toContain('The user is vegetarian');
    expect(texts).not.toContain('The user follows a keto diet');
    expect(texts).toContain('The user plays tennis');
    const found = await attune.search({ userId: 'f', query: 'vegetarian keto meals' });
    expect(found.attributes.map((a) => a.text)).not.toContain('The user is vegetarian');
  });

  it('conversations: "not X anymore", "no longer", "moved to" and "started again" in later conversations', async () => {
    // USE-lite, not the bag-of-words test embedder: remember's sensitive gate reads meaning, which word counts do not carry.
    const { attune } = sqliteAttune(dir, 'updates-use-lite', { selector: everything, embedder: defaultEmbedder() });
    await attune.remember({ userId: 'c', messages: chat("I'm vegetarian.", 'I follow a keto diet.', 'I live in Porto.') });
    await attune.remember({
      userId: 'c',
      messages: chat("I'm not vegetarian anymore, I started eating fish again.", 'I no longer follow a keto diet.', 'We moved to Berlin last week.'),
    });
    const texts = await live(attune, 'c');
    for (const stale of ['The user is vegetarian', 'The user follows a keto diet', 'The user lives in Porto']) expect(texts).not.toContain(stale);
    expect(texts).toContain('The user lives in Berlin');
    const p = await attune.profile({ userId: 'c' });
    expect(p.attributes.filter((a) => a.status === 'superseded').every((a) => a.supersededBy && a.history.some((h) => h.kind === 'retired' || h.kind === 'superseded'))).toBe(true);
    await attune.close();
  });

  it('a fact that undoes a stored negation supersedes it', async () => {
    await attune.remember({ userId: 'r', facts: ['I quit running after my knee surgery'] });
    await attune.remember({ userId: 'r', facts: ['I started running again'] });
    expect(await live(attune, 'r')).toEqual(['The user started running again']);
  });
});
