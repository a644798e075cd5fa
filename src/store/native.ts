import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { NativeSql, Row, SqlRunner } from './native-sql.js';

export type { NativeSql, Row, SqlRunner };

/**
 * Prepared statements on the store's own connections, for request hot paths (the studio's assignment and
 * submission). kysely builds, compiles and prepares every query anew; here each SQL text is prepared once (SQLite:
 * a cached better-sqlite3 statement; Postgres: a named statement, parsed and planned once per connection).
 * SQL is written once with `?` placeholders and only plain values (strings, numbers, null) are bound.
 */

/** Postgres errors after which the whole transaction can simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;
/** SQLite: queued statements and transactions run per turn on kysely's connection before others get it. */
const SQLITE_BATCH = 64;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table shape: only the connection is used
export function sqliteNative(db: Kysely<any>, raw: BetterSqlite3.Database): NativeSql {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = raw.prepare(sql)));
    return s;
  };
  const direct: SqlRunner = {
    all: async <T>(sql: string, params: readonly unknown[] = []) => prepared(sql).all(...params) as T[],
    run: async (sql: string, params: readonly unknown[] = []) => prepared(sql).run(...params).changes,
  };
  // kysely holds its one connection behind a mutex; a statement outside it would land inside whatever
  // transaction is open on that connection. Outside any transaction a synchronous statement is safe at once.
  // Otherwise work waits in one FIFO queue, run by a single writer that takes kysely's connection for a batch
  // (kysely's mutex wakes every waiter at each release: hundreds of waiters cost hundreds of wake-ups per query).
  // Group commit: the transactions of one batch run as savepoints of one BEGIN IMMEDIATE ... COMMIT, so pages
  // they share (the same index leaves, the same item rows) go to the log once. Each settles only after that COMMIT;
  // one that throws rolls back to its savepoint and leaves the others of its batch alone.
  type Job = { run: () => Promise<() => void>; fail: (e: unknown) => void };
  const queue: Job[] = [];
  let draining = false;
  const drain = async () => {
    try {
      while (queue.length > 0) {
        await db.connection().execute(async () => {
          const batch = queue.splice(0, SQLITE_BATCH);
          const settle: (() => void)[] = [];
          prepared('BEGIN IMMEDIATE').run();
          try {
            for (const job of batch) settle.push(await job.run());
            prepared('COMMIT').run();
          } catch (e) {
            if (raw.inTransaction) prepared('ROLLBACK').run();
            for (const job of batch) job.fail(e);
            return;
          }
          for (const done of settle) done();
        });
      }
    } catch (e) {
      for (const q of queue.splice(0)) q.fail(e);
    } finally {
      draining = false;
    }
  };
  /** Queues `fn`; `isolated`: in a savepoint of its own (a transaction), else a plain statement of the batch. */
  const enqueue = <T>(fn: () => Promise<T>, isolated: boolean) => new Promise<T>((resolve, reject) => {
    queue.push({
      fail: reject,
      run: async () => {
        if (!isolated) {
          try {
            const value = await fn();
            return () => resolve(value);
          } catch (e) {
            return () => reject(e);
          }
        }
        prepared('SAVEPOINT attune_tx').run();
        try {
          const value = await fn();
          prepared('RELEASE attune_tx').run();
          return () => resolve(value);
        } catch (e) {
          prepared('ROLLBACK TO attune_tx').run();
          prepared('RELEASE attune_tx').run();
          return () => reject(e);
        }
      },
    });
    // The first job of a batch waits for this turn of the event loop to end, so that the requests read in it
    // join its batch instead of each committing alone.
    if (!draining) {
      draining = true;
      setImmediate(() => void drain());
    }
  });
  return {
    dialect: 'sqlite',
    all: (sql, params) => (raw.inTransaction ? enqueue(() => direct.all(sql, params), false) : direct.all(sql, params)),
    run: (sql, params) => (raw.inTransaction ? enqueue(() => direct.run(sql, params), false) : direct.run(sql, params)),
    transaction: (fn) => enqueue(() => fn(direct), true),
  };
}

export function postgresNative(pool: pg.Pool): NativeSql {
  const texts = new Map<string, { name: string; text: string }>();
  const statement = (sql: string) => {
    let s = texts.get(sql);
    if (!s) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      texts.set(sql, (s = { name: `attune_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text }));
    }
    return s;
  };
  const on = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    all: async <T>(sql: string, params: readonly unknown[] = []) => (await client.query({ ...statement(sql), values: [...params] })).rows as T[],
    run: async (sql: string, params: readonly unknown[] = []) => (await client.query({ ...statement(sql), values: [...params] })).rowCount ?? 0,
  });
  return {
    dialect: 'postgres',
    ...on(pool),
    async transaction(fn, opts = {}) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query(opts.lazyCommit ? 'BEGIN; SET LOCAL synchronous_commit TO off' : 'BEGIN');
          const result = await fn(on(client));
          await client.query('COMMIT');
          return result;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => (broken = true));
          const code = (e as { code?: string }).code;
          if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
          await new Promise((r) => setTimeout(r, 2 * attempt * Math.random()));
        } finally {
          client.release(broken);
        }
      }
    },
  };
}
