import { describe, expect, it } from 'vitest';
import { emptyDataset, type AnnotatorLabel, type Prediction } from '../../src/model/index.js';
import { computeAgreement } from '../../src/eval/agreement.js';
import { evaluateSelector } from '../../src/eval/select.js';
import { makeSelector } from '../../src/eval/selectors.js';
import { agreementTable } from '../../src/report/text.js';

// Hand-built: two annotators, four items, one system. Cohen's kappa by hand:
// A = Y Y N N, B = Y N N N -> po = 3/4; pA(Y) = 1/2, pB(Y) = 1/4; pe = 1/2*1/4 + 1/2*3/4 = 1/2;
// kappa = (3/4 - 1/2) / (1 - 1/2) = 0.5.
function dataset() {
  const ds = emptyDataset('hand', 'attune', 'illustrative');
  const A = [true, true, false, false];
  const B = [true, false, false, false];
  const S = [true, true, true, false];
  const key = (i: number) => ({ userId: 'u', promptId: 'p', attribute: `a${i}` });
  ds.annotations = [
    ...A.map((relevant, i): AnnotatorLabel => ({ ...key(i), annotator: 'A', relevant, round: 'r' })),
    ...B.map((relevant, i): AnnotatorLabel => ({ ...key(i), annotator: 'B', relevant, round: 'r' })),
  ];
  ds.predictions = S.map((relevant, i): Prediction => ({ ...key(i), system: 'votes:s', relevant, round: 'r' }));
  ds.labels = A.map((relevant, i) => ({ ...key(i), relevant, round: 'r' }));
  ds.prompts = [{ id: 'p', text: 'Plan a weekend.' }];
  return ds;
}

describe('computeAgreement', () => {
  it('reports human-human and system-human kappa computed by hand', () => {
    const rep = computeAgreement(dataset());
    expect(rep.rounds).toHaveLength(1);
    const r = rep.rounds[0]!;
    expect(r.humans?.pairwiseKappa).toBeCloseTo(0.5, 10);
    expect(r.humans?.items).toBe(4);
    // S vs A: S = Y Y Y N, A = Y Y N N: po 3/4, pS(Y) 3/4, pA(Y) 1/2, pe = 3/8 + 1/8 = 1/2 -> 0.5
    // S vs B: S = Y Y Y N, B = Y N N N: po 1/2, pS 3/4, pB 1/4, pe = 3/16 + 3/16 = 3/8 -> (1/2-3/8)/(5/8) = 0.2
    const s = r.systems[0]!;
    expect(s.kappaVsMajority).toBeCloseTo(0.5, 10);
    expect(s.kappaVsAnnotators).toBeCloseTo((0.5 + 0.2) / 2, 10);
    expect(s.yesRate).toBeCloseTo(0.75, 10);
    expect(r.humanYesRate).toBeCloseTo(0.5, 10);
  });

  it('keeps rounds apart', () => {
    const ds = dataset();
    ds.predictions.push({ userId: 'u', promptId: 'p', attribute: 'a0', system: 'votes:s', relevant: false, round: 'other' });
    const rep = computeAgreement(ds);
    expect(rep.rounds.map((r) => r.round)).toEqual(['other', 'r']);
    expect(rep.rounds.find((r) => r.round === 'r')!.systems[0]!.n).toBe(4);
  });

  it('gives a system\'s YES rate over the labelled pairs it is compared on, as eval select does', async () => {
    const ds = dataset();
    // Votes on pairs without a majority label must not move the YES rate.
    for (let i = 10; i < 16; i++) ds.predictions.push({ userId: 'u', promptId: 'p', attribute: `a${i}`, system: 'votes:s', relevant: false, round: 'r' });
    const s = computeAgreement(ds).rounds[0]!.systems[0]!;
    expect(s.n).toBe(4);
    expect(s.votes).toBe(10);
    expect(s.yesRate).toBeCloseTo(0.75, 10);
    expect(s.humanYesRate).toBeCloseTo(0.5, 10);
    const selected = await evaluateSelector(ds, await makeSelector('votes:s', ds, { round: 'r' }), { iterations: 20 });
    expect(selected.selectionRate).toBeCloseTo(s.yesRate, 10);
    expect(selected.humanRate).toBeCloseTo(s.humanYesRate, 10);
    expect(agreementTable(computeAgreement(ds))).toMatch(/4 labelled pairs it voted on \(of its 10 votes\): YES rate 0\.750, people 0\.500/);
  });
});
