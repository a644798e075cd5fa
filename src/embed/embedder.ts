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
export async function embedUnique(embedder: Embedder, texts: Iterable<string>): Promise<Map<string, Float32Array>> {
  const unique = [...new Set(texts)];
  const vectors = unique.length ? await embedder.embed(unique) : [];
  if (vectors.length !== unique.length) {
    throw new Error(`embedder ${embedder.id} returned ${vectors.length} vectors for ${unique.length} texts`);
  }
  return new Map(unique.map((t, i) => [t, vectors[i]!]));
}
