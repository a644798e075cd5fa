import { beforeAll, describe, expect, it } from 'vitest';
import { prefevalAdapter } from '../../src/data/prefeval.js';
import type { Dataset } from '../../src/model/index.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { tempDir, writeDir, dataErrorOf } from '../support/tmp.js';

const tmp = tempDir('attune-prefeval-');

const dirWith = (name: string, files: Record<string, unknown>): string => writeDir(tmp, name, files);

const errorOf = dataErrorOf;

const explicit = { preference: 'I avoid loud hotels.', question: 'Which hotel in Vegas?', explanation: 'Vegas is loud.' };
const choice = {
  ...explicit,
  implicit_query: 'Good hotels in Vegas?',
  options: ['Quiet A', 'Loud B', 'Loud C', 'Loud D'],
  conversation: { query: 'Good hotels in Vegas?', assistant_options: '1. Loud B 2. Quiet A', user_selection: 'Quiet A, please.', assistant_acknowledgment: 'Good choice.' },
  aligned_op: 'Quiet A',
};
const persona = {
  ...explicit,
  persona: 'A night-shift nurse',
  conversation: { '1': { user: 'Second?', assistant: 'Two.' }, '0': { user: 'First?', assistant: 'One.' }, '10': { user: 'Last?', assistant: 'Eleven.' } },
};

describe('prefeval adapter on small files', () => {
  it('maps each form: conversations, gold preference, question as prompt', () => {
    const d = dirWith('mini', {
      'explicit_preference/travel_hotel.json': [explicit],
      'implicit_preference/choice-based/travel_hotel.json': [choice],
      'implicit_preference/persona-driven/travel_hotel.json': [persona, persona],
      'mcq_options/travel_hotel.json': [{ ...explicit, classification_task_options: ['a', 'b', 'c', 'd'] }],
    });
    expect(prefevalAdapter.detect(d)).toBe(true);
    const ds = prefevalAdapter.load(d);
    expect(ds.provenance).toBe('synthetic');
    expect(ds.files).toEqual([
      'explicit_preference/travel_hotel.json',
      'implicit_preference/choice-based/travel_hotel.json',
      'implicit_preference/persona-driven/travel_hotel.json',
    ]);
    expect(ds.conversations.map((c) => c.id)).toEqual([
      'prefeval/choice-based/travel_hotel/0',
      'prefeval/persona-driven/travel_hotel/0',
      'prefeval/persona-driven/travel_hotel/1',
    ]);
    expect(ds.conversations[0]).toEqual({
      id: 'prefeval/choice-based/travel_hotel/0',
      userId: 'prefeval/choice-based/travel_hotel/0',
      source: 'prefeval/choice-based',
      turns: [
        { index: 0, role: 'user', text: 'Good hotels in Vegas?' },
        { index: 1, role: 'assistant', text: '1. Loud B 2. Quiet A' },
        { index: 2, role: 'user', text: 'Quiet A, please.' },
        { index: 3, role: 'assistant', text: 'Good choice.' },
      ],
    });
    // persona-driven exchanges in numeric key order
    expect(ds.conversations[1]!.turns.map((t) => t.text)).toEqual(['First?', 'One.', 'Second?', 'Two.', 'Last?', 'Eleven.']);
    expect(ds.goldAttributes[0]).toEqual({ userId: 'prefeval/explicit/travel_hotel/0', text: 'I avoid loud hotels.', category: 'travel_hotel' });
    expect(ds.goldAttributes[1]).toEqual({
      userId: 'prefeval/choice-based/travel_hotel/0',
      conversationId: 'prefeval/choice-based/travel_hotel/0',
      text: 'I avoid loud hotels.',
      category: 'travel_hotel',
    });
    expect(ds.prompts).toHaveLength(4);
    expect(ds.prompts[0]).toEqual({ id: 'prefeval/explicit/travel_hotel/0', text: 'Which hotel in Vegas?' });
  });

  it('loads a folder with one form only', () => {
    const d = dirWith('explicit-only', { 'explicit_preference/shop_home.json': [explicit, { preference: 'p', question: 'q' }] });
    const ds = prefevalAdapter.load(d);
    expect(ds.conversations).toEqual([]);
    expect(ds.goldAttributes.map((g) => g.userId)).toEqual(['prefeval/explicit/shop_home/0', 'prefeval/explicit/shop_home/1']);
  });

  it('does not detect a folder without PrefEval files', () => {
    const d = dirWith('none', { 'mcq_options/x.json': [] });
    expect(prefevalAdapter.detect(d)).toBe(false);
    expect(errorOf(() => prefevalAdapter.load(d)).message).toMatch(/no PrefEval files found/);
  });

  it('names file and line of truncated JSON', () => {
    const text = JSON.stringify([choice, choice], null, 2);
    const d = dirWith('truncated', { 'implicit_preference/choice-based/travel_hotel.json': text.slice(0, 300) });
    const e = errorOf(() => prefevalAdapter.load(d));
    expect(e.file).toBe('implicit_preference/choice-based/travel_hotel.json');
    expect(e.line).toBeGreaterThan(1);
    expect(e.message).toMatch(/^implicit_preference\/choice-based\/travel_hotel\.json:\d+: not valid JSON/);
  });

  it('names record and field of a missing field and of a wrong type', () => {
    const { user_selection: _drop, ...conv } = choice.conversation;
    const d = dirWith('missing', { 'implicit_preference/choice-based/travel_hotel.json': [choice, { ...choice, conversation: conv }] });
    const e = errorOf(() => prefevalAdapter.load(d));
    expect(e.message).toContain('implicit_preference/choice-based/travel_hotel.json: field "[1].conversation.user_selection"');

    const d2 = dirWith('wrongtype', {
      'implicit_preference/persona-driven/travel_hotel.json': [{ ...persona, conversation: { '0': { user: 'hi', assistant: 42 } } }],
    });
    expect(errorOf(() => prefevalAdapter.load(d2)).field).toBe('[0].conversation["0"].assistant');

    const d3 = dirWith('emptypref', { 'explicit_preference/x.json': [explicit, explicit, { ...explicit, preference: '' }] });
    expect(errorOf(() => prefevalAdapter.load(d3)).field).toBe('[2].preference');
  });
});

describe.skipIf(!hasShared('prefeval'))('prefeval adapter on the shared data', () => {
  let ds: Dataset;
  beforeAll(() => {
    ds = prefevalAdapter.load(sharedPath('prefeval'));
  });

  it('reads 20 topics in each of the three forms', () => {
    expect(prefevalAdapter.detect(sharedPath('prefeval'))).toBe(true);
    expect(ds.files).toHaveLength(60);
  });

  it('matches the README counts: 1,000 records per form', () => {
    for (const form of ['explicit', 'choice-based', 'persona-driven']) {
      expect(ds.goldAttributes.filter((g) => g.userId.startsWith(`prefeval/${form}/`)), form).toHaveLength(1000);
      expect(ds.prompts.filter((p) => p.id.startsWith(`prefeval/${form}/`)), form).toHaveLength(1000);
    }
    expect(ds.conversations).toHaveLength(2000);
    expect(new Set(ds.goldAttributes.map((g) => g.category)).size).toBe(20);
  });

  it('the same (preference, question) pairs recur across forms', () => {
    const key = (form: string) =>
      new Set(ds.goldAttributes.filter((g) => g.userId.startsWith(`prefeval/${form}/`)).map((g) => `${g.category}\u0000${g.text}`));
    const explicit = key('explicit');
    for (const form of ['choice-based', 'persona-driven']) {
      const other = key(form);
      expect([...other].filter((k) => explicit.has(k)).length / other.size, form).toBeGreaterThan(0.95);
    }
  });

  it('measured turn counts: 4 per choice-based record, 14,620 in all', () => {
    const choice = ds.conversations.filter((c) => c.source === 'prefeval/choice-based');
    expect(choice.every((c) => c.turns.length === 4)).toBe(true);
    expect(ds.conversations.reduce((s, c) => s + c.turns.length, 0)).toBe(14620);
  });
});
