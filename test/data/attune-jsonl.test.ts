import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTUNE_FILES, attuneJsonlAdapter, writeAttuneJsonl } from '../../src/data/attune-jsonl.js';
import { lapsAdapter } from '../../src/data/laps.js';
import { locomoAdapter } from '../../src/data/locomo.js';
import { emptyDataset, type Dataset } from '../../src/model/index.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { tempDir, dataErrorOf } from '../support/tmp.js';

const tmp = tempDir('attune-jsonl-');

const errorOf = dataErrorOf;

/** Every collection with every field used at least once. */
function fullDataset(): Dataset {
  const ds = emptyDataset('demo', 'test', 'illustrative');
  ds.conversations = [
    {
      id: 'c1',
      userId: 'u1',
      source: 'wildchat',
      startedAt: '2024-03-01T10:00:00Z',
      turns: [
        { index: 0, role: 'user', text: 'Translate "bonjour" please.' },
        { index: 1, role: 'assistant', text: 'Hello.' },
        { index: 2, role: 'other', speaker: 'Bo', text: 'Hi.' },
        { index: 3, role: 'system', text: '' },
      ],
    },
    { id: 'c2', userId: 'u2', turns: [] },
  ];
  ds.profiles = [
    {
      userId: 'u1',
      attributes: [
        {
          text: 'The user is learning French.',
          reason: 'Asked for a translation.',
          confidence: 0.45,
          evidence: [{ conversationId: 'c1', turnIndex: 0 }],
          source: 'extractor:v1',
          members: [{ text: 'The user studies French.', reason: 'translation', confidence: 0.5 }, { text: 'The user speaks French.' }],
        },
        { text: 'The user is polite.', evidence: [], members: [] },
      ],
    },
  ];
  ds.prompts = [{ id: 'p1', text: 'Plan a trip to Lyon.' }];
  ds.goldAttributes = [
    { userId: 'u1', conversationId: 'c1', text: 'avoid horror films', category: 'content_restrictions' },
    { userId: 'u2', text: 'I like tea.' },
  ];
  const pair = { userId: 'u1', promptId: 'p1', attribute: 'The user is learning French.' };
  ds.labels = [
    { ...pair, relevant: true, yesRate: 2 / 3, nAnnotators: 3, split: 'dev', round: 'task5' },
    { ...pair, attribute: 'The user is polite.', relevant: false },
  ];
  ds.annotations = [
    { ...pair, annotator: 'A', relevant: true, grade: 'necessary_implicit', round: 'pilot' },
    { ...pair, annotator: 'B', relevant: false },
  ];
  ds.predictions = [
    { ...pair, system: 'gpt-5.4', relevant: true, score: 0.9, rawAnswer: 'YES', output: 'Reasoning...\nAnswer: YES', round: 'task5' },
    { ...pair, system: 'bm25', relevant: false },
  ];
  ds.responses = [
    { userId: 'u1', promptId: 'p1', generator: 'm', mode: 'generic', text: 'Lyon is...', attributes: [] },
    { userId: 'u1', promptId: 'p1', generator: 'm', mode: 'personalized_human', text: 'Since you are learning French...', attributes: ['The user is learning French.'] },
  ];
  ds.responsePairs = [
    {
      id: 'u1_p1_m',
      userId: 'u1',
      promptId: 'p1',
      generator: 'm',
      generic: 'Lyon is...',
      personalized: 'Since you...',
      attributes: [{ text: 'The user is learning French.', relevant: true }, { text: 'The user is polite.' }],
    },
  ];
  ds.ratings = [
    { rater: 'prolific:123', raterKind: 'human', pairId: 'u1_p1_m', attribute: 'The user is learning French.', score: 4, order: 'personalized_first' },
    { rater: 'claude', raterKind: 'llm', pairId: 'u1_p1_m', attribute: 'The user is polite.', score: 3 },
  ];
  ds.attributeJudgments = [
    { annotator: 'A', userId: 'u1', attribute: 'The user is learning French.', verdict: 'doesnt_make_sense', failureMode: 'overgeneralization', note: 'one request' },
    { annotator: 'B', userId: 'u1', attribute: 'The user is polite.', verdict: 'maybe' },
  ];
  return ds;
}

/** The data, not where it was read from. */
function content(ds: Dataset) {
  const { files: _files, format: _format, ...rest } = ds;
  return rest;
}

describe('attune JSONL export and import', () => {
  it('round-trips every collection and field', () => {
    const ds = fullDataset();
    const dir = path.join(tmp, 'full');
    const written = writeAttuneJsonl(ds, dir);
    expect(written).toEqual(['dataset.json', ...ATTUNE_FILES.map((f) => f.file)]);
    expect(attuneJsonlAdapter.detect(dir)).toBe(true);
    const back = attuneJsonlAdapter.load(dir);
    expect(back.format).toBe('attune');
    expect(back.files).toEqual(written);
    expect(content(back)).toEqual(content(ds));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'dataset.json'), 'utf8'))).toEqual({ name: 'demo', provenance: 'illustrative' });
    expect(fs.readFileSync(path.join(dir, 'prompts.jsonl'), 'utf8')).toBe('{"id":"p1","text":"Plan a trip to Lyon."}\n');
  });

  it('writes only non-empty collections, and reads a folder without dataset.json', () => {
    const ds = emptyDataset('tiny', 'x', 'human');
    ds.prompts = [{ id: 'p', text: 't' }];
    const dir = path.join(tmp, 'tiny');
    expect(writeAttuneJsonl(ds, dir)).toEqual(['dataset.json', 'prompts.jsonl']);
    fs.rmSync(path.join(dir, 'dataset.json'));
    const back = attuneJsonlAdapter.load(dir);
    expect(back.name).toBe('tiny');
    expect(back.provenance).toBe('mixed');
    expect(back.prompts).toEqual([{ id: 'p', text: 't' }]);
  });

  it('fills schema defaults on import', () => {
    const dir = path.join(tmp, 'defaults');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'profiles.jsonl'), '{"userId":"u","attributes":[{"text":"The user cooks."}]}\n\n');
    fs.writeFileSync(path.join(dir, 'ratings.jsonl'), '{"rater":"r","pairId":"p","attribute":"a","score":5}\r\n');
    const back = attuneJsonlAdapter.load(dir);
    expect(back.profiles[0]!.attributes[0]).toEqual({ text: 'The user cooks.', evidence: [], members: [] });
    expect(back.ratings[0]!.raterKind).toBe('human');
  });

  it('replaces an earlier export in place', () => {
    const dir = path.join(tmp, 'replace');
    writeAttuneJsonl(fullDataset(), dir);
    const ds = emptyDataset('second', 'x', 'human');
    ds.prompts = [{ id: 'p2', text: 'again' }];
    writeAttuneJsonl(ds, dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['dataset.json', 'prompts.jsonl']);
    expect(content(attuneJsonlAdapter.load(dir))).toEqual(content(ds));
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('.replace'))).toEqual([]);
  });

  it('a record that does not validate leaves nothing behind and names file, line and field', () => {
    const ds = fullDataset();
    ds.ratings[1]!.score = 7;
    const dir = path.join(tmp, 'fails');
    const e = errorOf(() => writeAttuneJsonl(ds, dir));
    expect(e.message).toMatch(/^ratings\.jsonl:2: field "score": /);
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('.fails'))).toEqual([]);
  });

  it('a failed export keeps the previous contents', () => {
    const dir = path.join(tmp, 'keep');
    const first = fullDataset();
    writeAttuneJsonl(first, dir);
    const bad = fullDataset();
    (bad.conversations[1] as { userId: string }).userId = '';
    expect(errorOf(() => writeAttuneJsonl(bad, dir)).message).toMatch(/^conversations\.jsonl:2: field "userId"/);
    expect(content(attuneJsonlAdapter.load(dir))).toEqual(content(first));
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('.keep'))).toEqual([]);
  });

  it('refuses to replace a directory that holds other files', () => {
    const dir = path.join(tmp, 'foreign');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'thesis.tex'), 'precious');
    expect(errorOf(() => writeAttuneJsonl(fullDataset(), dir)).message).toMatch(/refusing to replace a directory that holds other files \(thesis\.tex\)/);
    expect(fs.readdirSync(dir)).toEqual(['thesis.tex']);
  });
});

describe('attune JSONL import errors', () => {
  function dirWith(name: string, files: Record<string, string>): string {
    const d = path.join(tmp, name);
    fs.mkdirSync(d, { recursive: true });
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(d, f), text);
    return d;
  }

  it('does not detect an unrelated folder', () => {
    const d = dirWith('none', { 'data.jsonl': '{}' });
    expect(attuneJsonlAdapter.detect(d)).toBe(false);
    expect(errorOf(() => attuneJsonlAdapter.load(d)).message).toMatch(/no attune files found/);
  });

  it('names file and line of a truncated line', () => {
    const d = dirWith('truncated', { 'prompts.jsonl': '{"id":"a","text":"x"}\n{"id":"b","te' });
    expect(errorOf(() => attuneJsonlAdapter.load(d)).message).toMatch(/^prompts\.jsonl:2: not valid JSON/);
  });

  it('names file, line and field of a missing field and of a wrong type', () => {
    const conv = (id: string, turns: unknown) => JSON.stringify({ id, userId: 'u', turns });
    const d = dirWith('missing', { 'conversations.jsonl': `${conv('a', [])}\n${conv('b', [{ index: 0, role: 'user' }])}\n` });
    const e = errorOf(() => attuneJsonlAdapter.load(d));
    expect(e.message).toMatch(/^conversations\.jsonl:2: field "turns\.0\.text": /);
    expect([e.file, e.line, e.field]).toEqual(['conversations.jsonl', 2, 'turns.0.text']);

    const d2 = dirWith('wrongtype', { 'labels.jsonl': '{"userId":"u","promptId":"p","attribute":"a","relevant":"yes"}\n' });
    expect(errorOf(() => attuneJsonlAdapter.load(d2)).message).toMatch(/^labels\.jsonl:1: field "relevant": /);

    const d3 = dirWith('badrole', { 'conversations.jsonl': conv('a', [{ index: 0, role: 'bot', text: 'x' }]) });
    expect(errorOf(() => attuneJsonlAdapter.load(d3)).field).toBe('turns.0.role');
  });

  it('checks dataset.json and duplicate conversation ids', () => {
    const d = dirWith('meta', { 'dataset.json': '{"name":"x","provenance":"crowd"}' });
    expect(errorOf(() => attuneJsonlAdapter.load(d)).message).toMatch(/^dataset\.json: field "provenance"/);
    const line = JSON.stringify({ id: 'c', userId: 'u', turns: [] });
    const d2 = dirWith('dup', { 'conversations.jsonl': `${line}\n\n${line}\n` });
    expect(errorOf(() => attuneJsonlAdapter.load(d2)).message).toBe('conversations.jsonl:3: field "id": duplicate conversation id "c" (first on line 1)');
  });
});

describe.skipIf(!hasShared('laps') || !hasShared('locomo'))('attune JSONL round trip of shared datasets', () => {
  it('LAPS and LoCoMo export and import unchanged', () => {
    for (const [name, ds] of [
      ['laps', lapsAdapter.load(sharedPath('laps'))],
      ['locomo', locomoAdapter.load(sharedPath('locomo'))],
    ] as const) {
      const dir = path.join(tmp, `shared-${name}`);
      writeAttuneJsonl(ds, dir);
      const back = attuneJsonlAdapter.load(dir);
      expect(back.provenance).toBe(ds.provenance);
      expect(content(back), name).toEqual(content(ds));
    }
  });
});
