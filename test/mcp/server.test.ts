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

  it('a server for one user: no userId in the schemas, and another user is out of reach', async () => {
    await attune.remember({ userId: 'other', messages: [{ role: 'user', content: 'I am a nurse.' }] });
    const client = await connected(createMcpServer({ attune, userId: 'bo' }));
    const { tools } = await client.listTools();
    for (const t of tools) expect(Object.keys(t.inputSchema.properties ?? {})).not.toContain('userId');
    expect((await call(client, 'profile', { userId: 'other' })).attributes).toEqual([]);
    const bad = await client.callTool({ name: 'select', arguments: { prompt: 42 } });
    expect(bad.isError).toBe(true);
    await client.close();
  });
});
