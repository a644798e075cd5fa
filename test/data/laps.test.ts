import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lapsAdapter, lapsFiles } from '../../src/data/laps.js';
import type { Dataset } from '../../src/model/index.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { tempDir, writeDir, dataErrorOf } from '../support/tmp.js';

const tmp = tempDir('attune-laps-');

const dirWith = (name: string, files: Record<string, unknown>): string => writeDir(tmp, name, files);

const errorOf = dataErrorOf;

const record = (worker: string, topic = 'movie') => ({
  worker_id: worker,
  topic,
  sessions: [
    {
      dialogue: [
        { role: 'Assistant', turn_number: 0, message: 'Hi! What shall we watch?' },
        { role: 'User', turn_number: 1, message: 'Something with my kids, no horror.' },
      ],
      preferences: { content_restrictions: ['avoid horror films', '  '], companions: ['kids'] },
      task_setting: 'main',
    },
    { dialogue: [{ role: 'User', turn_number: 0, message: 'Again!' }], preferences: {}, task_setting: 'main' },
  ],
});

describe('laps adapter on small files', () => {
  it('maps workers to users, sessions to conversations, preference values to gold attributes', () => {
    const d = dirWith('mini', { 'movie_dataset_test.json': JSON.stringify([record('w1')]) });
    expect(lapsAdapter.detect(d)).toBe(true);
    const ds = lapsAdapter.load(d);
    expect(ds.format).toBe('laps');
    expect(ds.provenance).toBe('human');
    expect(ds.files).toEqual(['movie_dataset_test.json']);
    expect(ds.conversations).toEqual([
      {
        id: 'laps/movie/test/w1/0',
        userId: 'laps/movie/w1',
        source: 'laps/movie',
        turns: [
          { index: 0, role: 'assistant', text: 'Hi! What shall we watch?' },
          { index: 1, role: 'user', text: 'Something with my kids, no horror.' },
        ],
      },
      { id: 'laps/movie/test/w1/1', userId: 'laps/movie/w1', source: 'laps/movie', turns: [{ index: 0, role: 'user', text: 'Again!' }] },
    ]);
    // blank values are dropped
    expect(ds.goldAttributes).toEqual([
      { userId: 'laps/movie/w1', conversationId: 'laps/movie/test/w1/0', text: 'avoid horror films', category: 'content_restrictions' },
      { userId: 'laps/movie/w1', conversationId: 'laps/movie/test/w1/0', text: 'kids', category: 'companions' },
    ]);
  });

  it('keeps the same worker id in two topics apart', () => {
    const d = dirWith('both-topics', {
      'movie_dataset_train.json': JSON.stringify([record('w1')]),
      'recipe_dataset_train.json': JSON.stringify([record('w1', 'recipe')]),
    });
    const users = new Set(lapsAdapter.load(d).conversations.map((c) => c.userId));
    expect([...users]).toEqual(['laps/movie/w1', 'laps/recipe/w1']);
  });

  it('reads a union file only when the topic has no split files', () => {
    const d = dirWith('union', {
      'movie_dataset.json': JSON.stringify([record('u')]),
      'recipe_dataset.json': JSON.stringify([record('r', 'recipe')]),
      'recipe_dataset_val.json': JSON.stringify([record('v', 'recipe')]),
    });
    expect(lapsFiles(d).map((f) => f.file)).toEqual(['movie_dataset.json', 'recipe_dataset_val.json']);
    expect(lapsAdapter.load(d).conversations.map((c) => c.id)).toEqual([
      'laps/movie/all/u/0',
      'laps/movie/all/u/1',
      'laps/recipe/val/v/0',
      'laps/recipe/val/v/1',
    ]);
  });

  it('does not detect an unrelated folder and says what it expected', () => {
    const d = dirWith('empty', { 'notes.txt': 'hi' });
    expect(lapsAdapter.detect(d)).toBe(false);
    expect(errorOf(() => lapsAdapter.load(d)).message).toMatch(/no LAPS files found/);
  });

  it('names the file and the line of truncated JSON', () => {
    const text = JSON.stringify([record('w1'), record('w2')], null, 2);
    const d = dirWith('truncated', { 'movie_dataset_val.json': text.slice(0, Math.floor(text.length / 2)) });
    const e = errorOf(() => lapsAdapter.load(d));
    expect(e.file).toBe('movie_dataset_val.json');
    expect(e.line).toBe(text.slice(0, Math.floor(text.length / 2)).split('\n').length);
    expect(e.message).toMatch(/^movie_dataset_val\.json:\d+: not valid JSON/);
  });

  it('names the line of a syntax error that JSON.parse gives no position for', () => {
    const d = dirWith('syntax', { 'movie_dataset_val.json': '[\n{"worker_id": "a",\n "topic": x}\n]' });
    const e = errorOf(() => lapsAdapter.load(d));
    expect(e.message).toMatch(/^movie_dataset_val\.json:3: not valid JSON/);
  });

  it('names the record and field of a missing field', () => {
    const bad = [record('w1'), record('w2')] as Record<string, unknown>[];
    delete (bad[1]!.sessions as { dialogue: Record<string, unknown>[] }[])[0]!.dialogue[1]!.message;
    const d = dirWith('missing', { 'movie_dataset_train.json': JSON.stringify(bad) });
    const e = errorOf(() => lapsAdapter.load(d));
    expect(e.file).toBe('movie_dataset_train.json');
    expect(e.field).toBe('[1].sessions[0].dialogue[1].message');
    expect(e.message).toContain('movie_dataset_train.json: field "[1].sessions[0].dialogue[1].message"');
  });

  it('names the record and field of a wrong type and a wrong topic', () => {
    const bad = [record('w1')] as Record<string, unknown>[];
    (bad[0]!.sessions as { preferences: unknown }[])[1]!.preferences = { genre: 'comedy' };
    const d = dirWith('wrongtype', { 'movie_dataset_train.json': JSON.stringify(bad) });
    expect(errorOf(() => lapsAdapter.load(d)).field).toBe('[0].sessions[1].preferences.genre');

    const d2 = dirWith('wrongtopic', { 'movie_dataset_train.json': JSON.stringify([record('w1', 'recipe')]) });
    const e2 = errorOf(() => lapsAdapter.load(d2));
    expect(e2.field).toBe('[0].topic');
    expect(e2.message).toMatch(/topic "recipe" in a movie file/);
  });

  it('rejects a top-level object', () => {
    const d = dirWith('object', { 'movie_dataset_train.json': '{"worker_id": "x"}' });
    expect(errorOf(() => lapsAdapter.load(d)).message).toMatch(/^movie_dataset_train\.json: expected a JSON array/);
  });
});

describe.skipIf(!hasShared('laps'))('laps adapter on the shared data', () => {
  const expected = {
    'movie/train': { workers: 132, sessions: 290, turns: 3974, prefs: 2367 },
    'movie/val': { workers: 19, sessions: 46, turns: 642, prefs: 365 },
    'recipe/train': { workers: 347, sessions: 691, turns: 9342, prefs: 5659 },
    'recipe/val': { workers: 50, sessions: 97, turns: 1333, prefs: 793 },
  };
  let ds: Dataset;
  let ms: number;
  beforeAll(() => {
    const t = performance.now();
    ds = lapsAdapter.load(sharedPath('laps'));
    ms = performance.now() - t;
  });

  it('detects the folder and reads every split present', () => {
    expect(lapsAdapter.detect(sharedPath('laps'))).toBe(true);
    expect(ds.files).toEqual(['movie_dataset_train.json', 'movie_dataset_val.json', 'recipe_dataset_train.json', 'recipe_dataset_val.json']);
  });

  it('matches the README counts per file', () => {
    for (const [split, want] of Object.entries(expected)) {
      const prefix = `laps/${split}/`;
      const convs = ds.conversations.filter((c) => c.id.startsWith(prefix));
      const ids = new Set(convs.map((c) => c.id));
      expect({
        workers: new Set(convs.map((c) => c.userId)).size,
        sessions: convs.length,
        turns: convs.reduce((s, c) => s + c.turns.length, 0),
        prefs: ds.goldAttributes.filter((g) => ids.has(g.conversationId!)).length,
      }, split).toEqual(want);
    }
    expect(new Set(ds.conversations.map((c) => c.id)).size).toBe(1124);
  });

  it('keeps workers who did both topics as two users', () => {
    // 41 train workers wrote both movie and recipe dialogues; 548 = 132 + 19 + 347 + 50.
    expect(new Set(ds.conversations.map((c) => c.userId)).size).toBe(548);
  });

  it('loads in well under a second', () => {
    // About 0.3 s (LAPS) and 0.5 s (LoCoMo + MSC) cold on an idle core; the bound leaves room for a busy CI box.
    expect(ms).toBeLessThan(2500);
  });

  it('loads a folder that holds only one split', () => {
    const d = path.join(tmp, 'only-val');
    fs.mkdirSync(d);
    fs.symlinkSync(sharedPath('laps', 'movie_dataset_val.json'), path.join(d, 'movie_dataset_val.json'));
    const one = lapsAdapter.load(d);
    expect(one.files).toEqual(['movie_dataset_val.json']);
    expect(one.conversations).toHaveLength(46);
    expect(one.goldAttributes).toHaveLength(365);
  });
});
