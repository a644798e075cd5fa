/**
 * The record of what each select used (memory_usage) is written on both stores, inside a transaction as outside
 * (on Postgres outside one it commits without waiting for the disk), and a forget of the user removes it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryRepository } from '../../src/store/memory.js';
import { openStore } from '../../src/store/open.js';
import { backends } from './backends.js';

describe.each(backends())('usage records ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  it.skipIf(!backend.available)('are written in and out of a transaction and forgotten with the user', async () => {
    const store = await openStore(backend.fresh());
    try {
      const repo = new MemoryRepository(store);
      const scope = { tenantId: 't', userId: 'ana' };
      await repo.addUsage(scope, { kind: 'select', promptHash: 'h1', selector: 'default', attributeIds: ['a1', 'a2'] });
      await repo.transaction((r) => r.addUsage(scope, { kind: 'middleware', promptHash: 'h2', selector: 'default', attributeIds: [] }));
      await repo.addUsage({ tenantId: 't', userId: 'bo' }, { kind: 'select', promptHash: 'h3', selector: 'mem0', attributeIds: ['b1'] });
      const used = await repo.usage(scope);
      expect(used.map((u) => [u.kind, u.promptHash, u.selector, u.attributeIds]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
        ['select', 'h1', 'default', ['a1', 'a2']],
        ['middleware', 'h2', 'default', []],
      ]);
      await repo.forgetUser(scope);
      expect(await repo.usage(scope)).toEqual([]);
      expect(await repo.usage({ tenantId: 't', userId: 'bo' })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
