import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { locomoAdapter, locomoDateTime, parseDiaId } from '../../src/data/locomo.js';
import type { Dataset } from '../../src/model/index.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { tempDir, writeDir, dataErrorOf } from '../support/tmp.js';

const tmp = tempDir('attune-locomo-');

const dirWith = (name: string, files: Record<string, unknown>): string => writeDir(tmp, name, files);

const errorOf = dataErrorOf;

const sample = () => ({
  sample_id: 'conv-1',
  conversation: {
    speaker_a: 'Ann',
    speaker_b: 'Bo',
    session_1_date_time: '1:56 pm on 8 May, 2023',
    session_1: [
      { speaker: 'Ann', dia_id: 'D1:1', text: 'Hi Bo!' },
      { speaker: 'Bo', dia_id: 'D1:2', text: 'Look at this.', img_url: ['http://x'], blip_caption: 'a photo of a dog', query: 'dog' },
    ],
    session_2_date_time: 'sometime',
    session_2: [{ speaker: 'Bo', dia_id: 'D2:1', text: 'Back again.' }],
  },
  observation: {
    session_1_observation: {
      Ann: [['Ann greets Bo.', 'D1:1']],
      Bo: [['Bo has a dog.', ['D1:2', 'D1:1']]],
    },
  },
  session_summary: { session_1_summary: 'They talk.' },
  event_summary: {},
  qa: [
    { question: 'Does Bo have a pet?', answer: 'a dog', evidence: ['D1:2'], category: 1 },
    { question: 'What is Ann allergic to?', evidence: [], category: 5, adversarial_answer: 'cats' },
  ],
});

describe('locomo adapter on small files', () => {
  it('maps each session to one conversation per speaker, observations to gold, QA to prompts', () => {
    const d = dirWith('mini', { 'locomo10.json': [sample()] });
    expect(locomoAdapter.detect(d)).toBe(true);
    const ds = locomoAdapter.load(d);
    expect(ds.provenance).toBe('mixed');
    expect(ds.files).toEqual(['locomo10.json']);
    expect(ds.conversations.map((c) => c.id)).toEqual([
      'locomo/conv-1/Ann/session_1',
      'locomo/conv-1/Bo/session_1',
      'locomo/conv-1/Ann/session_2',
      'locomo/conv-1/Bo/session_2',
    ]);
    expect(ds.conversations[1]).toEqual({
      id: 'locomo/conv-1/Bo/session_1',
      userId: 'locomo/conv-1/Bo',
      source: 'locomo',
      startedAt: '2023-05-08T13:56:00',
      turns: [
        { index: 0, role: 'other', speaker: 'Ann', text: 'Hi Bo!' },
        { index: 1, role: 'user', speaker: 'Bo', text: 'Look at this. [shared an image: a photo of a dog]' },
      ],
    });
    expect(ds.conversations[2]!.startedAt).toBe('sometime');
    expect(ds.goldAttributes).toEqual([
      { userId: 'locomo/conv-1/Ann', conversationId: 'locomo/conv-1/Ann/session_1', text: 'Ann greets Bo.', category: 'D1:1' },
      { userId: 'locomo/conv-1/Bo', conversationId: 'locomo/conv-1/Bo/session_1', text: 'Bo has a dog.', category: 'D1:2,D1:1' },
    ]);
    expect(ds.prompts).toEqual([
      { id: 'locomo/conv-1/qa/0', text: 'Does Bo have a pet?' },
      { id: 'locomo/conv-1/qa/1', text: 'What is Ann allergic to?' },
    ]);
  });

  it('reads msc persona sets alone, one user per speaker', () => {
    const d = dirWith('msc-only', {
      'msc_personas_all.json': { valid: [{ 'Speaker 1': ['I like tea.', ' '], 'Speaker 2': ['I run.'], in_dataset: 1 }], test: [] },
    });
    const ds = locomoAdapter.load(d);
    expect(ds.files).toEqual(['msc_personas_all.json']);
    expect(ds.conversations).toEqual([]);
    expect(ds.goldAttributes).toEqual([
      { userId: 'msc/valid/0/speaker1', text: 'I like tea.', category: 'persona' },
      { userId: 'msc/valid/0/speaker2', text: 'I run.', category: 'persona' },
    ]);
  });

  it('parses dia ids and session dates', () => {
    expect(parseDiaId('D12:3')).toEqual({ session: 12, turn: 3 });
    expect(parseDiaId('D1')).toBeUndefined();
    expect(locomoDateTime('12:05 am on 1 January, 2024')).toBe('2024-01-01T00:05:00');
    expect(locomoDateTime('10:37 am on 27 June, 2023')).toBe('2023-06-27T10:37:00');
    expect(locomoDateTime('noonish')).toBe('noonish');
  });

  it('does not detect an unrelated folder', () => {
    const d = dirWith('none', { 'x.json': [] });
    expect(locomoAdapter.detect(d)).toBe(false);
    expect(errorOf(() => locomoAdapter.load(d)).message).toMatch(/no LoCoMo files found/);
  });

  it('names file and line of truncated JSON', () => {
    const text = JSON.stringify([sample()], null, 2);
    const d = dirWith('truncated', { 'locomo10.json': text.slice(0, 400) });
    const e = errorOf(() => locomoAdapter.load(d));
    expect(e.message).toMatch(/^locomo10\.json:\d+: not valid JSON/);
    expect(e.line).toBeGreaterThan(1);
  });

  it('names record and field inside a session', () => {
    const bad = [sample(), sample()];
    delete (bad[1]!.conversation.session_1[1] as Partial<(typeof bad)[0]['conversation']['session_1'][1]>).text;
    const e = errorOf(() => locomoAdapter.load(dirWith('missing', { 'locomo10.json': bad })));
    expect(e.message).toContain('locomo10.json: field "[1].conversation.session_1[1].text"');

    const wrong = [sample()] as unknown as { qa: { category: unknown }[] }[];
    wrong[0]!.qa[1]!.category = 'five';
    expect(errorOf(() => locomoAdapter.load(dirWith('wrongtype', { 'locomo10.json': wrong }))).field).toBe('[0].qa[1].category');

    const stranger = sample();
    stranger.conversation.session_2[0]!.speaker = 'Cy';
    const e3 = errorOf(() => locomoAdapter.load(dirWith('stranger', { 'locomo10.json': [stranger] })));
    expect(e3.field).toBe('[0].conversation.session_2[0].speaker');
    expect(e3.message).toMatch(/"Cy" is neither speaker_a/);
  });

  it('names split, record and field in msc_personas_all.json', () => {
    const d = dirWith('msc-bad', { 'msc_personas_all.json': { train: [{ 'Speaker 1': ['a'], 'Speaker 2': ['b'] }, { 'Speaker 1': 'a' }] } });
    const e = errorOf(() => locomoAdapter.load(d));
    expect(e.message).toContain('msc_personas_all.json: field "train[1]["Speaker 1"]"');
  });
});

describe.skipIf(!hasShared('locomo'))('locomo adapter on the shared data', () => {
  let ds: Dataset;
  let ms: number;
  beforeAll(() => {
    const t = performance.now();
    ds = locomoAdapter.load(sharedPath('locomo'));
    ms = performance.now() - t;
  });
  const locomoGold = () => ds.goldAttributes.filter((g) => g.userId.startsWith('locomo/'));

  it('reads both files', () => {
    expect(locomoAdapter.detect(sharedPath('locomo'))).toBe(true);
    expect(ds.files).toEqual(['locomo10.json', 'msc_personas_all.json']);
  });

  it('matches the README: 10 conversations, 272 sessions, 5,882 turns, 1,986 QA, 2,541 observations', () => {
    expect(new Set(ds.conversations.map((c) => c.userId)).size).toBe(20);
    // each session appears once per speaker
    expect(ds.conversations).toHaveLength(2 * 272);
    expect(ds.conversations.reduce((s, c) => s + c.turns.length, 0)).toBe(2 * 5882);
    expect(ds.prompts).toHaveLength(1986);
    expect(locomoGold()).toHaveLength(2541);
  });

  it('evidence dia ids point at turns of the observation session (D<n>:<k> = turn k-1)', () => {
    const byId = new Map(ds.conversations.map((c) => [c.id, c]));
    for (const g of locomoGold()) {
      const conv = byId.get(g.conversationId!)!;
      expect(conv, g.text).toBeDefined();
      for (const id of g.category!.split(',')) {
        const ref = parseDiaId(id)!;
        expect(conv.id.endsWith(`/session_${ref.session}`)).toBe(true);
        expect(conv.turns[ref.turn - 1]).toBeDefined();
      }
    }
  });

  it('parses every session date', () => {
    expect(ds.conversations.every((c) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00$/.test(c.startedAt ?? ''))).toBe(true);
  });

  it('turns msc persona sets into users (train 4,000, valid 1,000, test 1,015 sets; 13 speakers have none)', () => {
    const msc = ds.goldAttributes.filter((g) => g.userId.startsWith('msc/'));
    const users = (split: string) => new Set(msc.filter((g) => g.userId.startsWith(`msc/${split}/`)).map((g) => g.userId)).size;
    expect(users('train') + users('valid') + users('test')).toBe(2 * 6015 - 13);
    expect(users('valid')).toBe(2000);
    expect(msc).toHaveLength(65245);
  });

  it('loads in well under a second', () => {
    // About 0.3 s (LAPS) and 0.5 s (LoCoMo + MSC) cold on an idle core; the bound leaves room for a busy CI box.
    expect(ms).toBeLessThan(2500);
  });

  it('loads a folder with locomo10.json only', () => {
    const d = path.join(tmp, 'only-locomo');
    fs.mkdirSync(d);
    fs.symlinkSync(sharedPath('locomo', 'locomo10.json'), path.join(d, 'locomo10.json'));
    const one = locomoAdapter.load(d);
    expect(one.files).toEqual(['locomo10.json']);
    expect(one.goldAttributes).toHaveLength(2541);
  });
});
