import { describe, expect, it } from 'vitest';
import { chooseThreshold, prf1 } from '../../src/learn/model-selection/threshold.js';
import { crossValidatedSelect } from '../../src/stages/select/threshold.js';

describe('chooseThreshold', () => {
  it('finds the F1-maximising cut on a toy set, halfway between scores', () => {
    // sorted: 0.9 T, 0.8 T, 0.7 F, 0.6 T, 0.3 F, 0.2 F  (3 positives)
    // keep 1: P 1 R 1/3 F1 .5; keep 2: P 1 R 2/3 F1 .8; keep 3: P 2/3 R 2/3 F1 .667;
    // keep 4: P 3/4 R 1 F1 .857 (best); keep 5: P .6 F1 .75; keep 6: P .5 F1 .667
    const c = chooseThreshold([0.2, 0.9, 0.6, 0.3, 0.8, 0.7], [false, true, true, false, true, false]);
    expect(c.threshold).toBeCloseTo(0.45, 10);
    expect(c.f1).toBeCloseTo(6 / 7, 10);
    expect(c.precision).toBeCloseTo(0.75, 10);
    expect(c.recall).toBe(1);
    expect(c.predicted).toBe(4);
  });

  it('never cuts between equal scores', () => {
    const c = chooseThreshold([0.5, 0.5, 0.1], [true, false, false]);
    expect(c.threshold).toBeCloseTo(0.3, 10);
    expect(c.predicted).toBe(2);
  });

  it('prefers the higher threshold on ties in F1', () => {
    // 4 T, 3 F, 2 F, 1 T: keep 1 -> P 1, R .5, F1 2/3; keep 4 -> P .5, R 1, F1 2/3 (tie) -> keep 1
    const c = chooseThreshold([4, 3, 2, 1], [true, false, false, true]);
    expect(c.threshold).toBe(3.5);
    expect(c.f1).toBeCloseTo(2 / 3, 10);
    const all = chooseThreshold([2, 1], [true, true]);
    expect(all.threshold).toBe(-Infinity);
    expect(all.f1).toBe(1);
  });

  it('with allowAll false, takes the best cut above the lowest score', () => {
    // 1 T, 0 F x3, 0 T x2: keeping all (P .5, R 1, F1 .667) beats keeping the 1 (P 1, R 1/3, F1 .5)
    const scores = [1, 0, 0, 0, 0, 0];
    const labels = [true, false, false, false, true, true];
    expect(chooseThreshold(scores, labels).threshold).toBe(-Infinity);
    const c = chooseThreshold(scores, labels, { allowAll: false });
    expect(c.threshold).toBe(0.5);
    expect(c.f1).toBeCloseTo(0.5, 10);
  });

  it('selects nothing without positives', () => {
    expect(chooseThreshold([1, 2], [false, false]).threshold).toBe(Infinity);
  });

  it('rejects mismatched lengths and NaN', () => {
    expect(() => chooseThreshold([1], [true, false])).toThrow(/1 scores for 2 labels/);
    expect(() => chooseThreshold([NaN], [true])).toThrow(/NaN/);
  });
});

describe('crossValidatedSelect', () => {
  it('chooses each fold\'s threshold without that fold', () => {
    // 10 groups; in groups g0..g4 positives score 0.8, in g5..g9 positives score 0.4; negatives 0.1 everywhere
    const scores: number[] = [];
    const labels: boolean[] = [];
    const groups: string[] = [];
    for (let g = 0; g < 10; g++) {
      for (let i = 0; i < 4; i++) {
        const pos = i === 0;
        scores.push(pos ? (g < 5 ? 0.8 : 0.4) : 0.1);
        labels.push(pos);
        groups.push(`g${g}`);
      }
    }
    const r = crossValidatedSelect(scores, labels, groups, 5, 3);
    expect(r.thresholds).toHaveLength(5);
    expect(r.predictions).toHaveLength(scores.length);
    // every threshold must separate 0.1 from 0.4 (both positive levels occur in training folds)
    for (const t of r.thresholds) expect(t).toBeGreaterThan(0.1);
    expect(r.metrics.f1).toBe(1);
    // same rows in the same fold for the same group
    const byGroup = new Map<string, number>();
    groups.forEach((g, i) => {
      byGroup.set(g, byGroup.get(g) ?? r.folds[i]!);
      expect(r.folds[i]).toBe(byGroup.get(g));
    });
  });

  it('cannot see the held-out fold: a fold whose positives are unlike training ones is missed', () => {
    // group A: positive scores 0.9; groups B..F: positives at 0.5, negatives at 0.6 (an inverted, noisy score)
    const scores = [0.9, 0.1, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6];
    const labels = [true, false, true, false, true, false, true, false, true, false, true, false];
    const groups = ['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'E', 'E', 'F', 'F'];
    const cv = crossValidatedSelect(scores, labels, groups, 6, 0);
    const inSample = chooseThreshold(scores, labels);
    expect(cv.metrics.f1).toBeLessThanOrEqual(inSample.f1);
  });
});

describe('prf1', () => {
  it('computes precision, recall and F1', () => {
    const m = prf1([true, true, false, false], [true, false, true, false]);
    expect(m).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, predicted: 2 });
    expect(prf1([false], [false]).f1).toBe(0);
  });
});
