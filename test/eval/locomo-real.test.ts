import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { EvalLocomoResult } from '../../src/eval/locomo.js';
import { attuneArgs } from '../support/cli.js';
import { hasShared, projectRoot, sharedPath } from '../support/shared.js';
import { E2E } from '../support/tier.js';

// `attune eval memory --data` on the first real LoCoMo conversation, as a user runs it (a process, the CLI's JSON).
describe.skipIf(!hasShared('locomo'))('attune eval memory --data on LoCoMo (needs ../shared/data/locomo; skipped without it)', E2E, () => {
  it('reports evidence coverage for every method on one conversation', () => {
    const run = spawnSync(process.execPath, attuneArgs('eval', 'memory', '--data', sharedPath('locomo'), '--limit', '1', '--json'), {
      cwd: projectRoot, encoding: 'utf8', env: process.env, timeout: 900_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/locomo questions: 199\/199/);
    const r = JSON.parse(run.stdout) as EvalLocomoResult;
    // conv-26: 19 sessions, 419 turns, 199 questions of which 47 adversarial (upstream counts).
    expect([r.conversations, r.sessions, r.turns, r.questions, r.adversarial]).toEqual([1, 19, 419, 199, 47]);
    expect(r.answerable).toBeGreaterThan(140);
    expect(r.attributes.extracted.active).toBeGreaterThan(20);
    expect(r.attributes.observations.active).toBeGreaterThan(100);
    for (const m of r.methods) {
      // More results cover at least as much, at both levels.
      expect(m.top['10']!.turn, m.id).toBeGreaterThanOrEqual(m.top['5']!.turn);
      expect(m.top['10']!.session, m.id).toBeGreaterThanOrEqual(m.top['5']!.session);
      expect(m.top['10']!.turn, m.id).toBeGreaterThan(0.05);
      expect(m.top['10']!.turn, m.id).toBeLessThanOrEqual(1);
    }
    const bm25 = r.methods.find((m) => m.id === 'bm25-turns')!;
    expect(bm25.selected).toBeUndefined();
    // Nothing covers more than every usable attribute does.
    for (const m of r.methods.filter((x) => x.id !== 'bm25-turns')) {
      const c = m.id.endsWith('observations') ? r.ceiling.observations : r.ceiling.extracted;
      expect(m.top['10']!.turn, m.id).toBeLessThanOrEqual(c.turn);
      expect(m.selected!.turn, m.id).toBeLessThanOrEqual(c.turn);
    }
    // BM25 sees every turn; a memory sees what was extracted from them.
    expect(bm25.top['10']!.turn).toBeGreaterThan(r.methods.find((m) => m.id === 'attune')!.top['10']!.turn);
  });
});
