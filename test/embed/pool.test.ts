import { afterAll, describe, expect, it } from 'vitest';
import { closeEmbedThreads, embedThreads, threadPool } from '../../src/embed/pool.js';
import { UseLiteEmbedder } from '../../src/embed/use-lite.js';

const TEXTS = [
  'The user is vegetarian.',
  'Suggest a meat-free dinner recipe.',
  '',
  'How do I fix a flat bicycle tyre?',
  'The user is vegetarian.',
  'Plan a weekend in Lisbon with two kids, on a budget.',
];

describe('USE-lite in worker threads', () => {
  afterAll(() => closeEmbedThreads());

  it('gives the same vectors as in this thread, bit for bit, whatever the batch they were in', async () => {
    const here = await new UseLiteEmbedder({ threads: 0 }).embed(TEXTS);
    const threaded = new UseLiteEmbedder({ threads: 2 });
    const pool = threadPool(2, 64);
    expect(await pool.ready()).toBe(true);
    const together = await threaded.embed(TEXTS);
    // one call per text, all at once: they are batched together with each other in another order
    const apart = await Promise.all([...TEXTS].reverse().map((t) => threaded.embed([t])));
    for (const [i, v] of here.entries()) {
      expect(Buffer.from(together[i]!.buffer).equals(Buffer.from(v.buffer))).toBe(true);
      expect(Buffer.from(apart[TEXTS.length - 1 - i]![0]!.buffer).equals(Buffer.from(v.buffer))).toBe(true);
    }
  });

  it('batches the texts of concurrent calls: 40 calls in one tick take a few forward passes', async () => {
    const threaded = new UseLiteEmbedder({ threads: 1 });
    const pool = threadPool(1, 64);
    await pool.ready();
    const before = { ...pool.stats };
    const prompts = Array.from({ length: 40 }, (_, i) => `Recommend a podcast about topic number ${i}`);
    const out = await Promise.all(prompts.map((p) => threaded.embed([p])));
    expect(out.every((v) => v.length === 1 && v[0]!.length === 512)).toBe(true);
    const batches = pool.stats.batches - before.batches;
    expect(pool.stats.texts - before.texts).toBe(40);
    expect(batches).toBeLessThanOrEqual(2);
  });

  it('reads the thread count from the option, then ATTUNE_EMBED_THREADS, then the cores', () => {
    expect(embedThreads(3, {})).toBe(3);
    expect(embedThreads(undefined, { ATTUNE_EMBED_THREADS: '0' })).toBe(0);
    expect(embedThreads(undefined, {})).toBeGreaterThanOrEqual(1);
    expect(() => embedThreads(undefined, { ATTUNE_EMBED_THREADS: 'many' })).toThrow(/whole number/);
  });
});
