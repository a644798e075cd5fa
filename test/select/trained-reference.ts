/**
 * A fixed, self-made stage-2 set (invented texts, not data) on which the trained selector's behaviour is
 * recorded: `npx tsx test/select/trained-reference.ts` writes test/select/fixtures/trained-reference.json
 * (models trained with the bag-of-words fake embedder, and their scores on unseen prompts).
 * trained-reference.test.ts checks that today's code reproduces it, so a speed-up cannot change a decision.
 * The recorded file was made by the code before the selection fast path; regenerate it only for a deliberate
 * change of the features or the estimators.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyDataset, type Dataset, type Prediction, type Profile } from '../../src/model/index.js';
import type { SelectionPair } from '../../src/stages/select/selector.js';
import { TrainedSelector } from '../../src/stages/select/trained/selector.js';
import { trainSelector, type ModelKind } from '../../src/stages/select/trained/train.js';
import type { FeatureSet } from '../../src/stages/select/trained/features.js';
import type { ModelFile } from '../../src/learn/model-file.js';
import { bowEmbedder } from '../support/fake-embedder.js';

export const referenceFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'trained-reference.json');

const STEMS = [
  'plays the guitar in a band', 'may possibly be a student', 'prefers concise answers', 'cooks Italian food or Thai food',
  'works as a nurse on night shifts', 'is learning Python programming', 'might live in Canada', 'enjoys chess puzzles',
  'has two children', 'likes detailed step-by-step explanations', 'is training for a marathon', 'keeps a vegetable garden',
  'is interested in personal finance', 'seems to prefer a formal tone', 'writes poems about nature', 'is planning a trip to Japan',
  'owns a dog that needs training', 'studies machine learning', 'is allergic to peanuts', 'reads science fiction',
];
const TOPIC_WORDS = ['guitar', 'student', 'concise', 'food', 'nurse', 'python', 'canada', 'chess', 'children', 'step', 'marathon',
  'garden', 'finance', 'formal', 'poem', 'japan', 'dog', 'learning', 'peanut', 'fiction'];
const ASKS = [
  'How do I tune a guitar quickly?', 'Write a poem about the garden in spring.', 'What is 17 * 23?', 'Should I invest in index funds for finance?',
  'Fix this python code: def f(x): return x +', 'Plan a week in Japan for a family with children.', 'Explain the rules of chess castling.',
  'How can I train my dog to stop barking?', 'Give me a marathon training plan, step by step.', 'What should I cook tonight? Something with food from Italy.',
  'Is it safe to eat peanut butter?', 'Recommend some science fiction novels.', 'How do nurses cope with night shifts?',
  'Summarize the history of Canada.', 'Compose a formal letter to my landlord.', 'What is machine learning in simple words?',
  'Tell me a joke.', 'How do I calculate the probability of two sixes?', 'Translate good morning into Spanish.', 'Why is the sky blue?',
  'How should I prepare for a student exam?', 'Write a short story about a robot.', 'What is the capital of Australia?', 'Help me budget my salary.',
];

const hash = (s: string): number => {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
};

export function referenceProfiles(): Profile[] {
  return [12, 20, 7, 16].map((n, u) => ({
    userId: `u${u}`,
    attributes: Array.from({ length: n }, (_, i) => {
      const stem = STEMS[(i * 3 + u * 5) % STEMS.length]!;
      const h = hash(`${u}:${i}`);
      return {
        text: `The user ${stem}${i >= STEMS.length / 2 ? ' at weekends' : ''}`,
        ...(h % 4 ? { confidence: 0.4 + (h % 60) / 100 } : {}),
        evidence: [],
        members: Array.from({ length: h % 3 }, (_, k) => ({ text: `${stem} ${k}` })),
      };
    }),
  }));
}

const relevant = (prompt: string, attribute: string): boolean => {
  const p = prompt.toLowerCase();
  const a = attribute.toLowerCase();
  const topical = TOPIC_WORDS.some((w) => p.includes(w) && a.includes(w));
  return topical !== (hash(prompt + attribute) % 11 === 0); // a little label noise
};

/** Every pair of every user with prompts [from, to), labelled by the topic rule, and recorded votes of two systems. */
export function referenceDataset(from: number, to: number): Dataset {
  const ds = emptyDataset('trained-reference', 'test', 'illustrative');
  ds.profiles = referenceProfiles();
  for (let i = from; i < to; i++) {
    const text = `${ASKS[i % ASKS.length]!}${i >= ASKS.length ? ' Please be brief.' : ''}`;
    ds.prompts.push({ id: `p${i}`, text });
    for (const prof of ds.profiles) {
      if ((i + Number(prof.userId.slice(1))) % 4 === 3) continue; // not every user sees every prompt
      for (const a of prof.attributes) {
        const key = { userId: prof.userId, promptId: `p${i}`, attribute: a.text };
        const rel = relevant(text, a.text);
        ds.labels.push({ ...key, relevant: rel, round: 'r1' });
        const h = hash(`${i}|${a.text}|${prof.userId}`);
        const votes: Prediction[] = [
          { ...key, system: 'sysA', relevant: h % 7 === 0 ? !rel : rel, score: ((h % 100) / 100 + (rel ? 0.5 : 0)) / 1.5, output: rel ? 'Relevant: the user might benefit.' : 'Not relevant, the question is generic.', round: 'r1' },
        ];
        if (h % 5) votes.push({ ...key, system: 'sysB', relevant: h % 3 === 0, output: h % 2 ? 'It could slightly change the answer.' : 'No bearing on it.', round: 'r1' });
        ds.predictions.push(...votes);
      }
    }
  }
  return ds;
}

export interface ReferenceCase {
  name: string;
  features: FeatureSet;
  model: ModelKind;
}
export const REFERENCE_CASES: ReferenceCase[] = [
  { name: 'logistic offline', features: 'offline', model: 'logistic' },
  { name: 'mlp offline', features: 'offline', model: 'mlp' },
  { name: 'logistic offline+llm', features: 'offline+llm', model: 'logistic' },
];

/** The calls scored: one prompt x a whole profile (as at runtime), several users and prompts at once, and pairs without a profile. */
export function referenceCalls(): SelectionPair[][] {
  const test = referenceDataset(30, 38);
  const profiles = new Map(test.profiles.map((p) => [p.userId, p]));
  const byPrompt = test.prompts.map((pr) => test.labels.filter((l) => l.promptId === pr.id).map((l) => ({
    userId: l.userId, promptId: l.promptId, attribute: l.attribute, promptText: pr.text, profile: profiles.get(l.userId)!,
  })));
  const one = byPrompt.flatMap((pairs) => [...new Set(pairs.map((p) => p.userId))].map((u) => pairs.filter((p) => p.userId === u)));
  const mixed = byPrompt.slice(0, 3).flat();
  const bare = byPrompt[4]!.filter((_, i) => i % 2 === 0).map(({ profile: _profile, ...p }) => p);
  return [...one, mixed, bare];
}

export interface Reference {
  cases: { name: string; model: ModelFile; cv: ModelFile['cv']; scores: number[][]; relevant: boolean[][] }[];
}

export async function trainReference(c: ReferenceCase): Promise<ModelFile> {
  const res = await trainSelector(referenceDataset(0, 30), {
    embedder: bowEmbedder, features: c.features, model: c.model, outerFolds: 3, innerFolds: 2, iterations: 50, seed: 7,
  });
  return res.model!;
}

export async function scoreReference(model: ModelFile, calls: SelectionPair[][]): Promise<{ scores: number[][]; relevant: boolean[][] }> {
  const sel = new TrainedSelector(model, { embedder: bowEmbedder, predictions: referenceDataset(30, 38).predictions, seen: 'keep' });
  const scores: number[][] = [];
  const rel: boolean[][] = [];
  for (const pairs of calls) {
    const out = await sel.select(pairs);
    scores.push(out.map((o) => o.score!));
    rel.push(out.map((o) => o.relevant));
  }
  return { scores, relevant: rel };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const calls = referenceCalls();
  const ref: Reference = { cases: [] };
  for (const c of REFERENCE_CASES) {
    const model = await trainReference(c);
    ref.cases.push({ name: c.name, model, cv: model.cv, ...(await scoreReference(model, calls)) });
  }
  fs.mkdirSync(path.dirname(referenceFile), { recursive: true });
  fs.writeFileSync(referenceFile, JSON.stringify(ref) + '\n');
  console.log(`wrote ${referenceFile}: ${ref.cases.length} models, ${calls.length} calls, ${calls.flat().length} pairs each`);
}
