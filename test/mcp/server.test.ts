import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../src/mcp/server.js';
import { sqliteAttune } from '../memory/support.js';
import { tempDir } from '../support/tmp.js';
import { call, rememberProfileSelectForget } from './flow.js';

const dir = tempDir('attune-mcp-');

async function connected(server: ReturnType<typeof createMcpServer>): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1' });
  await Promise.all([server.connect(a), client.connect(b)]);
  return client;
}

describe('createMcpServer with the SDK client (in memory)', () => {
  const { attune } = sqliteAttune(dir, 'mcp');
  afterAll(() => attune.close());

  it('lists the six tools and runs remember -> profile -> select -> forget', async () => {
    const client = await connected(createMcpServer({ attune }));
    await rememberProfileSelectForget(client, 'ana');
    await client.close();
  });

  it('refuses a server for one user with an empty id at once (every call would fail)', () => {
    expect(() => createMcpServer({ attune, userId: '' })).toThrow(/userId: must be 1 to 256 characters/);
  });

  it('a server for one user: no userId in the schemas; naming another user, or a misspelt key, is refused by name', async () => {
    await attune.remember({ userId: 'other', messages: [{ role: 'user', content: 'I am a nurse.' }] });
    const client = await connected(createMcpServer({ attune, userId: 'bo' }));
    const { tools } = await client.listTools();
    for (const t of tools) expect(Object.keys(t.inputSchema.properties ?? {})).not.toContain('userId');
    const asOther = await client.callTool({ name: 'profile', arguments: { userId: 'other' } });
    expect(asOther.isError).toBe(true);
    expect(JSON.stringify(asOther.content)).toMatch(/userId/);
    expect((await call(client, 'profile', {})).attributes).toEqual([]);
    const misspelt = await client.callTool({ name: 'search', arguments: { query: 'job', top_k: 3 } });
    expect(misspelt.isError).toBe(true);
    expect(JSON.stringify(misspelt.content)).toMatch(/top_k/);
    const bad = await client.callTool({ name: 'select', arguments: { prompt: 42 } });
    expect(bad.isError).toBe(true);
    await client.close();
  });
});
