import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CachedEmbedder, defaultCachePath, SqliteVectorCache, vectorKey } from '../../src/embed/cache.js';
import { cosine, l2normalize, type Embedder } from '../../src/embed/embedder.js';

/** Deterministic 4-d vectors from character codes; counts every text it is asked for. */
class CountingEmbedder implements Embedder {
  readonly id: string;
  readonly dim = 4;
  calls = 0;
  texts: string[] = [];
  constructor(id = 'fake-4') {
    this.id = id;
  }
  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls++;
    this.texts.push(...texts);
    return texts.map((t) => Float32Array.from([t.length, t.charCodeAt(0) || 0, 1, -1]));
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-cache-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cosine', () => {
  it('is 1 for parallel, 0 for orthogonal, -1 for opposite vectors', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 5])).toBe(0);
    expect(cosine([1, -1], [-2, 2])).toBeCloseTo(-1, 12);
    expect(cosine([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12);
  });

  it('is 0 for a zero vector and rejects mismatched lengths', () => {
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(() => cosine([1], [1, 2])).toThrow(/differ in length/);
  });

  it('l2normalize gives unit vectors', () => {
    expect([...l2normalize([3, 4])]).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect([...l2normalize([0, 0])]).toEqual([0, 0]);
  });
});

describe('CachedEmbedder', () => {
  it('sends only misses to the inner embedder, deduplicated, and keeps order', async () => {
    const inner = new CountingEmbedder();
    const emb = new CachedEmbedder(inner, new SqliteVectorCache(':memory:'));
    const a = await emb.embed(['alpha', 'beta', 'alpha']);
    expect(inner.texts).toEqual(['alpha', 'beta']);
    expect(a.map((v) => v[0])).toEqual([5, 4, 5]);
    const b = await emb.embed(['beta', 'gamma', 'alpha']);
    expect(inner.texts).toEqual(['alpha', 'beta', 'gamma']);
    expect(b.map((v) => v[0])).toEqual([4, 5, 5]);
    expect(emb.stats).toEqual({ memoryHits: 2, diskHits: 0, misses: 4 });
    await emb.embed([]);
    expect(inner.calls).toBe(2);
  });

  it('persists vectors in the SQLite file across instances (a new process sees them)', async () => {
    const file = path.join(dir, 'nested', 'vectors.sqlite');
    const first = new CountingEmbedder();
    const c1 = new SqliteVectorCache(file);
    await new CachedEmbedder(first, c1).embed(['one', 'two']);
    c1.close();
    expect(fs.existsSync(file)).toBe(true);

    const second = new CountingEmbedder();
    const c2 = new SqliteVectorCache(file);
    const emb = new CachedEmbedder(second, c2);
    const v = await emb.embed(['two', 'three', 'one']);
    expect(second.texts).toEqual(['three']);
    expect(emb.stats).toEqual({ memoryHits: 0, diskHits: 2, misses: 1 });
    expect([...v[0]!]).toEqual([3, 't'.charCodeAt(0), 1, -1]);
    expect(c2.size()).toBe(3);
    c2.close();
  });

  it('keys on the embedder id: another model never gets these vectors', async () => {
    const cache = new SqliteVectorCache(':memory:');
    await new CachedEmbedder(new CountingEmbedder('model-a'), cache).embed(['same text']);
    const b = new CountingEmbedder('model-b');
    await new CachedEmbedder(b, cache).embed(['same text']);
    expect(b.texts).toEqual(['same text']);
    expect(vectorKey('model-a', 'x')).not.toBe(vectorKey('model-b', 'x'));
    expect(vectorKey('model-a', 'x')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('evicts the least recently used vectors from memory but still finds them on disk', async () => {
    const inner = new CountingEmbedder();
    const emb = new CachedEmbedder(inner, new SqliteVectorCache(':memory:'), { lruSize: 2 });
    await emb.embed(['a1', 'b22', 'c333']); // memory now holds b22, c333
    await emb.embed(['a1']);
    expect(emb.stats.diskHits).toBe(1);
    expect(inner.calls).toBe(1);
  });

  it('lives in the per-user cache directory: ATTUNE_EMBED_CACHE, else XDG_CACHE_HOME/attune, else ~/.cache/attune', () => {
    expect(defaultCachePath({ ATTUNE_EMBED_CACHE: '/somewhere/else.sqlite', XDG_CACHE_HOME: '/xdg' }, '/home/ann')).toBe('/somewhere/else.sqlite');
    expect(defaultCachePath({ XDG_CACHE_HOME: '/xdg' }, '/home/ann')).toBe(path.join('/xdg', 'attune', 'embeddings.sqlite'));
    expect(defaultCachePath({}, '/home/ann')).toBe(path.join('/home/ann', '.cache', 'attune', 'embeddings.sqlite'));
    expect(defaultCachePath({ XDG_CACHE_HOME: 'relative/dir' }, '/home/ann')).toBe(path.join('/home/ann', '.cache', 'attune', 'embeddings.sqlite'));
    // not under whichever folder the command runs in
    expect(defaultCachePath({}, '/home/ann').startsWith(process.cwd())).toBe(false);
  });
});
