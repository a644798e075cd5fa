import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Embedder } from './embedder.js';

/**
 * The per-user vector cache, shared by every folder a command runs in: `$ATTUNE_EMBED_CACHE`, else
 * `$XDG_CACHE_HOME/attune/embeddings.sqlite`, else `~/.cache/attune/embeddings.sqlite`.
 */
export function defaultCachePath(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  if (env.ATTUNE_EMBED_CACHE) return env.ATTUNE_EMBED_CACHE;
  // XDG: a relative XDG_CACHE_HOME is invalid and ignored
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache');
  return path.join(base, 'attune', 'embeddings.sqlite');
}

/** The cache key: sha256 of the embedder id and the text, hex. */
export function vectorKey(embedderId: string, text: string): string {
  return createHash('sha256').update(embedderId).update('\u0000').update(text).digest('hex');
}

/** Where CachedEmbedder keeps vectors between runs. */
export interface VectorCache {
  /** One entry per key, undefined for a miss. */
  getMany(keys: readonly string[]): (Float32Array | undefined)[];
  putMany(entries: readonly (readonly [string, Float32Array])[]): void;
  /** Deletes these keys; returns how many entries there were. */
  deleteMany?(keys: readonly string[]): number;
  /** A number that changes whenever any process deleted keys: a cache in memory in front of it must then be dropped. */
  generation?(): number;
  close?(): void;
}

/**
 * Persistent vectors in one SQLite file: `vectors(key TEXT PRIMARY KEY, dim INTEGER, vec BLOB)`, the BLOB
 * holding the float32 values (little-endian, as the platform stores them). WAL mode and a busy timeout let
 * several processes (test workers, a CLI and a server) share the file. Deleted entries are overwritten with
 * zeros (`secure_delete`) and the WAL is checkpointed, so a forgotten key leaves the file; every delete bumps a
 * generation counter in the file, which tells the other processes sharing it to drop their in-memory copies.
 */
export class SqliteVectorCache implements VectorCache {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string], { dim: number; vec: Buffer }>;
  private readonly putStmt: Database.Statement<[string, number, Buffer]>;
  private readonly generationStmt: Database.Statement<[], { n: number }>;

  /** `file` may be ':memory:'. Parent folders are created. */
  constructor(file: string = defaultCachePath()) {
    this.path = file;
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 10000');
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('secure_delete = ON');
    this.db.exec('CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER NOT NULL, vec BLOB NOT NULL)');
    this.db.exec('CREATE TABLE IF NOT EXISTS generations (name TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    this.getStmt = this.db.prepare('SELECT dim, vec FROM vectors WHERE key = ?');
    this.putStmt = this.db.prepare('INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)');
    // read before every embed() of a CachedEmbedder: prepared once
    this.generationStmt = this.db.prepare("SELECT n FROM generations WHERE name = 'deletes'");
  }

  get(key: string): Float32Array | undefined {
    const row = this.getStmt.get(key);
    if (!row) return undefined;
    // Copy out of the Buffer: its offset need not be 4-byte aligned and SQLite may reuse it.
    const bytes = new Uint8Array(row.vec);
    const v = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (v.length !== row.dim) throw new Error(`vector cache ${this.path}: entry ${key} holds ${v.length} values, expected ${row.dim}`);
    return v;
  }

  getMany(keys: readonly string[]): (Float32Array | undefined)[] {
    return keys.map((k) => this.get(k));
  }

  putMany(entries: readonly (readonly [string, Float32Array])[]): void {
    const tx = this.db.transaction((rows: readonly (readonly [string, Float32Array])[]) => {
      for (const [k, v] of rows) this.putStmt.run(k, v.length, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    });
    tx(entries);
  }

  deleteMany(keys: readonly string[]): number {
    const del = this.db.prepare('DELETE FROM vectors WHERE key = ?');
    let n = 0;
    this.db.transaction(() => {
      for (const k of keys) n += del.run(k).changes;
      this.db.prepare("INSERT INTO generations (name, n) VALUES ('deletes', 1) ON CONFLICT(name) DO UPDATE SET n = n + 1").run();
    })();
    if (this.path !== ':memory:') {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // another process is checkpointing or writing: its checkpoint moves the zeroed pages in
      }
    }
    return n;
  }

  generation(): number {
    return this.generationStmt.get()?.n ?? 0;
  }

  /** Deletes the vectors of these texts under one embedder id (e.g. a user's texts when they are forgotten). */
  deleteTexts(embedderId: string, texts: readonly string[]): number {
    return this.deleteMany(texts.map((t) => vectorKey(embedderId, t)));
  }

  size(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM vectors').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * A VectorCache that stores nothing: CachedEmbedder over it is an LRU in memory only, for an embedder cheaper
 * than a disk lookup (the static one). With `shared` (the vector-cache file other processes use), deletes go to
 * it and its generation is followed, so a forget in any process drops this one's in-memory vectors exactly as it
 * drops USE-lite's.
 */
export function memoryOnlyVectorCache(shared?: VectorCache): VectorCache {
  const generation = shared?.generation?.bind(shared);
  return {
    getMany: (keys) => keys.map(() => undefined),
    putMany: () => {},
    deleteMany: (keys) => shared?.deleteMany?.(keys) ?? 0,
    ...(generation ? { generation } : {}),
  };
}

export interface CacheStats {
  /** Found in the in-memory LRU. */
  memoryHits: number;
  /** Found in the SQLite file. */
  diskHits: number;
  /** Sent to the inner embedder. */
  misses: number;
}

export interface CachedEmbedderOptions {
  /** Vectors kept in memory (least recently used go first). Default 20,000 (~40 MB of 512-d vectors). */
  lruSize?: number;
}

/**
 * An embedder that asks the inner one only for texts it has never seen: LRU in memory, then the SQLite
 * cache, then the inner embedder (one call per embed(), with the misses deduplicated).
 */
export class CachedEmbedder implements Embedder {
  readonly id: string;
  readonly dim: number;
  readonly stats: CacheStats = { memoryHits: 0, diskHits: 0, misses: 0 };
  private readonly lru = new Map<string, Float32Array>();
  private readonly lruSize: number;
  /** text -> cache key, so a text seen again (a profile's attributes on every select) is not hashed again. */
  private readonly keys = new Map<string, string>();
  private seen: number | undefined;

  constructor(
    private readonly inner: Embedder,
    private readonly cache: VectorCache,
    opts: CachedEmbedderOptions = {},
  ) {
    this.id = inner.id;
    this.dim = inner.dim;
    this.lruSize = Math.max(0, opts.lruSize ?? 20_000);
  }

  /** The cache key of a text (vectorKey), remembered for the texts most recently asked for. */
  keyOf(text: string): string {
    let k = this.keys.get(text);
    if (k === undefined) {
      k = vectorKey(this.inner.id, text);
      if (this.lruSize > 0) {
        if (this.keys.size >= this.lruSize) this.keys.delete(this.keys.keys().next().value as string);
        this.keys.set(text, k);
      }
    }
    return k;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    // Another process forgot keys: what this one holds in memory may include them.
    const g = this.cache.generation?.();
    if (g !== undefined && g !== this.seen) {
      this.lru.clear();
      this.keys.clear();
      this.seen = g;
    }
    const keys = texts.map((t) => this.keyOf(t));
    const out: (Float32Array | undefined)[] = new Array(texts.length);
    const missing = new Map<string, { text: string; at: number[] }>();
    keys.forEach((k, i) => {
      const mem = this.lru.get(k);
      if (mem) {
        this.touch(k, mem);
        this.stats.memoryHits++;
        out[i] = mem;
        return;
      }
      const pending = missing.get(k);
      if (pending) pending.at.push(i);
      else missing.set(k, { text: texts[i]!, at: [i] });
    });

    if (missing.size) {
      const diskKeys = [...missing.keys()];
      const found = this.cache.getMany(diskKeys);
      diskKeys.forEach((k, j) => {
        const v = found[j];
        if (!v) return;
        const entry = missing.get(k)!;
        this.stats.diskHits += entry.at.length;
        for (const i of entry.at) out[i] = v;
        this.touch(k, v);
        missing.delete(k);
      });
    }

    if (missing.size) {
      const todo = [...missing.entries()];
      const vectors = await this.inner.embed(todo.map(([, e]) => e.text));
      if (vectors.length !== todo.length) throw new Error(`embedder ${this.inner.id} returned ${vectors.length} vectors for ${todo.length} texts`);
      const rows: [string, Float32Array][] = [];
      todo.forEach(([k, e], j) => {
        const v = vectors[j]!;
        if (v.length !== this.dim) throw new Error(`embedder ${this.inner.id} returned a ${v.length}-d vector, expected ${this.dim}`);
        this.stats.misses += e.at.length;
        for (const i of e.at) out[i] = v;
        rows.push([k, v]);
        this.touch(k, v);
      });
      this.cache.putMany(rows);
    }
    return out as Float32Array[];
  }

  /** Drops these keys from memory and from the persistent cache; returns how many persistent entries went. */
  forgetKeys(keys: readonly string[]): number {
    for (const k of keys) this.lru.delete(k);
    // The text -> key memo holds user text: drop the forgotten texts' entries.
    if (keys.length && this.keys.size) {
      const gone = new Set(keys);
      for (const [t, k] of this.keys) if (gone.has(k)) this.keys.delete(t);
    }
    return this.cache.deleteMany?.(keys) ?? 0;
  }

  /** Whether this text's vector, or its key, is held in memory (a forgotten text must be in neither). */
  holds(text: string): boolean {
    return this.keys.has(text) || this.lru.has(vectorKey(this.inner.id, text));
  }

  /** Same as forgetKeys, by text. */
  forgetTexts(texts: readonly string[]): number {
    return this.forgetKeys(texts.map((t) => vectorKey(this.inner.id, t)));
  }

  private touch(key: string, v: Float32Array): void {
    if (this.lruSize === 0) return;
    this.lru.delete(key);
    this.lru.set(key, v);
    while (this.lru.size > this.lruSize) {
      const oldest = this.lru.keys().next().value as string;
      this.lru.delete(oldest);
    }
  }
}
