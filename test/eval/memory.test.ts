import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalMemory, memoryEvalTable } from '../../src/eval/memory.js';
import { parseScenarios, readScenarios, ScenarioFileError, type Scenario } from '../../src/eval/memory-scenarios.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { projectRoot } from '../support/shared.js';
import { tempDir } from '../support/tmp.js';
import { E2E } from '../support/tier.js';

const SUITE = path.join(projectRoot, 'examples', 'scenarios', 'memory.jsonl');

function errorOf(f: () => unknown): ScenarioFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioFileError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioFileError');
}

const user = (content: string) => [{ role: 'user' as const, content }];

describe('scenario files', () => {
  it('names the file, the line and the field of bad input', () => {
    const good = JSON.stringify({ id: 'a', conversations: [user('I live in Oslo.')], checks: [{ kind: 'remembers', match: 'oslo' }] });
    const e1 = errorOf(() => parseScenarios(`${good}\n{"id": "b", "conversations": [[{"role":"user","content":"hi"}]], "checks": [{"kind":"selects","match":"x"}]}`, 'my.jsonl'));
    expect([e1.file, e1.line, e1.path]).toEqual(['my.jsonl', 2, 'checks.0.prompt']);
    expect(e1.code).toBe('invalid_argument');
    const e2 = errorOf(() => parseScenarios(`// comment\n\n${good}\n{not json`, 'my.jsonl'));
    expect([e2.line, e2.path]).toEqual([4, '']);
    expect(e2.message).toMatch(/my\.jsonl:4.*not JSON/);
    const e3 = errorOf(() => parseScenarios(`${good}\n${good}`, 'my.jsonl'));
    expect([e3.line, e3.path]).toEqual([2, 'id']);
    const e4 = errorOf(() => parseScenarios(JSON.stringify({ id: 'c', conversations: [user('x')], checks: [{ kind: 'remembers', regex: '(' }] }), 'f'));
    expect(e4.path).toBe('checks.0.regex');
    const e5 = errorOf(() => parseScenarios(JSON.stringify({ id: 'c', conversations: [user('x')], checks: [{ kind: 'remembers', match: 'a', regex: 'b' }] }), 'f'));
    expect(e5.path).toBe('checks.0.match');
  });

  it('the shipped suite parses: at least 40 users, every kind of check, labelled as self-written', () => {
    const s = readScenarios(SUITE);
    expect(s.length).toBeGreaterThanOrEqual(40);
    const kinds = new Set(s.flatMap((x) => x.checks.map((c) => c.kind)));
    expect([...kinds].sort()).toEqual(['not_remembers', 'not_selects', 'remembers', 'selects', 'selects_nothing', 'sensitive']);
    expect(fs.readFileSync(SUITE, 'utf8').split('\n')[0]).toMatch(/self-written/i);
  });
});

describe('evalMemory', () => {
  it('scores each kind of check and lists failures with what was found', async () => {
    const scenarios: Scenario[] = [
      {
        id: 'mover',
        conversations: [user('I live in Porto.'), user('I moved to Lyon last month, I live in Lyon now.')],
        checks: [
          { kind: 'remembers', match: 'lyon' },
          { kind: 'not_remembers', regex: 'lives in porto' },
          { kind: 'remembers', match: 'saxophone', note: 'never said: must fail' },
          { kind: 'selects_nothing', prompt: 'What is 15% of 240?' },
        ],
      },
      { id: 'diabetic', conversations: [user("I'm diabetic.")], checks: [{ kind: 'sensitive', match: 'diabetic', category: 'health' }] },
    ];
    const dir = tempDir('attune-eval-memory-');
    const r = await evalMemory({ scenarios, attune: { store: path.join(dir, 'm.sqlite'), embedder: bowEmbedder, selector: { name: 'none', select: async (p) => p.map(() => ({ relevant: false, score: 0 })) } } });
    expect(r.byKind.remembers).toEqual({ checks: 2, passed: 1, rate: 0.5 });
    expect(r.byKind.not_remembers).toEqual({ checks: 1, passed: 1, rate: 1 });
    expect(r.byKind.selects_nothing).toEqual({ checks: 1, passed: 1, rate: 1 });
    expect(r.byKind.sensitive).toEqual({ checks: 1, passed: 1, rate: 1 });
    expect(r.overall).toEqual({ checks: 5, passed: 4, rate: 0.8 });
    expect(r.judgement).toEqual({ checks: 1, passed: 0, rate: 0 });
    expect(r.failures).toEqual([expect.objectContaining({ scenario: 'mover', check: 2, kind: 'remembers', found: expect.stringMatching(/lyon/i), note: 'never said: must fail' })]);
    expect(memoryEvalTable(r)).toMatch(/overall\s+80\.0%\s+4 \/ 5/);
  });
});

/**
 * Measured with the defaults (offline extractor, default selector) at 118/119; raise it when they improve. The
 * suite was also used to find what the extractor and selector missed, so its figure is optimistic: the held-out
 * sets in test/extract/heldout2.ts and test/select/fixtures/heldout are the fairer measures.
 */
const FLOOR = { overall: 0.95, not_remembers: 1, sensitive: 1, not_selects: 1, selects_nothing: 1 };

describe("the shipped suite through createAttune's defaults", E2E, () => {
  it('passes at least the measured floor', { timeout: 600_000 }, async () => {
    const dir = tempDir('attune-eval-suite-');
    const r = await evalMemory({ scenarios: readScenarios(SUITE), attune: { store: path.join(dir, 'suite.sqlite') } });
    expect(r.scenarios).toBeGreaterThanOrEqual(40);
    expect(r.overall.rate).toBeGreaterThanOrEqual(FLOOR.overall);
    expect(r.byKind.not_remembers!.rate).toBeGreaterThanOrEqual(FLOOR.not_remembers);
    expect(r.byKind.sensitive!.rate).toBeGreaterThanOrEqual(FLOOR.sensitive);
    expect(r.byKind.not_selects!.rate).toBeGreaterThanOrEqual(FLOOR.not_selects);
    expect(r.byKind.selects_nothing!.rate).toBeGreaterThanOrEqual(FLOOR.selects_nothing);
  });
});
