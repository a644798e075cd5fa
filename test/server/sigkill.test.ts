import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAcknowledged, exited, runLoad, startStudioCli, writeRelevanceData } from '../support/studio-load.js';
import { Annotator, urlFetcher } from './helpers.js';
import { E2E } from '../support/tier.js';

describe('SIGKILL mid-study', E2E, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-kill-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged judgment and duplicates none', async () => {
    writeRelevanceData(path.join(dir, 'data'), { prompts: 40, users: 2, attributes: 2, name: 'kill' });
    const storeFile = path.join(dir, 'studio.sqlite');
    const args = ['--data', path.join(dir, 'data'), '--kind', 'relevance', '--store', storeFile, '--port', '0', '--k', '3', '--admin-secret', 'a-long-enough-secret'];

    const first = await startStudioCli(args);
    children.push(first.child);
    // Every annotator submits as fast as it can; the server is killed once enough judgments were acknowledged.
    const load = await runLoad(first.url, first.studyId, { annotators: 30, maxMs: 120_000, killAfter: { count: 60, child: first.child } });
    await exited(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(load.killed).toBe(true);
    expect(load.acked.length).toBeGreaterThanOrEqual(60);

    // Restart on the same store: the study resumes and every acknowledged judgment is there, once.
    const second = await startStudioCli(args);
    children.push(second.child);
    expect(second.studyId).toBe(first.studyId);
    const check = await checkAcknowledged(storeFile, first.studyId, load.acked);
    expect(check).toMatchObject({ acknowledged: load.acked.length, present: load.acked.length, lost: 0, altered: 0, duplicated: 0, unpaired: 0 });

    // Annotators carry on where they were against the restarted server.
    const again = new Annotator(urlFetcher(second.url), second.studyId, { name: 'w0' });
    again.token = load.tokens.w0!;
    await again.enter();
    const cur = await again.current();
    expect(cur.done || cur.assignment !== undefined).toBe(true);
    second.child.kill('SIGTERM');
  }, 240_000);
});
