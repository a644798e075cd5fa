/**
 * What `createAttune` opens on first use (store, embedder, selector, verifier, extractor, LLM) and the wrappers
 * that record, per call, which cache keys were made from a user's text, so `forget` can delete them.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'kysely';
import { createAiSdkEmbedder, isAiSdkEmbeddingModel } from '../embed/ai-sdk.js';
import { CachedEmbedder, defaultCachePath, SqliteVectorCache, vectorKey } from '../embed/cache.js';
import type { Embedder } from '../embed/embedder.js';
import { UseLiteEmbedder } from '../embed/use-lite.js';
import { readModelFile } from '../learn/model-file.js';
import { resolveLlm, type LlmClient } from '../llm/client.js';
import type { ObjectRequest } from '../llm/llm.js';
import { StoreResponseCache } from '../store/llm-cache.js';
import type { Extractor } from '../stages/extract/extractor.js';
import { LlmExtractor } from '../stages/extract/llm-extractor.js';
import { OfflineExtractor } from '../stages/extract/offline.js';
import { readVerifyModel, TrainedVerifier, type Verifier } from '../stages/extract/verifier.js';
import { DEFAULT_EMBEDDING_THRESHOLD, EmbeddingSelector } from '../stages/select/embedding.js';
import { Mem0Selector } from '../stages/select/mem0.js';
import type { Selector } from '../stages/select/selector.js';
import { TrainedSelector } from '../stages/select/trained.js';
import { MemoryRepository, type MemoryScope } from '../store/memory.js';
import { defaultStoreUrl, openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { AttuneOptions } from './attune.js';
import type { Llm } from '../llm/llm.js';
import { AttuneError, InvalidArgumentError } from './errors.js';

export const DEFAULT_SELECT_THRESHOLD = DEFAULT_EMBEDDING_THRESHOLD;

export interface Runtime {
  store: Store;
  repo: MemoryRepository;
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
    const repo = new MemoryRepository(store);

    let inner: Embedder;
    if (options.embedder === undefined || isAiSdkEmbeddingModel(options.embedder)) {
      const cache = new SqliteVectorCache(options.embedCache ?? defaultCachePath());
      owned.push(() => cache.close());
      inner = options.embedder === undefined
        ? new CachedEmbedder(new UseLiteEmbedder(), cache)
        : await createAiSdkEmbedder({ model: options.embedder, cache });
    } else inner = options.embedder;
    const embedder = recordingEmbedder(inner, recorder);

    let llm: Llm | undefined;
    if (options.model !== undefined) {
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
              // LlmExtractor is typed against the LlmClient class; it only calls spec and object.
              return new LlmExtractor(llm as unknown as LlmClient);
            })()
          : new OfflineExtractor();

    const selector = makeSelector(options.selector ?? 'embedding', embedder);
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

export function makeSelector(spec: string | Selector, embedder: Embedder): Selector {
  if (typeof spec === 'object') return spec;
  if (spec === 'embedding') return new EmbeddingSelector(embedder, { threshold: DEFAULT_SELECT_THRESHOLD });
  if (spec === 'mem0') return new Mem0Selector(embedder);
  if (!/\.json$/i.test(spec)) throw new InvalidArgumentError('selector', `use 'embedding', 'mem0', a model file (.json) from attune train select, or a Selector; got ${JSON.stringify(spec)}`);
  const model = readModelFile(spec);
  if (model.features.set !== 'offline') {
    throw new AttuneError('unsupported_model', `${spec}: a ${model.features.set} selector needs recorded LLM votes per pair, which a live memory does not have; train one with --features offline`);
  }
  // At run time every prompt is scored, including prompts like those it was trained on.
  return new TrainedSelector(model, { embedder, seen: 'keep', name: `model:${spec}`, file: spec });
}

function recordingEmbedder(inner: Embedder, recorder: AsyncLocalStorage<Recorder>): Embedder & { forgetKeys?(keys: readonly string[]): number } {
  const forget = (inner as { forgetKeys?: (keys: readonly string[]) => number }).forgetKeys;
  return {
    id: inner.id,
    dim: inner.dim,
    embed: (texts) => {
      recorder.getStore()?.vectors.push(...texts.map((t) => vectorKey(inner.id, t)));
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

export async function saveKeys(repo: MemoryRepository, scope: MemoryScope, rec: Recorder): Promise<void> {
  if (rec.llm.length) await repo.addCacheKeys(scope, 'llm', rec.llm.map((key) => ({ key })));
  if (rec.vectors.length) await repo.addCacheKeys(scope, 'vector', rec.vectors.map((key) => ({ key })));
}

export function forgetVectors(embedder: Embedder, keys: readonly string[]): number {
  const forget = (embedder as { forgetKeys?: (keys: readonly string[]) => number }).forgetKeys;
  return forget && keys.length ? forget(keys) : 0;
}

/** SQLite: deleted rows are overwritten with zeros, not only unlinked (so forgotten text is not left in free pages). */
export async function secureDelete(store: Store): Promise<void> {
  if (store.dialect !== 'sqlite') return;
  await sql`PRAGMA secure_delete = ON`.execute(store.db);
}

/** SQLite: moves the WAL into the file and truncates it, so no copy of the deleted pages stays in the -wal file. */
export async function checkpoint(store: Store): Promise<void> {
  if (store.dialect !== 'sqlite') return;
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
}
