import type { Dataset } from '../../src/model/index.js';
import { emptyDataset } from '../../src/model/index.js';

/** Invented, illustrative content for the README's screenshots (not human data). */
export function screenshotDataset(): Dataset {
  const ds = emptyDataset('screenshots', 'attune', 'illustrative');
  const attributes = [
    { text: 'The user is learning French.', reason: 'They asked for help translating a letter to their landlord in Lyon.', evidence: [{ conversationId: 'c1', turnIndex: 0 }] },
    { text: 'The user lives in France.', reason: 'They mention their landlord in Lyon.', evidence: [{ conversationId: 'c1', turnIndex: 0 }] },
    { text: 'The user is a software developer.', reason: 'They asked how to fix a failing TypeScript build.', evidence: [{ conversationId: 'c2', turnIndex: 0 }] },
    { text: 'The user has five years of marketing experience.', reason: 'They asked for a cover letter for a marketing role.', evidence: [{ conversationId: 'c2', turnIndex: 2 }] },
    { text: 'The user prefers concise answers.', reason: 'They asked the assistant to shorten its reply.', evidence: [{ conversationId: 'c2', turnIndex: 2 }] },
  ];
  ds.profiles = [{ userId: 'u1', attributes: attributes.map((a) => ({ ...a, confidence: 0.8, members: [] })) }];
  ds.conversations = [
    {
      id: 'c1', userId: 'u1', turns: [
        { index: 0, role: 'user', text: 'Can you help me translate this note to my landlord in Lyon? "The heating has not worked since Monday."' },
        { index: 1, role: 'assistant', text: '« Le chauffage ne fonctionne plus depuis lundi. » Would you like a more formal version?' },
      ],
    },
    {
      id: 'c2', userId: 'u1', turns: [
        { index: 0, role: 'user', text: 'My TypeScript build fails with TS2307: cannot find module. What should I check?' },
        { index: 1, role: 'assistant', text: 'Check that the import path ends in .js under NodeNext, that the file exists, and that tsconfig includes it.' },
        { index: 2, role: 'user', text: 'Thanks. Now write a short cover letter for a marketing job for a fictional character with five years of experience. Keep it brief.' },
        { index: 3, role: 'assistant', text: 'Dear hiring manager, with five years in digital marketing ...' },
      ],
    },
  ];
  ds.prompts = [{ id: 'p1', text: 'What should I cook for dinner tonight? Something quick, I only have 20 minutes.' }];
  for (const a of attributes) ds.labels.push({ userId: 'u1', promptId: 'p1', attribute: a.text, relevant: a.text.includes('concise'), round: 'example' });
  ds.responsePairs = [{
    id: 'rp1', userId: 'u1', promptId: 'p1', generator: 'example-model',
    generic: 'Here are three quick dinners:\n1. Vegetable stir-fry with rice (15 min)\n2. Pasta aglio e olio (15 min)\n3. Omelette with a green salad (10 min)\n\nEach uses pantry staples; the stir-fry is the most flexible.',
    personalized: 'As someone learning French, try a classic French omelette (10 min): whisk 3 eggs, cook gently in butter, fold.\n\nOr, quickly: pasta aglio e olio (15 min).',
    attributes: [{ text: 'The user is learning French.', relevant: true }, { text: 'The user prefers concise answers.', relevant: true }],
  }];
  return ds;
}
