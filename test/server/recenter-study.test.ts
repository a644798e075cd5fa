import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import { computeAgreement } from '../../src/eval/agreement.js';
import { evaluateSelector } from '../../src/eval/select.js';
import { makeSelector } from '../../src/eval/selectors.js';
import { classification } from '../../src/metrics/index.js';
import { openStore } from '../../src/store/open.js';
import { StudioStore } from '../../src/studio/index.js';
import { createStudioApp, createStudy, exportStudy } from '../../src/server/index.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { Annotator, appFetcher } from './helpers.js';

describe.skipIf(!hasShared('recenter-pilot'))('a study over recenter-pilot items, completed through the HTTP API', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-recenter-study-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exports judgments that attune eval reads: agreement and votes:* selectors scored against the study majority', async () => {
    const source = loadDataset(sharedPath('recenter-pilot'));
    const store = await openStore(path.join(dir, 'studio.sqlite'));
    try {
      const studio = new StudioStore(store);
      const study = await createStudy(studio, source, { name: 'pilot-task5', kind: 'relevance', round: 'task5', limit: 25, k: 3 });
      const f = appFetcher(createStudioApp({ studio, adminSecret: 'recenter-admin-secret' }));
      const items = await studio.listItems(study.id);
      expect(items).toHaveLength(25);
      // Scripted annotators: two answer the published human majority, one disagrees on every 4th pair.
      const gold = new Map(source.labels.filter((l) => l.round === 'task5').map((l) => [`${l.userId}\u0000${l.promptId}\u0000${l.attribute}`, l.relevant]));
      const byPayload = new Map(items.map((i) => [JSON.stringify(i.payload), i.meta as { userId: string; promptId: string }]));
      let pairs = 0;
      const answerer = (flipEvery: number) => (task: { attributes: unknown[] }) => {
        const m = byPayload.get(JSON.stringify(task))!;
        return {
          answers: Object.fromEntries(task.attributes.map((a, i) => {
            const g = gold.get(`${m.userId}\u0000${m.promptId}\u0000${a as string}`)!;
            pairs++;
            return [String(i), flipEvery && pairs % flipEvery === 0 ? !g : g];
          })),
        };
      };
      const people = await Promise.all(['h1', 'h2', 'h3'].map((name) => new Annotator(f, study.id, { name }).enter()));
      await Promise.all(people.map((p, i) => p.completeAll(answerer(i === 2 ? 4 : 0))));

      const out = path.join(dir, 'export');
      await exportStudy(studio, study.id, out);
      const ds = loadDataset(out);
      expect(ds.format).toBe('attune');
      const nPairs = items.reduce((s, i) => s + (i.payload as { attributes: string[] }).attributes.length, 0);
      expect(ds.annotations).toHaveLength(3 * nPairs);
      expect(ds.labels).toHaveLength(nPairs);
      // The majority of 3 equals the published majority: two of three annotators gave it.
      for (const l of ds.labels) expect(l.relevant).toBe(gold.get(`${l.userId}\u0000${l.promptId}\u0000${l.attribute}`));

      const agreement = computeAgreement(ds);
      expect(agreement.rounds).toHaveLength(1);
      const round = agreement.rounds[0]!;
      expect(round.round).toBe('pilot-task5');
      expect(round.humans!.annotators).toEqual(['h1', 'h2', 'h3']);
      expect(round.humans!.items).toBe(nPairs);
      // Pairs are listed in the order annotators first appear in the export, which is whoever answered first.
      expect(round.humans!.pairs.find((p) => [p.a, p.b].sort().join() === 'h1,h2')!.kappa).toBeCloseTo(1, 10);
      expect(round.humans!.fleissKappa).toBeGreaterThan(0.5);
      expect(round.humans!.fleissKappa).toBeLessThan(1);
      expect(round.systems.map((s) => s.system)).toEqual(expect.arrayContaining(['votes:gpt-5.4', 'votes:google_gemma-4-31b-it']));

      // Scoring the recorded votes against the study's majority gives what the published labels give on these pairs.
      for (const spec of ['votes:gpt-5.4', 'votes:google_gemma-4-31b-it']) {
        const r = await evaluateSelector(ds, await makeSelector(spec, ds), { iterations: 50 });
        expect(r.n).toBe(nPairs);
        const votes = new Map(source.predictions.filter((p) => p.system === spec && p.round === 'task5').map((p) => [`${p.userId}\u0000${p.promptId}\u0000${p.attribute}`, p.relevant]));
        const keys = ds.labels.map((l) => `${l.userId}\u0000${l.promptId}\u0000${l.attribute}`);
        const direct = classification(keys.map((k) => votes.get(k)!), keys.map((k) => gold.get(k)!));
        expect(r.f1).toBeCloseTo(direct.f1, 12);
        expect(r.precision).toBeCloseTo(direct.precision, 12);
        expect(r.rateRatio).toBeGreaterThan(1); // the paper's over-selection shows on the study's labels too
      }
    } finally {
      await store.close();
    }
  }, 180_000);
});
