import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCascade, type CascadeRunResult } from '../../src/eval/cascade.js';
import { loadDataset } from '../../src/data/index.js';
import { labelledPairs } from '../../src/stages/select/pairs.js';
import { makeSelector } from '../../src/eval/selectors.js';
import { classification } from '../../src/metrics/index.js';
import type { Dataset } from '../../src/model/index.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { REPLICATION } from '../support/tier.js';

// A reduced grid to keep the run short: 3 outer folds, the base's own nested CV 2x2 folds with one L2, 3 budgets.
describe.skipIf(!hasShared('recenter-pilot'))('cascade on recenter-pilot: trained LLM-free base + recorded gpt-5.4 votes as the judge', REPLICATION, () => {
  let ds: Dataset;
  let run: CascadeRunResult;
  const budgets = [0, 0.2, 1];

  beforeAll(async () => {
    ds = loadDataset(sharedPath('recenter-pilot'));
    run = await runCascade(ds, {
      base: 'offline', judges: ['votes:gpt-5.4'], budgets, folds: 3, baseFolds: 2, innerFolds: 2, l2Grid: [0.1], iterations: 100,
    });
  }, 600_000);

  it('fits the base once per fold, never on a prompt it scores', () => {
    const { pairs } = labelledPairs(ds);
    const prompts = [...new Set(pairs.map((p) => p.promptId))];
    expect(run.baseFits).toHaveLength(3);
    expect(run.baseFits.reduce((s, f) => s + f.trainPairs, 0)).toBe(2 * pairs.length);
    // Every prompt is missing from exactly one fold's training prompts: the fold that scores it.
    for (const p of prompts) expect(run.baseFits.filter((f) => !f.prompts.includes(p))).toHaveLength(1);
  });

  it('budget 0 is the base alone, 1 is the judge alone, and the judged share grows with the budget', async () => {
    const [c] = run.curves;
    expect(c!.pairs).toBe(2967);
    const [b0, b2, b1] = c!.points;
    expect(b0!.judged).toBe(0);
    expect(b0!.llmCalls).toBe(0);
    expect(b0!.f1).toBeGreaterThan(0.4); // the LLM-free target is 0.45 with the full grid; a reduced one still learns
    expect(b2!.share).toBeGreaterThan(0.1);
    expect(b2!.share).toBeLessThan(0.3);
    expect(b2!.llmCalls).toBe(b2!.judged); // one request per distinct (attribute, prompt)
    expect(b1!.judged).toBe(c!.pairs);
    const { pairs, labels } = labelledPairs(ds);
    const judge = await makeSelector('votes:gpt-5.4', ds);
    const votes = await judge.select(pairs);
    // votes are recorded for every pair of task5, so budget 1 reproduces the zero-shot judge exactly
    expect(votes.every((v) => !v.missing)).toBe(true);
    expect(b1!.f1).toBeCloseTo(classification(votes.map((v) => v.relevant), labels).f1, 10);
    for (const p of c!.points) {
      expect(p.f1Ci.low).toBeLessThanOrEqual(p.f1);
      expect(p.f1Ci.high).toBeGreaterThanOrEqual(p.f1);
    }
  });

  it('the CLI refuses a bad base or budget with a message', () => {
    const cli = (args: string[]): string => {
      try {
        execFileSync('npx', ['tsx', 'src/cli/main.ts', 'eval', 'cascade', '--data', sharedPath('recenter-pilot'), '--judge', 'votes:gpt-5.4', ...args], { stdio: 'pipe' });
        return '';
      } catch (e) {
        return String((e as { stderr: Buffer }).stderr);
      }
    };
    expect(cli(['--base', 'gpu'])).toMatch(/--base: must be offline or offline\+llm/);
    expect(cli(['--budgets', '0,1.5'])).toMatch(/--budgets: must be shares in \[0,1\]/);
  });
});
