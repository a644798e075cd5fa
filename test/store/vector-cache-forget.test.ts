import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CachedEmbedder, SqliteVectorCache, vectorKey } from '../../src/embed/cache.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir('attune-vec-forget-');

/** The bag-of-words embedder, counting the texts it is asked for. */
function counting(): Embedder & { asked: string[] } {
  const asked: string[] = [];
  return { id: bowEmbedder.id, dim: bowEmbedder.dim, asked, embed: (texts) => (asked.push(...texts), bowEmbedder.embed(texts)) };
}

describe('forgetting vectors from a shared embedding cache', () => {
  it('a server and a worker share the cache file: a forget in one drops the vectors from the other\'s memory too, and the keys leave the file', async () => {
    const file = path.join(dir, 'embeddings.sqlite');
    const server = counting();
    const worker = counting();
    const a = new CachedEmbedder(server, new SqliteVectorCache(file));
    const b = new CachedEmbedder(worker, new SqliteVectorCache(file));
    const texts = ['The user lives in Lisbon', 'The user works as a nurse', 'The user has two cats', 'The user loves jazz'];
    await a.embed(texts);
    await b.embed(texts); // from the file, now in the worker's memory
    expect(worker.asked).toEqual([]);
    expect(a.forgetKeys(texts.map((t) => vectorKey(bowEmbedder.id, t)))).toBe(4);
    // The worker holds none of them any more: it asks its embedder again.
    await b.embed(texts);
    expect(worker.asked).toEqual(texts);
    // Deleted again (the worker re-cached them); then no forgotten key is left in the file's bytes.
    expect(b.forgetKeys(texts.map((t) => vectorKey(bowEmbedder.id, t)))).toBe(4);
    const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    for (const t of texts) expect(bytes.includes(vectorKey(bowEmbedder.id, t))).toBe(false);
  });
});
