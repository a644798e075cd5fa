/** Turns texts into fixed-size vectors. Implementations must be deterministic for a given id. */
export interface Embedder {
  /** Identifies the model and its settings: vectors from different ids are never mixed (the cache keys on it). */
  id: string;
  dim: number;
  /** One vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** Cosine similarity; 0 when either vector is all zeros. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine: vectors differ in length (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/** Copy scaled to unit L2 norm (a zero vector stays zero). */
export function l2normalize(v: ArrayLike<number>): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  const out = new Float32Array(v.length);
  if (n === 0) return out;
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! * s;
  return out;
}

/**
 * Embeds each distinct text once and returns a lookup. Selectors use it so that ~3,000 pairs
 * sharing ~1,100 attribute texts cost ~1,100 embeddings.
 */
export async function embedUnique(embedder: Embedder, texts: Iterable<string>, opts: EmbedProgressOptions = {}): Promise<Map<string, Float32Array>> {
  const unique = [...new Set(texts)];
  const out = new Map<string, Float32Array>();
  // one call without a progress callback; with one, chunks so that it can report (the embedder's cache still applies)
  const step = opts.onProgress ? (opts.batch ?? 512) : Math.max(1, unique.length);
  for (let i = 0; i < unique.length; i += step) {
    const part = unique.slice(i, i + step);
    const vectors = await embedder.embed(part);
    if (vectors.length !== part.length) {
      throw new Error(`embedder ${embedder.id} returned ${vectors.length} vectors for ${part.length} texts`);
    }
    part.forEach((t, j) => out.set(t, vectors[j]!));
    opts.onProgress?.(i + part.length, unique.length);
  }
  if (unique.length === 0) opts.onProgress?.(0, 0);
  return out;
}

export interface EmbedProgressOptions {
  /** Told after each chunk: distinct texts embedded so far, and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Texts per chunk when reporting progress (default 512). */
  batch?: number;
}
