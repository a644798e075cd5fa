import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { hasPendingMigrations, migrateToLatest } from './migrations/index.js';
import type { Database } from './schema.js';
import { postgresNative, sqliteNative } from './native.js';
import { Store } from './store.js';

export interface OpenStoreOptions {
  /**
   * Postgres only: keep every table in this schema (created if missing), e.g. one per test run.
   * Also settable as `?schema=name` on the URL.
   */
  schema?: string;
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /** Postgres pool size (default 5). */
  poolSize?: number;
  /** SQLite busy timeout in ms (default 5000): how long a writer waits for another process' lock. */
  busyTimeoutMs?: number;
  /**
   * SQLite: `synchronous = FULL`, so a committed write survives a power loss or OS crash too (each commit waits
   * for fsync). Default NORMAL (WAL): commits survive the process being killed, not the machine losing power.
   */
  durable?: boolean;
}

/** Where the store lives when no URL is given: $ATTUNE_STORE, else `.attune/attune.sqlite` under the cwd. */
export function defaultStoreUrl(): string {
  return process.env.ATTUNE_STORE || path.join(process.cwd(), '.attune', 'attune.sqlite');
}

export type StoreTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string };

/**
 * What a store URL means: `postgres://` / `postgresql://` -> Postgres; `sqlite:path`, `sqlite:///abs/path`,
 * a plain path or `:memory:` -> SQLite (relative paths are resolved against the cwd).
 */
export function parseStoreUrl(url: string = defaultStoreUrl()): StoreTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const u = new URL(url);
    const schema = u.searchParams.get('schema') ?? undefined;
    u.searchParams.delete('schema');
    return schema ? { kind: 'postgres', url: u.toString(), schema } : { kind: 'postgres', url: u.toString() };
  }
  let file = url.replace(/^sqlite:/i, '');
  if (file !== url && file.startsWith('//')) file = file.slice(2); // sqlite:///abs/path, sqlite://rel/path
  if (file === '') throw new Error(`store URL ${JSON.stringify(url)} names no SQLite file`);
  return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
}

/** Opens (and migrates) the store at `url`; see `parseStoreUrl` for what a URL may be. Close it with `store.close()`. */
export async function openStore(url?: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url ?? defaultStoreUrl());
  if (target.kind === 'sqlite') {
    const { store, raw } = openSqlite(target.file, options);
    if (options.migrate !== false) {
      try {
        await migrateSqlite(store.db, raw, options.busyTimeoutMs ?? DEFAULT_BUSY_MS);
      } catch (e) {
        await store.close().catch(() => {});
        throw e;
      }
    }
    return store;
  }
  const store = await openPostgres(target.url, options.schema ?? target.schema, options);
  if (options.migrate !== false) {
    try {
      // Postgres: kysely's migrator takes an advisory lock and runs the migrations in one transaction.
      await migrateToLatest(store.db, store.schema ? { schema: store.schema } : {});
    } catch (e) {
      await store.close().catch(() => {});
      throw e;
    }
  }
  return store;
}

const DEFAULT_BUSY_MS = 5000;

/**
 * kysely runs SQLite migrations outside a transaction and without a lock. Here they run inside one
 * BEGIN IMMEDIATE transaction on the store's own connection: a failed migration leaves nothing half-made, and two
 * processes opening a fresh file do not both create the tables. The write lock is awaited asynchronously (busy
 * timeout 0 and retries), because better-sqlite3 waits synchronously and would freeze another connection of this
 * same process that holds the lock.
 */
async function migrateSqlite(db: Kysely<Database>, raw: BetterSqlite3.Database, waitMs: number): Promise<void> {
  if (!(await hasPendingMigrations(db))) return;
  const deadline = Date.now() + waitMs;
  const busy = raw.pragma('busy_timeout', { simple: true }) as number;
  raw.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        raw.exec('BEGIN IMMEDIATE');
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  } finally {
    raw.pragma(`busy_timeout = ${busy}`);
  }
  try {
    await migrateToLatest(db);
    raw.exec('COMMIT');
  } catch (e) {
    if (raw.inTransaction) raw.exec('ROLLBACK');
    throw e;
  }
}

function openSqlite(file: string, options: OpenStoreOptions): { store: Store; raw: BetterSqlite3.Database } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_MS))}`);
  if (file !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma(options.durable ? 'synchronous = FULL' : 'synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(database) }) });
  return { store: new Store(db, 'sqlite', async () => {}, undefined, sqliteNative(db, database)), raw: database };
}

const STATEMENTS_KEPT = 256;

/**
 * Kysely's SQLite driver prepares every query again; the hot ones (a select's profile read and usage row) are the same
 * SQL every time, so prepared statements are kept by their text (bounded, oldest dropped). A statement still
 * iterating a streamed select is busy: that caller gets a fresh one.
 */
function reusingStatements(database: BetterSqlite3.Database): { prepare(sql: string): BetterSqlite3.Statement; close(): void } {
  const kept = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql) {
      const old = kept.get(sql);
      if (old && !old.busy) return old;
      const stmt = database.prepare(sql);
      if (!old) {
        if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
        kept.set(sql, stmt);
      }
      return stmt;
    },
    close: () => database.close(),
  };
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

async function openPostgres(url: string, schema: string | undefined, options: OpenStoreOptions) {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid Postgres schema name ${JSON.stringify(schema)}`);
  // Loaded here, not at the top: a SQLite store (the CLI's one-shot commands) need not load the Postgres driver.
  const { default: pg } = await import('pg');
  if (schema) {
    // Create the schema before the pool pins search_path to it.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists "${schema}"`).catch((e: { code?: string }) => {
        // Two openers at once: "if not exists" can still lose the race on pg_namespace's unique index.
        if (e.code !== '23505' && e.code !== '42P06') throw e;
      });
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 5,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A client losing its connection (Postgres restarted, pg_terminate_backend) must not crash the process: idle
  // clients report it on the pool, checked-out ones on themselves. The query in flight fails with the error, the
  // pool drops the dead client when it comes back, and the next query opens a new connection.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (e) {
    await db.destroy();
    throw new Error(`cannot connect to Postgres at ${redact(url)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return new Store(db, 'postgres', async () => {}, schema, postgresNative(pool));
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
