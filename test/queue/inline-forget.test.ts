/**
 * The in-process queue (`startApiServer({ queue: 'inline' })`) forgets as the Redis one does: a user's jobs and
 * their results go with the user, and a finished job's result goes with an attribute it quotes.
 */
import { describe, expect, it } from 'vitest';
import { inlineQueue } from '../../src/queue/inline.js';
import { rememberHandler, rememberOrderKey, rememberRedact } from '../../src/server/api/app.js';
import { memoryService } from '../../src/server/api/attune.js';
import type { RememberJob } from '../../src/server/api/memory.js';
import type { RememberResponse } from '../../src/server/api/schemas.js';
import { openStore } from '../../src/store/open.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { apiWithQueue } from '../server/helpers.js';

describe('the inline queue forgets', () => {
  it('keeps no conversation in a finished job; drops results with an attribute and jobs with the user', async () => {
    const store = await openStore(':memory:');
    const memory = memoryService(store, { embedder: bowEmbedder });
    const queue = inlineQueue<RememberJob, RememberResponse>(rememberHandler(memory.memoryFor), { orderKey: rememberOrderKey, redact: rememberRedact });
    try {
      const { call } = await apiWithQueue(store, memory.memoryFor, queue);
      const post = (user: string) => call('POST', `/v1/users/${user}/conversations`, { messages: [{ role: 'user', content: 'I live in Quibbletown and I work as a zookeeper.' }] });
      const a = await post('ana');
      await queue.drain();
      const job = await queue.get(String(a.json.jobId));
      expect(job?.state).toBe('completed');
      expect(JSON.stringify(job?.data)).not.toContain('Quibbletown');
      const town = (job!.result as RememberResponse).changes.find((c) => c.text.includes('Quibbletown'))!;
      expect((await call('DELETE', `/v1/users/ana/attributes/${town.attributeId}`)).status).toBe(200);
      expect((await call('GET', `/v1/jobs/${String(a.json.jobId)}`)).status).toBe(404);

      const b = await post('bo');
      await queue.drain();
      expect((await call('GET', `/v1/jobs/${String(b.json.jobId)}`)).status).toBe(200);
      expect((await call('DELETE', '/v1/users/bo')).status).toBe(200);
      expect((await call('GET', `/v1/jobs/${String(b.json.jobId)}`)).status).toBe(404);
    } finally {
      await queue.close();
      await memory.close();
      await store.close();
    }
  });
});
