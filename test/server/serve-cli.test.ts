import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAttune, spawnAttune, type AttuneProcess } from '../support/cli.js';
import { projectRoot } from '../support/shared.js';
import { tempDir } from '../support/tmp.js';
import { E2E } from '../support/tier.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const tools = has('curl') && has('jq');
if (!tools) console.warn('[skip] curl or jq is missing: the README curl examples are not run');

/** The ```sh blocks of the README's REST section that call the API (they use $ATTUNE_URL). */
function curlExamples(): string {
  const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  const from = readme.indexOf('## REST service and workers\n');
  expect(from).toBeGreaterThanOrEqual(0);
  const to = readme.indexOf('\n## ', from + 1);
  const md = readme.slice(from, to < 0 ? undefined : to);
  const blocks = [...md.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.includes('$ATTUNE_URL'));
  expect(blocks.length).toBeGreaterThan(0);
  return blocks.join('\n');
}

describe('attune keys and attune serve as processes', E2E, () => {
  const dir = tempDir('attune-serve-cli-');
  const store = path.join(dir, 'store.sqlite');
  let server: AttuneProcess | undefined;
  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it.skipIf(!tools)('creates, lists and revokes keys; the documented curl examples run against the server; SIGTERM stops it cleanly', async () => {
    const created = runAttune(dir, 'keys', 'create', '--tenant', 'acme', '--store', store, '--label', 'docs');
    expect(created.code, created.err).toBe(0);
    const key = created.out.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^atk_/);
    const list = runAttune(dir, 'keys', 'list', '--store', store, '--json');
    const keys = JSON.parse(list.out) as { id: string; tenant: string; revokedAt: string | null }[];
    expect(keys).toEqual([expect.objectContaining({ tenant: 'acme', revokedAt: null })]);
    expect(list.out).not.toContain(key.slice(17));

    server = spawnAttune(dir, ['serve', '--store', store, '--port', '0']);
    const url = (await server.waitFor(/attune serve: (http:\/\/\S+) /))[1]!;

    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', curlExamples()], {
      encoding: 'utf8', env: { ...process.env, ATTUNE_URL: url, ATTUNE_KEY: key }, timeout: 120_000,
    });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain('"created":true');
    expect(run.stdout).toContain('The user eats no meat.');
    expect(run.stdout).toContain('"openapi":"3.1.0"');

    const revoke = runAttune(dir, 'keys', 'revoke', keys[0]!.id, '--store', store);
    expect(revoke.code, revoke.err).toBe(0);
    const after = await fetch(`${url}/v1/users/alice/profile`, { headers: { authorization: `Bearer ${key}` } });
    expect(after.status).toBe(401);

    server.child.kill('SIGTERM');
    await server.exited();
    expect(server.child.exitCode).toBe(0);
    const out = server.output();
    expect(out).toContain('"status":401');
    for (const secret of ['vegetarian', 'hiking', 'no meat', key]) expect(out).not.toContain(secret);
  }, 240_000);
});
