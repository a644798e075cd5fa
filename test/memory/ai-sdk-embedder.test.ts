import path from 'node:path';
import { MockEmbeddingModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { AiSdkEmbedder, createAiSdkEmbedder } from '../../src/embed/ai-sdk.js';
import { SqliteVectorCache } from '../../src/embed/cache.js';
import { createAttune } from '../../src/memory/index.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { tempDir } from '../support/tmp.js';
import { chat } from './support.js';

const dir = tempDir('attune-aisdk-emb-');

/** An AI SDK embedding model returning the bag-of-words vectors, scaled by 3 (so normalisation shows). */
function model() {
  return new MockEmbeddingModelV3({
    provider: 'mock', modelId: 'bow', maxEmbeddingsPerCall: 100,
    doEmbed: async ({ values }) => ({ embeddings: (await bowEmbedder.embed(values)).map((v) => [...v].map((x) => x * 3)), warnings: [] }),
  });
}

describe('AI SDK embedding models as attune embedders', () => {
  it('normalises, checks the size, and caches: a text reaches the provider once', async () => {
    const m = model();
    const cache = new SqliteVectorCache(path.join(dir, 'v.sqlite'));
    const emb = await createAiSdkEmbedder({ model: m, cache });
    expect(emb.dim).toBe(64);
    expect(emb.id).toBe('ai-sdk:mock/bow@64');
    const [a] = await emb.embed(['likes jazz music']);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
    const calls = m.doEmbedCalls.length;
    await emb.embed(['likes jazz music', 'likes jazz music']);
    expect(m.doEmbedCalls.length).toBe(calls);
    expect(cache.size()).toBe(1);
    await expect(new AiSdkEmbedder({ model: m, dim: 32 }).embed(['x'])).rejects.toThrow(/64-d embedding, expected 32/);
    cache.close();
  });

  it('plugs into createAttune as `embedder` (probing the size, cached in embedCache)', async () => {
    const m = model();
    const attune = createAttune({ store: path.join(dir, 'm.sqlite'), embedder: m, embedCache: path.join(dir, 'm-vectors.sqlite') });
    await attune.remember({ userId: 'e', messages: chat("I'm a nurse. I love jazz.") });
    const s = await attune.select({ userId: 'e', prompt: 'jazz albums' });
    expect(s.attributes.map((a) => a.text)).toEqual(['The user loves jazz']);
    await attune.close();
    expect(m.doEmbedCalls.length).toBeGreaterThan(0);
  });
});
