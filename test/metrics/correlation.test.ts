import { describe, it, expect } from 'vitest';
import { kendallTauB, pearson, rank, spearman } from '../../src/metrics/index.js';
import { seededRandom } from '../../src/util/random.js';

/** O(n^2) tau-b straight from the definition, to check the O(n log n) version. */
function bruteTauB(x: number[], y: number[]): number {
  let c = 0;
  let d = 0;
  let tx = 0; // tied in x only
  let ty = 0; // tied in y only
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const sx = Math.sign(x[i]! - x[j]!);
      const sy = Math.sign(y[i]! - y[j]!);
      if (sx === 0 && sy === 0) continue;
      if (sx === 0) tx++;
      else if (sy === 0) ty++;
      else if (sx === sy) c++;
      else d++;
    }
  }
  return (c - d) / Math.sqrt((c + d + tx) * (c + d + ty));
}

describe('rank', () => {
  it('assigns average ranks to ties (scipy.stats.rankdata docs: [0, 2, 3, 2] -> [1, 2.5, 4, 2.5])', () => {
    expect(rank([0, 2, 3, 2])).toEqual([1, 2.5, 4, 2.5]);
  });

  it('handles no ties, all ties, empty input, infinities and rejects NaN', () => {
    expect(rank([30, 10, 20])).toEqual([3, 1, 2]);
    expect(rank([5, 5, 5, 5])).toEqual([2.5, 2.5, 2.5, 2.5]);
    expect(rank([])).toEqual([]);
    expect(rank([Infinity, -Infinity, 0, Infinity])).toEqual([3.5, 1, 2, 3.5]);
    expect(() => rank([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('pearson', () => {
  it('matches scipy.stats.pearsonr docs example: -0.828503883588428', () => {
    // >>> stats.pearsonr([1, 2, 3, 4, 5, 6, 7], [10, 9, 2.5, 6, 4, 3, 2])
    // PearsonRResult(statistic=-0.828503883588428, ...)
    expect(pearson([1, 2, 3, 4, 5, 6, 7], [10, 9, 2.5, 6, 4, 3, 2])).toBeCloseTo(-0.828503883588428, 12);
  });

  it('is +-1 for exact linear relations and NaN when undefined', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
    expect(pearson([], [])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
    expect(() => pearson([1, Number.NaN], [1, 2])).toThrow(RangeError);
  });
});

describe('spearman', () => {
  it('matches scipy.stats.spearmanr docs example with a tie: 0.8207826816681233', () => {
    // >>> stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).statistic
    // 0.8207826816681233
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
  });

  it('matches the no-ties shortcut 1 - 6 sum d^2 / (n (n^2 - 1)) (hand-computed)', () => {
    // ranks x: 1 2 3 4 5; ranks y of [2, 1, 4, 3, 5]: 2 1 4 3 5
    // d = -1, 1, -1, 1, 0 -> sum d^2 = 4; rho = 1 - 6*4 / (5*24) = 1 - 0.2 = 0.8
    expect(spearman([10, 20, 30, 40, 50], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
  });

  it('is invariant to monotone transforms, NaN for constant input, and throws on mismatch', () => {
    const x = [0.3, 1.2, 5.5, 2.0, 9.1, 2.0];
    const y = [1, 3, 2, 5, 4, 4];
    expect(spearman(x.map(Math.exp), y)).toBeCloseTo(spearman(x, y), 12);
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(RangeError);
  });
});

describe('kendallTauB', () => {
  it('matches scipy.stats.kendalltau docs example with ties: -0.47140452079103173', () => {
    // >>> stats.kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]).statistic
    // -0.47140452079103173
    // By hand: n0 = 10 pairs; tied in x: (0,3), (1,4) -> n1 = 2; tied in y: (0,3) -> n2 = 1;
    // concordant (0,4), (3,4) = 2; discordant (0,1), (0,2), (1,2), (1,3), (2,3), (2,4) = 6;
    // tau_b = (2 - 6) / sqrt((10 - 2) * (10 - 1)) = -4 / sqrt(72) = -0.4714045
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 12);
  });

  it('is +-1 for monotone relations and NaN when undefined', () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(kendallTauB([1], [1])).toBeNaN();
    expect(() => kendallTauB([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => kendallTauB([1, 2], [1, Number.NaN])).toThrow(RangeError);
  });

  it('agrees with the O(n^2) definition on random data with many ties', () => {
    const rnd = seededRandom(2024);
    for (let trial = 0; trial < 100; trial++) {
      const n = 2 + Math.floor(rnd() * 60);
      const levels = 1 + Math.floor(rnd() * 6);
      const x = Array.from({ length: n }, () => Math.floor(rnd() * levels));
      const y = x.map((v) => (rnd() < 0.5 ? v : Math.floor(rnd() * 5)));
      const expected = bruteTauB(x, y);
      if (Number.isNaN(expected)) expect(kendallTauB(x, y)).toBeNaN();
      else expect(kendallTauB(x, y)).toBeCloseTo(expected, 12);
    }
  });

  it('is fast on large inputs (O(n log n))', () => {
    const rnd = seededRandom(1);
    const n = 50_000;
    const x = Array.from({ length: n }, () => Math.floor(rnd() * 5));
    const y = x.map((v) => v + Math.floor(rnd() * 3));
    const t0 = performance.now();
    const tau = kendallTauB(x, y);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(tau).toBeGreaterThan(0.5);
  });
});
