/**
 * The store's prepared-statement interface (implemented in native.ts). Kept apart from the drivers, so the
 * published declarations that name it (Store.native) do not pull in better-sqlite3's or pg's types, which a
 * consumer of attune need not install.
 */

export type Row = Record<string, unknown>;

export interface SqlRunner {
  /** The rows of a SELECT, or of a statement with RETURNING. */
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface NativeSql extends SqlRunner {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `fn` in one transaction and resolves after the commit. SQLite: BEGIN IMMEDIATE on the store's single
   * connection, so transactions run one at a time (a single writer) and never upgrade a read lock. Postgres: READ
   * COMMITTED on a pooled client; a deadlock or serialization failure rolls back and runs `fn` again.
   * `lazyCommit`: Postgres does not wait for the commit to reach the disk (synchronous_commit off): for writes a
   * database crash may lose without harm. A later durable commit flushes them too (the log is sequential).
   */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>, opts?: { lazyCommit?: boolean }): Promise<T>;
}
