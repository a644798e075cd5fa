import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAttune } from '../support/cli.js';
import { E2E } from '../support/tier.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-demo-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('attune demo', E2E, () => {
  it('shows the memory at work, then the evaluation in plain words, and writes a self-contained report', () => {
    const report = path.join(tmp, 'demo.html');
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('attune-demo-memory-'));
    const r = runAttune(tmp, 'demo', '--report', report);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [memory, evaluation] = r.out.split('PART 2:');
    // the memory: extraction with evidence, an update retiring a fact with its history
    expect(memory).toMatch(/remembered: .*"is vegetarian"/);
    expect(memory).toMatch(/is vegetarian {2}0\.\d\d <- "I'm vegetarian/);
    expect(memory).toMatch(/"lives in Bristol" \(replaces "lives in Manchester"\)/);
    expect(memory).toMatch(/\[retired\] lives in Manchester/);
    expect(memory).toMatch(/history: learned -> replaced by "lives in Bristol"/);
    // selection: the dinner prompt gets the diet, the factual prompt gets nothing
    expect(memory).toMatch(/"What should I cook for dinner tonight\?" -> [1-9] selected[\s\S]*?YES 0\.\d\d is vegetarian/);
    expect(memory).toMatch(/"What is the boiling point of water at sea level\?" -> nothing selected/);
    // both answers, labelled as a scripted local model
    expect(memory).toMatch(/scripted local test model/);
    expect(memory).toMatch(/with the selected facts: \(scripted\) .*written for someone who .*is vegetarian/);
    expect(memory).toMatch(/generic \(no facts\): +\(scripted\) A general answer/);
    // the temporary store is gone afterwards, and the user's store was not touched
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('attune-demo-memory-'))).toEqual(before);
    expect(fs.existsSync(path.join(tmp, '.attune', 'attune.sqlite'))).toBe(false);
    // the evaluation, in words; no internal references
    expect(evaluation).toMatch(/Illustrative data/);
    expect(evaluation).toMatch(/LLM judge's recorded yes\/no votes \(demo-llm\) +0\.34 +1\.00 +0\.51 +2\.96/);
    expect(r.out).not.toMatch(/Issue #|Paper:/);
    const html = fs.readFileSync(report, 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
  });
});
