import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import { defaultEmbedder } from '../../src/embed/default.js';
import { createLlmClient } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { startTestLlmServer, type TestLlmServer } from '../../src/llm/testing/server.js';
import type { AttributeJudgment } from '../../src/model/index.js';
import {
  crossValidateVerifier, handFeatures, HAND_FEATURES, labelledItems, LlmVerifier, parseVerifyModel, readVerifyModel,
  TrainedVerifier, trainVerifier, verifyItems, writeVerifyModel,
} from '../../src/stages/extract/verify/index.js';
import { tempDir } from '../support/tmp.js';
import { attuneArgs } from '../support/cli.js';
import { gramPca } from '../../src/learn/preprocess.js';
import { E2E } from '../support/tier.js';

const exampleDir = path.resolve(import.meta.dirname, '../../examples/verify');
const ds = loadDataset(exampleDir);
const embedder = defaultEmbedder();

describe('labels', () => {
  it('reads the illustrative set: 84 attributes of 21 users, each failure mode present', () => {
    expect(ds.provenance).toBe('illustrative');
    const { items, withoutAttribute } = labelledItems(ds);
    expect(items).toHaveLength(84);
    expect(withoutAttribute).toBe(0);
    expect(new Set(items.map((i) => i.userId)).size).toBe(21);
    const modes = new Set(items.map((i) => i.failureMode).filter(Boolean));
    expect([...modes].sort()).toEqual(['missing_evidence', 'not_standalone', 'overgeneralization', 'task_context_confusion']);
  });

  it('applies the label rule: mean verdict score <= 0.5 is problematic; the mode is the most frequent', () => {
    const attr = (text: string) => ({ text, evidence: [], members: [] });
    const j = (annotator: string, attribute: string, verdict: AttributeJudgment['verdict'], failureMode?: AttributeJudgment['failureMode']): AttributeJudgment => ({ annotator, userId: 'u', attribute, verdict, ...(failureMode ? { failureMode } : {}) });
    const { items, withoutAttribute } = labelledItems({
      conversations: [],
      profiles: [{ userId: 'u', attributes: [attr('A'), attr('B'), attr('C')] }],
      attributeJudgments: [
        j('1', 'A', 'makes_sense'), j('2', 'A', 'makes_sense'), j('3', 'A', 'maybe'), // 0.83: fine
        j('1', 'B', 'maybe', 'missing_evidence'), // 0.5: problematic
        j('1', 'C', 'doesnt_make_sense', 'not_standalone'), j('2', 'C', 'doesnt_make_sense', 'overgeneralization'), j('3', 'C', 'makes_sense'), // tie -> paper's order
        j('1', 'Z', 'makes_sense'), // no such attribute
      ],
    });
    expect(items.map((i) => [i.attribute.text, i.problematic, i.failureMode])).toEqual([['A', false, undefined], ['B', true, 'missing_evidence'], ['C', true, 'overgeneralization']]);
    expect(withoutAttribute).toBe(1);
  });

  it('computes hand-written features from the evidence turns', () => {
    const items = verifyItems(
      [{ userId: 'u', attributes: [{ text: 'The user likes the second one.', evidence: [{ conversationId: 'c', turnIndex: 0 }], members: [], confidence: 0.6 }] }],
      [{ id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: 'Write a story about a pirate, then translate it into French.' }] }],
    );
    const f = Object.fromEntries(HAND_FEATURES.map((n, i) => [n, handFeatures(items[0]!)[i]]));
    expect(f.deictic).toBeGreaterThan(0);
    expect(f.cue_fiction).toBeGreaterThan(0);
    expect(f.cue_translation).toBeGreaterThan(0);
    expect(f.request_only).toBe(1);
    expect(f.no_evidence).toBe(0);
    expect(f.confidence).toBe(0.6);
  });

  it('finds principal components through the Gram matrix', () => {
    // points along (1, 1, 0) with a little spread along (0, 0, 1)
    const rows = [-2, -1, 0, 1, 2].map((t, i) => [t, t, (i % 2) * 0.1]);
    const p = gramPca(rows, 2);
    expect(Math.abs(p.components[0]![0]!)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(Math.abs(p.components[0]![1]!)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(p.variance[0]!).toBeCloseTo(4, 6);
    expect(p.variance[1]!).toBeLessThan(0.01);
  });
});

describe('trained verifier (illustrative labels)', () => {
  it('beats the majority baselines in user-grouped CV, and no scored user is ever fitted on', async () => {
    const { items } = labelledItems(ds);
    const fits: number[][] = [];
    const cv = await crossValidateVerifier(items, { embedder, seed: 42, onFit: (idx) => fits.push([...idx]) });
    const r = cv.report;
    console.log(`verifier CV on the illustrative set: F1 ${r.f1.toFixed(3)} (flag-all ${r.baselines.flagAllF1.toFixed(3)}), accuracy ${r.accuracy.toFixed(3)} (majority ${r.baselines.majorityAccuracy.toFixed(3)}), mode accuracy ${r.modeAccuracy.toFixed(3)} (majority mode ${r.baselines.majorityModeAccuracy.toFixed(3)})`);
    expect(r.n).toBe(84);
    expect(r.f1).toBeGreaterThan(r.baselines.flagAllF1);
    expect(r.accuracy).toBeGreaterThan(r.baselines.majorityAccuracy);
    expect(r.modeAccuracy).toBeGreaterThan(r.baselines.majorityModeAccuracy);
    // grouped: each fold's test users are disjoint from its training users, and together cover everyone once
    expect(cv.folds).toHaveLength(5);
    for (const [f, fold] of cv.folds.entries()) {
      expect(fold.testUsers.filter((u) => fold.trainUsers.includes(u))).toEqual([]);
      const fitted = new Set(fits[f]!.map((i) => items[i]!.userId));
      expect(fold.testUsers.filter((u) => fitted.has(u))).toEqual([]);
    }
    expect(cv.folds.flatMap((f) => f.testUsers).sort()).toEqual([...new Set(items.map((i) => i.userId))].sort());
  });

  it('does not learn from user identity: labels shuffled across users leave it near chance', async () => {
    // Each user's attributes get another user's labels: any skill left would come from leakage.
    const { items } = labelledItems(ds);
    const users = [...new Set(items.map((i) => i.userId))];
    const shift = new Map(users.map((u, k) => [u, users[(k + 7) % users.length]!]));
    const labelsOf = new Map(users.map((u) => [u, items.filter((i) => i.userId === u).map((i) => i.problematic)]));
    const shuffled = items.map((it) => {
      const mine = items.filter((i) => i.userId === it.userId).indexOf(it);
      const other = labelsOf.get(shift.get(it.userId)!)!;
      return { ...it, problematic: other[mine % other.length]!, failureMode: undefined };
    });
    const r = (await crossValidateVerifier(shuffled, { embedder, seed: 42 })).report;
    const real = (await crossValidateVerifier(items, { embedder, seed: 42 })).report;
    expect(r.accuracy).toBeLessThan(real.accuracy - 0.15);
  });

  it('writes a versioned model file that scores like the in-memory model; bad files name the field', async () => {
    const { items } = labelledItems(ds);
    const { model } = await trainVerifier(items, { embedder, dataset: ds.name, provenance: ds.provenance, cv: false });
    expect(model.format).toBe('attune-verify-model');
    expect(model.version).toBe(1);
    expect(model.trainedOn).toMatchObject({ dataset: 'verify-example', provenance: 'illustrative', n: 84 });
    const dir = tempDir('attune-verify-');
    const file = path.join(dir, 'model.json');
    writeVerifyModel(file, model);
    const back = readVerifyModel(file);
    const a = await new TrainedVerifier(model, embedder).verify(items);
    const b = await new TrainedVerifier(back, embedder).verify(items);
    expect(b).toEqual(a);
    const flaggedShare = a.filter((v) => v.flagged).length / a.length;
    expect(flaggedShare).toBeGreaterThan(0.3);
    for (const v of a) {
      expect(v.flagged).toBe(v.verdict !== 'makes_sense');
      expect(v.flagged ? v.failureMode !== undefined : v.failureMode === undefined).toBe(true);
    }
    const bad = JSON.parse(fs.readFileSync(file, 'utf8')) as { flag: { coef: number[] } };
    bad.flag.coef.pop();
    expect(() => parseVerifyModel(bad, 'm.json')).toThrow(/m\.json: field "flag\.coef": expected \d+ coefficients/);
    expect(() => parseVerifyModel({ ...model, format: 'attune-select-model' }, 'm.json')).toThrow(/field "format"/);
    expect(() => new TrainedVerifier(model, { ...embedder, id: 'other', dim: 512, embed: (t: string[]) => embedder.embed(t) })).toThrow(/embedder/);
  });
});

describe('LlmVerifier over real HTTP', () => {
  let server: TestLlmServer | undefined;
  afterEach(async () => server?.close());

  it('asks for a verdict, failure mode and reason per attribute and maps them to flags', async () => {
    server = await startTestLlmServer({
      script: (r) => {
        const text = r.lastUserText;
        if (text.includes('learning French')) return { json: { verdict: 'doesnt_make_sense', failureMode: 'overgeneralization', reason: 'one translation request' } };
        if (text.includes('second')) return { json: { verdict: 'maybe', failureMode: null, reason: 'unclear without context' } };
        return { json: { verdict: 'makes_sense', failureMode: null, reason: 'stated' } };
      },
    });
    const llm = createLlmClient({ model: 'local/judge', config: loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } }) });
    const items = verifyItems(
      [{ userId: 'u', attributes: ['The user is learning French.', 'The user likes the second option.', 'The user is a nurse.'].map((text) => ({ text, reason: 'r', evidence: [{ conversationId: 'c', turnIndex: 0 }], members: [] })) }],
      [{ id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: "Translate 'hello' into French. I'm a nurse." }] }],
    );
    const v = await new LlmVerifier(llm).verify(items);
    expect(v.map((x) => [x.flagged, x.verdict, x.failureMode])).toEqual([
      [true, 'doesnt_make_sense', 'overgeneralization'],
      [true, 'maybe', 'other'],
      [false, 'makes_sense', undefined],
    ]);
    expect(server.calls).toBe(3);
    const body = server.requests[0]!.body;
    expect(body.response_format?.type).toBe('json_schema');
    expect(String(body.messages[1]!.content)).toMatch(/evidence turns: 0/);
    expect(String(body.messages[0]!.content)).toMatch(/task_context_confusion/);
  });
});

describe('attune train verify / attune verify (CLI)', E2E, () => {
  it('trains on the illustrative labels, says they are illustrative, and writes one verdict per attribute', () => {
    const dir = tempDir('attune-verify-cli-');
    const cli = (...args: string[]) => spawnSync(process.execPath, attuneArgs(...args), { encoding: 'utf8' });
    const model = path.join(dir, 'model.json');
    const t = cli('train', 'verify', '--labels', path.join(exampleDir, 'attribute_judgments.jsonl'), '--out', model, '--json');
    expect(t.status, t.stderr).toBe(0);
    const rep = JSON.parse(t.stdout) as { f1: number; n: number; provenance: string; note: string; baselines: { flagAllF1: number } };
    expect(rep).toMatchObject({ n: 84, provenance: 'illustrative' });
    expect(rep.note).toMatch(/ILLUSTRATIVE/);
    expect(rep.f1).toBeGreaterThan(rep.baselines.flagAllF1);
    const out = path.join(dir, 'verdicts.jsonl');
    const v = cli('verify', '--data', exampleDir, '--profiles', path.join(exampleDir, 'profiles.jsonl'), '--model', model, '--out', out, '--json');
    expect(v.status, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ n: 84 });
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { flagged: boolean; verdict: string });
    expect(lines).toHaveLength(84);
    const bad = cli('verify', '--data', exampleDir, '--profiles', path.join(exampleDir, 'profiles.jsonl'), '--model', path.join(dir, 'missing.json'), '--out', out);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/missing\.json: cannot read model file/);
  }, 60_000);
});
