/**
 * `forget` through /mcp is the same erasure as DELETE /v1/users/{id}: with a queue (`serve --queue`), the user's
 * queued remember jobs are removed too (otherwise they would run after the forget and remember the user again).
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { createApiApp, rememberOrderKey } from '../../src/server/api/app.js';
import type { RememberJob } from '../../src/server/api/memory.js';
import type { RememberResponse } from '../../src/server/api/schemas.js';
import { memoryService } from '../../src/server/api/attune.js';
import { bullQueue } from '../../src/queue/bullmq.js';
import { KeyStore } from '../../src/store/keys.js';
import { openStore } from '../../src/store/open.js';
import { bowEmbedder } from '../support/fake-embedder.js';

const redisUrl = process.env.ATTUNE_TEST_REDIS_URL;

describe('forget through /mcp with a queue', () => {
  it.skipIf(!redisUrl)('removes the user\'s queued jobs as DELETE /v1/users/{id} does', async () => {
    const store = await openStore(':memory:');
    const memory = memoryService(store, { embedder: bowEmbedder });
    const queue = bullQueue<RememberJob, RememberResponse>({ url: redisUrl!, name: `attune-mcpf-${randomBytes(4).toString('hex')}`, orderKey: rememberOrderKey });
    try {
      const keys = new KeyStore(store);
      const key = (await keys.createKey('acme')).key;
      const app = createApiApp({ keys, memoryFor: memory.memoryFor, attuneFor: memory.attuneFor, queue });
      const auth = { authorization: `Bearer ${key}` };
      const posted = await app.request('/v1/users/ana/conversations', {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: 'I live in Quibbletown.' }] }),
      });
      expect(posted.status).toBe(202);
      const { jobId } = (await posted.json()) as { jobId: string };
      expect((await app.request(`/v1/jobs/${jobId}`, { headers: auth })).status).toBe(200);

      const client = new Client({ name: 'test', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL('http://localhost/mcp'), {
        fetch: (url, init) => Promise.resolve(app.request(String(url), init as RequestInit)), requestInit: { headers: auth },
      }));
      const r = await client.callTool({ name: 'forget', arguments: { userId: 'ana' } });
      expect(r.isError).toBeFalsy();
      await client.close();
      expect((await app.request(`/v1/jobs/${jobId}`, { headers: auth })).status).toBe(404);
    } finally {
      await queue.close();
      await memory.close();
      await store.close();
    }
  });
});
