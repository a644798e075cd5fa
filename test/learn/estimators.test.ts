import { describe, expect, it } from 'vitest';
import { LogisticRegression } from '../../src/learn/estimators/logistic.js';
import { Mlp } from '../../src/learn/estimators/mlp.js';
import { applyCalibration, isotonicCalibrate, plattCalibrate } from '../../src/learn/model-selection/calibration.js';
import { fitPca, fitStandardisation, projectPca, standardise } from '../../src/learn/preprocess.js';
import { choleskySolve, sigmoid } from '../../src/learn/linalg.js';
import { seededRandom } from '../../src/util/random.js';

function logisticData(n: number, seed: number): { x: number[][]; y: boolean[] } {
  const rand = seededRandom(seed);
  const x: number[][] = [];
  const y: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const r = [rand() * 4 - 2, rand() * 4 - 2];
    x.push(r);
    y.push(rand() < sigmoid(-0.5 + 1 * r[0]! + 2 * r[1]!));
  }
  return { x, y };
}

describe('choleskySolve', () => {
  it('solves a small SPD system', () => {
    // [[4,2],[2,3]] x = [2, 1]  ->  x = [0.5, 0]
    const x = choleskySolve(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });
});

describe('LogisticRegression', () => {
  it('recovers the coefficients of data drawn from a logistic model', () => {
    const { x, y } = logisticData(8000, 1);
    const m = new LogisticRegression({ l2: 1e-6, classWeight: 'none' }).fit(x, y);
    expect(m.intercept).toBeCloseTo(-0.5, 0);
    expect(Math.abs(m.intercept + 0.5)).toBeLessThan(0.12);
    expect(Math.abs(m.coef[0]! - 1)).toBeLessThan(0.12);
    expect(Math.abs(m.coef[1]! - 2)).toBeLessThan(0.15);
  });

  it('separates separable data and its probabilities are calibrated on held-out data', () => {
    const sep = { x: [[-2], [-1], [-0.5], [0.5], [1], [2]], y: [false, false, false, true, true, true] };
    const s = new LogisticRegression({ l2: 0.01, classWeight: 'none' }).fit(sep.x, sep.y);
    expect([...s.predictProba(sep.x)].map((p) => p >= 0.5)).toEqual(sep.y);

    const train = logisticData(6000, 2);
    const test = logisticData(20000, 3);
    const m = new LogisticRegression({ l2: 1e-4, classWeight: 'none' }).fit(train.x, train.y);
    const p = m.predictProba(test.x);
    for (const [lo, hi] of [[0, 0.2], [0.2, 0.4], [0.4, 0.6], [0.6, 0.8], [0.8, 1]] as const) {
      const idx = [...p.keys()].filter((i) => p[i]! >= lo && p[i]! < hi);
      const meanP = idx.reduce((a, i) => a + p[i]!, 0) / idx.length;
      const rate = idx.filter((i) => test.y[i]).length / idx.length;
      expect(Math.abs(meanP - rate)).toBeLessThan(0.05);
    }
  });

  it('balanced class weights move the intercept towards the rare class', () => {
    const rand = seededRandom(5);
    const x = Array.from({ length: 2000 }, () => [rand() * 2 - 1]);
    const y = x.map((r) => rand() < sigmoid(-3 + r[0]!));
    const plain = new LogisticRegression({ l2: 1e-4, classWeight: 'none' }).fit(x, y);
    const bal = new LogisticRegression({ l2: 1e-4, classWeight: 'balanced' }).fit(x, y);
    expect(bal.intercept).toBeGreaterThan(plain.intercept + 1.5);
  });

  it('is deterministic and round-trips through JSON', () => {
    const { x, y } = logisticData(500, 4);
    const a = new LogisticRegression({ l2: 0.1 }).fit(x, y);
    const b = new LogisticRegression({ l2: 0.1 }).fit(x, y);
    expect([...a.coef]).toEqual([...b.coef]);
    const c = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect([...c.predictProba(x)]).toEqual([...a.predictProba(x)]);
  });

  it('rejects bad input with the row and column', () => {
    expect(() => new LogisticRegression().fit([[1, 2], [1]], [true, false])).toThrow(/row 1 has 1 columns/);
    expect(() => new LogisticRegression().fit([[1, NaN]], [true])).toThrow(/row 0 column 1 is NaN/);
  });
});

describe('Mlp', () => {
  const circle = (n: number, seed: number): { x: number[][]; y: boolean[]; g: string[] } => {
    const rand = seededRandom(seed);
    const x = Array.from({ length: n }, () => [rand() * 2 - 1, rand() * 2 - 1]);
    return { x, y: x.map((r) => r[0]! ** 2 + r[1]! ** 2 < 0.5), g: x.map((_, i) => String(i % 20)) };
  };

  it('learns a boundary a linear model cannot, with early stopping on held-out groups', () => {
    const tr = circle(1500, 1);
    const te = circle(1000, 2);
    const mlp = new Mlp({ hidden: 16, weightDecay: 1e-4, seed: 3, learningRate: 0.02, maxEpochs: 200 }).fit(tr.x, tr.y, { groups: tr.g });
    const acc = (p: Float64Array): number => [...p].filter((v, i) => v >= 0.5 === te.y[i]).length / te.y.length;
    const lr = new LogisticRegression({ l2: 1e-3 }).fit(tr.x, tr.y);
    expect(acc(mlp.predictProba(te.x))).toBeGreaterThan(0.93);
    expect(acc(lr.predictProba(te.x))).toBeLessThan(0.75);
    expect(mlp.bestEpoch).toBeGreaterThan(0);
    expect(mlp.bestEpoch).toBeLessThanOrEqual(mlp.epochs);
  });

  it('same seed, same model; another seed, another model', () => {
    const tr = circle(300, 4);
    const fit = (seed: number): Mlp => new Mlp({ hidden: 8, seed, maxEpochs: 20 }).fit(tr.x, tr.y, { groups: tr.g });
    expect(fit(1).toJSON()).toEqual(fit(1).toJSON());
    expect(fit(1).toJSON()).not.toEqual(fit(2).toJSON());
    const m = fit(1);
    expect([...Mlp.fromJSON(JSON.parse(JSON.stringify(m.toJSON()))).predictProba(tr.x)]).toEqual([...m.predictProba(tr.x)]);
  });
});

describe('calibration', () => {
  it('Platt scaling recovers a and b of sigmoid(a s + b)', () => {
    const rand = seededRandom(7);
    const s = Array.from({ length: 20000 }, () => rand() * 6 - 3);
    const y = s.map((v) => rand() < sigmoid(2 * v - 1));
    const c = plattCalibrate(s, y);
    expect(c.a).toBeCloseTo(2, 0);
    expect(Math.abs(c.a - 2)).toBeLessThan(0.1);
    expect(Math.abs(c.b + 1)).toBeLessThan(0.1);
    expect(applyCalibration(c, 0.5)).toBeCloseTo(sigmoid(c.a * 0.5 + c.b), 12);
  });

  it('Platt scaling stays finite on separable scores', () => {
    const c = plattCalibrate([0, 1, 2, 3], [false, false, true, true]);
    expect(Number.isFinite(c.a) && Number.isFinite(c.b)).toBe(true);
    expect(applyCalibration(c, 3)).toBeLessThan(1);
  });

  it('isotonic regression pools adjacent violators', () => {
    const c = isotonicCalibrate([1, 2, 3, 4], [true, false, true, true]);
    expect(c.x).toEqual([1, 3, 4]);
    expect(c.y).toEqual([0.5, 1, 1]);
    expect(applyCalibration(c, 0)).toBe(0.5);
    expect(applyCalibration(c, 2.5)).toBe(0.5);
    expect(applyCalibration(c, 3.5)).toBe(1);
  });
});

describe('preprocessing', () => {
  it('standardises to mean 0 and std 1, constant columns to 0', () => {
    const s = fitStandardisation([[1, 5], [3, 5]]);
    expect(s).toEqual({ mean: [2, 5], std: [1, 1] });
    expect([...standardise(s, [3, 5])]).toEqual([1, 0]);
  });

  it('PCA finds the dominant direction, deterministically', () => {
    const rand = seededRandom(9);
    const rows = Array.from({ length: 400 }, () => {
      const t = rand() * 10 - 5;
      return [t, 2 * t + (rand() - 0.5) * 0.1, (rand() - 0.5) * 0.1];
    });
    const p = fitPca(rows, 2, { seed: 1 });
    const c = p.components[0]!;
    const cos = Math.abs(c[0]! * 1 + c[1]! * 2) / Math.sqrt(5);
    expect(cos).toBeGreaterThan(0.9999);
    expect(p.variance[0]).toBeGreaterThan(p.variance[1]! * 100);
    expect(fitPca(rows, 2, { seed: 1 })).toEqual(p);
    expect(Math.abs(projectPca(p, p.mean)[0]!)).toBeLessThan(1e-12);
  });
});
