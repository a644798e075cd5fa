import { describe, it, expect } from 'vitest';
import { averagePairwiseKappa, categoryCounts, cohenKappa, fleissKappa, krippendorffAlpha, krippendorffAlphaFromUnits, scottPi, weightedKappa } from '../../src/metrics/index.js';
import { seededRandom } from '../../src/util/random.js';

/** Expands a 2x2 (or k x k) joint table into two label arrays: table[i][j] items with a = cats[i], b = cats[j]. */
function fromTable<T>(cats: T[], table: number[][]): { a: T[]; b: T[] } {
  const a: T[] = [];
  const b: T[] = [];
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let t = 0; t < count; t++) {
        a.push(cats[i]!);
        b.push(cats[j]!);
      }
    }),
  );
  return { a, b };
}

describe('cohenKappa', () => {
  it('matches Wikipedia\'s worked example (50 grant proposals): kappa = 0.4', () => {
    // https://en.wikipedia.org/wiki/Cohen%27s_kappa#Simple_example
    // A yes & B yes 20, A yes & B no 5, A no & B yes 10, both no 15.
    // p_o = 35/50 = 0.7; p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2/0.5 = 0.4
    const { a, b } = fromTable(['yes', 'no'], [[20, 5], [10, 15]]);
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 12);
  });

  it('matches Wikipedia\'s "same percentages but different numbers" examples (0.1304 and 0.2593)', () => {
    // https://en.wikipedia.org/wiki/Cohen%27s_kappa#Same_percentages_but_different_numbers
    // Both have p_o = 0.60.
    // [[45, 15], [25, 15]]: p_e = 0.6*0.7 + 0.4*0.3 = 0.54; kappa = 0.06/0.46 = 0.1304
    const t1 = fromTable([1, 0], [[45, 15], [25, 15]]);
    expect(cohenKappa(t1.a, t1.b)).toBeCloseTo(0.06 / 0.46, 12);
    expect(cohenKappa(t1.a, t1.b)).toBeCloseTo(0.1304, 4);
    // [[25, 35], [5, 35]]: p_e = 0.6*0.3 + 0.4*0.7 = 0.46; kappa = 0.14/0.54 = 0.2593
    const t2 = fromTable([1, 0], [[25, 35], [5, 35]]);
    expect(cohenKappa(t2.a, t2.b)).toBeCloseTo(0.2593, 4);
  });

  it('is 1 for perfect agreement, -1 for perfect binary disagreement with balanced marginals', () => {
    expect(cohenKappa(['a', 'b', 'c', 'a'], ['a', 'b', 'c', 'a'])).toBe(1);
    // p_o = 0, p_e = 0.5 -> -1
    expect(cohenKappa([true, false], [false, true])).toBe(-1);
  });

  it('returns NaN when expected agreement is 1 (all-same labels) or input is empty', () => {
    expect(cohenKappa(['no', 'no', 'no'], ['no', 'no', 'no'])).toBeNaN();
    expect(cohenKappa([], [])).toBeNaN();
    // one rater constant, the other not: p_e < 1, kappa = 0
    // p_o = 2/3, p_e = 1 * 2/3 -> 0
    expect(cohenKappa(['no', 'no', 'no'], ['no', 'yes', 'no'])).toBeCloseTo(0, 12);
  });

  it('throws on mismatched lengths', () => {
    expect(() => cohenKappa([1, 2], [1])).toThrow(RangeError);
  });
});

describe('weightedKappa', () => {
  // Hand-computed 3x3 example (rows: rater a = 1..3, columns: rater b = 1..3):
  //        b=1 b=2 b=3 | row
  //   a=1   4   1   0  |  5
  //   a=2   1   3   1  |  5
  //   a=3   0   2   3  |  5
  //   col   5   6   4  | n = 15
  // Expected counts e_ij = row_i * col_j / 15 = col_j / 3: (5/3, 2, 4/3) in every row.
  // Linear weights (|i-j|/2): observed sum w*o = 0.5*(1+1+1+2) = 2.5,
  //   expected sum w*e = 0.5*(2 + 5/3 + 4/3 + 2) + 1*(4/3 + 5/3) = 3.5 + 3 = 6.5,
  //   kappa_w = 1 - 2.5/6.5 = 8/13 = 0.615385
  // Quadratic weights (((i-j)/2)^2): observed 0.25*5 = 1.25; expected 0.25*7 + 3 = 4.75;
  //   kappa_w = 1 - 1.25/4.75 = 14/19 = 0.736842
  // Unweighted: p_o = 10/15, p_e = (5*5 + 5*6 + 5*4)/225 = 1/3, kappa = (1/3)/(2/3) = 0.5
  const table = [
    [4, 1, 0],
    [1, 3, 1],
    [0, 2, 3],
  ];
  const { a, b } = fromTable([1, 2, 3], table);

  it('matches the hand-computed linear and quadratic values', () => {
    expect(weightedKappa(a, b, { weights: 'linear' })).toBeCloseTo(8 / 13, 12);
    expect(weightedKappa(a, b, { weights: 'quadratic' })).toBeCloseTo(14 / 19, 12);
    expect(cohenKappa(a, b)).toBeCloseTo(0.5, 12);
  });

  it('weights by position in `categories`, so an unused middle level matters', () => {
    // Same table with labels 1, 2, 4 on the scale [1, 2, 3, 4] (positions 0, 1, 3).
    // Linear distances: d(1,2) = 1, d(2,4) = 2, d(1,4) = 3 (the /3 cancels in the ratio).
    //   observed: 1*(1+1) + 2*(1+2) + 3*0 = 8
    //   expected: 1*(2 + 5/3) + 2*(4/3 + 2) + 3*(4/3 + 5/3) = 11/3 + 20/3 + 9 = 58/3
    //   kappa_w = 1 - 8/(58/3) = 1 - 24/58 = 17/29 = 0.586207
    const relabel = (v: number): number => (v === 3 ? 4 : v);
    const a4 = a.map(relabel);
    const b4 = b.map(relabel);
    expect(weightedKappa(a4, b4, { weights: 'linear', categories: [1, 2, 3, 4] })).toBeCloseTo(17 / 29, 12);
    // Default categories = observed values [1, 2, 4] -> same as the 1..3 table
    expect(weightedKappa(a4, b4, { weights: 'linear' })).toBeCloseTo(8 / 13, 12);
    // An unused level at the end only rescales the weights: no change
    expect(weightedKappa(a, b, { weights: 'linear', categories: [1, 2, 3, 4] })).toBeCloseTo(8 / 13, 12);
  });

  it('equals unweighted kappa with two categories', () => {
    const t = fromTable([0, 1], [[20, 5], [10, 15]]);
    expect(weightedKappa(t.a, t.b, { weights: 'linear' })).toBeCloseTo(0.4, 12);
    expect(weightedKappa(t.a, t.b, { weights: 'quadratic' })).toBeCloseTo(0.4, 12);
  });

  it('handles degenerate and invalid input', () => {
    expect(weightedKappa([3, 3], [3, 3], { weights: 'linear' })).toBeNaN();
    expect(weightedKappa([3, 3], [3, 3], { weights: 'linear', categories: [1, 2, 3] })).toBeNaN();
    expect(weightedKappa([], [], { weights: 'quadratic' })).toBeNaN();
    expect(() => weightedKappa([1, 2], [1], { weights: 'linear' })).toThrow(RangeError);
    expect(() => weightedKappa([1, 6], [1, 2], { weights: 'linear', categories: [1, 2, 3] })).toThrow(/not one of/);
  });
});

describe('averagePairwiseKappa', () => {
  // Hand-computed:
  //   r1: i1 Y, i2 N, i3 Y, i4 N
  //   r2: i1 Y, i2 N, i3 N, i4 N, i5 Y
  //   r3: i1 Y, i5 Y
  //   r4: i1 N, i2 N, i3 Y, i4 N
  // r1-r2 (i1..i4): [Y,N,Y,N] vs [Y,N,N,N]: agree 3; marginals Y2N2 / Y1N3; chance 2*1 + 2*3 = 8;
  //   kappa = (4*3 - 8) / (16 - 8) = 0.5
  // r1-r3: only i1 shared -> skipped (too few)
  // r1-r4: [Y,N,Y,N] vs [N,N,Y,N]: agree 3; Y2N2 / Y1N3; chance 8 -> 0.5
  // r2-r3 (i1, i5): both Y, Y -> p_e = 1 -> NaN -> skipped (undefined)
  // r2-r4 (i1..i4): [Y,N,N,N] vs [N,N,Y,N]: agree 2; Y1N3 / Y1N3; chance 1 + 9 = 10;
  //   kappa = (8 - 10) / (16 - 10) = -1/3
  // r3-r4: only i1 -> skipped
  // mean = (0.5 + 0.5 - 1/3) / 3 = 2/9
  const m = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o));
  const raters = {
    r1: m({ i1: 'Y', i2: 'N', i3: 'Y', i4: 'N' }),
    r2: m({ i1: 'Y', i2: 'N', i3: 'N', i4: 'N', i5: 'Y' }),
    r3: m({ i1: 'Y', i5: 'Y' }),
    r4: m({ i1: 'N', i2: 'N', i3: 'Y', i4: 'N' }),
  };

  it('averages kappa over rater pairs on their shared items', () => {
    const r = averagePairwiseKappa(raters);
    expect(r.mean).toBeCloseTo(2 / 9, 12);
    expect(r.pairs.map((p) => [p.a, p.b, p.n])).toEqual([
      ['r1', 'r2', 4],
      ['r1', 'r4', 4],
      ['r2', 'r4', 4],
    ]);
    expect(r.pairs.map((p) => p.kappa)).toEqual([0.5, 0.5, expect.closeTo(-1 / 3, 12)]);
    expect(r.skipped.map((p) => [p.a, p.b, p.n, p.reason])).toEqual([
      ['r1', 'r3', 1, 'too-few-shared'],
      ['r2', 'r3', 2, 'undefined'],
      ['r3', 'r4', 1, 'too-few-shared'],
    ]);
  });

  it('accepts a Map of raters, minShared and a custom statistic', () => {
    const asMap = new Map(Object.entries(raters));
    expect(averagePairwiseKappa(asMap).mean).toBeCloseTo(2 / 9, 12);
    // minShared 5: no pair shares 5 items
    const none = averagePairwiseKappa(asMap, { minShared: 5 });
    expect(none.mean).toBeNaN();
    expect(none.pairs).toEqual([]);
    expect(none.skipped).toHaveLength(6);
    // custom statistic: raw agreement
    const agreement = (a: string[], b: string[]): number => a.filter((x, i) => x === b[i]).length / a.length;
    const r = averagePairwiseKappa(raters, { statistic: agreement });
    // pairs with >= 2 shared: r1-r2 3/4, r1-r4 3/4, r2-r3 2/2, r2-r4 2/4 -> mean 3/4
    expect(r.pairs).toHaveLength(4);
    expect(r.mean).toBeCloseTo(0.75, 12);
  });
});

/** Classic Fleiss (1971) kappa for a constant number of raters m per item, as on Wikipedia. */
function classicFleiss(counts: number[][]): number {
  const n = counts.length;
  const m = counts[0]!.reduce((s, c) => s + c, 0);
  const k = counts[0]!.length;
  const pBar = counts.reduce((s, row) => s + row.reduce((t, c) => t + c * (c - 1), 0) / (m * (m - 1)), 0) / n;
  let pe = 0;
  for (let j = 0; j < k; j++) {
    const pj = counts.reduce((s, row) => s + row[j]!, 0) / (n * m);
    pe += pj * pj;
  }
  return (pBar - pe) / (1 - pe);
}

describe('fleissKappa', () => {
  // https://en.wikipedia.org/wiki/Fleiss%27_kappa#Worked_example
  // 10 subjects, 14 raters, 5 categories; Pbar = 0.378, Pbar_e = 0.213, kappa = 0.210.
  const wikipedia = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];

  it('matches Wikipedia\'s worked example: kappa = 0.210', () => {
    expect(fleissKappa(wikipedia)).toBeCloseTo(0.21, 3);
    // exact: Pbar = 0.378022, Pbar_e = 0.212755 -> (0.378022 - 0.212755) / 0.787245 = 0.209931
    expect(fleissKappa(wikipedia)).toBeCloseTo(0.209931, 6);
  });

  it('handles a varying number of raters (hand-computed)', () => {
    // categories [yes, no]; items: [2,1] m=3, [0,2] m=2, [3,0] m=3, [1,1] m=2, [1,0] m=1 (dropped)
    // kept N = 4, M = 10, p = (6/10, 4/10), sum p(1-p) = 0.24 + 0.24 = 0.48
    // disagreement sum_i (m_i - sum_j x_ij^2 / m_i):
    //   3 - 5/3 = 4/3;  2 - 4/2 = 0;  3 - 9/3 = 0;  2 - 2/2 = 1   => 7/3
    // kappa = 1 - (7/3) / ((M - N) * 0.48) = 1 - (7/3) / 2.88 = 1 - 175/216 = 41/216 = 0.189815
    const counts = [[2, 1], [0, 2], [3, 0], [1, 1], [1, 0]];
    expect(fleissKappa(counts)).toBeCloseTo(41 / 216, 12);
    // the single-rating item changes nothing
    expect(fleissKappa(counts.slice(0, 4))).toBeCloseTo(41 / 216, 12);
  });

  it('equals the classic formula whenever every item has the same number of raters (random tables)', () => {
    const rnd = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const m = 2 + Math.floor(rnd() * 6);
      const k = 2 + Math.floor(rnd() * 4);
      const n = 2 + Math.floor(rnd() * 30);
      const counts = Array.from({ length: n }, () => {
        const row = new Array<number>(k).fill(0);
        for (let r = 0; r < m; r++) row[Math.floor(rnd() * k)]! += 1;
        return row;
      });
      const classic = classicFleiss(counts);
      if (Number.isNaN(classic)) expect(fleissKappa(counts)).toBeNaN();
      else expect(fleissKappa(counts)).toBeCloseTo(classic, 10);
    }
  });

  it('equals Scott\'s pi with two raters', () => {
    const rnd = seededRandom(11);
    const a = Array.from({ length: 40 }, () => Math.floor(rnd() * 3));
    const b = a.map((v) => (rnd() < 0.6 ? v : Math.floor(rnd() * 3)));
    const { counts } = categoryCounts(a.map((v, i) => [v, b[i]!]));
    expect(fleissKappa(counts)).toBeCloseTo(scottPi(a, b), 12);
  });

  it('handles degenerate and invalid tables', () => {
    expect(fleissKappa([])).toBeNaN();
    expect(fleissKappa([[3, 0], [3, 0]])).toBeNaN(); // one category only
    expect(fleissKappa([[1, 0], [0, 1]])).toBeNaN(); // no item with 2+ ratings
    expect(fleissKappa([[3, 0], [0, 3]])).toBe(1);
    expect(() => fleissKappa([[1, 2], [3]])).toThrow(RangeError);
    expect(() => fleissKappa([[1, -1]])).toThrow(/non-negative integers/);
    expect(() => fleissKappa([[1.5, 1]])).toThrow(/non-negative integers/);
  });
});

describe('categoryCounts', () => {
  it('builds the items x categories table', () => {
    expect(categoryCounts([['Y', 'Y', 'N'], ['N'], []])).toEqual({
      categories: ['Y', 'N'],
      counts: [[2, 1], [0, 1], [0, 0]],
    });
    expect(categoryCounts([['Y']], ['N', 'Y']).counts).toEqual([[0, 1]]);
    expect(() => categoryCounts([['maybe']], ['Y', 'N'])).toThrow(RangeError);
  });
});

describe('krippendorffAlpha', () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
  // 4 observers x 12 units, values 1-5, with missing data. Published results:
  // nominal 0.743, ordinal 0.815, interval 0.849.
  // Exact fractions from an independent pairwise implementation (Python, fractions):
  // nominal 113/152, ordinal 108577/133160, interval 951/1120.
  const _ = null;
  const exampleC = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
  ];

  it('matches Krippendorff 2011 example C (missing data) at all three levels', () => {
    expect(krippendorffAlpha(exampleC, 'nominal')).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(exampleC, 'ordinal')).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(exampleC, 'interval')).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(exampleC, 'nominal')).toBeCloseTo(113 / 152, 12);
    expect(krippendorffAlpha(exampleC, 'ordinal')).toBeCloseTo(108577 / 133160, 12);
    expect(krippendorffAlpha(exampleC, 'interval')).toBeCloseTo(951 / 1120, 12);
    expect(krippendorffAlpha(exampleC)).toBeCloseTo(0.743, 3); // nominal is the default
  });

  it('treats undefined and NaN as missing, like null', () => {
    const withUndefined = exampleC.map((row) => row.map((v) => (v === null ? undefined : v)));
    const withNaN = exampleC.map((row) => row.map((v) => (v === null ? Number.NaN : v)));
    expect(krippendorffAlpha(withUndefined, 'interval')).toBeCloseTo(951 / 1120, 12);
    expect(krippendorffAlpha(withNaN, 'ordinal')).toBeCloseTo(108577 / 133160, 12);
  });

  it('accepts the by-unit layout; single-value units are dropped', () => {
    const units = exampleC[0]!.map((_v, u) => exampleC.map((row) => row[u]).filter((v): v is number => v !== null));
    expect(units[11]).toEqual([3]); // unit 12 has one value: not pairable
    expect(krippendorffAlphaFromUnits(units, 'nominal')).toBeCloseTo(113 / 152, 12);
    expect(krippendorffAlphaFromUnits(units.slice(0, 11), 'interval')).toBeCloseTo(951 / 1120, 12);
    // string labels work at the nominal level
    const letters = units.map((u) => u.map((v) => 'abcde'[v - 1]!));
    expect(krippendorffAlphaFromUnits(letters)).toBeCloseTo(113 / 152, 12);
  });

  it('matches Krippendorff 2011 example A (2 observers, binary, no missing data): 0.095', () => {
    // Coincidences: 4 disagreeing units -> o_01 = 4; n_0 = 14, n_1 = 6, n = 20.
    // alpha = 1 - (n - 1) * o_01 / (n_0 * n_1) = 1 - 19*4/84 = 2/21 = 0.0952
    const A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    expect(krippendorffAlpha([A, B], 'nominal')).toBeCloseTo(0.095, 3);
    expect(krippendorffAlpha([A, B], 'nominal')).toBeCloseTo(2 / 21, 12);
    // Scott's pi: p_o = 0.6, p_e = 0.7^2 + 0.3^2 = 0.58, pi = 0.02/0.42 = 1/21
    expect(scottPi(A, B)).toBeCloseTo(1 / 21, 12);
  });

  it('is Scott\'s pi with a small-sample correction for 2 raters without missing data', () => {
    // As documented on scottPi: alpha = 1 - (1 - pi) * (2N - 1) / (2N) for N items (2N values).
    const rnd = seededRandom(3);
    for (let trial = 0; trial < 100; trial++) {
      const N = 5 + Math.floor(rnd() * 200);
      const k = 2 + Math.floor(rnd() * 3);
      const a = Array.from({ length: N }, () => Math.floor(rnd() * k));
      const agreeRate = rnd();
      const b = a.map((v) => (rnd() < agreeRate ? v : Math.floor(rnd() * k)));
      const alpha = krippendorffAlpha([a, b], 'nominal');
      const pi = scottPi(a, b);
      if (Number.isNaN(pi)) {
        expect(alpha).toBeNaN();
        continue;
      }
      expect(alpha).toBeCloseTo(1 - ((1 - pi) * (2 * N - 1)) / (2 * N), 10);
      expect(Math.abs(alpha - pi)).toBeLessThanOrEqual((1 - pi) / (2 * N) + 1e-12);
    }
  });

  it('is 1 for perfect agreement and NaN when there is no variation or nothing to pair', () => {
    expect(krippendorffAlpha([[1, 2, 3], [1, 2, 3]], 'interval')).toBe(1);
    expect(krippendorffAlpha([[1, 2, 3], [1, 2, 3]], 'ordinal')).toBe(1);
    expect(krippendorffAlpha([['x', 'x'], ['x', 'x']])).toBeNaN();
    expect(krippendorffAlpha([[1, null], [null, 2]])).toBeNaN(); // no unit with 2 values
    expect(krippendorffAlpha([])).toBeNaN();
  });

  it('throws for ragged rows and for non-numeric ordinal/interval data', () => {
    expect(() => krippendorffAlpha([[1, 2], [1]])).toThrow(RangeError);
    expect(() => krippendorffAlpha([['a', 'b'], ['a', 'a']], 'ordinal')).toThrow(TypeError);
    expect(() => krippendorffAlphaFromUnits([['a', 'b']], 'interval')).toThrow(TypeError);
  });
});
