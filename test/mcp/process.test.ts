import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, describe, expect, it } from 'vitest';
import { attuneArgs, runAttune, spawnAttune, type AttuneProcess } from '../support/cli.js';
import { projectRoot } from '../support/shared.js';
import { tempDir } from '../support/tmp.js';
import { E2E } from '../support/tier.js';
import { rememberProfileSelectForget } from './flow.js';

const env = { ...(process.env as Record<string, string>), ATTUNE_EMBED_CACHE: path.join(projectRoot, '.attune', 'embeddings.sqlite') };

describe('attune mcp and /mcp under attune serve, with the SDK client', E2E, () => {
  const dir = tempDir('attune-mcp-cli-');
  let server: AttuneProcess | undefined;
  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('stdio: `attune mcp --store FILE` as a child process', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath, args: attuneArgs('mcp', '--store', path.join(dir, 'stdio.sqlite')), cwd: dir, env, stderr: 'pipe',
    });
    let err = '';
    transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const client = new Client({ name: 'attune-test', version: '1' });
    await client.connect(transport);
    expect(client.getServerVersion()?.name).toBe('attune');
    await rememberProfileSelectForget(client, 'ana');
    await client.close();
    expect(err).toContain('attune mcp: serving');
  }, 240_000);

  it('streamable HTTP at /mcp of `attune serve`, with the tenant key; no key: 401', async () => {
    const store = path.join(dir, 'serve.sqlite');
    const created = runAttune(dir, 'keys', 'create', '--tenant', 'acme', '--store', store);
    expect(created.code, created.err).toBe(0);
    const key = created.out.trim().split('\n').at(-1)!;
    server = spawnAttune(dir, ['serve', '--store', store, '--port', '0', '--quiet']);
    const url = (await server.waitFor(/attune serve: (http:\/\/\S+) /))[1]!;

    const denied = await fetch(`${url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(denied.status).toBe(401);

    const client = new Client({ name: 'attune-test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    await rememberProfileSelectForget(client, 'ana');
    await client.close();

    server.child.kill('SIGTERM');
    await server.exited();
    expect(server.child.exitCode).toBe(0);
  }, 240_000);
});
