/**
 * Another tenant's attribute id is, to a tenant, an id that does not exist (unknown_attribute): the memory says
 * which user owns an id only within the caller's tenant, so a tenant's MCP or library caller cannot learn that an
 * id is in use elsewhere. The REST API answers 404 for both already.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AttuneError, createAttune } from '../../src/memory/index.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { tempDir } from '../support/tmp.js';

const file = `${tempDir('attune-other-tenant-')}/t.sqlite`;
const acme = createAttune({ store: file, embedder: bowEmbedder, tenant: 'acme' });
const beta = createAttune({ store: file, embedder: bowEmbedder, tenant: 'beta' });
afterAll(async () => {
  await acme.close();
  await beta.close();
});

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (AttuneError.isInstance(e) ? e.code : String(e)));

describe('an attribute id of another tenant', () => {
  it('is unknown to the caller; another user of the same tenant is still named as such; nothing changes', async () => {
    const a = await acme.remember({ userId: 'ana', messages: [{ role: 'user', content: 'I am a nurse.' }] });
    await acme.remember({ userId: 'carl', messages: [{ role: 'user', content: 'I am a pilot.' }] });
    await beta.remember({ userId: 'ana', messages: [{ role: 'user', content: 'I am a baker.' }] });
    const id = a.changes[0]!.attributeId;
    expect(await codeOf(beta.correct({ userId: 'ana', attributeId: id, action: 'reject' }))).toBe('unknown_attribute');
    expect(await codeOf(beta.forget({ userId: 'ana', attributeId: id }))).toBe('unknown_attribute');
    expect(await codeOf(acme.forget({ userId: 'carl', attributeId: id }))).toBe('attribute_of_another_user');
    expect((await acme.profile({ userId: 'ana' })).attributes.map((x) => [x.id, x.status])).toEqual([[id, 'active']]);
  });
});
