import fs from 'node:fs';
import path from 'node:path';
import { emptyDataset, type Dataset, type Role, type Turn } from '../model/index.js';
import type { Adapter, LoadOptions } from './adapter.js';
import { parseCsvWithHeader } from './csv.js';
import { DataError } from './errors.js';
import { readText } from './read.js';

/** Synthetic-Persona-Chat: `Synthetic-Persona-Chat_<split>.csv` with these columns. */
export const SPC_COLUMNS = { user1: 'user 1 personas', user2: 'user 2 personas', conversation: 'Best Generated Conversation' } as const;
const FILE_RE = /^Synthetic-Persona-Chat_([A-Za-z0-9_-]+)\.csv$/;

export function spcFiles(dir: string): { file: string; split: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => FILE_RE.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: m[0], split: m[1]! }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

export interface SpcTurn {
  speaker: 'User 1' | 'User 2';
  text: string;
}

/** A line that starts a turn: "User 1: ...", also "*User 1:* ..." and "* User 2: ... *" as the generator sometimes wrote. */
const SPEAKER_RE = /^\s*(\*{0,2})\s*User ([12])\s*\*{0,2}\s*:\s*\*{0,2}\s*(.*?)\s*$/i;
/** Lines with no letter or digit (e.g. "* * *") separate scenes; they are dropped. */
const DECORATION_RE = /^[^\p{L}\p{N}]*$/u;

/**
 * Splits SPC's conversation text into turns. A line starting with a speaker label starts a turn; other
 * non-blank lines (multi-line messages, recipes, stage directions such as "[A few minutes later]")
 * continue the current turn. Text before the first label belongs to the speaker who did not speak the
 * first labelled turn (the other one opened the chat). Returns [] when no line has a label.
 */
export function parseSpcConversation(text: string): SpcTurn[] {
  const turns: SpcTurn[] = [];
  const leading: string[] = [];
  for (const raw of text.split(/\r\n|\n|\r/)) {
    const m = SPEAKER_RE.exec(raw);
    if (m) {
      let said = m[3]!;
      if (m[1]) said = said.replace(/\s*\*+$/, '');
      turns.push({ speaker: m[2] === '1' ? 'User 1' : 'User 2', text: said });
      continue;
    }
    const line = raw.trim();
    if (!line || DECORATION_RE.test(line)) continue;
    const last = turns[turns.length - 1];
    if (last) last.text = last.text ? `${last.text}\n${line}` : line;
    else leading.push(line);
  }
  if (leading.length && turns.length) {
    turns.unshift({ speaker: turns[0]!.speaker === 'User 1' ? 'User 2' : 'User 1', text: leading.join('\n') });
  }
  return turns;
}

/** Persona column -> one sentence a line, blanks dropped. */
export function spcPersonas(cell: string): string[] {
  return cell.split(/\r\n|\n|\r/).map((s) => s.trim()).filter(Boolean);
}

export function spcUserId(split: string, row: number, who: 'user1' | 'user2'): string {
  return `spc/${split}/${row}/${who}`;
}

export const spcAdapter: Adapter = {
  format: 'spc',
  detect(dir: string): boolean {
    return spcFiles(dir).length > 0;
  },
  load(dir: string, opts: LoadOptions = {}): Dataset {
    const ds = emptyDataset(path.basename(path.resolve(dir)), 'spc', 'synthetic');
    const files = spcFiles(dir);
    if (!files.length) throw new DataError(dir, undefined, undefined, 'no Synthetic-Persona-Chat_<split>.csv file found');
    for (const { file, split } of files) {
      opts.onFile?.(file);
      const text = readText(path.join(dir, file), file);
      const { records } = parseCsvWithHeader(text, file, Object.values(SPC_COLUMNS));
      ds.files.push(file);
      records.forEach((rec, row) => {
        const turns = parseSpcConversation(rec.values[SPC_COLUMNS.conversation]!);
        if (!turns.length) {
          throw new DataError(file, rec.lines[SPC_COLUMNS.conversation], SPC_COLUMNS.conversation, `row ${row + 1}: no line starts with "User 1:" or "User 2:"`);
        }
        for (const [who, speaker, column] of [
          ['user1', 'User 1', SPC_COLUMNS.user1],
          ['user2', 'User 2', SPC_COLUMNS.user2],
        ] as const) {
          const personas = spcPersonas(rec.values[column]!);
          if (!personas.length) throw new DataError(file, rec.lines[column], column, `row ${row + 1}: no persona sentences`);
          const userId = spcUserId(split, row, who);
          ds.conversations.push({
            id: userId,
            userId,
            turns: turns.map((t, k): Turn => ({ index: k, role: (t.speaker === speaker ? 'user' : 'other') satisfies Role, speaker: t.speaker, text: t.text })),
            source: 'spc',
          });
          for (const p of personas) ds.goldAttributes.push({ userId, conversationId: userId, text: p, category: 'persona' });
        }
      });
    }
    return ds;
  },
};
