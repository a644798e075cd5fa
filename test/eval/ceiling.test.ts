import { describe, expect, it } from 'vitest';
import { emptyDataset, type AnnotatorLabel, type Prediction } from '../../src/model/index.js';
import { humanCeiling } from '../../src/eval/ceiling.js';
import { computeAgreement } from '../../src/eval/agreement.js';
import { loadDataset } from '../../src/data/index.js';
import { agreementTable } from '../../src/report/text.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { hasShared, sharedPath } from '../support/shared.js';

// Hand-built: four items on two prompts.
//  i0 (p0): A Y, B Y, C Y      -> every seat: others Y,Y -> reference Y; three true positives
//  i1 (p0): A N, B N, C Y      -> A and B: others split (N,Y): skipped as ties; C: others N,N -> ref N, vote Y: false positive
//  i2 (p1): A Y, B N, C N, D N -> A: others N,N,N -> ref N: false positive; B, C, D: others Y,N,N -> ref N: true negatives
//  i3 (p1): A Y, B Y           -> two judgments only: not an item of the ceiling
const J: [string, string, Record<string, boolean>][] = [
  ['i0', 'p0', { A: true, B: true, C: true }],
  ['i1', 'p0', { A: false, B: false, C: true }],
  ['i2', 'p1', { A: true, B: false, C: false, D: false }],
  ['i3', 'p1', { A: true, B: true }],
];
const key = (item: string, promptId: string) => ({ userId: 'u', promptId, attribute: item });
const annotations: AnnotatorLabel[] = J.flatMap(([item, p, votes]) => Object.entries(votes).map(([annotator, relevant]) => ({ ...key(item, p), annotator, relevant })));
const vote = (system: string, item: string, p: string, relevant: boolean): Prediction => ({ ...key(item, p), system, relevant });

describe('humanCeiling', () => {
  const c = humanCeiling(annotations, [vote('s', 'i0', 'p0', true), vote('s', 'i1', 'p0', true), vote('s', 'i2', 'p1', false), vote('only-i0', 'i0', 'p0', false)], { iterations: 50 })!;

  it('scores each annotator against the majority of the others and skips ties, by hand', () => {
    expect(c.items).toBe(3);
    expect(c.ties).toBe(2);
    // pooled: tp 3, fp 2, fn 0, tn 3
    expect(c.pooled.n).toBe(8);
    expect(c.pooled.precision).toBeCloseTo(3 / 5, 12);
    expect(c.pooled.recall).toBe(1);
    expect(c.pooled.f1).toBeCloseTo(6 / 8, 12);
    const by = Object.fromEntries(c.annotators.map((a) => [a.who, a]));
    expect(Object.keys(by)).toEqual(['A', 'B', 'C', 'D']);
    expect([by.A!.n, by.A!.f1]).toEqual([2, 2 / 3]); // tp i0, fp i2
    expect([by.B!.n, by.B!.f1]).toEqual([2, 1]); // tp i0, tn i2
    expect([by.C!.n, by.C!.precision]).toEqual([3, 0.5]); // tp i0, fp i1, tn i2
    expect(by.D!.n).toBe(1);
    expect(c.pooled.f1Ci.low).toBeLessThanOrEqual(c.pooled.f1);
    expect(c.pooled.f1Ci.high).toBeGreaterThanOrEqual(c.pooled.f1);
  });

  it('puts each system in every annotator seat against the same references', () => {
    const s = c.systems.find((x) => x.who === 's')!;
    // i0: three seats, ref Y, vote Y (tp 3); i1: C's seat, ref N, vote Y (fp 1); i2: four seats, ref N, vote N (tn 4)
    expect(s.n).toBe(8);
    expect(s.precision).toBeCloseTo(3 / 4, 12);
    expect(s.recall).toBe(1);
    expect(s.f1).toBeCloseTo(6 / 7, 12);
    expect(s.referenceYesRate).toBeCloseTo(c.pooled.referenceYesRate, 12);
    // a system that voted on one item only is scored on that item's seats
    const one = c.systems.find((x) => x.who === 'only-i0')!;
    expect([one.n, one.recall]).toEqual([3, 0]);
  });

  it('resamples items when the prompts are too few, and says so', () => {
    expect(c.resampled).toBe('items');
    expect(humanCeiling(annotations, [], { iterations: 20, resample: 'prompts' })!.resampled).toBe('prompts');
  });

  it('has no ceiling without items of three judgments, and refuses a majority of fewer than two', () => {
    expect(humanCeiling(annotations.filter((a) => a.attribute === 'i3'), [])).toBeUndefined();
    expect(() => humanCeiling(annotations, [], { minJudgments: 2 })).toThrow(/minJudgments: must be an integer >= 3/);
  });

  it('is part of the agreement report, in the terminal and in HTML', async () => {
    const ds = { ...emptyDataset('hand', 'attune', 'illustrative'), annotations: annotations.map((a) => ({ ...a, round: 'r' })) };
    const rep = computeAgreement(ds, { iterations: 20 });
    expect(rep.rounds[0]!.ceiling?.pooled.f1).toBeCloseTo(0.75, 12);
    expect(agreementTable(rep)).toMatch(/one annotator \(pooled\)\s+8\s+2\s+0\.600\s+\[[\d.]+, [\d.]+\]\s+1\.000/);
    const html = await renderHtmlReport({ title: 't', dataset: 'hand', selection: [], agreement: rep });
    expect(html).toMatch(/The human ceiling.*<td>one annotator \(pooled\)<\/td><td>8<\/td>/s);
    expect(html).toMatch(/<figure><svg.*each system in the same seats/s);
  });
});

describe.skipIf(!hasShared('recenter-pilot'))('the human ceiling on recenter-pilot', () => {
  it('reproduces issue #14: one annotator vs the majority of the others, F1 0.685 (P 0.66, R 0.71)', () => {
    const ds = loadDataset(sharedPath('recenter-pilot'));
    const pilot = computeAgreement(ds, { iterations: 100 }).rounds.find((r) => r.round === 'pilot')!;
    const c = pilot.ceiling!;
    expect(c.pooled.f1).toBeCloseTo(0.685, 3);
    expect(c.pooled.precision).toBeCloseTo(0.661, 3);
    expect(c.pooled.recall).toBeCloseTo(0.710, 3);
    expect(c.annotators.map((a) => a.who)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(c.systems.map((s) => s.who)).toContain('votes:gpt-5.4');
  });
});
