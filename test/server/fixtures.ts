import type { Dataset } from '../../src/model/index.js';
import { emptyDataset } from '../../src/model/index.js';

/** Text a real chat log might hold; the studio must show it as text. */
export const HOSTILE = [
  '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">',
  '<script>window.__pwned=(window.__pwned||0)+1</script>',
  '"><svg onload="window.__pwned=1">',
  'javascript:window.__pwned=1',
];

/** A small study-ready dataset: 3 users x 2 prompts for stage 2 (with recorded votes and majority labels), conversations for stage 1, response pairs for stage 3. */
export function studioDataset(): Dataset {
  const ds = emptyDataset('studio-fixture', 'attune', 'illustrative');
  ds.prompts = [
    { id: 'p1', text: `Plan a weekend in Paris ${HOSTILE[0]}` },
    { id: 'p2', text: 'What is the boiling point of water?' },
  ];
  const attrs: Record<string, string[]> = {
    u1: ['The user is learning French', `The user writes ${HOSTILE[1]}`],
    u2: ['The user is vegetarian', 'The user has two children', 'The user runs marathons'],
    u3: ['The user is a physics teacher'],
  };
  ds.profiles = Object.entries(attrs).map(([userId, texts]) => ({
    userId,
    attributes: texts.map((text, i) => ({
      text, reason: i === 0 ? `They said so ${HOSTILE[2]}` : undefined, confidence: 0.9,
      evidence: i === 0 ? [{ conversationId: `${userId}-c1`, turnIndex: 0 }] : [], members: [],
    })),
  }));
  ds.conversations = Object.keys(attrs).map((userId) => ({
    id: `${userId}-c1`, userId,
    turns: [
      { index: 0, role: 'user' as const, text: `Hi, about me: ${HOSTILE[0]} ${HOSTILE[1]}` },
      { index: 1, role: 'assistant' as const, text: `Sure. ${HOSTILE[3]}` },
    ],
  }));
  let n = 0;
  for (const [userId, texts] of Object.entries(attrs)) {
    for (const promptId of ['p1', 'p2']) {
      for (const attribute of texts) {
        const relevant = promptId === 'p1' && n % 2 === 0;
        ds.labels.push({ userId, promptId, attribute, relevant, round: 'r1' });
        ds.predictions.push({ userId, promptId, attribute, system: 'votes:judge-a', relevant: true, round: 'r1' });
        ds.predictions.push({ userId, promptId, attribute, system: 'votes:judge-b', relevant, round: 'r1' });
        n++;
      }
    }
  }
  ds.responsePairs = [
    {
      id: 'rp1', userId: 'u1', promptId: 'p1', generator: 'm1', generic: `Visit the Louvre. ${HOSTILE[1]}`, personalized: 'Practice your French at cafés.',
      attributes: [{ text: 'The user is learning French', relevant: true }, { text: 'The user writes', relevant: false }],
    },
    {
      id: 'rp2', userId: 'u2', promptId: 'p2', generator: 'm1', generic: '100 °C at sea level.', personalized: '100 °C; as a marathon runner, stay hydrated!',
      attributes: [{ text: 'The user runs marathons', relevant: true }, { text: 'The user is vegetarian', relevant: true }],
    },
  ];
  return ds;
}
