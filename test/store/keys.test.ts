import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { KeyError, KeyStore } from '../../src/store/keys.js';
import { backends } from './backends.js';

for (const backend of backends()) {
  describe.skipIf(!backend.available)(`API keys on ${backend.name}`, () => {
    afterAll(() => backend.cleanup());

    it('authenticates a key to its tenant, never stores it, and refuses wrong, malformed and revoked keys', async () => {
      const store = await openStore(backend.fresh());
      try {
        const ks = new KeyStore(store);
        const a = await ks.createKey('acme', 'ci');
        const b = await ks.createKey('globex');
        expect(a.key).toMatch(/^atk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
        expect((await ks.authenticate(a.key))?.tenant.name).toBe('acme');
        expect((await ks.authenticate(b.key))?.tenant.name).toBe('globex');

        const rows = await ks.db.selectFrom('api_keys').selectAll().execute();
        expect(JSON.stringify(rows)).not.toContain(a.key.slice(17));

        const wrongSecret = `${a.key.slice(0, -1)}${a.key.endsWith('A') ? 'B' : 'A'}`;
        expect(await ks.authenticate(wrongSecret)).toBeUndefined();
        expect(await ks.authenticate(`atk_${'0'.repeat(12)}_${a.key.slice(17)}`)).toBeUndefined();
        expect(await ks.authenticate('Bearer nonsense')).toBeUndefined();

        await ks.revokeKey(a.id);
        await ks.revokeKey(a.id); // twice is fine
        expect(await ks.authenticate(a.key)).toBeUndefined();
        expect((await ks.authenticate(b.key))?.tenant.name).toBe('globex');

        const list = await ks.listKeys();
        // Sorted here: two keys made in the same millisecond list in id order, not creation order.
        expect(list.map((k) => [k.tenant, k.revokedAt === null]).sort()).toEqual([['acme', false], ['globex', true]]);
        expect(await ks.listKeys('globex')).toHaveLength(1);
        await expect(ks.revokeKey('nope')).rejects.toBeInstanceOf(KeyError);
        await expect(ks.createKey('bad name!')).rejects.toThrow(/tenant name/);
        // A second key for a tenant joins the same tenant.
        const a2 = await ks.createKey('acme');
        expect((await ks.authenticate(a2.key))?.tenant.id).toBe((await ks.getTenant('acme'))!.id);
      } finally {
        await store.close();
      }
    });
  });
}
