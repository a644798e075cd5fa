// The SQLite single writer's group commit (store/native.ts): transactions queued together share one COMMIT, each
// in a savepoint of its own, and none settles before that COMMIT.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

describe('SQLite group commit', () => {
  let dir: string;
  let file: string;
  let store: Store;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-native-'));
    file = path.join(dir, 's.sqlite');
    store = await openStore(file);
    await store.native!.run('create table scratch (x integer primary key)');
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The rows another connection sees: only committed ones. */
  const committed = () => {
    const other = new Database(file, { readonly: true });
    try {
      return (other.prepare('select x from scratch order by x').all() as { x: number }[]).map((r) => r.x);
    } finally {
      other.close();
    }
  };

  it('rolls back only the transaction that threw, and settles each after the shared commit', async () => {
    const sql = store.native!;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // Holds the writer, so the next three queue up and run as one batch.
    const first = sql.transaction(async (tx) => {
      await tx.run('insert into scratch (x) values (1)');
      await held;
    });
    await new Promise((r) => setTimeout(r, 10));
    const seen: number[][] = [];
    const b = sql.transaction(async (tx) => tx.run('insert into scratch (x) values (2)')).then(() => seen.push(committed()));
    const c = sql.transaction(async (tx) => {
      await tx.run('insert into scratch (x) values (3)');
      throw new Error('changed my mind');
    });
    const d = sql.transaction(async (tx) => tx.run('insert into scratch (x) values (4)')).then(() => seen.push(committed()));
    const plain = sql.run('insert into scratch (x) values (5)'); // queued: a transaction is open
    release();
    await first;
    await expect(c).rejects.toThrow('changed my mind');
    await Promise.all([b, d, plain]);
    // When b and d resolved, their rows (and the whole batch's) were visible to another connection.
    expect(seen).toEqual([[1, 2, 4, 5], [1, 2, 4, 5]]);
    expect(committed()).toEqual([1, 2, 4, 5]);
  });

  it('rolls back a transaction whose statement failed, and serves the next one', async () => {
    const sql = store.native!;
    await expect(sql.transaction(async (tx) => tx.run('insert into scratch (x) values (1), (1)'))).rejects.toThrow(/UNIQUE/);
    expect(committed()).toEqual([]);
    await sql.transaction(async (tx) => tx.run('insert into scratch (x) values (7)'));
    expect(committed()).toEqual([7]);
  });
});
