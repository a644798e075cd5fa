/**
 * The LLM response cache kept in attune's store (the `llm_cache` table), on SQLite or Postgres: one cache
 * for every run on a machine (or a team's Postgres), so a rerun or a resumed run replays instead of paying.
 * Entries hold the same fields as the JSONL cache; an entry whose response has no text is treated as absent.
 */
import path from 'node:path';
import type { Store } from './store.js';
import { openStore, defaultStoreUrl } from './open.js';
import { JsonlResponseCache, type CacheEntry, type CachedResponse, type ResponseCache } from '../llm/cache.js';
import { ZERO_USAGE, type TokenUsage } from '../llm/usage.js';

function asUsage(u: unknown): TokenUsage {
  if (!u || typeof u !== 'object') return { ...ZERO_USAGE };
  const o = u as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const out: TokenUsage = { inputTokens: n(o.inputTokens), outputTokens: n(o.outputTokens), totalTokens: n(o.totalTokens) };
  if (typeof o.reasoningTokens === 'number') out.reasoningTokens = o.reasoningTokens;
  return out;
}

function asResponse(r: unknown): CachedResponse | undefined {
  if (!r || typeof r !== 'object' || typeof (r as { text?: unknown }).text !== 'string') return undefined;
  const o = r as { text: string; finishReason?: unknown; reasoning?: unknown };
  const out: CachedResponse = { text: o.text };
  if (typeof o.finishReason === 'string') out.finishReason = o.finishReason;
  if (typeof o.reasoning === 'string') out.reasoning = o.reasoning;
  return out;
}

/** A ResponseCache over a Store's llm_cache table. The store stays the caller's to close. */
export class StoreResponseCache implements ResponseCache {
  constructor(readonly store: Store) {}

  async get(key: string): Promise<CacheEntry | undefined> {
    const e = await this.store.llmCacheGet(key);
    if (!e) return undefined;
    const response = asResponse(e.response);
    if (!response) return undefined;
    return {
      key: e.key,
      provider: e.provider,
      model: e.model,
      request: e.request,
      response,
      usage: asUsage(e.usage),
      createdAt: e.createdAt ?? new Date(0).toISOString(),
    };
  }

  async put(entry: CacheEntry): Promise<void> {
    await this.store.llmCachePut({
      key: entry.key,
      provider: entry.provider,
      model: entry.model,
      request: entry.request,
      response: entry.response,
      usage: entry.usage,
      createdAt: entry.createdAt,
    });
  }
}

export interface OpenedResponseCache {
  /** `false`: caching off. */
  cache: ResponseCache | false;
  /** What it is, for messages: `store:<url>`, `jsonl:<file>`, `off`. */
  describe: string;
  /** Flushes and closes what was opened (the store connection). */
  close(): Promise<void>;
}

/**
 * Resolves a CLI `--llm-cache` value:
 *   undefined | `store`                   -> the default store (`$ATTUNE_STORE` or .attune/attune.sqlite)
 *   `off` | `none`                        -> no cache
 *   `*.jsonl`                             -> a JSONL file cache
 *   `postgres://...`, `sqlite:...`, `*.sqlite`, `*.db`, `:memory:` -> the store at that URL
 */
export async function openResponseCache(spec?: string): Promise<OpenedResponseCache> {
  const s = spec?.trim();
  if (s === 'off' || s === 'none') return { cache: false, describe: 'off', close: async () => {} };
  if (s && s.toLowerCase().endsWith('.jsonl')) {
    const cache = new JsonlResponseCache(path.resolve(s));
    return { cache, describe: `jsonl:${cache.file}`, close: () => cache.flush() };
  }
  const url = !s || s === 'store' ? defaultStoreUrl() : s;
  if (!/^postgres(ql)?:\/\//i.test(url) && !/^sqlite:/i.test(url) && url !== ':memory:' && !/\.(sqlite3?|db)$/i.test(url)) {
    throw new Error(`--llm-cache ${JSON.stringify(spec)}: give a .jsonl file, a store (.sqlite file or postgres:// URL), "store" or "off"`);
  }
  const store = await openStore(url);
  return { cache: new StoreResponseCache(store), describe: `store:${url.replace(/\/\/[^/@]*@/, '//***@')}`, close: () => store.close() };
}
