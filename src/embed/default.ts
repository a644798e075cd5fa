import { CachedEmbedder, SqliteVectorCache } from './cache.js';
import type { Embedder } from './embedder.js';
import { UseLiteEmbedder } from './use-lite.js';

let shared: Embedder | undefined;

/** One cached USE-lite embedder per process (offline); its vectors persist across runs in the vector cache. */
export function defaultEmbedder(): Embedder {
  shared ??= new CachedEmbedder(new UseLiteEmbedder(), new SqliteVectorCache());
  return shared;
}
