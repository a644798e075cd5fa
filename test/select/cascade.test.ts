import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import { labelledPairs } from '../../src/stages/select/pairs.js';
import { evaluateSelector } from '../../src/eval/select.js';
import { makeSelector } from '../../src/eval/selectors.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { startTestLlmServer, type TestLlmServer } from '../../src/llm/testing/server.js';
import { seededRandom } from '../../src/util/random.js';
import { classification } from '../../src/metrics/index.js';
import { cascadeCurve, CascadeSelector, f1Band, inBand, inferThreshold, nearestBand } from '../../src/stages/select/cascade.js';
import type { LlmJudgeSelector } from '../../src/stages/select/llm-judge.js';
import type { Selection, SelectionPair, Selector } from '../../src/stages/select/selector.js';
import { recordedGpt54 } from '../support/recorded.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { REPLICATION } from '../support/tier.js';

/**
 * A fake scoring selector: a noisy probability that leans towards the gold label (seeded, per pair), and
 * a threshold fitted for F1 on the training pairs. Stands in for a trained model.
 */
class FakeScorer implements Selector {
  readonly name = 'fake';
  threshold = 0.5;
  fits = 0;
  private readonly score = new Map<string, number>();
  constructor(pairs: SelectionPair[], labels: boolean[], seed = 7, signal = 0.25) {
    const r = seededRandom(seed);
    pairs.forEach((p, i) => {
      const noise = (r() + r() + r() - 1.5) * 0.35;
      this.score.set(`${p.userId}|${p.promptId}|${p.attribute}`, Math.min(1, Math.max(0, 0.35 + (labels[i] ? signal : 0) + noise)));
    });
  }
  private s(p: SelectionPair): number {
    return this.score.get(`${p.userId}|${p.promptId}|${p.attribute}`)!;
  }
  async fit(pairs: SelectionPair[], labels: boolean[]): Promise<void> {
    this.fits++;
    let best = -1;
    for (let t = 0.05; t < 1; t += 0.01) {
      const f = classification(pairs.map((p) => this.s(p) >= t), labels).f1;
      if (f > best) [best, this.threshold] = [f, t];
    }
  }
  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    return pairs.map((p) => ({ relevant: this.s(p) >= this.threshold, score: this.s(p) }));
  }
}

/** A judge that records what it was asked. */
class FakeJudge implements Selector {
  readonly name = 'judge';
  asked = 0;
  constructor(private readonly answer: (p: SelectionPair) => boolean) {}
  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    this.asked += pairs.length;
    return pairs.map((p) => ({ relevant: this.answer(p) }));
  }
}

describe('band choice', () => {
  it('infers the threshold where decisions flip, 0.5 when they do not separate', () => {
    expect(inferThreshold([0.1, 0.4, 0.6, 0.9], [false, false, true, true])).toBeCloseTo(0.5);
    expect(inferThreshold([0.1, 0.2, 0.7], [false, false, true])).toBeCloseTo(0.45);
    expect(inferThreshold([0.1, 0.6], [true, false])).toBe(0.5);
  });

  it('nearest: the budget share of scores closest to the threshold', () => {
    const s = [0.05, 0.2, 0.35, 0.45, 0.5, 0.55, 0.7, 0.9, 0.95, 0.99];
    expect(nearestBand(s, 0.5, 0)).toBeNull();
    expect(nearestBand(s, 0.5, 0.3)).toEqual({ lo: 0.45, hi: 0.55 });
    expect(nearestBand(s, 0.5, 1)).toEqual({ lo: -Infinity, hi: Infinity });
    expect(nearestBand(s, 0.5, 0.9)).toEqual({ lo: -Infinity, hi: 0.95 });
    expect(s.filter((x) => inBand(nearestBand(s, 0.5, 0.5), x))).toHaveLength(5);
  });

  it('f1: the window where the judge helps most on training pairs', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    const labels = [false, false, true, false, false, true, true, true];
    const base = scores.map((x) => x >= 0.45); // wrong on 0.3 (fn) and 0.5 (fp)
    const judge = [false, false, true, false, false, false, true, true]; // right on 0.3 and 0.5, wrong on 0.6
    expect(f1Band(scores, base, judge, labels, 0.25)).toEqual({ lo: 0.2, hi: 0.3 });
    expect(f1Band(scores, base, judge, labels, 0.375)).toEqual({ lo: 0.3, hi: 0.5 });
  });
});

describe('CascadeSelector with fakes', () => {
  const pairs: SelectionPair[] = Array.from({ length: 400 }, (_, i) => ({ userId: `u${i % 7}`, promptId: `p${i % 20}`, attribute: `a${i}`, promptText: `text ${i % 20}` }));
  const labels = pairs.map((_, i) => i % 5 === 0);
  const oracle = (p: SelectionPair) => labels[Number(p.attribute.slice(1))]!;

  it('budget 0 is the base, budget 1 is the judge, and in between the judge sees about the budget share', async () => {
    const base = new FakeScorer(pairs, labels);
    await base.fit(pairs, labels);
    const baseOut = await base.select(pairs);
    const j0 = new FakeJudge(oracle);
    const c0 = new CascadeSelector(base, j0, { budget: 0 });
    await c0.fit(pairs, labels);
    expect((await c0.select(pairs)).map((x) => x.relevant)).toEqual(baseOut.map((x) => x.relevant));
    expect(j0.asked).toBe(0);

    const j1 = new FakeJudge(oracle);
    const c1 = new CascadeSelector(base, j1, { budget: 1 });
    await c1.fit(pairs, labels);
    expect((await c1.select(pairs)).map((x) => x.relevant)).toEqual(labels);
    expect(j1.asked).toBe(400);

    const j2 = new FakeJudge(oracle);
    const c2 = new CascadeSelector(base, j2, { budget: 0.25 });
    await c2.fit(pairs, labels);
    const out = await c2.select(pairs);
    expect(j2.asked).toBe(100); // same pairs as in fit: exactly the budget
    expect(c2.usage()).toEqual({ pairs: 400, judged: 100, fellBack: 0 });
    const f = (o: Selection[]) => classification(o.map((x) => x.relevant), labels).f1;
    expect(f(out)).toBeGreaterThan(f(baseOut));
    expect(out.every((o) => o.score !== undefined)).toBe(true);
  });

  it('a fixed band skips band fitting; a base without scores is refused; a missing vote falls back to the base', async () => {
    const base = new FakeScorer(pairs, labels);
    const judge = new FakeJudge(oracle);
    const fixed = new CascadeSelector(base, judge, { band: { lo: 0.4, hi: 0.6 } });
    await fixed.fit(pairs, labels);
    expect(base.fits).toBe(1);
    expect(fixed.band).toEqual({ lo: 0.4, hi: 0.6 });
    const noScore: Selector = { name: 'votes', select: async (ps) => ps.map(() => ({ relevant: true })) };
    await expect(new CascadeSelector(noScore, judge, { band: { lo: 0, hi: 1 } }).select(pairs)).rejects.toThrow(/needs a scoring selector/);
    const silent: Selector = { name: 'silent', select: async (ps) => ps.map(() => ({ relevant: true, missing: true })) };
    const c = new CascadeSelector(base, silent, { band: { lo: 0, hi: 1 } });
    await base.fit(pairs, labels);
    expect((await c.select(pairs)).map((x) => x.relevant)).toEqual((await base.select(pairs)).map((x) => x.relevant));
    expect(c.usage().fellBack).toBe(400);
    expect(() => new CascadeSelector(base, judge, {})).toThrow(/band or a budget/);
  });

  it('cascadeCurve: one base fit per fold; judged pairs grow with the budget', async () => {
    const base = new FakeScorer(pairs, labels);
    const judge = new FakeJudge(oracle);
    const c = await cascadeCurve(pairs, labels, base, judge, { budgets: [0, 0.1, 0.3, 1], folds: 5, iterations: 50 });
    expect(base.fits).toBe(5);
    expect(c.points.map((p) => p.judged)).toEqual([...c.points.map((p) => p.judged)].sort((a, b) => a - b));
    expect(c.points[0]!.judged).toBe(0);
    expect(c.points[3]!.judged).toBe(400);
    expect(c.points[3]!.f1).toBe(1);
    expect(judge.asked).toBe(400); // each held-out pair asked once, for the widest band
    expect(c.points[2]!.share).toBeGreaterThan(0.2);
    expect(c.points[2]!.share).toBeLessThan(0.4);
  });
});

// ---------------------------------------------------------------- with the recorded gpt-5.4 votes over HTTP


describe.skipIf(!hasShared('recenter-pilot'))('cascade on recenter-pilot: fake scorer + llm:local/gpt-5.4 (recorded votes)', REPLICATION, () => {
  let server: TestLlmServer;
  beforeAll(async () => {
    server = await startTestLlmServer({ recorded: { outputs: recordedGpt54() } });
  });
  afterAll(() => server?.close());

  it('F1 against LLM calls over budgets; every call is counted at the server', async () => {
    const ds = loadDataset(sharedPath('recenter-pilot'));
    const { pairs, labels } = labelledPairs(ds);
    const config = loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } });
    const judge = (await makeSelector('llm:local/gpt-5.4', ds, { llm: { config, concurrency: 16 } })) as LlmJudgeSelector;
    const base = new FakeScorer(pairs, labels);
    const budgets = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 1];
    const curve = await cascadeCurve(pairs, labels, base, judge, { budgets, folds: 5, iterations: 200 });
    const lines = curve.points.map(
      (p) =>
        `budget ${p.budget.toFixed(2)}  llm calls ${String(p.llmCalls).padStart(4)} (${(100 * p.share).toFixed(1).padStart(5)}%)  ` +
        `P ${p.precision.toFixed(3)} R ${p.recall.toFixed(3)} F1 ${p.f1.toFixed(3)} [${p.f1Ci.low.toFixed(3)}-${p.f1Ci.high.toFixed(3)}]  rate ${p.selectionRate.toFixed(3)}`,
    );
    console.log(`cascade (fake scorer, strategy nearest) on ${curve.pairs} pairs, human rate ${curve.humanRate.toFixed(3)}\n${lines.join('\n')}`);

    const calls = curve.points.map((p) => p.llmCalls);
    expect(calls[0]).toBe(0);
    expect(calls).toEqual([...calls].sort((a, b) => a - b));
    expect(curve.points.at(-1)!.llmCalls).toBe(2967);
    expect(curve.points.at(-1)!.f1).toBeCloseTo(0.488, 3); // all pairs judged: the zero-shot figure
    // the widest band was asked once per held-out pair; narrower bands reuse those answers
    expect(server.calls).toBe(2967);
    expect(judge.usage().paid.calls).toBe(2967);

    // the same cascade as a selector under `attune eval select` logic (band fitted per fold, on training pairs only)
    server.reset();
    const sel = new CascadeSelector(base, judge, { budget: 0.2 });
    const r = await evaluateSelector(ds, sel, { iterations: 100 });
    expect(r.protocol).toMatch(/^cv-5/);
    const share = sel.usage().judged / sel.usage().pairs;
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.28);
    expect(server.calls).toBe(0); // every judged pair is in the client's cache from the curve
    const point = curve.points.find((p) => p.budget === 0.2)!;
    expect(r.f1).toBeCloseTo(point.f1, 2);

    // strategy f1: bands placed where the judge helped most on training pairs (the judge sees every training pair)
    const f1Curve = await cascadeCurve(pairs, labels, base, judge, { budgets: [0.1, 0.2, 0.3], strategy: 'f1', folds: 5, iterations: 200 });
    expect(f1Curve.fitJudged).toBe(4 * 2967); // each pair is in 4 of 5 training sets
    expect(server.calls).toBe(0); // all cached
    console.log(
      `cascade (fake scorer, strategy f1)\n${f1Curve.points
        .map((p) => `budget ${p.budget.toFixed(2)}  llm calls ${p.llmCalls} (${(100 * p.share).toFixed(1)}%)  P ${p.precision.toFixed(3)} R ${p.recall.toFixed(3)} F1 ${p.f1.toFixed(3)}`)
        .join('\n')}`,
    );
    for (const p of f1Curve.points) expect(p.share).toBeLessThan(p.budget + 0.1);
  });
});
