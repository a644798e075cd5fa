/** The project's one seeded PRNG and one shuffle. */

/**
 * A seeded pseudo-random generator (mulberry32, a 32-bit state generator by
 * Tommy Ettinger, public domain) returning floats in [0, 1). The same seed
 * always gives the same sequence. Good enough for resampling; not for
 * cryptography.
 *
 * @param seed any number; it is truncated to a 32-bit integer
 */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of a copy, driven by `rand`. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
