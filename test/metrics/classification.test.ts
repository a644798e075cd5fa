import { describe, it, expect } from 'vitest';
import {
  classification,
  confusion,
  f1Score,
  reportFromConfusion,
  selectionRateRatio,
} from '../../src/metrics/index.js';

const T = true;
const F = false;
// Hand-made example; row by row:
//   i:    0  1  2  3  4  5  6  7
//   pred: T  T  F  F  T  F  T  F
//   gold: T  F  T  F  T  F  F  F
//   cell: tp fp fn tn tp tn fp tn   => tp 2, fp 2, fn 1, tn 3
const pred = [T, T, F, F, T, F, T, F];
const gold = [T, F, T, F, T, F, F, F];

describe('confusion', () => {
  it('counts the four cells', () => {
    expect(confusion(pred, gold)).toEqual({ tp: 2, fp: 2, fn: 1, tn: 3 });
  });

  it('counts only (and repeatedly) the given indices', () => {
    // rows 0, 0, 2, 3 -> tp, tp, fn, tn
    expect(confusion(pred, gold, [0, 0, 2, 3])).toEqual({ tp: 2, fp: 0, fn: 1, tn: 1 });
    expect(confusion(pred, gold, new Int32Array([1, 1]))).toEqual({ tp: 0, fp: 2, fn: 0, tn: 0 });
  });

  it('throws on a length mismatch', () => {
    expect(() => confusion([T, F], [T])).toThrow(RangeError);
    expect(() => classification([T], [])).toThrow(/same length/);
  });
});

describe('classification', () => {
  it('matches hand-computed precision, recall, F1 and rates', () => {
    const r = classification(pred, gold);
    expect(r).toMatchObject({ n: 8, tp: 2, fp: 2, fn: 1, tn: 3 });
    expect(r.precision).toBeCloseTo(2 / 4, 12); // tp / (tp + fp)
    expect(r.recall).toBeCloseTo(2 / 3, 12); // tp / (tp + fn)
    expect(r.f1).toBeCloseTo(4 / 7, 12); // 2tp / (2tp + fp + fn) = 4 / (4 + 2 + 1)
    expect(r.accuracy).toBeCloseTo(5 / 8, 12); // (2 + 3) / 8
    expect(r.predictedRate).toBeCloseTo(4 / 8, 12);
    expect(r.goldRate).toBeCloseTo(3 / 8, 12);
    // F1 is the harmonic mean of P and R: 2 * 0.5 * (2/3) / (0.5 + 2/3) = (2/3) / (7/6) = 4/7
    expect(r.f1).toBeCloseTo((2 * r.precision * r.recall) / (r.precision + r.recall), 12);
    expect(f1Score(pred, gold)).toBe(r.f1);
  });

  it('reproduces the paper\'s reported F1 from its P and R (Claude: P 0.372, R 0.838 -> F1 0.515)', () => {
    // Choose counts with those rates: gold YES = 1000, tp = 838 (R = 0.838),
    // tp + fp = 838 / 0.372 ~= 2253 -> fp = 1415.
    const r = reportFromConfusion({ tp: 838, fp: 1415, fn: 162, tn: 5000 });
    expect(r.precision).toBeCloseTo(0.372, 3);
    expect(r.recall).toBeCloseTo(0.838, 3);
    expect(r.f1).toBeCloseTo(0.515, 3);
  });

  it('gives 0 for zero divisions', () => {
    // never YES anywhere: no tp, fp or fn
    const none = classification([F, F, F], [F, F, F]);
    expect(none).toMatchObject({ precision: 0, recall: 0, f1: 0, accuracy: 1, predictedRate: 0, goldRate: 0 });
    // system says YES to everything, gold never does
    const allYes = classification([T, T], [F, F]);
    expect(allYes).toMatchObject({ precision: 0, recall: 0, f1: 0, accuracy: 0, predictedRate: 1, goldRate: 0 });
    // empty input
    expect(classification([], [])).toEqual({
      n: 0, tp: 0, fp: 0, fn: 0, tn: 0,
      precision: 0, recall: 0, f1: 0, accuracy: 0, predictedRate: 0, goldRate: 0,
    });
  });

  it('is perfect when pred equals gold', () => {
    const r = classification(gold, gold);
    expect(r).toMatchObject({ precision: 1, recall: 1, f1: 1, accuracy: 1 });
  });
});

describe('selectionRateRatio', () => {
  it('is the system YES rate over the human YES rate', () => {
    // (4/8) / (3/8) = 4/3
    expect(selectionRateRatio(pred, gold)).toBeCloseTo(4 / 3, 12);
    // the paper's over-selection: LLM 40% YES vs humans 20% YES -> 2
    const p = [T, T, T, T, F, F, F, F, F, F];
    const g = [T, T, F, F, F, F, F, F, F, F];
    expect(selectionRateRatio(p, g)).toBe(2);
  });

  it('is NaN when people never say YES, and throws on mismatch', () => {
    expect(selectionRateRatio([T, F], [F, F])).toBeNaN();
    expect(selectionRateRatio([], [])).toBeNaN();
    expect(selectionRateRatio([F, F], [T, F])).toBe(0);
    expect(() => selectionRateRatio([T], [T, F])).toThrow(RangeError);
  });
});
