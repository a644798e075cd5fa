import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine } from '../../src/embed/embedder.js';
import { UseLiteEmbedder } from '../../src/embed/use-lite.js';

describe('UseLiteEmbedder (real model, offline)', () => {
  const realFetch = globalThis.fetch;
  const fetched: string[] = [];
  beforeAll(() => {
    // Any network access while loading or running the model fails the test.
    globalThis.fetch = ((input: unknown) => {
      fetched.push(String(input));
      return Promise.reject(new Error(`network access attempted: ${String(input)}`));
    }) as typeof fetch;
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  it('embeds to unit 512-d vectors; close sentences score higher than unrelated ones', async () => {
    const emb = new UseLiteEmbedder({ batchSize: 2 });
    const [cat, kitten, stock, empty] = await emb.embed([
      'The cat is sleeping on the sofa.',
      'A kitten naps on the couch.',
      'Quarterly earnings beat analyst expectations.',
      '',
    ]);
    expect(cat).toBeInstanceOf(Float32Array);
    expect(cat).toHaveLength(512);
    expect(Math.hypot(...cat!)).toBeCloseTo(1, 5);
    expect([...empty!].every((x) => x === 0)).toBe(true);
    const close = cosine(cat!, kitten!);
    const far = cosine(cat!, stock!);
    console.log(`[use-lite] cos(cat, kitten) = ${close.toFixed(3)}, cos(cat, earnings) = ${far.toFixed(3)}`);
    expect(close).toBeGreaterThan(far + 0.2);

    const user = await emb.embed(['The user is vegetarian.', 'Suggest a meat-free dinner recipe.', 'How do I fix a flat bicycle tyre?']);
    expect(cosine(user[0]!, user[1]!)).toBeGreaterThan(cosine(user[0]!, user[2]!));
    expect(fetched).toEqual([]);
  });

  it('gives the same vector for a text whatever its batch', async () => {
    const a = await new UseLiteEmbedder({ batchSize: 1 }).embed(['hello world']);
    const b = await new UseLiteEmbedder({ batchSize: 8 }).embed(['something else', 'hello world']);
    expect(cosine(a[0]!, b[1]!)).toBeCloseTo(1, 5);
    expect(await new UseLiteEmbedder().embed([])).toEqual([]);
  });
});
