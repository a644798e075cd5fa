/**
 * Forgetting one attribute reaches the Idempotency-Key answers kept in the server: a retry with the key of the
 * request that created the attribute must not hand its text back (it runs again and finds the conversation
 * remembered).
 */
import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/server/api/app.js';
import { memoryService } from '../../src/server/api/attune.js';
import { KeyStore } from '../../src/store/keys.js';
import { openStore } from '../../src/store/open.js';
import { bowEmbedder } from '../support/fake-embedder.js';

describe('forgetting an attribute and Idempotency-Key replays', () => {
  it('a replay after DELETE /v1/users/{id}/attributes/{aid} does not return the forgotten text', async () => {
    const store = await openStore(':memory:');
    const memory = memoryService(store, { embedder: bowEmbedder });
    try {
      const keys = new KeyStore(store);
      const key = (await keys.createKey('acme')).key;
      const app = createApiApp({ keys, memoryFor: memory.memoryFor });
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'req-1' };
      const body = JSON.stringify({ messages: [{ role: 'user', content: 'I live in Quibbletown and I am a nurse.' }] });
      const first = (await (await app.request('/v1/users/ana/conversations', { method: 'POST', headers, body })).json()) as { changes: { attributeId: string; text: string }[] };
      const town = first.changes.find((c) => c.text.includes('Quibbletown'))!;
      expect((await app.request(`/v1/users/ana/attributes/${town.attributeId}`, { method: 'DELETE', headers })).status).toBe(200);
      const replay = await app.request('/v1/users/ana/conversations', { method: 'POST', headers, body });
      expect(replay.status).toBe(200);
      expect(await replay.text()).not.toContain('Quibbletown');
    } finally {
      await memory.close();
      await store.close();
    }
  });
});
