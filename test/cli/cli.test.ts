import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasShared, projectRoot, sharedPath } from '../support/shared.js';
import { runAttune } from '../support/cli.js';
import { E2E } from '../support/tier.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { loadDataset } from '../../src/data/index.js';
import { trainSelector } from '../../src/stages/select/trained/train.js';
import { writeModelFile } from '../../src/learn/model-file.js';
import { openStore } from '../../src/store/open.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const attune = (...args: string[]) => runAttune(tmp, ...args);

describe('attune CLI', E2E, () => {
  it('names file, line and field for bad input, and exits 2', () => {
    const bad = path.join(tmp, 'bad');
    fs.cpSync(path.join(projectRoot, 'examples', 'demo'), bad, { recursive: true });
    const lines = fs.readFileSync(path.join(bad, 'labels.jsonl'), 'utf8').split('\n');
    lines[6] = lines[6]!.replace('"relevant":false', '"relevant":"nope"').replace('"relevant":true', '"relevant":"nope"');
    fs.writeFileSync(path.join(bad, 'labels.jsonl'), lines.join('\n'));
    const r = attune('eval', 'select', '--data', bad, '--selector', 'votes:demo-llm');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/labels\.jsonl:7.*relevant/);
  });

  it('explains an unknown directory layout', () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    const r = attune('eval', 'agreement', '--data', empty);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no known dataset layout.*--format/);
  });

  it('records a run in a store and prints its id, which studio --from-run takes', async () => {
    const store = path.join(tmp, 'runs.sqlite');
    const r = attune('eval', 'select', '--data', path.join(projectRoot, 'examples', 'demo'), '--selector', 'votes:demo-llm', '--store', store, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).selector).toBe('votes:demo-llm');
    const id = /votes:demo-llm: recorded run (\S+) in .*attune studio --from-run \1 /.exec(r.err)?.[1];
    expect(id).toBeDefined();
    const s = await openStore(store);
    try {
      expect((await s.getRun(id!))?.system).toBe('votes:demo-llm');
    } finally {
      await s.close();
    }
  });

  it('lists model:<file> among the selectors in eval select --help', () => {
    const r = attune('eval', 'select', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/model:<file>/);
  });

  it('names the flag and the value for a bad --folds', () => {
    const r = attune('eval', 'select', '--data', path.join(projectRoot, 'examples', 'demo'), '--selector', 'bm25', '--folds', 'abc');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/--folds: must be an integer >= 2, got "abc"/);
    expect(r.err).not.toMatch(/groupKFold/);
  });

  it('eval gap prints synthetic and human figures side by side, votes n/a on the synthetic side', () => {
    const pe = path.join(tmp, 'prefeval', 'explicit_preference');
    fs.mkdirSync(pe, { recursive: true });
    const topics = ['travel', 'food', 'music', 'pets', 'books'];
    for (const [t, topic] of topics.entries()) {
      const recs = [0, 1].map((i) => ({ preference: `I like ${topic} kind ${i}.`, question: `A question about ${topic} number ${i + t}?` }));
      fs.writeFileSync(path.join(pe, `${topic}.json`), JSON.stringify(recs));
    }
    const r = attune('eval', 'gap', '--synthetic', path.join(tmp, 'prefeval'), '--data', path.join(projectRoot, 'examples', 'demo'), '--selector', 'bm25,votes:demo-llm', '--folds', '2', '--distractors', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/10 PrefEval questions, .* 40 pairs, YES rate 0\.250/);
    expect(r.out).toMatch(/bm25\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\[/);
    expect(r.out).toMatch(/votes:demo-llm\s+n\/a\s+-\s+-\s+-\s+-\s+0\.338\s+1\.000\s+0\.505/);
    const bad = attune('eval', 'gap', '--synthetic', path.join(tmp, 'prefeval'), '--data', path.join(projectRoot, 'examples', 'demo'), '--distractors', '0');
    expect(bad.err).toMatch(/--distractors: must be an integer >= 1, got "0"/);
  });

  it('reports a model trained on the data and still scores the other selectors', async () => {
    const demo = path.join(projectRoot, 'examples', 'demo');
    const trained = await trainSelector(loadDataset(demo), { embedder: bowEmbedder, outerFolds: 2, innerFolds: 2, l2Grid: [0.1], iterations: 20, seed: 1 });
    const file = path.join(tmp, 'demo-model.json');
    writeModelFile(file, trained.model!);
    const r = attune('eval', 'select', '--data', demo, '--selector', `model:${file},votes:demo-llm`);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/votes:demo-llm\s+120\s+0\.338/);
    expect(r.out).toMatch(/not scored: model:.*demo-model\.json: .*was trained on this data/);
    const j = attune('eval', 'select', '--data', demo, '--selector', `model:${file},votes:demo-llm`, '--json');
    const rows = JSON.parse(j.out) as { selector: string; f1?: number; notScored?: string }[];
    expect(rows.map((x) => [x.selector, x.f1 !== undefined, x.notScored !== undefined])).toEqual([['votes:demo-llm', true, false], [`model:${file}`, false, true]]);
  });
});

describe.skipIf(!hasShared('recenter-pilot'))('attune eval on recenter-pilot', E2E, () => {
  const pilot = sharedPath('recenter-pilot');

  it("reproduces the paper's zero-shot vote figures", () => {
    const r = attune('eval', 'select', '--data', pilot, '--selector', 'votes:gpt-5.4,votes:google_gemma-4-31b-it', '--json');
    expect(r.code).toBe(0);
    type Row = { n: number; precision: number; recall: number; f1: number; selectionRate: number; humanRate: number; f1Ci: { low: number; high: number } };
    const [gpt, gemma] = JSON.parse(r.out) as [Row, Row];
    expect(gpt.n).toBe(2967);
    expect(gpt.precision).toBeCloseTo(0.346, 3);
    expect(gpt.recall).toBeCloseTo(0.828, 3);
    expect(gpt.f1).toBeCloseTo(0.488, 3);
    expect(gemma.f1).toBeCloseTo(0.522, 3);
    expect(gpt.humanRate).toBeCloseTo(0.186, 3);
    // over-selection: LLM YES rate about 2-3x the human rate
    expect(gpt.selectionRate / gpt.humanRate).toBeGreaterThan(2);
    expect(gemma.selectionRate / gemma.humanRate).toBeLessThan(3);
    for (const key of ['selector', 'n', 'precision', 'recall', 'f1', 'accuracy', 'kappa', 'selectionRate', 'humanRate', 'f1Ci']) {
      expect(gpt).toHaveProperty(key);
    }
    expect(gpt.f1Ci.low).toBeLessThan(0.488);
    expect(gpt.f1Ci.high).toBeGreaterThan(0.488);
  });

  it('reports pilot agreement from the per-annotator files', () => {
    const r = attune('eval', 'agreement', '--data', pilot, '--json');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { rounds: { round: string; humans?: { pairwiseKappa: number; annotators: string[] }; systemHumanKappa: number }[] };
    const pilotRound = rep.rounds.find((x) => x.round === 'pilot')!;
    expect(pilotRound.humans!.annotators).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    // The paper reports 0.426 over its full study; the pilot subset should land near it.
    expect(pilotRound.humans!.pairwiseKappa).toBeGreaterThan(0.3);
    expect(pilotRound.humans!.pairwiseKappa).toBeLessThan(0.55);
    expect(pilotRound.systemHumanKappa).toBeGreaterThan(0.15);
    expect(pilotRound.systemHumanKappa).toBeLessThan(pilotRound.humans!.pairwiseKappa);
  });
});
