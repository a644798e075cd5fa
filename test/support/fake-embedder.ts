import type { Embedder } from '../../src/embed/embedder.js';

/** Hashed bag of words: deterministic, no model. */
export const bowEmbedder: Embedder = {
  id: 'test-bow-64',
  dim: 64,
  embed: async (texts) =>
    texts.map((t) => {
      const v = new Float32Array(64);
      for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) {
        let h = 7;
        for (const c of w) h = (h * 31 + c.charCodeAt(0)) >>> 0;
        v[h % 64]! += 1;
      }
      return v;
    }),
};
