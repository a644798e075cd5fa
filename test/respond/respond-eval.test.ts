import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import { defaultEmbedder } from '../../src/embed/default.js';
import { evaluateMentions } from '../../src/eval/mention.js';
import { MentionDetector } from '../../src/stages/respond/mention.js';
import { hasShared, projectRoot, sharedPath } from '../support/shared.js';
import { REPLICATION } from '../support/tier.js';
import { runAttune } from '../support/cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-respond-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const attune = (...args: string[]) => runAttune(tmp, ...args);

describe('attune eval respond on the illustrative ratings example', () => {
  const example = path.join(projectRoot, 'examples', 'ratings');

  it('prints the audit as JSON and writes a report with charts', () => {
    const report = path.join(tmp, 'respond.html');
    const r = attune('eval', 'respond', '--data', example, '--json', '--report', report);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { provenance: string; audit: { judges: { judge: string; generator: string; items: number; judgeMean: { estimate: number } }[]; humans: { generator: string; items: number; mean: { estimate: number } }[]; position: unknown[] } };
    expect(j.provenance).toBe('illustrative');
    const all = j.audit.humans.find((h) => h.generator === 'all')!;
    expect(all.items).toBe(6);
    // people: (11 + 8 + 13 + 8 + 11 + 13) / 18
    expect(all.mean.estimate).toBeCloseTo(64 / 18, 12);
    // judge-x, both orders averaged: (4.5 + 3 + 4 + 5 + 4.5 + 5) / 6
    expect(j.audit.judges.find((c) => c.judge === 'judge-x' && c.generator === 'all')!.judgeMean.estimate).toBeCloseTo(26 / 6, 12);
    expect(j.audit.position).toHaveLength(6);
    const html = fs.readFileSync(report, 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/Illustrative, self-written data/);
    expect(html).not.toMatch(/<script/i);
  });

  it('a ratings file that names no pair of the dataset is bad input; a bad line names file, line and field', () => {
    const other = path.join(tmp, 'other.jsonl');
    fs.writeFileSync(other, '{"rater":"p","pairId":"nope","attribute":"a","score":3}\n');
    const r = attune('eval', 'respond', '--data', example, '--ratings', other);
    expect(r.code).toBe(2); // the ratings file is the user's input: bad input (docs/errors.md)
    expect(r.err).toMatch(/none of the 1 ratings names a response pair/);
    const bad = path.join(tmp, 'bad.jsonl');
    fs.writeFileSync(bad, '{"rater":"p","pairId":"demo-a:u1_1","attribute":"a","score":3}\n{"rater":"p","pairId":"demo-a:u1_1","attribute":"a","score":6}\n');
    const b = attune('eval', 'respond', '--data', example, '--ratings', bad);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/bad\.jsonl:2: field "score"/);
  });
});

describe.skipIf(!hasShared('recenter-pilot'))('explicit mention on the recorded recenter-pilot responses', REPLICATION, () => {
  // Loaded lazily: a skipped suite's body still runs at collection, when the folder may be absent.
  let loaded: ReturnType<typeof loadDataset> | undefined;
  const data = () => (loaded ??= loadDataset(sharedPath('recenter-pilot')));

  it('checks every personalized response against its attributes and generic ones against the same sets', async () => {
    const res = await evaluateMentions(data().responses, new MentionDetector(), { iterations: 100 });
    expect(res.rows.map((r) => `${r.generator}/${r.mode}/${r.attributeSet}:${r.responses}/${r.attributes}`)).toEqual([
      'claude-sonnet-4-6/generic/human:115/552',
      'claude-sonnet-4-6/personalized_human/human:115/552',
      'claude-sonnet-4-6/generic/llm:124/433',
      'claude-sonnet-4-6/personalized_llm/llm:124/433',
      'gemma-4-31b-it/generic/llm:124/433',
      'gemma-4-31b-it/personalized_llm/llm:124/433',
      'gpt-5.4/generic/human:115/552',
      'gpt-5.4/personalized_human/human:115/552',
      'gpt-5.4/generic/llm:124/433',
      'gpt-5.4/personalized_llm/llm:124/433',
      'llama-3.3-70b/generic/llm:124/433',
      'llama-3.3-70b/personalized_llm/llm:124/433',
    ]);
    // Lexical alone never fires on a generic response here: whole key phrases addressed to the user.
    for (const r of res.rows.filter((x) => x.mode === 'generic')) expect(r.mentioned).toBe(0);
  });

  it('the README figures for llama-3.3-70b (lexical + USE-lite), from recorded responses only', async () => {
    const llama = data().responses.filter((r) => r.generator === 'llama-3.3-70b');
    const res = await evaluateMentions(llama, new MentionDetector(defaultEmbedder()));
    const rate = (mode: string) => res.rows.find((r) => r.mode === mode)!;
    expect(rate('personalized_llm').mentioned).toBe(179); // 0.413 of 433
    expect(rate('generic').mentioned).toBe(17); // 0.039 of 433
    expect(rate('personalized_llm').rate.low).toBeGreaterThan(rate('generic').rate.high);
  });
});
