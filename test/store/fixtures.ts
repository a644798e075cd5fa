import type { Dataset, Prediction } from '../../src/model/index.js';

/** A small hand-built dataset touching every part the store holds, with optional fields both present and absent. */
export function smallDataset(name = 'hand-built'): Dataset {
  return {
    name,
    format: 'attune-jsonl',
    provenance: 'illustrative',
    files: ['conversations.jsonl', 'labels.jsonl'],
    conversations: [
      {
        id: 'c1', userId: 'u1', source: 'wildchat', startedAt: '2024-05-01T10:00:00Z',
        turns: [
          { index: 0, role: 'user', text: 'Translate "bonjour" — s\'il vous plaît 🙏' },
          { index: 1, role: 'assistant', text: 'Hello.' },
        ],
      },
      { id: 'c2', userId: 'u2', turns: [{ index: 0, role: 'other', speaker: 'Caroline', text: 'I ran a marathon.' }] },
    ],
    profiles: [
      {
        userId: 'u1',
        attributes: [
          {
            text: 'The user is learning French', reason: 'asked for a translation', confidence: 0.35,
            evidence: [{ conversationId: 'c1', turnIndex: 0 }], source: 'llm-extractor',
            members: [{ text: 'The user speaks French', confidence: 1 / 3 }, { text: 'The user travels', reason: 'r' }],
          },
          { text: 'The user is polite', evidence: [], members: [] },
        ],
      },
      { userId: 'u2', attributes: [] },
      { userId: 'u3', attributes: [{ text: 'The user runs', confidence: 1, evidence: [], members: [] }] },
    ],
    prompts: [{ id: 'p1', text: 'Plan a weekend in Paris' }, { id: 'p2', text: '' }],
    goldAttributes: [
      { userId: 'u1', conversationId: 'c1', text: 'likes languages', category: 'hobby' },
      { userId: 'u2', text: 'runner' },
    ],
    labels: [
      { userId: 'u1', promptId: 'p1', attribute: 'The user is learning French', relevant: true, yesRate: 2 / 3, nAnnotators: 3, split: 'test', round: 'pilot' },
      { userId: 'u1', promptId: 'p1', attribute: 'The user is polite', relevant: false, yesRate: 0 },
      { userId: 'u3', promptId: 'p2', attribute: 'The user runs', relevant: false },
    ],
    annotations: [
      { userId: 'u1', promptId: 'p1', attribute: 'The user is learning French', annotator: 'a1', relevant: true, grade: 'necessary_implicit', round: 'pilot' },
      { userId: 'u1', promptId: 'p1', attribute: 'The user is learning French', annotator: 'a2', relevant: false },
    ],
    predictions: [
      { userId: 'u1', promptId: 'p1', attribute: 'The user is polite', system: 'gpt-5.4', relevant: true, score: 0.91, rawAnswer: 'Answer: YES', output: 'reasoning…', round: 'pilot' },
      { userId: 'u1', promptId: 'p1', attribute: 'The user is learning French', system: 'gemma-4-31b', relevant: false },
    ],
    responses: [
      { userId: 'u1', promptId: 'p1', generator: 'm1', mode: 'generic', text: 'Visit the Louvre.', attributes: [] },
      { userId: 'u1', promptId: 'p1', generator: 'm1', mode: 'personalized_human', text: 'Practice your French at cafés.', attributes: ['The user is learning French'] },
    ],
    responsePairs: [
      {
        id: 'rp1', userId: 'u1', promptId: 'p1', generator: 'm1', generic: 'Visit the Louvre.', personalized: 'Practice your French.',
        attributes: [{ text: 'The user is learning French', relevant: true }, { text: 'The user is polite' }],
      },
    ],
    ratings: [
      { rater: 'r1', raterKind: 'human', pairId: 'rp1', attribute: 'The user is learning French', score: 4, order: 'generic_first' },
      { rater: 'claude', raterKind: 'llm', pairId: 'rp1', attribute: 'The user is learning French', score: 5 },
    ],
    attributeJudgments: [
      { annotator: 'a1', userId: 'u1', attribute: 'The user is learning French', verdict: 'doesnt_make_sense', failureMode: 'overgeneralization', note: 'one translation' },
      { annotator: 'a2', userId: 'u1', attribute: 'The user is polite', verdict: 'maybe' },
    ],
  };
}

/** n predictions over distinct (user, prompt, attribute) pairs, with varied types. */
export function manyPredictions(n: number, system = 'bm25'): Prediction[] {
  return Array.from({ length: n }, (_, i) => {
    const p: Prediction = {
      userId: `u${i % 50}`,
      promptId: `p${Math.floor(i / 50)}`,
      attribute: `The user likes thing ${i}`,
      system,
      relevant: i % 3 === 0,
    };
    if (i % 2 === 0) p.score = i % 4 === 0 ? -(i + 1) / 7 : i / 7; // never -0: it comes back as 0
    if (i % 5 === 0) p.rawAnswer = `Answer: ${i % 3 === 0 ? 'YES' : 'NO'}`;
    if (i % 7 === 0) p.output = 'x'.repeat(i % 100);
    return p;
  });
}
