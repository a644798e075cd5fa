/**
 * Any AI SDK embedding model as an attune Embedder: OpenAI (`openai.embedding('text-embedding-3-small')`),
 * or an OpenAI-compatible server (Ollama, vLLM, TEI) through `@ai-sdk/openai-compatible`'s
 * `textEmbeddingModel`. Vectors are L2-normalised like USE-lite's; `cachedAiSdkEmbedder` adds the persistent
 * vector cache the other embedders use, so a text is sent to the provider once.
 */
import type { EmbeddingModel } from 'ai';
import { CachedEmbedder, SqliteVectorCache, type CachedEmbedderOptions, type VectorCache } from './cache.js';
import { l2normalize, type Embedder } from './embedder.js';

export interface AiSdkEmbedderOptions {
  model: EmbeddingModel;
  /** The model's vector size. When absent, `createAiSdkEmbedder` asks the model once to learn it. */
  dim: number;
  /** Cache identity (default `ai-sdk:<provider>/<modelId>@<dim>`): change it when the model's settings change. */
  id?: string;
  /** Texts per request (default 96); the AI SDK splits further when the provider allows fewer. */
  batchSize?: number;
  maxParallelCalls?: number;
  maxRetries?: number;
}

function modelName(model: EmbeddingModel): string {
  return typeof model === 'string' ? model : `${model.provider}/${model.modelId}`;
}

export class AiSdkEmbedder implements Embedder {
  readonly id: string;
  readonly dim: number;
  private readonly batchSize: number;

  constructor(private readonly opts: AiSdkEmbedderOptions) {
    if (!Number.isInteger(opts.dim) || opts.dim <= 0) throw new RangeError(`AiSdkEmbedder: dim must be a positive integer, got ${opts.dim}`);
    this.dim = opts.dim;
    this.id = opts.id ?? `ai-sdk:${modelName(opts.model)}@${opts.dim}`;
    this.batchSize = Math.max(1, Math.floor(opts.batchSize ?? 96));
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const values = texts.slice(i, i + this.batchSize);
      // the AI SDK is imported on first use: a command that embeds nothing does not load it
      const { embedMany } = await import('ai');
      const { embeddings } = await embedMany({
        model: this.opts.model, values,
        ...(this.opts.maxParallelCalls !== undefined ? { maxParallelCalls: this.opts.maxParallelCalls } : {}),
        ...(this.opts.maxRetries !== undefined ? { maxRetries: this.opts.maxRetries } : {}),
      });
      if (embeddings.length !== values.length) throw new Error(`${this.id}: ${embeddings.length} embeddings for ${values.length} texts`);
      for (const e of embeddings) {
        if (e.length !== this.dim) throw new Error(`${this.id}: a ${e.length}-d embedding, expected ${this.dim}`);
        out.push(l2normalize(e));
      }
    }
    return out;
  }
}

export interface CreateAiSdkEmbedderOptions extends Omit<AiSdkEmbedderOptions, 'dim'> {
  dim?: number;
  /** Persistent vectors: a cache, a SQLite file path, or false for none (default: the shared `.attune/embeddings.sqlite`). */
  cache?: VectorCache | string | false;
  lruSize?: CachedEmbedderOptions['lruSize'];
}

/** An AI SDK embedding model, cached. Without `dim`, one probe call learns the vector size. */
export async function createAiSdkEmbedder(opts: CreateAiSdkEmbedderOptions): Promise<Embedder> {
  let dim = opts.dim;
  if (dim === undefined) {
    const { embedMany } = await import('ai');
    const { embeddings } = await embedMany({ model: opts.model, values: ['dimension probe'], ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}) });
    dim = embeddings[0]?.length ?? 0;
  }
  const inner = new AiSdkEmbedder({ ...opts, dim });
  if (opts.cache === false) return inner;
  const cache = typeof opts.cache === 'object' ? opts.cache : new SqliteVectorCache(opts.cache);
  return new CachedEmbedder(inner, cache, opts.lruSize !== undefined ? { lruSize: opts.lruSize } : {});
}

/** True for an AI SDK embedding model (a model object with doEmbed, or a model id string), false for an attune Embedder. */
export function isAiSdkEmbeddingModel(x: unknown): x is EmbeddingModel {
  if (typeof x === 'string') return true;
  return typeof x === 'object' && x !== null && typeof (x as { doEmbed?: unknown }).doEmbed === 'function';
}
