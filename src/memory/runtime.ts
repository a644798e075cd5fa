/**
 * What `createAttune` opens on first use (store, embedder, selector, verifier, extractor, LLM) and the wrappers
 * that record, per call, which cache keys were made from a user's text, so `forget` can delete them.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import { createAiSdkEmbedder, isAiSdkEmbeddingModel } from '../embed/ai-sdk.js';
import { CachedEmbedder, defaultCachePath, memoryOnlyVectorCache, SqliteVectorCache, vectorKey } from '../embed/cache.js';
import type { Embedder } from '../embed/embedder.js';
import { UseLiteEmbedder } from '../embed/use-lite.js';
import { resolveEmbedder } from '../embed/resolve.js';
import type { ObjectRequest } from '../llm/llm.js';
import { StoreResponseCache } from '../store/llm-cache.js';
import type { Extractor } from '../stages/extract/extractor.js';
import { LlmExtractor } from '../stages/extract/llm-extractor.js';
import { OfflineExtractor } from '../stages/extract/offline.js';
import { readVerifyModel, TrainedVerifier, type Verifier } from '../stages/extract/verify/index.js';
import { DEFAULT_EMBEDDING_THRESHOLD } from '../stages/select/embedding.js';
import { resolveSelector } from '../stages/select/resolve.js';
import type { Selector } from '../stages/select/selector.js';
import { memoryStore } from '../store/memory.js';
import type { MemoryScope, MemoryStore } from '../store/memory-store.js';
import { defaultStoreUrl, openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { AttuneOptions } from './attune.js';
import type { Llm } from '../llm/llm.js';
import { AttuneError } from './errors.js';

/** The cut of the 'embedding' selector (USE-lite cosine). */
export const DEFAULT_SELECT_THRESHOLD = DEFAULT_EMBEDDING_THRESHOLD;
/** The selector createAttune uses when none is given; `attune eval select --selector default` scores the same construction. */
export const DEFAULT_SELECTOR = 'default';

export interface Runtime {
  store: Store;
  repo: MemoryStore;
  embedder: Embedder;
  selector: Selector;
  verifier?: Verifier;
  extractor: Extractor;
  llm?: Llm;
  closeOwned: () => Promise<void>;
}

/** Cache keys made from a user's text during one call (LLM calls and embedded texts), collected across awaits. */
export interface Recorder {
  llm: string[];
  vectors: string[];
}

export async function init(options: AttuneOptions, recorder: AsyncLocalStorage<Recorder>): Promise<Runtime> {
  const owned: (() => Promise<void> | void)[] = [];
  try {
    const store = typeof options.store === 'object' ? options.store : await openStore(options.store ?? defaultStoreUrl());
    if (typeof options.store !== 'object') owned.push(() => store.close());
    const repo = memoryStore(store);

    let inner: Embedder;
    const openCache = () => {
      const cache = new SqliteVectorCache(options.embedCache ?? defaultCachePath());
      owned.push(() => cache.close());
      return cache;
    };
    if (options.embedder === undefined) inner = new CachedEmbedder(new UseLiteEmbedder(), openCache());
    else if (typeof options.embedder === 'string') {
      // A static embedder's vectors stay in memory only; deletes and the generation go through the shared file,
      // so a forget in any process empties this LRU as it empties USE-lite's.
      inner = resolveEmbedder(options.embedder, { cache: (e) => new CachedEmbedder(e, openCache()), memo: (e) => new CachedEmbedder(e, memoryOnlyVectorCache(openCache())) });
    }
    else if (isAiSdkEmbeddingModel(options.embedder)) inner = await createAiSdkEmbedder({ model: options.embedder, cache: openCache() });
    else inner = options.embedder;
    const embedder = recordingEmbedder(inner, recorder);

    // The LLM client (and the AI SDK under it) loads only when a model is configured or a selector names one.
    const needsLlm = options.model !== undefined || (typeof options.selector === 'string' && /^llm(?:-batch)?:/.test(options.selector));
    const resolveLlm = needsLlm ? (await import('../llm/client.js')).resolveLlm : undefined;
    let llm: Llm | undefined;
    if (options.model !== undefined && resolveLlm) {
      const m = options.model;
      // One resolver with the verbs: a `provider/model` string goes through attune's provider config (environment,
      // ATTUNE_LLM_CONFIG), an AI SDK model is wrapped, an Llm is used as is.
      const base: Llm = resolveLlm(m, { cache: new StoreResponseCache(store) });
      llm = recordingLlm(base, recorder);
    }

    const extractor: Extractor =
      typeof options.extractor === 'object'
        ? options.extractor
        : (options.extractor ?? (llm ? 'llm' : 'offline')) === 'llm'
          ? (() => {
              if (!llm) throw new AttuneError('no_model', "extractor 'llm' needs a model: createAttune({ model })");
              return new LlmExtractor(llm);
            })()
          : new OfflineExtractor();

    // An LLM selector's calls are cached in the store and recorded for forget, as the model's own are.
    const selectorLlm = resolveLlm && ((model: string): Llm => recordingLlm(resolveLlm(model, { cache: new StoreResponseCache(store) }), recorder));
    const selector = makeSelector(options.selector ?? DEFAULT_SELECTOR, embedder, { ...(llm ? { model: llm } : {}), ...(selectorLlm ? { llm: selectorLlm } : {}) });
    const verifier = typeof options.verifier === 'string' ? new TrainedVerifier(readVerifyModel(options.verifier), embedder, `verifier:${options.verifier}`) : options.verifier;
    return {
      store, repo, embedder, selector, extractor, ...(verifier ? { verifier } : {}), ...(llm ? { llm } : {}),
      closeOwned: async () => {
        for (const c of owned.reverse()) await c();
      },
    };
  } catch (e) {
    for (const c of owned.reverse()) await Promise.resolve(c()).catch(() => {});
    throw e;
  }
}

/**
 * The memory's selector: the one selector grammar (stages/select/resolve.ts); 'default' when none is given.
 * `model` is the configured model ('llm-batch' and offline+llm model files use it); `llm` makes the client of a
 * model a selector string names.
 */
export function makeSelector(spec: string | Selector, embedder: Embedder, llm: { model?: Llm; llm?: (model: string) => Llm } = {}): Selector {
  return resolveSelector(spec, { embedder, ...llm });
}

function recordingEmbedder(inner: Embedder, recorder: AsyncLocalStorage<Recorder>): Embedder & { forgetKeys?(keys: readonly string[]): number } {
  const forget = (inner as { forgetKeys?: (keys: readonly string[]) => number }).forgetKeys;
  // A CachedEmbedder knows the keys of the texts it saw: each text is hashed once, not on every select.
  const known = inner instanceof CachedEmbedder ? inner : undefined;
  const keyOf = known ? (t: string) => known.keyOf(t) : (t: string) => vectorKey(inner.id, t);
  return {
    id: inner.id,
    dim: inner.dim,
    embed: (texts) => {
      const rec = recorder.getStore();
      if (rec) for (const t of texts) rec.vectors.push(keyOf(t));
      return inner.embed(texts);
    },
    ...(forget ? { forgetKeys: (keys: readonly string[]) => forget.call(inner, keys) } : {}),
  };
}

function recordingLlm(inner: Llm, recorder: AsyncLocalStorage<Recorder>): Llm {
  return {
    get spec() {
      return inner.spec;
    },
    async text(req) {
      const r = await inner.text(req);
      recorder.getStore()?.llm.push(r.key);
      return r;
    },
    async object<T>(req: ObjectRequest<T>) {
      const r = await inner.object(req);
      recorder.getStore()?.llm.push(...r.keys);
      return r;
    },
  };
}

/**
 * Cache keys this process has written, per repository and user: a select of a known profile records the same
 * ~100 keys every time, and only new ones are written. Bounded (the users least recently saved for go first);
 * emptied by every forget (forgetVectors), so the keys of a forgotten user are written again when met again.
 */
const SAVED_KEYS_MAX = 200_000;
const saved = new WeakMap<MemoryStore, { users: Map<string, Set<string>>; size: number; generation: number }>();
/** Bumped by every forget in this process: memos of an older generation are dropped. */
let savedGeneration = 0;

function unsaved(repo: MemoryStore, scope: MemoryScope, kind: 'llm' | 'vector', keys: readonly string[]): string[] {
  let memo = saved.get(repo);
  if (!memo || memo.generation !== savedGeneration) saved.set(repo, (memo = { users: new Map(), size: 0, generation: savedGeneration }));
  const user = `${scope.tenantId}\u0000${scope.userId}\u0000${kind}`;
  let set = memo.users.get(user);
  if (set) memo.users.delete(user); // re-inserted below: most recent last
  else set = new Set();
  memo.users.set(user, set);
  return [...new Set(keys)].filter((k) => !set.has(k));
}

function markSaved(repo: MemoryStore, scope: MemoryScope, kind: 'llm' | 'vector', keys: readonly string[]): void {
  const memo = saved.get(repo);
  if (memo?.generation !== savedGeneration) return; // a forget ran meanwhile: these keys are not known to be stored
  const set = memo.users.get(`${scope.tenantId}\u0000${scope.userId}\u0000${kind}`);
  if (!set) return;
  for (const k of keys) {
    if (set.has(k)) continue;
    set.add(k);
    memo.size++;
  }
  for (const [u, s] of memo.users) {
    if (memo.size <= SAVED_KEYS_MAX || s === set) break;
    memo.users.delete(u);
    memo.size -= s.size;
  }
}

export async function saveKeys(repo: MemoryStore, scope: MemoryScope, rec: Recorder): Promise<void> {
  for (const [kind, keys] of [['llm', rec.llm], ['vector', rec.vectors]] as const) {
    if (!keys.length) continue;
    const fresh = unsaved(repo, scope, kind, keys);
    if (!fresh.length) continue;
    await repo.addCacheKeys(scope, kind, fresh.map((key) => ({ key })));
    markSaved(repo, scope, kind, fresh);
  }
}

export function forgetVectors(embedder: Embedder, keys: readonly string[]): number {
  savedGeneration++;
  const forget = (embedder as { forgetKeys?: (keys: readonly string[]) => number }).forgetKeys;
  return forget && keys.length ? forget(keys) : 0;
}
