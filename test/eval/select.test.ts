import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import { evaluateOrReport, evaluateSelector, isNotScored } from '../../src/eval/select.js';
import { makeSelector } from '../../src/eval/selectors.js';
import type { Selection, SelectionPair, Selector } from '../../src/stages/select/selector.js';
import { projectRoot } from '../support/shared.js';

const demo = loadDataset(path.join(projectRoot, 'examples', 'demo'));

describe('evaluateSelector', () => {
  it('scores recorded votes against the majority: figures computed by hand on the demo data', async () => {
    // demo: tp 23, fp 45, fn 0, tn 52 (examples/demo/make.mjs spec).
    const r = await evaluateSelector(demo, await makeSelector('votes:demo-llm', demo));
    expect(r.n).toBe(120);
    expect(r.precision).toBeCloseTo(23 / 68, 10);
    expect(r.recall).toBe(1);
    expect(r.f1).toBeCloseTo(46 / 91, 10);
    expect(r.accuracy).toBeCloseTo(75 / 120, 10);
    // po = 0.625, pe = (68*23 + 52*97) / 120^2
    const pe = (68 * 23 + 52 * 97) / 14400;
    expect(r.kappa).toBeCloseTo((0.625 - pe) / (1 - pe), 10);
    expect(r.selectionRate).toBeCloseTo(68 / 120, 10);
    expect(r.humanRate).toBeCloseTo(23 / 120, 10);
    expect(r.rateRatio).toBeCloseTo(68 / 23, 10);
    expect(r.f1Ci.low).toBeLessThanOrEqual(r.f1);
    expect(r.f1Ci.high).toBeGreaterThanOrEqual(r.f1);
    expect(r.protocol).toBe('recorded votes');
  });

  it('never lets a fitting selector see the prompt it is scored on', async () => {
    const seenInFit = new Set<string>();
    const leaks: string[] = [];
    const spy: Selector = {
      name: 'spy',
      async fit(pairs: SelectionPair[]) {
        seenInFit.clear();
        for (const p of pairs) seenInFit.add(p.promptId);
      },
      async select(pairs: SelectionPair[]): Promise<Selection[]> {
        for (const p of pairs) if (seenInFit.has(p.promptId)) leaks.push(p.promptId);
        return pairs.map(() => ({ relevant: true }));
      },
    };
    const r = await evaluateSelector(demo, spy, { folds: 3 });
    expect(leaks).toEqual([]);
    expect(r.n).toBe(120);
    expect(r.recall).toBe(1);
    expect(r.protocol).toBe('cv-3 by prompt');
  });

  it('drops pairs without a recorded vote and says how many were scored', async () => {
    const ds = { ...demo, predictions: demo.predictions.slice(0, 100) };
    const r = await evaluateSelector(ds, await makeSelector('votes:demo-llm', ds));
    expect(r.n).toBe(100);
    expect(r.labelled).toBe(120);
  });

  it('names the known selectors when the spec is wrong', async () => {
    await expect(makeSelector('bm26', demo)).rejects.toThrow(/unknown selector "bm26".*default.*embedding.*mem0.*bm25.*llm:.*model:<file>.*votes:<model>/);
    await expect(makeSelector('votes:nope', demo)).rejects.toThrow(/votes:demo-llm/);
  });

  it('lists recorded systems as the votes: specs that replay them', async () => {
    // A system stored under a bare name ("checklist") is replayed by "votes:checklist": the hint names that.
    const ds = { ...demo, predictions: [...demo.predictions, ...demo.predictions.slice(0, 3).map((p) => ({ ...p, system: 'checklist' }))] };
    await expect(makeSelector('votes:nope', ds)).rejects.toThrow(/recorded: votes:checklist, votes:demo-llm$/);
    expect((await makeSelector('votes:checklist', ds)).name).toBe('votes:checklist');
  });

  it('refuses a round that has no labels', async () => {
    await expect(evaluateSelector(demo, await makeSelector('votes:demo-llm', demo), { round: 'r9' })).rejects.toThrow(/no labels in round "r9".*demo \(120\)/);
  });
});

describe('evaluateOrReport', () => {
  it('reports a selector that cannot be scored instead of throwing, so the others stand', async () => {
    const broken: Selector = { name: 'model:m.json', async select() { throw new Error('model:m.json was trained on this data'); } };
    const r = await evaluateOrReport(demo, broken);
    expect(isNotScored(r)).toBe(true);
    expect(r).toEqual({ selector: 'model:m.json', notScored: 'model:m.json was trained on this data' });
    const ok = await evaluateOrReport(demo, await makeSelector('votes:demo-llm', demo), { iterations: 20 });
    expect(isNotScored(ok)).toBe(false);
  });

  it('names the folds, not an internal function, when they cannot be made', async () => {
    await expect(evaluateSelector(demo, await makeSelector('bm25', demo), { folds: Number('abc') })).rejects.toThrow(/^folds: must be an integer >= 2, got NaN$/);
    await expect(evaluateSelector(demo, await makeSelector('bm25', demo), { folds: 500 })).rejects.toThrow(/500 folds grouped by prompt need at least 500 prompts; .* has \d+$/);
  });
});
