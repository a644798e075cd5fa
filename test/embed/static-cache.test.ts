/**
 * The static embedder behind createAttune keeps its vectors in an LRU in memory (a cached select embeds no profile
 * text again), and a forget, in this process or in another one sharing the vector-cache file, leaves none of the
 * forgotten user's texts in it: neither a vector nor the text -> key memo.
 */
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CachedEmbedder } from '../../src/embed/cache.js';
import { StaticEmbedder } from '../../src/embed/static.js';
import { createAttune, type Attune } from '../../src/memory/attune.js';
import { forgetEverywhere } from '../../src/memory/forget-everywhere.js';
import { openStore } from '../../src/store/open.js';
import { backends } from '../store/backends.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir('attune-static-cache-');

/** The CachedEmbedder an Attune embeds through (caught on its first embed call). */
async function cachedEmbedderOf(attune: Attune, userId: string): Promise<CachedEmbedder> {
  const spy = vi.spyOn(CachedEmbedder.prototype, 'embed');
  await attune.select({ userId, prompt: 'Anything for the weekend?' });
  const caught = spy.mock.contexts[0] as CachedEmbedder | undefined;
  spy.mockRestore();
  if (!caught) throw new Error('no CachedEmbedder in front of the static embedder');
  return caught;
}

const SAID = "I'm a beekeeper in Porto and I love sailing.";

describe.each(backends())("'static' embedder: an LRU in memory, emptied by forget ($name)", (backend) => {
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => backend.cleanup());
  const it_ = backend.available ? it : it.skip;

  it_('a cached select embeds nothing again; forget (user or attribute) leaves none of the texts in memory', async () => {
    const attune = createAttune({ store: backend.fresh(), embedder: 'static', embedCache: path.join(dir, `${backend.name}-one-vectors.sqlite`) });
    try {
      await attune.remember({ userId: 'u1', messages: [{ role: 'user', content: SAID }] });
      await attune.remember({ userId: 'u2', messages: [{ role: 'user', content: 'I play chess online.' }] });
      const texts = (await attune.profile({ userId: 'u1' })).attributes.map((a) => a.text);
      expect(texts.length).toBeGreaterThan(0);
      const cached = await cachedEmbedderOf(attune, 'u1');
      for (const t of texts) expect(cached.holds(t)).toBe(true);

      const embedded = vi.spyOn(StaticEmbedder.prototype, 'embedOne');
      await attune.select({ userId: 'u1', prompt: 'Plan a sailing weekend' });
      await attune.select({ userId: 'u1', prompt: 'Plan a sailing weekend' });
      // the first select embedded the new prompt only; the second nothing
      expect(embedded.mock.calls.map((c) => c[0])).toEqual(['Plan a sailing weekend']);

      const [first] = (await attune.profile({ userId: 'u1' })).attributes;
      await attune.forget({ userId: 'u1', attributeId: first!.id });
      expect(cached.holds(first!.text)).toBe(false);

      await attune.forget({ userId: 'u1' });
      for (const t of [...texts, 'Plan a sailing weekend', 'Anything for the weekend?']) expect(cached.holds(t), t).toBe(false);
      // another user's vectors stay
      await attune.select({ userId: 'u2', prompt: 'Suggest a board game' });
      expect(cached.holds((await attune.profile({ userId: 'u2' })).attributes[0]!.text)).toBe(true);
    } finally {
      await attune.close();
    }
  });

  it_("a forget in another process sharing the vector-cache file empties this one's LRU on its next embed", async () => {
    const store = backend.fresh();
    const embedCache = path.join(dir, `${backend.name}-two-vectors.sqlite`);
    const server = createAttune({ store, embedder: 'static', embedCache });
    const worker = createAttune({ store, embedder: 'static', embedCache });
    try {
      await worker.remember({ userId: 'u1', messages: [{ role: 'user', content: SAID }] });
      await worker.remember({ userId: 'u2', messages: [{ role: 'user', content: 'I play chess online.' }] });
      const texts = (await worker.profile({ userId: 'u1' })).attributes.map((a) => a.text);
      const held = await cachedEmbedderOf(worker, 'u1');
      for (const t of texts) expect(held.holds(t)).toBe(true);
      await server.forget({ userId: 'u1' });
      await worker.select({ userId: 'u2', prompt: 'Anything else?' }); // any embed call checks the generation
      for (const t of texts) expect(held.holds(t), t).toBe(false);
    } finally {
      await server.close();
      await worker.close();
    }
  });

  it_('an erasure (forgetEverywhere, attune forget --user) empties the LRU of a process embedding with it', async () => {
    const url = backend.fresh();
    const embedCache = path.join(dir, `${backend.name}-three-vectors.sqlite`);
    const server = createAttune({ store: url, embedder: 'static', embedCache, tenant: 't1' });
    const store = await openStore(url);
    try {
      await server.remember({ userId: 'u1', messages: [{ role: 'user', content: SAID }] });
      await server.remember({ userId: 'u2', messages: [{ role: 'user', content: 'I play chess online.' }] });
      const texts = (await server.profile({ userId: 'u1' })).attributes.map((a) => a.text);
      const held = await cachedEmbedderOf(server, 'u1');
      for (const t of texts) expect(held.holds(t)).toBe(true);
      const r = await forgetEverywhere({ store, userId: 'u1', embedCache });
      expect(r.memory.map((m) => m.tenant)).toEqual(['t1']);
      await server.select({ userId: 'u2', prompt: 'Anything else?' });
      for (const t of texts) expect(held.holds(t), t).toBe(false);
    } finally {
      await server.close();
      await store.close();
    }
  });
});
