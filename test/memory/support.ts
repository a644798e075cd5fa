import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createAttune, type Attune, type AttuneOptions } from '../../src/memory/index.js';
import { bowEmbedder } from '../support/fake-embedder.js';

/** An attune on a fresh SQLite file in `dir`, with the bag-of-words embedder (fast, deterministic). */
export function sqliteAttune(dir: string, name: string, opts: AttuneOptions = {}): { attune: Attune; file: string } {
  const file = path.join(dir, `${name}.sqlite`);
  return { attune: createAttune({ store: file, embedder: bowEmbedder, ...opts }), file };
}

/** Checkpoints and vacuums a SQLite file (from another connection), then returns its bytes, WAL included. */
export function fileBytes(file: string): Buffer {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const parts = [fs.readFileSync(file)];
  for (const extra of [`${file}-wal`, `${file}-journal`]) if (fs.existsSync(extra)) parts.push(fs.readFileSync(extra));
  return Buffer.concat(parts);
}

/** A conversation (AI SDK messages) in which the user says things the offline extractor reads. */
export function chat(...userTurns: string[]): { role: 'user' | 'assistant'; content: string }[] {
  return userTurns.flatMap((t, i) => [
    { role: 'user' as const, content: t },
    { role: 'assistant' as const, content: `Noted (${i}).` },
  ]);
}
