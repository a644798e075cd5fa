import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAttuneJsonl } from '../../src/data/index.js';
import { emptyDataset } from '../../src/model/index.js';
import { openStore } from '../../src/store/open.js';
import { StudioStore } from '../../src/store/studio.js';
import { projectRoot } from '../support/shared.js';
import { Annotator, urlFetcher, yesNo } from './helpers.js';

/** Starts `attune studio` as its own process and waits for the URLs it prints. */
async function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; studyId: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), 'studio', ...args], {
    cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const m = /annotator URL: (http:\/\/[^/\s]+)\/s\/([^?\s]+)/.exec(out);
    if (m && /admin URL/.test(out)) return { child, url: m[1]!, studyId: m[2]! };
    if (child.exitCode !== null) throw new Error(`attune studio exited ${child.exitCode}: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`attune studio did not start: ${out}`);
}

describe('SIGKILL mid-study', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-kill-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged judgment and duplicates none', async () => {
    const ds = emptyDataset('kill', 'attune', 'illustrative');
    ds.prompts = Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, text: `Prompt ${i}` }));
    ds.profiles = ['u1', 'u2'].map((userId) => ({ userId, attributes: [{ text: `The user ${userId} a`, evidence: [], members: [] }, { text: `The user ${userId} b`, evidence: [], members: [] }] }));
    writeAttuneJsonl(ds, path.join(dir, 'data'));
    const storeFile = path.join(dir, 'studio.sqlite');
    const args = ['--data', path.join(dir, 'data'), '--kind', 'relevance', '--store', storeFile, '--port', '0', '--k', '3', '--admin-secret', 's'];

    const first = await startCli(args);
    children.push(first.child);
    const f = urlFetcher(first.url);
    const people = await Promise.all(Array.from({ length: 30 }, (_, i) => new Annotator(f, first.studyId, { name: `w${i}` }).enter()));
    const acked: { annotator: string; assignment: string; judgmentId: string; answers: unknown }[] = [];
    let killed = false;
    // Every annotator submits as fast as it can; the server is killed once enough judgments were acknowledged.
    const work = people.map(async (p) => {
      while (!killed) {
        try {
          const cur = await p.current();
          if (cur.done) return;
          const body = yesNo((i) => (i + p.who.name!.length) % 2 === 0)(cur.assignment!.task);
          const r = await p.submit(cur.assignment!.id, body);
          if (r.status === 201 || r.status === 200) acked.push({ annotator: p.who.name!, assignment: cur.assignment!.id, judgmentId: String(r.json.judgmentId), answers: body });
          if (acked.length >= 60 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch {
          return; // connection reset by the kill: not acknowledged
        }
      }
    });
    await Promise.all(work);
    await new Promise<void>((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r() : first.child.once('exit', () => r())));
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(60);

    // Restart on the same store: the study resumes and every acknowledged judgment is there, once.
    const second = await startCli(args);
    children.push(second.child);
    expect(second.studyId).toBe(first.studyId);
    const store = await openStore(storeFile);
    try {
      const studio = new StudioStore(store);
      const judgments = await studio.studyJudgments(first.studyId);
      const all = await store.listJudgments({ studyId: first.studyId });
      expect(all.length).toBe(judgments.length); // every judgment has its finished assignment, and back
      const byId = new Map(all.map((j) => [j.id, j]));
      for (const a of acked) {
        const j = byId.get(a.judgmentId);
        expect(j, `acknowledged judgment ${a.judgmentId} of ${a.annotator}`).toBeDefined();
        expect(j!.annotator).toBe(a.annotator);
        expect(j!.value).toEqual(a.answers);
      }
      expect(new Set(all.map((j) => `${j.annotator}/${j.itemKey}`)).size).toBe(all.length);
      expect(new Set(acked.map((a) => a.judgmentId)).size).toBe(acked.length);
      const counts = await studio.assignmentCounts(first.studyId);
      const done = counts.filter((c) => c.status === 'done').reduce((s, c) => s + c.n, 0);
      expect(done).toBe(all.length);
    } finally {
      await store.close();
    }
    // Annotators carry on where they were against the restarted server.
    const again = new Annotator(urlFetcher(second.url), second.studyId, { name: 'w0' });
    await again.enter();
    const cur = await again.current();
    expect(cur.done || cur.assignment !== undefined).toBe(true);
    second.child.kill('SIGTERM');
  }, 240_000);
});
