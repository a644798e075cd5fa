import { beforeAll, describe, expect, it } from 'vitest';
import { parseSpcConversation, spcAdapter } from '../../src/data/spc.js';
import type { Dataset } from '../../src/model/index.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { tempDir, writeDir, dataErrorOf } from '../support/tmp.js';

const tmp = tempDir('attune-spc-');

const dirWith = (name: string, files: Record<string, unknown>): string => writeDir(tmp, name, files);

const errorOf = dataErrorOf;

const HEADER = 'user 1 personas,user 2 personas,Best Generated Conversation\r\n';
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const row = (p1: string, p2: string, conv: string) => `${q(p1)},${q(p2)},${q(conv)}\r\n`;

describe('parseSpcConversation', () => {
  it('splits labelled lines into turns and keeps multi-line messages together', () => {
    expect(parseSpcConversation('User 1: Hi!\nUser 2: Recipe:\n1 cup of flour\n\n2 eggs\nUser 1: Thanks')).toEqual([
      { speaker: 'User 1', text: 'Hi!' },
      { speaker: 'User 2', text: 'Recipe:\n1 cup of flour\n2 eggs' },
      { speaker: 'User 1', text: 'Thanks' },
    ]);
  });

  it('accepts markdown-decorated labels and drops scene separators', () => {
    expect(parseSpcConversation('* * *\n*User 1:* Hi there!\n* User 2: Hello! *\n[They walk.]')).toEqual([
      { speaker: 'User 1', text: 'Hi there!' },
      { speaker: 'User 2', text: 'Hello!\n[They walk.]' },
    ]);
  });

  it('gives unlabelled opening text to the speaker who did not speak first', () => {
    expect(parseSpcConversation('Hi there!\n\nMy name is User 1.\nUser 2: Hi, I am User 2.')).toEqual([
      { speaker: 'User 1', text: 'Hi there!\nMy name is User 1.' },
      { speaker: 'User 2', text: 'Hi, I am User 2.' },
    ]);
    expect(parseSpcConversation('no labels at all')).toEqual([]);
  });
});

describe('spc adapter on small files', () => {
  it('maps a row to two users, one conversation each (own turns role user, the other "other")', () => {
    const d = dirWith('mini', {
      'Synthetic-Persona-Chat_test.csv': HEADER + row('I bake.\nI knit.', 'I am a boy.', 'User 1: Hi!\nUser 2: Hello!'),
    });
    expect(spcAdapter.detect(d)).toBe(true);
    const ds = spcAdapter.load(d);
    expect(ds.provenance).toBe('synthetic');
    expect(ds.files).toEqual(['Synthetic-Persona-Chat_test.csv']);
    expect(ds.conversations).toEqual([
      {
        id: 'spc/test/0/user1',
        userId: 'spc/test/0/user1',
        source: 'spc',
        turns: [
          { index: 0, role: 'user', speaker: 'User 1', text: 'Hi!' },
          { index: 1, role: 'other', speaker: 'User 2', text: 'Hello!' },
        ],
      },
      {
        id: 'spc/test/0/user2',
        userId: 'spc/test/0/user2',
        source: 'spc',
        turns: [
          { index: 0, role: 'other', speaker: 'User 1', text: 'Hi!' },
          { index: 1, role: 'user', speaker: 'User 2', text: 'Hello!' },
        ],
      },
    ]);
    expect(ds.goldAttributes).toEqual([
      { userId: 'spc/test/0/user1', conversationId: 'spc/test/0/user1', text: 'I bake.', category: 'persona' },
      { userId: 'spc/test/0/user1', conversationId: 'spc/test/0/user1', text: 'I knit.', category: 'persona' },
      { userId: 'spc/test/0/user2', conversationId: 'spc/test/0/user2', text: 'I am a boy.', category: 'persona' },
    ]);
  });

  it('does not detect other CSV files', () => {
    const d = dirWith('none', { 'other.csv': HEADER });
    expect(spcAdapter.detect(d)).toBe(false);
    expect(errorOf(() => spcAdapter.load(d)).message).toMatch(/no Synthetic-Persona-Chat_<split>\.csv/);
  });

  it('names file and line of a truncated file (an unclosed quoted field)', () => {
    const text = HEADER + row('A.\nB.', 'C.', 'User 1: Hi\nUser 2: Yo') + row('D.', 'E.', 'User 1: Hi\nUser 2: Yo');
    const d = dirWith('truncated', { 'Synthetic-Persona-Chat_valid.csv': text.slice(0, text.length - 12) });
    const e = errorOf(() => spcAdapter.load(d));
    expect(e.message).toBe('Synthetic-Persona-Chat_valid.csv:5: quoted field 3 is never closed (missing \'"\')');
  });

  it('names a missing column', () => {
    const d = dirWith('nocol', { 'Synthetic-Persona-Chat_valid.csv': 'user 1 personas,Best Generated Conversation\r\n"a","User 1: hi"\r\n' });
    const e = errorOf(() => spcAdapter.load(d));
    expect(e.message).toMatch(/^Synthetic-Persona-Chat_valid\.csv:1: field "user 2 personas": missing column/);
  });

  it('names the line and column of a conversation without speaker labels and of empty personas', () => {
    const text = HEADER + row('A.\nB.', 'C.', 'User 1: Hi\nUser 2: Yo') + row('D.', 'E.', 'hello\nthere');
    const e = errorOf(() => spcAdapter.load(dirWith('nolabels', { 'Synthetic-Persona-Chat_valid.csv': text })));
    expect(e.message).toBe('Synthetic-Persona-Chat_valid.csv:5: field "Best Generated Conversation": row 2: no line starts with "User 1:" or "User 2:"');

    const text2 = HEADER + row('A.', 'C.', 'User 1: Hi') + row('D.\nE.', ' \n', 'User 1: Hi');
    const e2 = errorOf(() => spcAdapter.load(dirWith('nopersona', { 'Synthetic-Persona-Chat_valid.csv': text2 })));
    expect(e2.message).toBe('Synthetic-Persona-Chat_valid.csv:4: field "user 2 personas": row 2: no persona sentences');
  });

  it('names the line of a record with too few fields', () => {
    const text = HEADER + row('A.', 'C.', 'User 1: Hi') + `${q('D.')},${q('User 1: Hi')}\r\n`;
    const e = errorOf(() => spcAdapter.load(dirWith('short', { 'Synthetic-Persona-Chat_valid.csv': text })));
    expect(e.message).toBe('Synthetic-Persona-Chat_valid.csv:3: record has 2 fields, the header has 3');
  });
});

describe.skipIf(!hasShared('synthetic-persona-chat'))('spc adapter on the shared data', () => {
  let ds: Dataset;
  beforeAll(() => {
    ds = spcAdapter.load(sharedPath('synthetic-persona-chat'));
  });

  it('reads the valid split: 1,000 conversations, each seen by both users', () => {
    expect(spcAdapter.detect(sharedPath('synthetic-persona-chat'))).toBe(true);
    expect(ds.files).toEqual(['Synthetic-Persona-Chat_valid.csv']);
    const rows = new Set(ds.conversations.map((c) => c.id.replace(/\/user[12]$/, '')));
    expect(rows.size).toBe(1000);
    expect(ds.conversations).toHaveLength(2000);
    expect(new Set(ds.conversations.map((c) => c.userId)).size).toBe(2000);
  });

  it('measured: 27,778 turns per view, 4,495 + 4,483 persona sentences', () => {
    const user1 = ds.conversations.filter((c) => c.userId.endsWith('/user1'));
    expect(user1.reduce((s, c) => s + c.turns.length, 0)).toBe(27778);
    expect(ds.goldAttributes.filter((g) => g.userId.endsWith('/user1'))).toHaveLength(4495);
    expect(ds.goldAttributes.filter((g) => g.userId.endsWith('/user2'))).toHaveLength(4483);
  });

  it('every turn has a speaker and most turns are short single lines', () => {
    const turns = ds.conversations.flatMap((c) => c.turns);
    expect(turns.every((t) => t.speaker === 'User 1' || t.speaker === 'User 2')).toBe(true);
    expect(turns.filter((t) => t.text.includes('\n')).length / turns.length).toBeLessThan(0.01);
  });
});
