// Writes the illustrative stage-3 ratings example (self-written; no person or model produced any of it).
// Run: node examples/ratings/make.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const pairs = [
  {
    id: 'demo-a:u1_1', userId: 'u1', promptId: '1', generator: 'demo-a',
    generic: 'Start with four open chords (G, C, D, Em) and practise 20 minutes a day. Learn one easy song in the first week.',
    personalized: 'Start with four open chords (G, C, D, Em). Because you seem detail-oriented, keep a practice log with the tempo you reached each day. Learn one easy song in the first week.',
    attributes: [{ text: 'The user is detail-oriented.', relevant: true }, { text: 'The user has little free time.', relevant: true }],
  },
  {
    id: 'demo-a:u2_2', userId: 'u2', promptId: '2', generator: 'demo-a',
    generic: 'A budget has three parts: fixed costs, variable costs and savings. Track every expense for a month.',
    personalized: 'A budget has three parts: fixed costs, variable costs and savings. A spreadsheet with one tab per month and a pivot table per category will show where the money goes.',
    attributes: [{ text: 'The user works in accounting or finance.', relevant: true }],
  },
  {
    id: 'demo-b:u1_1', userId: 'u1', promptId: '1', generator: 'demo-b',
    generic: 'Learn the basic chords, then strumming patterns, then songs. Short daily practice beats long weekly sessions.',
    personalized: 'As someone who is detail-oriented, you will enjoy this: learn the basic chords, then strumming patterns, then songs. Since you have little free time, ten focused minutes a day is enough.',
    attributes: [{ text: 'The user is detail-oriented.', relevant: true }, { text: 'The user has little free time.', relevant: true }],
  },
  {
    id: 'demo-b:u3_3', userId: 'u3', promptId: '3', generator: 'demo-b',
    generic: 'For a week in Japan, spend three days in Tokyo, two in Kyoto and two in Osaka.',
    personalized: 'For a week in Japan, spend three days in Tokyo, two in Kyoto and two in Osaka. As a vegetarian, you will want to look for shojin ryori temple food in Kyoto.',
    attributes: [{ text: 'The user is vegetarian.', relevant: true }],
  },
];
// Items in pair order; human scores of three invented raters; two invented judges in both orders
// (scores on the personalized-vs-generic scale), judge-x rewarding the mentions, judge-y less so.
const items = [
  ['demo-a:u1_1', 'The user is detail-oriented.', [4, 3, 4], [5, 4], [4, 3]],
  ['demo-a:u1_1', 'The user has little free time.', [3, 3, 2], [3, 3], [3, 2]],
  ['demo-a:u2_2', 'The user works in accounting or finance.', [4, 5, 4], [4, 4], [4, 5]],
  ['demo-b:u1_1', 'The user is detail-oriented.', [3, 2, 3], [5, 5], [3, 4]],
  ['demo-b:u1_1', 'The user has little free time.', [4, 4, 3], [5, 4], [4, 4]],
  ['demo-b:u3_3', 'The user is vegetarian.', [5, 4, 4], [5, 5], [4, 4]],
];
const ratings = [];
for (const [pairId, attribute, human, x, y] of items) {
  human.forEach((score, i) => ratings.push({ rater: `person-${i + 1}`, raterKind: 'human', pairId, attribute, score }));
  for (const [rater, [gf, pf]] of [['judge-x', x], ['judge-y', y]]) {
    ratings.push({ rater, raterKind: 'llm', pairId, attribute, score: gf, order: 'generic_first' });
    ratings.push({ rater, raterKind: 'llm', pairId, attribute, score: pf, order: 'personalized_first' });
  }
}
// The requests the pairs answer (so `attune judge` and `attune train reward` can run on this folder).
const prompts = [
  { id: '1', text: 'How do I start learning the guitar?' },
  { id: '2', text: 'How do I make a monthly budget?' },
  { id: '3', text: 'Plan a one-week trip to Japan for me.' },
];
const jsonl = (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify({ name: 'ratings-example', provenance: 'illustrative' }, null, 2) + '\n');
fs.writeFileSync(path.join(dir, 'response_pairs.jsonl'), jsonl(pairs));
fs.writeFileSync(path.join(dir, 'ratings.jsonl'), jsonl(ratings));
fs.writeFileSync(path.join(dir, 'prompts.jsonl'), jsonl(prompts));
