// Writes the illustrative demo dataset (attune JSONL) from the compact spec below.
// Everything here is invented for the demo: these are NOT real users, annotators or model outputs.
// Run: node examples/demo/make.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));

const users = {
  u1: ['The user is a vegetarian.', 'The user lives in a small apartment in a big city.', 'The user is learning Spanish.', 'The user works as a nurse on night shifts.', 'The user enjoys hiking on weekends.', 'The user prefers short, direct answers.', 'The user has a cat.', 'The user is saving money for a trip to Japan.'],
  u2: ['The user is a software engineer who writes Python.', 'The user has two young children.', 'The user is training for a marathon.', 'The user prefers detailed explanations with examples.', 'The user lives in Canada.', 'The user is interested in medieval history.', 'The user drinks a lot of coffee.', 'The user is allergic to peanuts.'],
  u3: ['The user is a high school student.', 'The user plays guitar in a band.', 'The user is interested in climate change.', 'The user has a limited budget.', 'The user writes fantasy short stories.', 'The user prefers casual language.', 'The user is applying to universities.', 'The user does not own a car.'],
  u4: ['The user is a retired teacher.', 'The user gardens and grows tomatoes.', 'The user is not comfortable with technical jargon.', 'The user has diabetes.', 'The user volunteers at a library.', 'The user enjoys crossword puzzles.', 'The user lives in a rural area.', 'The user has grandchildren.'],
  u5: ['The user runs a small bakery.', 'The user is interested in marketing on social media.', 'The user speaks French as a first language.', 'The user is lactose intolerant.', 'The user prefers bullet-point answers.', 'The user is interested in photography.', 'The user wakes up very early.', 'The user is planning to hire an employee.'],
};

const prompts = {
  p1: 'Can you suggest a simple dinner I can cook tonight?',
  p2: 'What is the capital of Australia?',
  p3: 'How should I plan my week to get more exercise?',
  p4: 'Explain how a hash table works.',
  p5: 'Write a short poem about autumn.',
  p6: 'How can I save money on groceries?',
};

// For each (user, prompt): per attribute, three annotators' votes (Y/N) then the demo LLM's vote.
// e.g. 'YYN:Y' = annotators A and B said YES, C said NO; the demo LLM said YES.
const tasks = {
  'u1 p1': ['YYY:Y', 'NYN:Y', 'NNN:N', 'YNY:Y', 'NNN:Y', 'YYN:Y', 'NNN:N', 'NNY:Y'],
  'u1 p2': ['NNN:N', 'NNN:N', 'NNN:Y', 'NNN:N', 'NNN:N', 'YNN:Y', 'NNN:N', 'NNN:N'],
  'u1 p3': ['NNN:Y', 'NYY:Y', 'NNN:N', 'YYY:Y', 'YYY:Y', 'NYN:Y', 'NNN:N', 'NNN:Y'],
  'u2 p1': ['NNN:N', 'YYN:Y', 'YNN:Y', 'NNY:Y', 'NNN:Y', 'NNN:N', 'NNN:N', 'YYY:Y'],
  'u2 p4': ['YYY:Y', 'NNN:N', 'NNN:N', 'YYN:Y', 'NNN:N', 'NNN:Y', 'NNN:N', 'NNN:N'],
  'u2 p6': ['NNN:N', 'YYY:Y', 'NNN:Y', 'NYN:Y', 'YNN:Y', 'NNN:N', 'NYN:Y', 'YNN:Y'],
  'u3 p2': ['NYN:Y', 'NNN:N', 'NNN:Y', 'NNN:N', 'NNN:N', 'NNN:Y', 'NNN:N', 'NNN:N'],
  'u3 p5': ['NNN:Y', 'YNN:Y', 'YNY:Y', 'NNN:N', 'YYY:Y', 'YYN:Y', 'NNN:N', 'NNN:N'],
  'u3 p6': ['NNY:Y', 'NNN:N', 'NNN:Y', 'YYY:Y', 'NNN:N', 'NYN:Y', 'NNN:Y', 'YNN:Y'],
  'u4 p1': ['NNN:Y', 'YYY:Y', 'NNN:Y', 'YYY:Y', 'NNN:N', 'NNN:N', 'NNN:Y', 'YNN:Y'],
  'u4 p4': ['YNN:Y', 'NNN:N', 'YYY:Y', 'NNN:N', 'NNN:Y', 'NNN:N', 'NNN:N', 'NNN:N'],
  'u4 p5': ['NNN:Y', 'YYN:Y', 'NNN:N', 'NNN:N', 'NNN:Y', 'NYN:Y', 'YNN:Y', 'NNN:Y'],
  'u5 p3': ['NYN:Y', 'NNN:N', 'NNN:N', 'NNN:N', 'NNN:N', 'NNN:Y', 'YYY:Y', 'NNN:Y'],
  'u5 p4': ['NNN:N', 'NNN:N', 'YNN:Y', 'NNN:N', 'YYY:Y', 'NNN:N', 'NNN:N', 'NNN:N'],
  'u5 p6': ['YYY:Y', 'NNN:Y', 'NNN:N', 'YYN:Y', 'NYN:Y', 'NNN:N', 'NNN:N', 'YNN:Y'],
};

const lines = { profiles: [], prompts: [], labels: [], annotations: [], predictions: [] };
for (const [userId, attrs] of Object.entries(users)) {
  lines.profiles.push({ userId, attributes: attrs.map((text) => ({ text, confidence: 0.8, source: 'illustrative' })) });
}
for (const [id, text] of Object.entries(prompts)) lines.prompts.push({ id, text });
for (const [key, votes] of Object.entries(tasks)) {
  const [userId, promptId] = key.split(' ');
  votes.forEach((spec, i) => {
    const attribute = users[userId][i];
    const [human, llm] = spec.split(':');
    const yes = [...human].filter((c) => c === 'Y').length;
    [...human].forEach((c, j) => lines.annotations.push({ userId, promptId, attribute, annotator: 'ABC'[j], relevant: c === 'Y', round: 'demo' }));
    lines.labels.push({ userId, promptId, attribute, relevant: yes >= 2, yesRate: yes / 3, nAnnotators: 3, round: 'demo' });
    lines.predictions.push({ userId, promptId, attribute, system: 'votes:demo-llm', relevant: llm === 'Y', rawAnswer: llm === 'Y' ? 'YES' : 'NO', round: 'demo' });
  });
}
for (const [name, rows] of Object.entries(lines)) {
  fs.writeFileSync(path.join(dir, `${name}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify({ name: 'demo', provenance: 'illustrative' }, null, 2) + '\n');
console.log(Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, v.length])));
