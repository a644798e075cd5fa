/**
 * What differs between the store's two backends, in one place: the rest of the code asks the store's dialect
 * (`store.sqlDialect`) instead of branching on its name.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { SqlRunner } from './native-sql.js';
import { MAX_PARAMS, type StoreDialect } from './records.js';
import type { Database } from './schema.js';

export interface SqlDialect {
  readonly name: StoreDialect;
  /** Bound parameters allowed in one statement. */
  readonly maxParams: number;
  /** Data-modifying statements inside WITH, so several writes go in one round trip. */
  readonly writesInWith: boolean;
  /** attune's server-side functions exist (migration 0007). */
  readonly serverFunctions: boolean;
  /**
   * The locking clauses to try in turn on a select that picks a row other transactions may be taking at the same
   * moment: first skip the rows being taken, then wait for them (they may still have room after).
   */
  readonly pickLocks: readonly string[];
  /** The clause that locks the rows a select reads until the transaction ends (of `tables`, when given). */
  forUpdate(tables?: string): string;
  /** Locks one row by id until the transaction ends, serialising what its owner does. */
  lockRow(tx: SqlRunner, table: 'annotators', id: string): Promise<void>;
  /**
   * Inside a kysely transaction: holds `key` until the transaction ends, so transactions on the same key take
   * turns. `first`: the transaction holds no key yet.
   */
  lockKey(trx: Kysely<Database>, key: string, first: boolean): Promise<void>;
  /** From now on, deleted rows are overwritten, not only unlinked (so erased text is not left in free pages). */
  secureDelete(db: Kysely<Database>): Promise<void>;
  /** No copy of deleted pages stays in a write-ahead log beside the database file. */
  checkpoint(db: Kysely<Database>): Promise<void>;
  /** Freed pages leave the database file. */
  compact(db: Kysely<Database>): Promise<void>;
  /**
   * Inserts one row whose loss in a crash costs nothing (a record of what a select used), without waiting for the
   * commit to reach the disk where the backend can: one round trip either way. Outside a transaction only.
   */
  insertLazily<T extends keyof Database & string>(db: Kysely<Database>, table: T, row: Insertable<Database[T]>): Promise<void>;
}

/** The row's columns and values, in one order. */
function columnsOf(row: object): { cols: ReturnType<typeof sql.ref>[]; values: unknown[] } {
  const entries = Object.entries(row);
  return { cols: entries.map(([c]) => sql.ref(c)), values: entries.map(([, v]) => v) };
}

async function insertRow(db: Kysely<Database>, table: string, row: object): Promise<void> {
  const { cols, values } = columnsOf(row);
  await sql`insert into ${sql.table(table)} (${sql.join(cols)}) values (${sql.join(values)})`.execute(db);
}

/**
 * SQLite: one writer at a time. A transaction that writes holds the whole database (BEGIN IMMEDIATE, or its first
 * write), so there are no row locks to take; erased bytes are zeroed, checkpointed out of the WAL and vacuumed away.
 */
const sqlite: SqlDialect = {
  name: 'sqlite',
  maxParams: MAX_PARAMS.sqlite,
  writesInWith: false,
  serverFunctions: false,
  pickLocks: [''],
  forUpdate: () => '',
  lockRow: async () => {},
  async lockKey(trx, _key, first) {
    // The database's write lock, taken before the transaction's first read: a deferred transaction that read
    // first and then wrote would fail with "database is locked" instead of waiting its busy timeout.
    if (first) await sql`update memory_conversations set id = id where 0`.execute(trx);
  },
  async secureDelete(db) {
    await sql`PRAGMA secure_delete = ON`.execute(db);
  },
  async checkpoint(db) {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  },
  async compact(db) {
    await sql`VACUUM`.execute(db);
  },
  // WAL with synchronous = NORMAL already commits without an fsync.
  insertLazily: (db, table, row) => insertRow(db, table, row),
};

/**
 * Postgres: row locks and transaction-scoped advisory locks. Deleted rows are gone for every reader at commit;
 * their bytes stay in the table files until VACUUM reuses the space, which is the operator's to run.
 */
const postgres: SqlDialect = {
  name: 'postgres',
  maxParams: MAX_PARAMS.postgres,
  writesInWith: true,
  serverFunctions: true,
  pickLocks: [' for update skip locked', ' for update'],
  forUpdate: (tables) => (tables ? ` for update of ${tables}` : ' for update'),
  async lockRow(tx, table, id) {
    // A statement of its own: rows joined to a locked row would come from the snapshot taken before the wait.
    await tx.all(`select id from ${table} where id = ? for update`, [id]);
  },
  async lockKey(trx, key) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  },
  secureDelete: async () => {},
  checkpoint: async () => {},
  compact: async () => {},
  async insertLazily(db, table, row) {
    if (db.isTransaction) return insertRow(db, table, row);
    // set_config(..., true) lasts until this statement's own transaction commits, so only this commit is lazy.
    const { cols, values } = columnsOf(row);
    await sql`insert into ${sql.table(table)} (${sql.join(cols)}) select ${sql.join(values)} from (select set_config('synchronous_commit', 'off', true)) as lazy`.execute(db);
  },
};

export const SQL_DIALECTS: Record<StoreDialect, SqlDialect> = { sqlite, postgres };
