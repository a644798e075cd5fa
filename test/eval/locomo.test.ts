import { describe, expect, it } from 'vitest';
import { diaIds } from '../../src/data/locomo.js';
import { coverage, CoverageMean, coveredTurns } from '../../src/eval/locomo-coverage.js';
import { evalLocomo, locomoTable, type EvalLocomoResult } from '../../src/eval/locomo.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { tempDir, writeDir } from '../support/tmp.js';

const tmp = tempDir('attune-eval-locomo-');

// A LoCoMo-shaped sample written for this project (not LoCoMo's data): two sessions, observations, four questions.
const FIXTURE = [{
  sample_id: 'fixture-1',
  conversation: {
    speaker_a: 'Ann',
    speaker_b: 'Bo',
    session_1_date_time: '1:56 pm on 8 May, 2023',
    session_1: [
      { speaker: 'Ann', dia_id: 'D1:1', text: 'I love hiking in the Alps every summer.' },
      { speaker: 'Bo', dia_id: 'D1:2', text: 'Nice! I have two cats named Miso and Tofu.' },
      { speaker: 'Ann', dia_id: 'D1:3', text: 'I work as a baker in Lyon.' },
    ],
    session_2_date_time: '10:00 am on 9 June, 2023',
    session_2: [
      { speaker: 'Bo', dia_id: 'D2:1', text: 'I started learning the violin last month.' },
      { speaker: 'Ann', dia_id: 'D2:2', text: 'I went to Lisbon for a conference.' },
      { speaker: 'Ann', dia_id: 'D2:3', text: 'That sounds lovely!' },
    ],
  },
  observation: {
    session_1_observation: {
      Ann: [['Ann loves hiking in the Alps.', 'D1:1'], ['Ann works as a baker in Lyon.', 'D1:3']],
      Bo: [['Bo has two cats named Miso and Tofu.', 'D1:2']],
    },
    session_2_observation: {
      Bo: [['Bo is learning the violin.', 'D2:1']],
      Ann: [['Ann went to Lisbon for a conference.', 'D2:2']],
    },
  },
  qa: [
    { question: 'Where does Ann like hiking?', answer: 'the Alps', evidence: ['D1:1'], category: 4 },
    // One evidence turn shares no word with the question: BM25 over the turns cannot reach it.
    { question: 'What instrument did Bo start learning?', answer: 'violin', evidence: ['D2:1', 'D2:3'], category: 1 },
    // D9:9 names no turn: left out of the gold.
    { question: 'What city did Ann travel to for a conference, and where does she work?', answer: 'Lisbon; Lyon', evidence: ['D2:2; D1:3', 'D9:9'], category: 2 },
    { question: "What is Bo's favourite football team?", adversarial_answer: 'Lyon', evidence: ['D1:2'], category: 5 },
  ],
}];

describe('LoCoMo coverage arithmetic', () => {
  it('counts gold turns and gold sessions covered', () => {
    expect(coverage(['D1:1', 'D1:2', 'D2:1'], ['D1:2', 'D3:4'])).toEqual({ turn: 1 / 3, session: 1 / 2 });
    expect(coverage(['D1:1', 'D1:1', 'D2:5'], ['D2:1'])).toEqual({ turn: 0, session: 1 / 2 });
    expect(coverage(['D4:2'], ['D4:2', 'D4:3'])).toEqual({ turn: 1, session: 1 });
    expect(coverage([], ['D1:1'])).toBeUndefined();
    const evidence = new Map([['a', ['D1:1', 'D2:2']], ['b', ['D2:2']], ['c', []]]);
    expect([...coveredTurns(['b', 'a', 'x'], evidence)]).toEqual(['D2:2', 'D1:1']);
    const m = new CoverageMean();
    m.add({ turn: 1, session: 1 });
    m.add(undefined);
    m.add({ turn: 0.5, session: 0 });
    m.add({ turn: 0, session: 1 });
    expect([m.questions, m.mean()]).toEqual([3, { turn: 0.5, session: 0.667 }]);
  });

  it("reads upstream's loose evidence ids", () => {
    expect(diaIds('D8:6; D9:17')).toEqual(['D8:6', 'D9:17']);
    expect(diaIds('D9:1 D4:4,D4:6')).toEqual(['D9:1', 'D4:4', 'D4:6']);
    expect(diaIds('D:11:26')).toEqual(['D11:26']);
    expect(diaIds('D30:05')).toEqual(['D30:5']);
    expect(diaIds('D')).toEqual([]);
  });
});

describe('evalLocomo on a written fixture', () => {
  let r: EvalLocomoResult;
  const method = (id: string) => r.methods.find((m) => m.id === id)!;

  it('runs every method and counts the questions', async () => {
    const data = writeDir(tmp, 'locomo', { 'locomo10.json': FIXTURE });
    r = await evalLocomo({ data, embedder: bowEmbedder, allowSensitive: true });
    expect([r.conversations, r.sessions, r.turns, r.questions, r.answerable, r.adversarial, r.unresolvedEvidence]).toEqual([1, 2, 6, 4, 3, 1, 1]);
    expect(r.methods.map((m) => m.id)).toEqual(['attune', 'mem0', 'bm25-turns', 'attune-observations', 'mem0-observations']);
    expect(r.attributes.observations.active).toBe(5);
  });

  it('scores BM25 over the raw turns by hand-checkable values', () => {
    // q1 reaches D1:1; q2 reaches D2:1 but not D2:3 (same session); q3 reaches both Ann turns (her name is in the line).
    const bm25 = method('bm25-turns');
    expect(bm25.top['5']).toEqual({ turn: 0.833, session: 1 });
    expect(bm25.top['10']).toEqual({ turn: 0.833, session: 1 });
    expect(bm25.selected).toBeUndefined();
    expect(bm25.byCategory).toEqual({ 1: { questions: 1, top10: 0.5 }, 2: { questions: 1, top10: 1 }, 4: { questions: 1, top10: 1 } });
  });

  it("maps the observations' evidence back to dia_ids", () => {
    // Five observations: the top 10 of search holds them all, so it covers every turn an observation cites
    // (all gold turns but D2:3).
    for (const id of ['attune-observations', 'mem0-observations']) expect(method(id).top['10']).toEqual({ turn: 0.833, session: 1 });
    expect(r.ceiling.observations).toEqual({ turn: 0.833, session: 1 });
  });

  it('gives both selectors the same extracted attributes', () => {
    // At most 10 attributes: each search's top 10 is the whole profile, whatever the order.
    expect(r.attributes.extracted.active).toBeGreaterThan(0);
    expect(r.attributes.extracted.active).toBeLessThanOrEqual(10);
    expect(method('attune').top['10']).toEqual(method('mem0').top['10']);
    expect(r.ceiling.extracted).toEqual(method('attune').top['10']);
    expect(method('attune').top['10']!.turn).toBeGreaterThan(0);
    const s = method('attune').selected!;
    expect(s.nothingAdversarial === 0 || s.nothingAdversarial === 1).toBe(true);
    expect(locomoTable(r)).toMatch(/bm25-turns +— \/ +— +83\.3% \/ 100\.0% +83\.3% \/ 100\.0% +—/);
  });
});
