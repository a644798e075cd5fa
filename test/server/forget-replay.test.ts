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

  it('an erasure run elsewhere (another process on the same store) is caught before a kept answer is replayed', async () => {
    const store = await openStore(':memory:');
    const memory = memoryService(store, { embedder: bowEmbedder });
    const elsewhere = memoryService(store, { embedder: bowEmbedder }); // its forget never tells this app's kept answers
    try {
      const keys = new KeyStore(store);
      const key = (await keys.createKey('acme')).key;
      const app = createApiApp({ keys, memoryFor: memory.memoryFor });
      const post = (user: string, idem: string, content: string) => app.request(`/v1/users/${user}/conversations`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem },
        body: JSON.stringify({ messages: [{ role: 'user', content }] }),
      });
      type Answer = { created: boolean; changes: { attributeId: string; text: string }[] };
      const said = 'I live in Quibbletown and I am a nurse.';

      // Nothing forgotten: the kept answer itself comes back (a second run would say created: false).
      const first = (await (await post('ana', 'k1', said)).json()) as Answer;
      expect(first.created).toBe(true);
      expect(await (await post('ana', 'k1', said)).json()).toEqual(first);

      // The whole user forgotten elsewhere: the replay runs again instead of quoting the erased answer.
      await (await elsewhere.memoryFor('acme')).forget('ana');
      const afterUser = (await (await post('ana', 'k1', said)).json()) as Answer;
      expect(afterUser.created).toBe(true);
      expect(afterUser.changes.map((c) => c.attributeId)).not.toEqual(first.changes.map((c) => c.attributeId));

      // One attribute forgotten elsewhere: the kept answer quoting it is not handed back.
      const bo = (await (await post('bo', 'k2', 'I live in Wobbleford and I keep bees.')).json()) as Answer;
      const town = bo.changes.find((c) => c.text.includes('Wobbleford'))!;
      await (await elsewhere.memoryFor('acme')).forget('bo', town.attributeId);
      expect(await (await post('bo', 'k2', 'I live in Wobbleford and I keep bees.')).text()).not.toContain('Wobbleford');
    } finally {
      await elsewhere.close();
      await memory.close();
      await store.close();
    }
  });
});
