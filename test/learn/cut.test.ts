import { describe, expect, it } from 'vitest';
import { chooseExpectedCountScale, expectedCountDecide } from '../../src/learn/model-selection/threshold.js';
import { decide } from '../../src/learn/model-selection/cross-validate.js';

describe('expected-count cut', () => {
  it('keeps per query the round(scale x sum p) best scores, so a query the model expects little of keeps little', () => {
    const scores = [0.9, 0.8, 0.7, 0.1, 0.6, 0.1, 0.1, 0.1];
    const queries = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    // a: sum 2.5 -> 3 kept at scale 1 (round(2.5) = 3); b: sum 0.9 -> 1 kept
    expect(expectedCountDecide(scores, queries, 1)).toEqual([true, true, true, false, true, false, false, false]);
    // a plain threshold at 0.65 would keep nothing of b's and the same of a's: the cut is per query, not global
    expect(decide({ kind: 'threshold' }, 0.65, scores, [])).toEqual([true, true, true, false, false, false, false, false]);
    expect(expectedCountDecide(scores, queries, 0.5)).toEqual([true, false, false, false, false, false, false, false]);
    expect(decide({ kind: 'expected-count', scale: 1 }, NaN, scores, queries)).toEqual(expectedCountDecide(scores, queries, 1));
  });

  it('rows of a query need not be adjacent, and the lengths must agree', () => {
    expect(expectedCountDecide([0.2, 0.9, 0.3, 0.8], ['a', 'b', 'a', 'b'], 1)).toEqual([false, true, true, true]);
    expect(() => expectedCountDecide([0.5], [], 1)).toThrow(/1 scores for 0 queries/);
  });

  it('chooses the F1-best scale, within the rate bounds when given', () => {
    // per query 4 rows, one relevant, scored best; sum p = 2 -> scale 0.5 keeps exactly the relevant one
    const scores: number[] = [];
    const labels: boolean[] = [];
    const queries: string[] = [];
    for (let q = 0; q < 5; q++) {
      scores.push(0.8, 0.5, 0.4, 0.3);
      labels.push(true, false, false, false);
      queries.push(`q${q}`, `q${q}`, `q${q}`, `q${q}`);
    }
    const free = chooseExpectedCountScale(scores, labels, queries);
    expect(free.f1).toBe(1);
    expect(free.selected).toBe(5);
    expect(Math.round(free.scale * 2)).toBe(1); // round(scale * 2) = 1 for scales in [0.3, 0.74]: the smallest wins the tie
    expect(free.scale).toBe(0.3);
    const bounded = chooseExpectedCountScale(scores, labels, queries, [1.8, 2.2]);
    expect(bounded.selected).toBe(10); // two per query, the only count within 1.8-2.2x the five YES
    expect(bounded.f1).toBeCloseTo((2 * 5) / (10 + 5), 12);
  });
});
