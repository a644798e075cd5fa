/**
 * Content-addressed response cache: key = sha256 of the canonical JSON of
 * {provider, model, messages, params, schema}. A rerun replays offline; an interrupted run resumes
 * without paying again for what it already got.
 *
 * The store module can back this with its `llm_cache` table (key, provider, model, request, response,
 * usage, created_at) through an adapter implementing ResponseCache.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TokenUsage } from './usage.js';

export interface CachedResponse {
  /** The raw text the model returned (before any JSON parsing). */
  text: string;
  finishReason?: string;
  reasoning?: string;
}

export interface CacheEntry {
  key: string;
  provider: string;
  model: string;
  /** The request as hashed: {provider, model, messages, params, schema}. */
  request: unknown;
  response: CachedResponse;
  usage: TokenUsage;
  /** ISO time. */
  createdAt: string;
}

export interface ResponseCache {
  get(key: string): Promise<CacheEntry | undefined>;
  put(entry: CacheEntry): Promise<void>;
  /**
   * A cache that lets one process at a time call for a key (its get() claims a missing key) is told here that
   * the call failed and nothing will be put: another process may call now. Optional.
   */
  release?(key: string): Promise<void>;
}

/** JSON with object keys sorted and undefined members dropped: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortValue(value));
}

function sortValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : sortValue(x)));
  if (v && typeof v === 'object' && (v as object).constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortValue(x);
    }
    return out;
  }
  return v;
}

export interface CacheKeyParts {
  provider: string;
  model: string;
  messages: unknown;
  params: Record<string, unknown>;
  schema: unknown;
}

export function cacheKey(parts: CacheKeyParts): string {
  const { provider, model, messages, params, schema } = parts;
  return createHash('sha256').update(canonicalJson({ provider, model, messages, params, schema: schema ?? null })).digest('hex');
}

export class MemoryResponseCache implements ResponseCache {
  readonly entries = new Map<string, CacheEntry>();
  async get(key: string): Promise<CacheEntry | undefined> {
    return this.entries.get(key);
  }
  async put(entry: CacheEntry): Promise<void> {
    this.entries.set(entry.key, entry);
  }
  get size(): number {
    return this.entries.size;
  }
}

/**
 * One JSON entry a line, appended as responses arrive. A run killed mid-write leaves at most a torn last
 * line: it is skipped on load (counted in `skippedLines`) and the next append starts on a fresh line.
 */
export class JsonlResponseCache implements ResponseCache {
  private entries: Map<string, CacheEntry> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private needsNewline = false;
  skippedLines = 0;

  constructor(readonly file: string) {}

  private load(): Map<string, CacheEntry> {
    if (this.entries) return this.entries;
    const map = new Map<string, CacheEntry>();
    if (fs.existsSync(this.file)) {
      const text = fs.readFileSync(this.file, 'utf8');
      this.needsNewline = text.length > 0 && !text.endsWith('\n');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const e = JSON.parse(line) as CacheEntry;
          if (typeof e.key === 'string' && e.response && typeof e.response.text === 'string') map.set(e.key, e);
          else this.skippedLines++;
        } catch {
          this.skippedLines++;
        }
      }
    }
    this.entries = map;
    return map;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.load().get(key);
  }

  async put(entry: CacheEntry): Promise<void> {
    const map = this.load();
    map.set(entry.key, entry);
    const line = (this.needsNewline ? '\n' : '') + JSON.stringify(entry) + '\n';
    this.needsNewline = false;
    const write = this.writing.then(async () => {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.appendFile(this.file, line, 'utf8');
    });
    this.writing = write.catch(() => undefined);
    await write;
  }

  /** Resolves when every put so far is on disk. */
  async flush(): Promise<void> {
    await this.writing;
  }

  /** Entries in the file (as loaded, plus this instance's puts). */
  all(): CacheEntry[] {
    return [...this.load().values()];
  }

  get size(): number {
    return this.load().size;
  }
}
