import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prediction } from '../../src/model/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { StudioStore } from '../../src/studio/index.js';
import { createStudioApp, createStudyFromRun, FromRunError, liveAgreement, loadStudyData, studyDataset } from '../../src/server/index.js';
import type { RelevanceMeta, RelevancePayload } from '../../src/studio/tasks.js';
import { startStudioCli } from '../support/studio-load.js';
import { HOSTILE, studioDataset } from './fixtures.js';
import { Annotator, appFetcher, urlFetcher, yesNo } from './helpers.js';

const SECRET = 'from-run-secret-0123';

/** A stage-2 run over the fixture's pairs of round r1: YES to every first attribute of a page and to u2's "marathons". */
function runPredictions(): Prediction[] {
  const ds = studioDataset();
  const out: Prediction[] = [];
  for (const prof of ds.profiles) {
    for (const promptId of ['p1', 'p2']) {
      prof.attributes.forEach((a, i) => {
        const relevant = i === 0 || a.text === 'The user runs marathons';
        out.push({ userId: prof.userId, promptId, attribute: a.text, system: 'bm25', relevant, score: relevant ? 2 : 0.1, round: 'r1' });
      });
    }
  }
  return out;
}

describe('studies from a stored stage-2 run (--from-run)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-from-run-'));
  const storeFile = path.join(dir, 'store.sqlite');
  const children: ChildProcess[] = [];
  let store: Store;
  let runId: string;

  beforeAll(async () => {
    store = await openStore(storeFile);
    await store.saveDataset(studioDataset());
    const run = await store.createRun({ stage: 'select', system: 'bm25', dataset: 'studio-fixture', params: { round: 'r1' } });
    await store.savePredictions(run.id, runPredictions());
    runId = run.id;
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("holds exactly the run's YES pairs, one page per (user, prompt), with the dataset's prompt texts, votes and labels", async () => {
    const study = await createStudyFromRun(store, runId, { name: 'check-bm25', k: 2 });
    expect(study).toMatchObject({ kind: 'relevance', k: 2 });
    expect(study.source).toMatchObject({ run: runId, system: 'bm25', dataset: 'studio-fixture', predictions: 12, selected: 8, missingPrompts: 0 });
    const items = await new StudioStore(store).listItems(study.id);
    const pages = items.map((i) => {
      const m = i.meta as RelevanceMeta;
      const p = i.payload as RelevancePayload;
      return { user: m.userId, prompt: m.promptId, text: p.prompt, attributes: p.attributes };
    });
    expect(pages).toEqual([
      { user: 'u1', prompt: 'p1', text: `Plan a weekend in Paris ${HOSTILE[0]}`, attributes: ['The user is learning French'] },
      { user: 'u1', prompt: 'p2', text: 'What is the boiling point of water?', attributes: ['The user is learning French'] },
      { user: 'u2', prompt: 'p1', text: `Plan a weekend in Paris ${HOSTILE[0]}`, attributes: ['The user is vegetarian', 'The user runs marathons'] },
      { user: 'u2', prompt: 'p2', text: 'What is the boiling point of water?', attributes: ['The user is vegetarian', 'The user runs marathons'] },
      { user: 'u3', prompt: 'p1', text: `Plan a weekend in Paris ${HOSTILE[0]}`, attributes: ['The user is a physics teacher'] },
      { user: 'u3', prompt: 'p2', text: 'What is the boiling point of water?', attributes: ['The user is a physics teacher'] },
    ]);
    // The run's vote and the dataset's recorded votes for the same pair and round; the dataset's label as gold.
    const ds = studioDataset();
    for (const it of items) {
      const m = it.meta as RelevanceMeta;
      (it.payload as RelevancePayload).attributes.forEach((a, i) => {
        const label = ds.labels.find((l) => l.userId === m.userId && l.promptId === m.promptId && l.attribute === a)!;
        expect(m.votes[i]).toEqual({ bm25: true, 'votes:judge-a': true, 'votes:judge-b': label.relevant });
        expect(m.gold[i]).toBe(label.relevant);
      });
    }
    // The run's NO answers are not shown to anyone.
    const shown = items.flatMap((i) => (i.payload as RelevancePayload).attributes);
    expect(shown).not.toContain('The user has two children');
  });

  it("people judge the run's YES answers; the export carries the run's votes and the human YES rate is its precision", async () => {
    const studio = new StudioStore(store);
    const study = await createStudyFromRun(store, runId, { name: 'judged-bm25', k: 2, attentionChecks: 1 });
    const f = appFetcher(createStudioApp({ studio, adminSecret: SECRET }));
    const people = await Promise.all(['ann', 'ben'].map((name) => new Annotator(f, study.id, { name }).enter()));
    // Both say YES only to "marathons": 2 of the 8 YES pairs.
    for (const p of people) await p.completeAll((task) => yesNo((_, text) => text === 'The user runs marathons' || text.startsWith('Attention check: answer YES'))(task));
    const d = await loadStudyData(studio, study);
    const out = studyDataset(d);
    expect(out.annotations).toHaveLength(16);
    expect(out.predictions.filter((p) => p.system === 'bm25')).toHaveLength(8);
    expect(out.predictions.filter((p) => p.system === 'bm25').every((p) => p.relevant)).toBe(true);
    expect(out.labels.filter((l) => l.relevant).map((l) => l.attribute)).toEqual(['The user runs marathons', 'The user runs marathons']);
    const agreement = liveAgreement(d);
    expect(agreement.humanYesRate).toBeCloseTo(2 / 8);
    expect(agreement.judges.find((j) => j.system === 'bm25')).toMatchObject({ n: 8, yesRate: 1 });
  });

  it('says what is wrong: an unknown run, a run of another stage, nothing said YES to, the dataset not imported', async () => {
    await expect(createStudyFromRun(store, 'nope')).rejects.toThrow(/no run "nope" in the store.*recent stage-2 runs: .*bm25 on studio-fixture/);
    const extract = await store.createRun({ stage: 'extract', system: 'x', dataset: 'studio-fixture' });
    await expect(createStudyFromRun(store, extract.id)).rejects.toThrow(/is a "extract" run; a study from a run needs a stage-2 \("select"\) run/);
    const none = await store.createRun({ stage: 'select', system: 'never', dataset: 'studio-fixture' });
    await store.savePredictions(none.id, runPredictions().map((p) => ({ ...p, system: 'never', relevant: false })));
    await expect(createStudyFromRun(store, none.id)).rejects.toThrow(/said YES to none of its 12 pairs/);
    const elsewhere = await store.createRun({ stage: 'select', system: 'bm25', dataset: 'not-imported' });
    await store.savePredictions(elsewhere.id, runPredictions());
    const err = await createStudyFromRun(store, elsewhere.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FromRunError);
    expect((err as Error).message).toMatch(/names dataset "not-imported", which is not in the store: import it first with `attune data import --data/);
  });

  it('attune studio --from-run serves the study; a missing dataset stops it with the import hint', async () => {
    const missing = await store.createRun({ stage: 'select', system: 'bm25', dataset: 'gone' });
    await store.savePredictions(missing.id, runPredictions());
    await expect(startStudioCli(['--from-run', missing.id, '--store', storeFile, '--port', '0'])).rejects.toThrow(/attune data import/);
    await expect(startStudioCli(['--from-run', runId, '--kind', 'rating', '--store', storeFile, '--port', '0'])).rejects.toThrow(/makes a relevance study/);

    const cli = await startStudioCli(['--from-run', runId, '--store', storeFile, '--port', '0', '--k', '1', '--admin-secret', 'a-long-enough-secret']);
    children.push(cli.child);
    expect(cli.output()).toMatch(/created study "run-[^"]+" \(relevance, 6 items, k=1\) from run .*: the 8 of 12 pairs bm25 said YES to, on studio-fixture/);
    const a = await new Annotator(urlFetcher(cli.url), cli.studyId, { name: 'cli' }).enter();
    const done = await a.completeAll(yesNo(() => false));
    expect(done.done).toBe(true);
    const judged = await store.listJudgments({ studyId: cli.studyId });
    expect(judged).toHaveLength(6);
    cli.child.kill('SIGTERM');
  }, 120_000);
});
