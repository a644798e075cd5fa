import { describe, it, expect } from 'vitest';
import { bootstrapCi, bootstrapCis, f1Score, quantileSorted } from '../../src/metrics/index.js';
import { seededRandom } from '../../src/util/random.js';

/** mulberry32 exactly as published in bryc's "PRNGs" README (github.com/bryc/code, jshash/PRNGs.md). */
function referenceMulberry32(a: number): () => number {
  return function () {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('seededRandom', () => {
  it('reproduces the published mulberry32 sequence', () => {
    for (const seed of [0, 1, 42, 123456789, -7]) {
      const mine = seededRandom(seed);
      const ref = referenceMulberry32(seed);
      for (let i = 0; i < 1000; i++) expect(mine()).toBe(ref());
    }
  });

  it('is deterministic, in [0, 1), and roughly uniform', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 20_000 }, () => a());
    expect(Array.from({ length: 20_000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.49); // sd of the mean = 0.289 / sqrt(20000) = 0.002
    expect(mean).toBeLessThan(0.51);
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly like numpy.quantile (default method)', () => {
    // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75: h = 3 * 0.25 = 0.75 -> 1 + 0.75 * (2 - 1)
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([7], 0.3)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

const mean = (xs: readonly number[], idx: readonly number[]): number => {
  let s = 0;
  for (const i of idx) s += xs[i]!;
  return s / idx.length;
};

describe('bootstrapCi', () => {
  // A normal-ish sample (Irwin-Hall: sum of 12 uniforms - 6 has sd 1).
  const rnd = seededRandom(5);
  const data = Array.from({ length: 400 }, () => {
    let s = 0;
    for (let k = 0; k < 12; k++) s += rnd();
    return s - 6;
  });

  it('gives the point estimate on all rows and a percentile interval around it', () => {
    const ci = bootstrapCi(data.length, (idx) => mean(data, idx));
    expect(ci.estimate).toBeCloseTo(mean(data, data.map((_, i) => i)), 12);
    expect(ci).toMatchObject({ level: 0.95, iterations: 1000, valid: 1000 });
    expect(ci.low).toBeLessThan(ci.estimate);
    expect(ci.high).toBeGreaterThan(ci.estimate);
    // Compare with the normal-theory interval mean +- 1.96 * sd / sqrt(n): widths agree within ~15%.
    const m = ci.estimate;
    const sd = Math.sqrt(data.reduce((s, x) => s + (x - m) ** 2, 0) / (data.length - 1));
    const normalWidth = 2 * 1.96 * (sd / Math.sqrt(data.length));
    expect((ci.high - ci.low) / normalWidth).toBeGreaterThan(0.85);
    expect((ci.high - ci.low) / normalWidth).toBeLessThan(1.15);
  });

  it('is deterministic for a seed and changes with the seed; narrower at a lower level', () => {
    const stat = (idx: readonly number[]): number => mean(data, idx);
    const a = bootstrapCi(data.length, stat, { seed: 9, iterations: 300 });
    const b = bootstrapCi(data.length, stat, { seed: 9, iterations: 300 });
    const c = bootstrapCi(data.length, stat, { seed: 10, iterations: 300 });
    expect(b).toEqual(a);
    expect(c.low).not.toBe(a.low);
    const narrow = bootstrapCi(data.length, stat, { seed: 9, iterations: 300, level: 0.5 });
    expect(narrow.low).toBeGreaterThan(a.low);
    expect(narrow.high).toBeLessThan(a.high);
  });

  it('skips NaN statistics from degenerate resamples', () => {
    // Two rows: a resample is [0,0], [0,1], [1,0] or [1,1]; call it NaN when it has a single distinct row.
    const values = [0, 1];
    const ci = bootstrapCi(2, (idx) => (idx[0] === idx[1] ? Number.NaN : mean(values, idx)), {
      iterations: 2000,
    });
    expect(ci.valid).toBeGreaterThan(800); // about half
    expect(ci.valid).toBeLessThan(1200);
    expect(ci.low).toBe(0.5);
    expect(ci.high).toBe(0.5);
    const allNaN = bootstrapCi(3, () => Number.NaN, { iterations: 10 });
    expect(allNaN).toMatchObject({ valid: 0, iterations: 10 });
    expect(allNaN.low).toBeNaN();
    expect(allNaN.high).toBeNaN();
  });

  it('cluster bootstrap keeps every row of a drawn group together', () => {
    // 5 groups of different sizes; a statistic that checks each resample's composition.
    const groups = ['a', 'a', 'b', 'c', 'c', 'c', 'd', 'e', 'e', 'b'];
    const sizes = new Map<string, number>();
    for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
    let checked = 0;
    const ci = bootstrapCi(
      groups.length,
      (idx) => {
        const rowCount = new Map<number, number>();
        for (const i of idx) rowCount.set(i, (rowCount.get(i) ?? 0) + 1);
        // all rows of a group appear equally often (the times the group was drawn)
        const timesDrawn = new Map<string, number>();
        for (const [row, count] of rowCount) {
          const g = groups[row]!;
          const prev = timesDrawn.get(g);
          if (prev !== undefined && prev !== count) throw new Error('group split');
          timesDrawn.set(g, count);
        }
        for (const g of timesDrawn.keys()) {
          const rowsSeen = [...rowCount.keys()].filter((r) => groups[r] === g).length;
          if (rowsSeen !== sizes.get(g)) throw new Error('group incomplete');
        }
        // exactly 5 group draws in total
        const draws = [...timesDrawn.values()].reduce((s, t) => s + t, 0);
        if (draws !== 5) throw new Error(`expected 5 draws, got ${draws}`);
        checked++;
        return idx.length;
      },
      { groups, iterations: 200 },
    );
    expect(checked).toBe(201); // 200 resamples + the estimate
    expect(ci.estimate).toBe(10);
    expect(ci.low).toBeGreaterThanOrEqual(5); // five draws of size >= 1
    expect(ci.high).toBeLessThanOrEqual(15); // five draws of size <= 3
  });

  it('cluster bootstrap is wider than the row bootstrap when rows within a group are correlated', () => {
    // 40 groups of 10 identical values: effectively 40 observations, not 400.
    const rndG = seededRandom(8);
    const groupValues = Array.from({ length: 40 }, () => rndG());
    const values = Array.from({ length: 400 }, (_, i) => groupValues[Math.floor(i / 10)]!);
    const groups = values.map((_, i) => `g${Math.floor(i / 10)}`);
    const stat = (idx: readonly number[]): number => mean(values, idx);
    const rows = bootstrapCi(400, stat);
    const clustered = bootstrapCi(400, stat, { groups });
    const ratio = (clustered.high - clustered.low) / (rows.high - rows.low);
    expect(ratio).toBeGreaterThan(2.5); // ~ sqrt(10) = 3.16
    expect(ratio).toBeLessThan(4);
  });

  it('runs 1000 iterations of F1 over 3,000 items well under a second', () => {
    const r = seededRandom(99);
    const gold = Array.from({ length: 3000 }, () => r() < 0.2);
    const pred = gold.map((g) => (r() < 0.8 ? g : !g));
    const t0 = performance.now();
    const ci = bootstrapCi(3000, (idx) => f1Score(pred, gold, idx), { iterations: 1000 });
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeLessThan(1000);
    expect(ci.low).toBeLessThan(ci.estimate);
    expect(ci.high).toBeGreaterThan(ci.estimate);
  });

  it('validates its arguments and handles n = 0', () => {
    const stat = (idx: readonly number[]): number => idx.length;
    expect(() => bootstrapCi(-1, stat)).toThrow(RangeError);
    expect(() => bootstrapCi(2.5, stat)).toThrow(RangeError);
    expect(() => bootstrapCi(3, stat, { level: 1 })).toThrow(RangeError);
    expect(() => bootstrapCi(3, stat, { iterations: 0 })).toThrow(RangeError);
    expect(() => bootstrapCi(3, stat, { groups: ['a'] })).toThrow(RangeError);
    const empty = bootstrapCi(0, stat);
    expect(empty.estimate).toBe(0);
    expect(empty.valid).toBe(0);
    expect(empty.low).toBeNaN();
  });
});

describe('bootstrapCis', () => {
  it('gives each statistic the interval bootstrapCi gives it alone', () => {
    const rnd = seededRandom(9);
    const x = Array.from({ length: 200 }, () => rnd());
    const groups = x.map((_, i) => `g${i % 17}`);
    const mean = (idx: readonly number[]) => idx.reduce((s, i) => s + x[i]!, 0) / idx.length;
    const max = (idx: readonly number[]) => Math.max(...idx.map((i) => x[i]!));
    const [a, b] = bootstrapCis(x.length, (idx) => [mean(idx), max(idx)], { iterations: 300, seed: 5, groups });
    expect(a).toEqual(bootstrapCi(x.length, mean, { iterations: 300, seed: 5, groups }));
    expect(b).toEqual(bootstrapCi(x.length, max, { iterations: 300, seed: 5, groups }));
  });
});
