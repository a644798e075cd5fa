import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairKey, type Dataset, type Prediction, type RelevanceLabel } from '../../src/model/index.js';
import { DataError } from '../../src/data/errors.js';
import {
  CHECKLIST_SYSTEM,
  loadRecenterPilot,
  recenterPilotAdapter,
  type RecenterPilotReport,
} from '../../src/data/recenter-pilot.js';
import { hasShared, sharedPath } from '../support/shared.js';

/** Confusion of one system's votes against the labels of the same round, over labelled pairs with a vote. */
function confusion(ds: Dataset, system: string, round: string) {
  const votes = new Map<string, Prediction>();
  for (const p of ds.predictions) if (p.system === system && p.round === round) votes.set(pairKey(p), p);
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const l of ds.labels) {
    if (l.round !== round) continue;
    const v = votes.get(pairKey(l));
    if (!v) continue;
    if (v.relevant && l.relevant) tp++;
    else if (v.relevant) fp++;
    else if (l.relevant) fn++;
    else tn++;
  }
  const p = tp / (tp + fp);
  const r = tp / (tp + fn);
  return { n: tp + fp + fn + tn, tp, fp, fn, tn, p, r, f1: (2 * p * r) / (p + r) };
}

function countBy<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-recenter-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function write(dir: string, rel: string, lines: (object | string)[]): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
}

function errorOf(dir: string): DataError {
  try {
    recenterPilotAdapter.load(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected the load to fail');
}

// ------------------------------------------------------------------------------------------------------
// Small synthetic folders: no shared data needed.

const U1 = 'u1aaaa';
const U2 = 'u2bbbb';
const attr = (text: string, extra: object = {}) => ({
  attribute: text, reason: `because ${text}`, confidence: 0.8,
  original_attributes: [text, `${text} (variant)`], original_reasons: ['r1', 'r2'], original_confidences: [0.5, 1.0], ...extra,
});
const task5Row = (user: string, prompt: number, item: number) => ({
  prompt_index: prompt, user_id: user, prompt_text: `prompt ${prompt}`, item_index: item,
  profile_attributes: [attr('The user likes cats.'), attr('The user is a nurse.'), attr('The user writes in French.')],
  items: [{ attribute: 'The user is a nurse.', expected_behavior: 'use clinical examples', relevance: 0.6 }],
});
const vote = (user: string, prompt: number, sample: number, relevant: unknown[] = [true, 'False', 'True']) => ({
  model: 'gpt-5.4', sample_index: sample, prompt_index: prompt, user_id: user,
  items: ['The user likes cats.', 'The user is a nurse.', 'The user writes in French.'].map((a, i) => ({
    attribute: a, relevant: relevant[i], raw_answer: relevant[i] === true || relevant[i] === 'True' ? 'YES' : 'NO', full_output: `thinking...\nAnswer: ${String(relevant[i])}`,
  })),
});

function syntheticFolder(): string {
  const dir = tmpDir();
  write(dir, 'extracted/task5_items.jsonl', [task5Row(U1, 3, 0), task5Row(U1, 7, 1), task5Row(U2, 3, 2)]);
  write(dir, 'relevance_labels.jsonl', [
    { user_id: U1, prompt_index: 3, attribute: 'The user is a nurse.', human_relevant: true },
    { user_id: U1, prompt_index: 3, attribute: 'The user likes cats.', human_relevant: false },
  ]);
  write(dir, 'relevance_task5/gpt-5.4.jsonl', [vote(U1, 3, 0), vote(U2, 3, 2)]);
  // A vote record without user_id/prompt_index: joined through item_index.
  write(dir, 'relevance_task5/google_gemma-4-31b-it.jsonl', [{ ...vote(U1, 7, 1), user_id: undefined, prompt_index: undefined }]);
  const gen = (mode: string, model: string) => ({
    user_id: U1, prompt_id: `${U1}_3`, prompt_text: 'prompt 3', mode, model, response: `${mode} answer`,
    profile_attributes: [{ attribute: 'The user is a nurse.', ground_truth: true }, { attribute: 'The user likes cats.', ground_truth: false }],
    items: [{ attribute: 'The user likes cats.' }],
  });
  write(dir, 'task6_generations/eval_results_task5_gt_attributes_llama-3.3-70b.jsonl', [gen('gt_attributes', 'meta-llama/Llama-3.3-70B-Instruct')]);
  write(dir, 'task6_generations/eval_results_task5_attributes_llama-3.3-70b.jsonl', [gen('attributes', 'meta-llama/Llama-3.3-70B-Instruct')]);
  write(dir, 'task6_generations/eval_results_task5_no_context_claude-x.jsonl', [{ ...gen('no_context', 'arn:aws:bedrock:x'), mode: undefined }]);
  write(dir, 'extracted/task6_items.jsonl', [{
    model_tag: 'gpt-5.4', user_id: U1, prompt_id: `${U1}_3`, prompt_text: 'prompt 3', item_index: 0,
    attributes: [{ attribute: 'The user is a nurse.', is_relevant: true }], response_no_context: 'g', response_personalized: 'p',
  }]);
  // task4 with Python-repr strings where JSON would have lists and dicts.
  write(dir, 'extracted/task4_items.jsonl', [
    {
      user_id: 'persona7', source: 'prefeval', item_index: 0,
      merged_attributes: "[{'attribute': 'The user\\'s dog is called \"Rex\".', 'reason': 'Says so:\\n\"my dog Rex\"', 'confidence': 0.9, 'original_attributes': ['The user has a dog.'], 'original_reasons': ['mentions a dog'], 'original_confidences': [0.7000000000000001]}]",
      conversations: [
        { hashed_ip: 'persona7', conversation_hash: 'persona7_0', conversation: "[{'role': 'user', 'content': 'Caf\\xe9 \\u2014 ok?'}, {'role': 'assistant', 'content': None}]" },
        { hashed_ip: 'persona7', conversation_hash: 'persona7_0', conversation: [{ role: 'narrator', content: 'dup hash' }] },
      ],
      prompt_index: null, prompt_text: null, items: null,
    },
    { user_id: U1, source: 'wildchat', item_index: 1, merged_attributes: [attr('The user likes cats.'), attr('The user rides horses.')], conversations: '[]', prompt_index: 7, prompt_text: 'prompt 7' },
  ]);
  write(dir, 'task3_relevance_clf.jsonl', [
    { prompt_index: 3, sample_index: 0, attribute: 'The user likes cats.', prompt_text: 'prompt 3', label: 1, split: 'train', n_annotators: 3, human_yes_rate: 0.6666666666666666 },
    { prompt_index: 9, sample_index: 5, attribute: 'Orphan attribute.', prompt_text: 'prompt 9', label: 0, split: 'test', n_annotators: 4, human_yes_rate: 0.25 },
  ]);
  write(dir, 'relevance_task3/gpt-5.4.jsonl', [{ model: 'gpt-5.4', sample_index: 0, user_id: 'pilotU', items: [{ attribute: 'The user likes cats.', relevant: 'True', raw_answer: 'YES' }] }]);
  write(dir, 'annotations_v0/annotator-Q_task3.jsonl', [
    { task: '3', index: 0, user_id: 'pilotU', prompt_index: 3, relevance_judgments: [{ attribute: 'The user likes cats.', relevant: true }], note: '', annotator: 'annotator-Q', timestamp: 't' },
  ]);
  write(dir, 'annotations_v0/annotator-Q_task2.jsonl', [
    { task: '2', index: 0, user_id: 'pilotU', prompt_index: 3, annotator: 'annotator-Q', relevance_judgments: [{ attribute: 'The user likes cats.', was_relevant: true, default_rating: 'none', rating: 'optional', is_relevant: false, changed: true, expected_behavior: '', relevance_score: null }] },
  ]);
  write(dir, 'annotations_v0/README.txt', ['not a data file']);
  return dir;
}

describe('recenter-pilot adapter on a synthetic folder', () => {
  let ds: Dataset;
  let report: RecenterPilotReport;
  let dir: string;
  beforeAll(() => {
    dir = syntheticFolder();
    ({ dataset: ds, report } = loadRecenterPilot(dir));
  });

  it('detects the layout by any of its files, and nothing else', () => {
    expect(recenterPilotAdapter.detect(dir)).toBe(true);
    const only = tmpDir();
    write(only, 'annotations_v0/annotator-Z_task3.jsonl', []);
    expect(recenterPilotAdapter.detect(only)).toBe(true);
    const other = tmpDir();
    write(other, 'movie_dataset_train.json', ['[]']);
    expect(recenterPilotAdapter.detect(other)).toBe(false);
    expect(() => recenterPilotAdapter.load(other)).toThrow(DataError);
  });

  it('lists the files it read, relative to the folder', () => {
    expect(ds.format).toBe('recenter-pilot');
    expect(ds.provenance).toBe('mixed');
    expect(ds.files).toContain('relevance_task5/gpt-5.4.jsonl');
    expect(ds.files).toContain('annotations_v0/annotator-Q_task2.jsonl');
    expect(ds.files).not.toContain('annotations_v0/README.txt');
  });

  it('keeps one profile per user, members zipped from original_*', () => {
    expect(ds.profiles.map((p) => p.userId)).toEqual([U1, U2, 'persona7']);
    const u1 = ds.profiles[0]!;
    // three task5 attributes, then the one task4 attribute not already there
    expect(u1.attributes.map((a) => [a.text, a.source])).toEqual([
      ['The user likes cats.', 'task5'], ['The user is a nurse.', 'task5'], ['The user writes in French.', 'task5'], ['The user rides horses.', 'task4:wildchat'],
    ]);
    expect(u1.attributes[0]!.members).toEqual([
      { text: 'The user likes cats.', reason: 'r1', confidence: 0.5 },
      { text: 'The user likes cats. (variant)', reason: 'r2', confidence: 1 },
    ]);
    expect(report.task4Users).toEqual(['persona7', U1]);
  });

  it('parses Python-repr fields of task4 into attributes and conversations', () => {
    expect(report.pythonReprFields).toBe(3);
    const p = ds.profiles.find((x) => x.userId === 'persona7')!;
    expect(p.attributes).toEqual([{
      text: 'The user\'s dog is called "Rex".', reason: 'Says so:\n"my dog Rex"', confidence: 0.9, evidence: [], source: 'task4:prefeval',
      members: [{ text: 'The user has a dog.', reason: 'mentions a dog', confidence: 0.7000000000000001 }],
    }]);
    expect(ds.conversations.map((c) => c.id)).toEqual(['task4:persona7_0', 'task4:persona7_0#2']);
    expect(ds.conversations[0]!.turns).toEqual([
      { index: 0, role: 'user', text: 'Café — ok?' },
      { index: 1, role: 'assistant', text: '' },
    ]);
    expect(ds.conversations[1]!.turns[0]).toEqual({ index: 0, role: 'other', speaker: 'narrator', text: 'dup hash' });
    expect(ds.conversations[0]!.source).toBe('task4:prefeval');
  });

  it('maps prompts, labels, votes (string booleans too) and the checklist', () => {
    expect(ds.prompts.map((p) => p.id).sort()).toEqual(['3', '7', '9']);
    expect(ds.labels.filter((l) => l.round === 'task5')).toHaveLength(2);
    const gpt = ds.predictions.filter((p) => p.system === 'votes:gpt-5.4' && p.round === 'task5');
    expect(gpt.map((p) => p.relevant)).toEqual([true, false, true, true, false, true]);
    expect(gpt[0]).toMatchObject({ userId: U1, promptId: '3', rawAnswer: 'YES', output: 'thinking...\nAnswer: true' });
    const gemma = ds.predictions.filter((p) => p.system === 'votes:google_gemma-4-31b-it');
    expect(gemma.map((p) => [p.userId, p.promptId])).toEqual([[U1, '7'], [U1, '7'], [U1, '7']]);
    const checklist = ds.predictions.filter((p) => p.system === CHECKLIST_SYSTEM && p.userId === U1 && p.promptId === '3');
    expect(checklist.map((p) => [p.attribute, p.relevant, p.score])).toEqual([
      ['The user likes cats.', false, 0], ['The user is a nurse.', true, 0.6], ['The user writes in French.', false, 0],
    ]);
    expect(checklist[1]!.output).toBe('use clinical examples');
  });

  it('maps generations by the record mode and the file name tag', () => {
    const byMode = Object.fromEntries(ds.responses.map((r) => [r.mode, r]));
    expect(byMode.personalized_human).toMatchObject({ generator: 'llama-3.3-70b', promptId: '3', attributes: ['The user is a nurse.'] });
    expect(byMode.personalized_llm).toMatchObject({ generator: 'llama-3.3-70b', attributes: ['The user likes cats.'] });
    expect(byMode.generic).toMatchObject({ generator: 'claude-x', attributes: [], text: 'no_context answer' });
    expect(ds.responsePairs).toEqual([{
      id: `gpt-5.4:${U1}_3`, userId: U1, promptId: '3', generator: 'gpt-5.4', generic: 'g', personalized: 'p',
      attributes: [{ text: 'The user is a nurse.', relevant: true }],
    }]);
  });

  it('joins pilot samples to users, and marks the ones it cannot', () => {
    const pilot = ds.labels.filter((l) => l.round === 'pilot');
    expect(pilot).toEqual([
      { userId: 'pilotU', promptId: '3', attribute: 'The user likes cats.', relevant: true, yesRate: 0.6666666666666666, nAnnotators: 3, split: 'train', round: 'pilot' },
      { userId: 'sample:5', promptId: '9', attribute: 'Orphan attribute.', relevant: false, yesRate: 0.25, nAnnotators: 4, split: 'test', round: 'pilot' },
    ]);
    expect(report.unresolvedSamples).toEqual([5]);
    // the vote file lacks prompt_index: joined by sample_index
    expect(ds.predictions.filter((p) => p.round === 'pilot')).toEqual([
      { userId: 'pilotU', promptId: '3', attribute: 'The user likes cats.', system: 'votes:gpt-5.4', relevant: true, rawAnswer: 'YES', output: undefined, round: 'pilot' },
    ]);
    expect(ds.annotations).toEqual([
      { userId: 'pilotU', promptId: '3', annotator: 'Q', attribute: 'The user likes cats.', relevant: false, grade: 'optional', round: 'pilot-graded' },
      { userId: 'pilotU', promptId: '3', annotator: 'Q', attribute: 'The user likes cats.', relevant: true, round: 'pilot' },
    ]);
    expect(report.crossRoundCollisions).toEqual([]);
  });

  it('reports a (user, prompt, attribute) present in both rounds', () => {
    const d = tmpDir();
    write(d, 'relevance_labels.jsonl', [{ user_id: U1, prompt_index: 3, attribute: 'A.', human_relevant: true }]);
    write(d, 'annotations_v0/annotator-Q_task3.jsonl', [{ index: 0, user_id: U1, prompt_index: 3, relevance_judgments: [{ attribute: 'A.', relevant: false }] }]);
    expect(loadRecenterPilot(d).report.crossRoundCollisions).toEqual([{ userId: U1, promptId: '3', attribute: 'A.' }]);
  });
});

describe('recenter-pilot adapter on broken input', () => {
  it('a bad JSON line names the file and line', () => {
    const d = tmpDir();
    write(d, 'relevance_labels.jsonl', [{ user_id: U1, prompt_index: 3, attribute: 'A.', human_relevant: true }, '{"user_id": "u", "prompt_index": 3,']);
    const e = errorOf(d);
    expect(e.file).toBe('relevance_labels.jsonl');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/^relevance_labels\.jsonl:2: not valid JSON/);
  });

  it('"relevant": "maybe" names the file, line and item field', () => {
    const d = tmpDir();
    write(d, 'relevance_task5/gpt-5.4.jsonl', [vote(U1, 3, 0), vote(U2, 3, 2, [true, false, 'maybe'])]);
    const e = errorOf(d);
    expect(e.message).toMatch(/^relevance_task5\/gpt-5\.4\.jsonl:2: field "items\.2\.relevant": expected a boolean \(or "True"\/"False"\), got "maybe"/);
  });

  it('a missing attribute field names the nested path', () => {
    const d = tmpDir();
    const row = task5Row(U1, 3, 0);
    const { attribute: _dropped, ...noText } = row.profile_attributes[1]!;
    write(d, 'extracted/task5_items.jsonl', [task5Row(U2, 3, 1), { ...row, profile_attributes: [row.profile_attributes[0], noText] }]);
    const e = errorOf(d);
    expect([e.file, e.line, e.field]).toEqual(['extracted/task5_items.jsonl', 2, 'profile_attributes.1.attribute']);
    expect(e.message).toMatch(/^extracted\/task5_items\.jsonl:2: field "profile_attributes\.1\.attribute": /);
  });

  it('a bad Python-repr string names the field and the character position', () => {
    const d = tmpDir();
    write(d, 'extracted/task4_items.jsonl', [
      { user_id: 'p1', source: 'cupid', merged_attributes: [], conversations: [] },
      { user_id: 'p2', source: 'cupid', merged_attributes: "[{'attribute': 'The user cooks.', 'reason': 'unterminated}]", conversations: [] },
    ]);
    const e = errorOf(d);
    expect([e.file, e.line, e.field]).toEqual(['extracted/task4_items.jsonl', 2, 'merged_attributes']);
    expect(e.message).toMatch(/: a string that is not a valid Python literal: unterminated string at position 44 \(from "'unterminated}]"\)$/);
  });

  it('a repr string that parses but holds a bad value names the path inside it', () => {
    const d = tmpDir();
    write(d, 'extracted/task4_items.jsonl', [
      { user_id: 'p1', source: 'cupid', merged_attributes: [], conversations: [{ conversation_hash: 'h', conversation: "[{'role': 'user', 'content': 'hi'}, {'content': 'no role'}]" }] },
    ]);
    const e = errorOf(d);
    expect(e.message).toMatch(/^extracted\/task4_items\.jsonl:1: field "conversations\.0\.conversation\.1\.role": /);
  });

  it('members that do not line up, a malformed prompt_id, an unknown mode and an unjoinable vote are errors', () => {
    const d1 = tmpDir();
    const row = task5Row(U1, 3, 0);
    row.profile_attributes[2]!.original_reasons = ['only one'];
    write(d1, 'extracted/task5_items.jsonl', [row]);
    expect(errorOf(d1).message).toMatch(/task5_items\.jsonl:1: field "profile_attributes\.2\.original_reasons": has 1 entries but original_attributes has 2/);

    const d2 = tmpDir();
    write(d2, 'extracted/task6_items.jsonl', [{ model_tag: 'm', user_id: U1, prompt_id: 'someoneelse_3', attributes: [], response_no_context: '', response_personalized: '' }]);
    expect(errorOf(d2).message).toMatch(/task6_items\.jsonl:1: field "prompt_id"/);

    const d3 = tmpDir();
    write(d3, 'task6_generations/eval_results_task5_weird_m.jsonl', [{ user_id: U1, prompt_id: `${U1}_3`, mode: 'weird', model: 'm', response: '' }]);
    expect(errorOf(d3).message).toMatch(/eval_results_task5_weird_m\.jsonl:1: field "mode": unknown mode "weird"/);

    const d4 = tmpDir();
    write(d4, 'relevance_task5/gpt-5.4.jsonl', [{ ...vote(U1, 3, 9), prompt_index: undefined }]);
    expect(errorOf(d4).message).toMatch(/gpt-5\.4\.jsonl:1: field "prompt_index": missing, and sample_index 9/);

    const d5 = tmpDir();
    write(d5, 'relevance_task3/gpt-5.4.jsonl', [{ sample_index: 0, user_id: 'a', items: [] }]);
    write(d5, 'annotations_v0/annotator-Q_task3.jsonl', [{ index: 0, user_id: 'b', prompt_index: 1, relevance_judgments: [] }]);
    expect(errorOf(d5).message).toMatch(/annotator-Q_task3\.jsonl:1: field "user_id": sample 0 is user b here but a at relevance_task3\/gpt-5\.4\.jsonl:1/);
  });
});

// ------------------------------------------------------------------------------------------------------
// The real folder.

describe.skipIf(!hasShared('recenter-pilot'))('recenter-pilot adapter on ../shared/data/recenter-pilot', () => {
  const dir = sharedPath('recenter-pilot');
  let ds: Dataset;
  let report: RecenterPilotReport;
  let ms: number;
  beforeAll(() => {
    const t0 = performance.now();
    ({ dataset: ds, report } = loadRecenterPilot(dir));
    ms = performance.now() - t0;
    console.info(`[recenter-pilot] whole folder loaded in ${ms.toFixed(0)} ms (${ds.files.length} files)`);
  });

  it('detects and reads every file the README lists', () => {
    expect(recenterPilotAdapter.detect(dir)).toBe(true);
    expect(ds.files).toHaveLength(33);
    expect(ms).toBeLessThan(15_000); // ~1.3-2.3 s on a busy 2-core machine; this only catches a blow-up
  });

  it('has 2,967 task5 human labels with a YES rate of 0.186', () => {
    const labels = ds.labels.filter((l) => l.round === 'task5');
    expect(labels).toHaveLength(2967);
    expect(labels.filter((l) => l.relevant).length / labels.length).toBeCloseTo(0.186, 3);
  });

  it('reproduces the reference P/R/F1 of the recorded votes', () => {
    const gpt = confusion(ds, 'votes:gpt-5.4', 'task5');
    expect(gpt.n).toBe(2967);
    expect(gpt.p).toBeCloseTo(0.346, 3);
    expect(gpt.r).toBeCloseTo(0.828, 3);
    expect(gpt.f1).toBeCloseTo(0.488, 3);
    const gemma = confusion(ds, 'votes:google_gemma-4-31b-it', 'task5');
    expect(gemma.n).toBe(2967);
    expect(gemma.p).toBeCloseTo(0.362, 3);
    expect(gemma.r).toBeCloseTo(0.937, 3);
    expect(gemma.f1).toBeCloseTo(0.522, 3);
    // the earlier LLM checklist, as a selector: fewer picks, higher precision
    const checklist = confusion(ds, CHECKLIST_SYSTEM, 'task5');
    expect(checklist).toMatchObject({ n: 2967, tp: 241, fp: 191, fn: 311, tn: 2224 });
  });

  it('has the task5 prompts, profiles and stage-3 data', () => {
    expect(ds.prompts).toHaveLength(38);
    expect(ds.profiles).toHaveLength(45 + 78 - 4); // task5 users, task4 users, 4 in both
    const task5Attrs = ds.profiles.flatMap((p) => p.attributes).filter((a) => a.source === 'task5');
    expect(task5Attrs).toHaveLength(1094);
    expect(task5Attrs.every((a) => a.members.length > 0 && a.confidence !== undefined && a.reason)).toBe(true);
    expect(countBy(ds.responses, (r) => r.mode)).toEqual({ generic: 496, personalized_human: 248, personalized_llm: 496 });
    expect(new Set(ds.responses.map((r) => r.generator))).toEqual(new Set(['gpt-5.4', 'claude-sonnet-4-6', 'gemma-4-31b-it', 'llama-3.3-70b']));
    expect(ds.responsePairs).toHaveLength(230);
    // the stage-3 pairs are the gt_attributes and no_context generations of the same model
    const resp = new Map(ds.responses.map((r) => [`${r.generator}|${r.mode}|${r.userId}|${r.promptId}`, r.text]));
    for (const p of ds.responsePairs) {
      expect(resp.get(`${p.generator}|personalized_human|${p.userId}|${p.promptId}`)).toBe(p.personalized);
      expect(resp.get(`${p.generator}|generic|${p.userId}|${p.promptId}`)).toBe(p.generic);
    }
  });

  it('loads task4 structure: attributes by source and conversations with unique ids', () => {
    expect(report.task4Users).toHaveLength(78);
    const bySource = countBy(ds.profiles.flatMap((p) => p.attributes), (a) => a.source ?? '');
    expect(bySource).toMatchObject({ 'task4:cupid': 276, 'task4:personalens': 313, 'task4:prefeval': 308 });
    expect(ds.conversations).toHaveLength(185);
    expect(new Set(ds.conversations.map((c) => c.id)).size).toBe(185);
    expect(countBy(ds.conversations.flatMap((c) => c.turns), (t) => t.role)).toEqual({ user: 804, assistant: 725 });
    // This copy stores every task4 field as JSON: no field needed the Python-literal parser.
    expect(report.pythonReprFields).toBe(0);
  });

  it('has the pilot round: labels joined to users, votes and per-annotator labels', () => {
    const pilot = ds.labels.filter((l) => l.round === 'pilot');
    expect(pilot).toHaveLength(631);
    expect(report.unresolvedSamples).toEqual([]);
    expect(pilot.every((l) => !l.userId.startsWith('sample:') && l.yesRate !== undefined && l.nAnnotators !== undefined)).toBe(true);
    expect(countBy(pilot, (l) => l.split ?? '')).toEqual({ train: 338, val: 196, test: 97 });
    expect(countBy(ds.predictions.filter((p) => p.round === 'pilot'), (p) => p.system)).toEqual({
      'votes:claude-sonnet-4-6': 193, 'votes:google_gemma-4-31b-it': 632, 'votes:gpt-5.4': 193,
      'votes:meta-llama_llama-3.1-8b-instruct': 193, 'votes:meta-llama_llama-3.3-70b-instruct': 632,
    });
    expect(countBy(ds.annotations.filter((a) => a.round === 'pilot'), (a) => a.annotator)).toEqual({ A: 193, B: 193, C: 193, D: 41, E: 193, F: 92 });
    expect(countBy(ds.annotations.filter((a) => a.round === 'pilot-graded'), (a) => a.annotator)).toEqual({ A: 193, B: 1311, D: 111, E: 193, F: 92 });
    expect(ds.annotations.filter((a) => a.round === 'pilot-graded').every((a) => a.grade !== undefined)).toBe(true);
  });

  it('no (user, prompt, attribute) is in both the pilot and task5', () => {
    expect(report.crossRoundCollisions).toEqual([]);
    const task5 = new Set(ds.labels.filter((l) => l.round === 'task5').map((l: RelevanceLabel) => pairKey(l)));
    expect(ds.labels.filter((l) => l.round === 'pilot' && task5.has(pairKey(l)))).toEqual([]);
  });

  it('a folder holding only relevance_labels.jsonl and one votes file loads', () => {
    const d = tmpDir();
    fs.symlinkSync(path.join(dir, 'relevance_labels.jsonl'), path.join(d, 'relevance_labels.jsonl'));
    fs.mkdirSync(path.join(d, 'relevance_task5'));
    fs.symlinkSync(path.join(dir, 'relevance_task5', 'gpt-5.4.jsonl'), path.join(d, 'relevance_task5', 'gpt-5.4.jsonl'));
    expect(recenterPilotAdapter.detect(d)).toBe(true);
    const small = recenterPilotAdapter.load(d);
    expect(small.files).toEqual(['relevance_labels.jsonl', 'relevance_task5/gpt-5.4.jsonl']);
    expect(small.labels).toHaveLength(2967);
    expect(small.predictions).toHaveLength(2970);
    expect(small.profiles).toEqual([]);
    expect(confusion(small, 'votes:gpt-5.4', 'task5').f1).toBeCloseTo(0.488, 3);
  });
});
