import { sigmoid } from '../linalg.js';

/** p = sigmoid(a * score + b). */
export interface PlattCalibration {
  kind: 'platt';
  a: number;
  b: number;
}

/** Piecewise-constant non-decreasing map: the value of the last knot x_k <= score (first value below x_0). */
export interface IsotonicCalibration {
  kind: 'isotonic';
  x: number[];
  y: number[];
}

export type Calibration = PlattCalibration | IsotonicCalibration;

/**
 * Platt scaling: fits p = sigmoid(a * s + b) to held-out scores by Newton's method on the log loss, with
 * Platt's smoothed targets (N+ + 1)/(N+ + 2) and 1/(N- + 2) so that separable scores do not diverge.
 * Fit it on out-of-fold scores, never on the scores of the rows the model was trained on.
 */
export function plattCalibrate(scores: readonly number[], labels: readonly boolean[]): PlattCalibration {
  if (scores.length !== labels.length) throw new Error(`plattCalibrate: ${scores.length} scores for ${labels.length} labels`);
  const pos = labels.filter(Boolean).length;
  const neg = labels.length - pos;
  const tPos = (pos + 1) / (pos + 2);
  const tNeg = 1 / (neg + 2);
  let a = 0;
  let b = Math.log((pos + 1) / (neg + 1));
  for (let it = 0; it < 100; it++) {
    let g0 = 0, g1 = 0, h00 = 1e-12, h01 = 0, h11 = 1e-12;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      const p = sigmoid(a * s + b);
      const d = p - (labels[i] ? tPos : tNeg);
      const w = p * (1 - p);
      g0 += d * s; g1 += d;
      h00 += w * s * s; h01 += w * s; h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 1e-18)) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { kind: 'platt', a, b };
}

/** Isotonic regression by pool-adjacent-violators: the non-decreasing step function closest to the labels. */
export function isotonicCalibrate(scores: readonly number[], labels: readonly boolean[]): IsotonicCalibration {
  if (scores.length !== labels.length) throw new Error(`isotonicCalibrate: ${scores.length} scores for ${labels.length} labels`);
  const order = scores.map((s, i) => [s, labels[i] ? 1 : 0] as const).sort((p, q) => p[0] - q[0]);
  // blocks: [first x, sum y, count]
  const blocks: [number, number, number][] = [];
  for (const [s, y] of order) {
    const last = blocks[blocks.length - 1];
    if (last && last[0] === s) { last[1] += y; last[2] += 1; } else blocks.push([s, y, 1]);
    while (blocks.length > 1) {
      const q = blocks[blocks.length - 1]!;
      const p = blocks[blocks.length - 2]!;
      if (p[1] / p[2] <= q[1] / q[2]) break;
      p[1] += q[1]; p[2] += q[2];
      blocks.pop();
    }
  }
  return { kind: 'isotonic', x: blocks.map((b) => b[0]), y: blocks.map((b) => b[1] / b[2]) };
}

export function applyCalibration(c: Calibration, score: number): number {
  if (c.kind === 'platt') return sigmoid(c.a * score + c.b);
  if (c.x.length === 0) return 0;
  let lo = 0, hi = c.x.length - 1;
  if (score < c.x[0]!) return c.y[0]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (c.x[mid]! <= score) lo = mid; else hi = mid - 1;
  }
  return c.y[lo]!;
}
