/**
 * The cheap hot path of select: a profile's cache keys are written once (not on every select), each text is hashed
 * once, and a forget makes the keys be written again when they are met again (so a later forget finds them).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CachedEmbedder, SqliteVectorCache, vectorKey } from '../../src/embed/cache.js';
import { createAttune } from '../../src/memory/attune.js';
import { MemoryRepository } from '../../src/store/memory.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir('attune-hot-path-');

describe('select hot path', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes only new cache keys; after a forget they are written again', async () => {
    const attune = createAttune({ store: path.join(dir, 'keys.sqlite'), embedder: bowEmbedder });
    try {
      await attune.remember({ userId: 'u1', messages: [{ role: 'user', content: "I'm a nurse and I live in Porto. I love sailing." }] });
      const written: string[][] = [];
      const original = MemoryRepository.prototype.addCacheKeys;
      vi.spyOn(MemoryRepository.prototype, 'addCacheKeys').mockImplementation(function (this: MemoryRepository, ...args) {
        if (args[1] === 'vector') written.push(args[2].map((k) => k.key));
        return original.apply(this, args);
      });
      await attune.select({ userId: 'u1', prompt: 'Plan a sailing weekend' });
      await attune.select({ userId: 'u1', prompt: 'Plan a sailing weekend' });
      await attune.select({ userId: 'u1', prompt: 'Suggest a podcast for my commute' });
      expect(written.length).toBe(2);
      // the second select of the same prompt wrote nothing; the new prompt wrote its own key only
      expect(written[1]).toEqual([vectorKey(bowEmbedder.id, 'Suggest a podcast for my commute')]);

      await attune.forget({ userId: 'u1' });
      await attune.remember({ userId: 'u1', messages: [{ role: 'user', content: 'I love sailing.' }] });
      written.length = 0;
      await attune.select({ userId: 'u1', prompt: 'Plan a sailing weekend' });
      expect(written.flat()).toContain(vectorKey(bowEmbedder.id, 'Plan a sailing weekend'));
    } finally {
      await attune.close();
    }
  });

  it('hashes a text once, however often it is embedded', async () => {
    const hashes = vi.spyOn(crypto, 'createHash');
    const emb = new CachedEmbedder(bowEmbedder, new SqliteVectorCache(':memory:'));
    const texts = ['The user sails', 'The user is a nurse', 'Plan a weekend'];
    const first = await emb.embed(texts);
    const n = hashes.mock.calls.length;
    expect(await emb.embed(texts)).toEqual(first);
    expect(emb.keyOf('The user sails')).toBe(vectorKey(bowEmbedder.id, 'The user sails'));
    expect(hashes.mock.calls.length).toBe(n);
  });
});
