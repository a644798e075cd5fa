import { describe, expect, it } from 'vitest';
import { groupKFold } from '../../src/learn/model-selection/split.js';
import { seededRandom, shuffled } from '../../src/util/random.js';

function makeGroups(): string[] {
  // 31 groups of uneven size (like prompts with 60-130 pairs), rows interleaved
  const rand = seededRandom(7);
  const rows: string[] = [];
  for (let g = 0; g < 31; g++) {
    const n = 60 + Math.floor(rand() * 70);
    for (let i = 0; i < n; i++) rows.push(`p${g}`);
  }
  return shuffled(rows, rand);
}

describe('groupKFold', () => {
  const groups = makeGroups();
  const folds = groupKFold(groups, 5, 42);

  it('gives each row a fold in 0..k-1 and uses every fold', () => {
    expect(folds).toHaveLength(groups.length);
    expect(new Set(folds)).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('keeps every row of a group in one fold', () => {
    const foldOf = new Map<string, number>();
    groups.forEach((g, i) => {
      if (!foldOf.has(g)) foldOf.set(g, folds[i]!);
      expect(folds[i]).toBe(foldOf.get(g));
    });
  });

  it('is deterministic for a seed, and the seed matters', () => {
    expect(groupKFold(groups, 5, 42)).toEqual(folds);
    expect(groupKFold(groups, 5, 43)).not.toEqual(folds);
  });

  it('balances rows: folds differ by at most the largest group', () => {
    const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((x) => x === f).length);
    const largest = Math.max(...[...new Set(groups)].map((g) => groups.filter((x) => x === g).length));
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(largest);
  });

  it('refuses fewer groups than folds and k < 2', () => {
    expect(() => groupKFold(['a', 'a', 'b'], 3)).toThrow(/2 distinct groups cannot fill 3 folds/);
    expect(() => groupKFold(['a', 'b'], 1)).toThrow(/k must be/);
  });

  it('with one row per group, is a balanced plain k-fold', () => {
    const f = groupKFold(Array.from({ length: 10 }, (_, i) => `g${i}`), 5, 1);
    expect([0, 1, 2, 3, 4].map((k) => f.filter((x) => x === k).length)).toEqual([2, 2, 2, 2, 2]);
  });
});
