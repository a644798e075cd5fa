import { describe, expect, it } from 'vitest';
import { fitWithInnerCv, nestedGroupCv, type Candidate, type Estimator, type FittedFeaturizer } from '../../src/learn/model-selection/cross-validate.js';
import { chooseThresholdInRate } from '../../src/learn/model-selection/threshold.js';
import { LogisticRegression } from '../../src/learn/estimators/logistic.js';
import { groupKFold } from '../../src/learn/model-selection/split.js';
import { seededRandom } from '../../src/util/random.js';
import { sigmoid } from '../../src/learn/linalg.js';

interface Row {
  group: string;
  x: number[];
}

/** 12 groups of 40 rows; relevance follows x0 with a per-group shift. */
function data(seed = 1): { rows: Row[]; y: boolean[]; groups: string[] } {
  const rand = seededRandom(seed);
  const rows: Row[] = [];
  const y: boolean[] = [];
  for (let g = 0; g < 12; g++) {
    for (let i = 0; i < 40; i++) {
      const x = [rand() * 4 - 2, rand() * 4 - 2];
      rows.push({ group: `g${g}`, x });
      y.push(rand() < sigmoid(-1.5 + 2 * x[0]!));
    }
  }
  return { rows, y, groups: rows.map((r) => r.group) };
}

const plain = (): FittedFeaturizer<Row> => ({ transform: (rs) => rs.map((r) => Float64Array.from(r.x)) });

describe('nestedGroupCv', () => {
  it('reports every estimator fit, ending exactly at the total it announced', () => {
    const { rows, y, groups } = data(3);
    const cands: Candidate[] = [0.1, 1].map((l2) => ({ name: `lr ${l2}`, params: { l2 }, make: () => new LogisticRegression({ l2 }) }));
    const seen: [number, number][] = [];
    let fits = 0;
    const counting: Candidate[] = cands.map((c) => ({ ...c, make: () => { const e = c.make(); const fit = e.fit.bind(e); e.fit = (...a) => (fits++, fit(...a)); return e; } }));
    nestedGroupCv(rows, y, groups, { featurize: () => plain(), candidates: counting, outerK: 3, innerK: 2, seed: 1, onFits: (d, t) => seen.push([d, t]) });
    expect(fits).toBe(3 * (2 * 2 + 1));
    expect(seen.map(([d]) => d)).toEqual(Array.from({ length: fits }, (_, i) => i + 1));
    expect(new Set(seen.map(([, t]) => t))).toEqual(new Set([fits]));
  });

  it('never lets a held-out group reach a featurizer or an estimator fit (spy)', () => {
    const { rows, y, groups } = data();
    const folds = groupKFold(groups, 4, 5); // the outer folds nestedGroupCv draws for this seed
    let fold = 0;
    const violations: string[] = [];
    const check = (gs: Iterable<string>, where: string): void => {
      for (const g of gs) if (folds[groups.indexOf(g)] === fold) violations.push(`${where} saw held-out ${g} in fold ${fold}`);
    };
    const spyCandidate = (l2: number): Candidate => ({
      name: `spy l2=${l2}`, params: { l2 },
      make: (): Estimator => {
        const inner = new LogisticRegression({ l2 });
        return {
          fit(x, yy, o) {
            check(new Set(o?.groups ?? []), 'fit');
            inner.fit(x, yy);
          },
          predictProba: (x) => inner.predictProba(x),
        };
      },
    });
    let fits = 0;
    const res = nestedGroupCv(rows, y, groups, {
      featurize: (rs) => {
        fits++;
        check(new Set(rs.map((r) => r.group)), 'featurizer');
        return plain();
      },
      candidates: [spyCandidate(1), spyCandidate(0.01)],
      outerK: 4, innerK: 3, seed: 5,
      onFold: () => fold++,
    });
    expect(fits).toBe(4 * (3 + 1));
    expect(violations).toEqual([]);
    expect(res.folds).toEqual(folds);
    expect(res.perFold.map((f) => f.heldOut.length).every((n) => n > 0)).toBe(true);
    expect(res.scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('a spy that records every fit proves no held-out row was trained on', () => {
    const { rows, y, groups } = data(2);
    const log: { groups: Set<string> }[] = [];
    const featurize = (rs: readonly Row[]): FittedFeaturizer<Row> => {
      log.push({ groups: new Set(rs.map((r) => r.group)) });
      return plain();
    };
    const cand: Candidate = { name: 'lr', params: {}, make: () => new LogisticRegression({ l2: 0.1 }) };
    const res = nestedGroupCv(rows, y, groups, { featurize, candidates: [cand], outerK: 3, innerK: 2, seed: 1 });
    // Per outer fold: innerK featurizer fits + 1 refit, in order.
    expect(log).toHaveLength(3 * 3);
    res.perFold.forEach((f, k) => {
      for (const entry of log.slice(k * 3, k * 3 + 3)) for (const g of f.heldOut) expect(entry.groups.has(g)).toBe(false);
    });
  });

  it('scores only the rows marked scored, but trains on the others', () => {
    const { rows, y, groups } = data(3);
    const scored = rows.map((_, i) => i % 2 === 0);
    const cand: Candidate = { name: 'lr', params: {}, make: () => new LogisticRegression({ l2: 0.1 }) };
    const res = nestedGroupCv(rows, y, groups, { featurize: () => plain(), candidates: [cand], outerK: 3, innerK: 2, scored });
    res.scores.forEach((s, i) => expect(Number.isNaN(s)).toBe(!scored[i]));
  });

  it('learns the signal: held-out F1 well above chance, deterministic for a seed', () => {
    const { rows, y, groups } = data(4);
    const cands: Candidate[] = [1, 0.01].map((l2) => ({ name: `l2=${l2}`, params: { l2 }, make: () => new LogisticRegression({ l2 }) }));
    const run = (): ReturnType<typeof nestedGroupCv> => nestedGroupCv(rows, y, groups, { featurize: () => plain(), candidates: cands, outerK: 4, innerK: 3, seed: 9 });
    const a = run();
    let tp = 0, fp = 0, fn = 0;
    a.predictions.forEach((p, i) => { if (p && y[i]) tp++; else if (p) fp++; else if (y[i]) fn++; });
    expect((2 * tp) / (2 * tp + fp + fn)).toBeGreaterThan(0.6);
    expect(run()).toEqual(a);
  });
});

describe('fitWithInnerCv', () => {
  it('keeps the selection rate within the bounds on the inner out-of-fold scores', () => {
    const { rows, y, groups } = data(6);
    const cand: Candidate = { name: 'lr', params: {}, make: () => new LogisticRegression({ l2: 0.1 }) };
    const m = fitWithInnerCv(rows, y, groups, { featurize: () => plain(), candidates: [cand], innerK: 3, rateBounds: [0.8, 1.2] });
    expect(m.threshold).toBeGreaterThan(0);
    expect(m.threshold).toBeLessThan(1);
    expect(m.calibration.a).toBeGreaterThan(0);
  });

  it('rejects data it cannot split', () => {
    const cand: Candidate = { name: 'lr', params: {}, make: () => new LogisticRegression() };
    expect(() => fitWithInnerCv([{ group: 'a', x: [1] }], [true], ['a'], { featurize: () => plain(), candidates: [cand] })).toThrow(/cannot be split/);
  });
});

describe('chooseThresholdInRate', () => {
  it('picks the best cut inside the rate band', () => {
    // 10 rows, 3 positives; unconstrained F1 keeps the top 4 (F1 6/7)
    const scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const labels = [true, false, true, true, false, false, false, false, false, false];
    expect(chooseThresholdInRate(scores, labels).selected).toBe(4);
    // at most 1x the human count (3): the best cut keeps 3 (F1 4/6)
    const r = chooseThresholdInRate(scores, labels, [0.5, 1]);
    expect(r.selected).toBe(3);
    expect(r.threshold).toBe(7.5);
    expect(r.f1).toBeCloseTo(4 / 6, 12);
  });
});
