/**
 * The first half of `attune demo`: the memory (`createAttune`) at work on two invented users, through the public
 * API only: remember, profile (with evidence and history), select (scores and why), and respond beside a generic
 * answer from attune/testing's scripted local OpenAI-compatible server. Offline: the default offline extractor
 * and the default selector; a temporary SQLite store, deleted afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createAttune } from '../memory/index.js';
import type { MemoryAttribute, RememberResult, SelectResult } from '../memory/index.js';
import { generateResponse } from '../stages/respond/generate-response.js';
import { startTestLlmServer, type TestLlmRequest } from '../llm/testing/server.js';

export interface DemoUser {
  id: string;
  name: string;
  /** Conversations in the order they happened; each is the user's turns (assistant turns left out for brevity). */
  conversations: string[][];
  /** Facts the conversations retire: the demo says so plainly when the memory still holds one as active. */
  expectRetired?: string[];
}

/** Two self-written users. Invented for the demo: not real people, not data from the study. */
export const DEMO_USERS: DemoUser[] = [
  {
    id: 'ana',
    name: 'Ana',
    conversations: [
      [
        "I'm a nurse on night shifts at a hospital in Lisbon, so I usually sleep until early afternoon.",
        "I'm vegetarian and I want easy meals I can take to work. I also have a cat called Miso.",
      ],
    ],
  },
  {
    id: 'ben',
    name: 'Ben',
    conversations: [
      ['I live in Manchester and I follow a keto diet. I work as a software developer.', 'I love hiking with my two kids at the weekend.'],
      ["Big news: we moved to Bristol last month. And I stopped the keto diet, it wasn't for me."],
    ],
    expectRetired: ['The user lives in Manchester', 'The user follows a keto diet'],
  },
];

export const DEMO_PROMPTS: { userId: string; prompt: string }[] = [
  { userId: 'ana', prompt: 'What should I cook for dinner tonight?' },
  { userId: 'ben', prompt: 'Ideas for a day out this weekend?' },
  { userId: 'ben', prompt: 'Suggest a dinner recipe.' },
  { userId: 'ana', prompt: 'What is the boiling point of water at sea level?' },
];

export interface MemoryDemoResult {
  users: { user: DemoUser; remembered: RememberResult[]; profile: MemoryAttribute[] }[];
  selections: { userId: string; prompt: string; selection: SelectResult }[];
  answer: { userId: string; prompt: string; personalized: string; generic: string; attributes: string[] };
}

/** The JSON-string facts in a personalized system message (`- "The user ..."` lines). */
function factsIn(system: string): string[] {
  const out: string[] = [];
  for (const line of system.split('\n')) {
    const m = /^- (".*")$/.exec(line);
    if (!m) continue;
    try {
      out.push(String(JSON.parse(m[1]!)).replace(/^The user /, ''));
    } catch {
      // not a fact line
    }
  }
  return out;
}

/** The scripted test model: it says what it was given, so the difference between the two answers is visible. */
function scriptedReply(req: TestLlmRequest): string {
  const system = req.body.messages.find((m) => m.role === 'system');
  const facts = factsIn(typeof system?.content === 'string' ? system.content : '');
  return facts.length
    ? `(scripted) An answer to "${req.lastUserText}" written for someone who ${facts.join('; ')}.`
    : `(scripted) A general answer to "${req.lastUserText}", the same for anyone.`;
}

/** Runs the memory demo on a temporary store (deleted afterwards) and returns what happened. */
export async function runMemoryDemo(o: { users?: DemoUser[]; prompts?: { userId: string; prompt: string }[] } = {}): Promise<MemoryDemoResult> {
  const users = o.users ?? DEMO_USERS;
  const prompts = o.prompts ?? DEMO_PROMPTS;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-demo-memory-'));
  const server = await startTestLlmServer({ script: scriptedReply });
  const model = createOpenAICompatible({ name: 'local-test', baseURL: server.baseURL }).chatModel('scripted-test-model');
  // The vectors of the invented users go to the temporary directory too, not the user's embedding cache.
  const attune = createAttune({ store: path.join(dir, 'demo.sqlite'), embedCache: path.join(dir, 'embeddings.sqlite'), model, extractor: 'offline' });
  try {
    const out: MemoryDemoResult['users'] = [];
    for (const user of users) {
      const remembered: RememberResult[] = [];
      for (const turns of user.conversations) {
        remembered.push(await attune.remember({ userId: user.id, messages: turns.map((content) => ({ role: 'user' as const, content })) }));
      }
      out.push({ user, remembered, profile: (await attune.profile({ userId: user.id })).attributes });
    }
    const selections: MemoryDemoResult['selections'] = [];
    for (const p of prompts) selections.push({ ...p, selection: await attune.select(p) });
    const first = prompts[0]!;
    const personalized = await attune.respond(first);
    const generic = await generateResponse({ model, prompt: first.prompt });
    return {
      users: out,
      selections,
      answer: { ...first, personalized: personalized.text, generic: generic.text, attributes: personalized.attributes.map((a) => a.text) },
    };
  } finally {
    await attune.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const short = (t: string, n = 90): string => (t.length > n ? `${t.slice(0, n - 1)}…` : t);
const pred = (t: string): string => t.replace(/^The user /, '');

/** The demo result as a page a newcomer reads in half a minute. */
export function formatMemoryDemo(r: MemoryDemoResult): string {
  const L: string[] = [];
  L.push('PART 1: THE MEMORY AT WORK');
  L.push('Two invented users (written for this demo, not real people). Facts are extracted offline (patterns, no LLM),');
  L.push('kept with the words they came from, and selected per request by the default selector. Temporary store, deleted after.');
  const nameOf = new Map(r.users.map((u) => [u.user.id, u.user.name]));
  for (const { user, remembered, profile } of r.users) {
    user.conversations.forEach((turns, i) => {
      L.push('', `${user.name}, conversation ${i + 1}:`);
      for (const t of turns) L.push(`  "${t}"`);
      const res = remembered[i]!;
      const changes = res.changes.map((c) => {
        const old = c.supersedes ? profile.find((a) => a.id === c.supersedes) : undefined;
        return c.kind === 'superseded' ? `"${pred(c.text)}" (replaces "${pred(old?.text ?? '?')}")` : `"${pred(c.text)}"`;
      });
      L.push(`  -> remembered: ${changes.length ? changes.join(', ') : 'nothing'}`);
      for (const d of res.dropped) L.push(`  -> not kept: "${pred(d.text)}" (${d.reason})`);
    });
    L.push(`${user.name}'s profile (fact, confidence, the words it rests on):`);
    for (const a of profile) {
      const mark = a.status === 'active' ? '  ' : '  [retired] ';
      const ev = a.evidence[0]?.quote ? ` <- "${short(a.evidence[0].quote, 60)}"` : '';
      L.push(`${mark}${pred(a.text)}  ${a.confidence.toFixed(2)}${ev}`);
      if (a.status !== 'active') {
        const verb: Record<string, string> = { created: 'learned', superseded: 'replaced by', retired: 'retired by' };
        const hist = a.history.map((h) => `${verb[h.kind] ?? h.kind}${h.kind !== 'created' && typeof h.detail.text === 'string' ? ` "${pred(h.detail.text)}"` : ''}`);
        L.push(`      history: ${hist.join(' -> ')}`);
      }
    }
    for (const t of user.expectRetired ?? []) {
      if (profile.some((a) => a.status === 'active' && a.text === t)) L.push(`  MISSED: a later conversation says "${pred(t)}" no longer holds, but the memory still has it as active.`);
    }
  }
  const stale = new Set(r.users.flatMap(({ user, profile }) => profile.filter((a) => a.status === 'active' && user.expectRetired?.includes(a.text)).map((a) => a.id)));
  L.push('', 'Which facts each request gets (score, then why; the cut is the selector\'s threshold):');
  for (const s of r.selections) {
    const cut = s.selection.threshold !== undefined ? `, cut ${s.selection.threshold}` : '';
    const n = s.selection.attributes.length;
    L.push(`  ${nameOf.get(s.userId) ?? s.userId}: "${s.prompt}" -> ${n ? `${n} selected` : 'nothing selected: a generic answer'}${cut}`);
    for (const c of [...s.selection.scores].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))) {
      L.push(`    ${c.selected ? 'YES' : ' no'} ${(c.score ?? 0).toFixed(2)} ${short(pred(c.text), 48).padEnd(48)} ${c.why ?? ''}${stale.has(c.id) ? '  (MISSED: no longer holds)' : ''}`);
    }
  }
  const a = r.answer;
  L.push('', `Answers to ${nameOf.get(a.userId) ?? a.userId}'s "${a.prompt}" from a scripted local test model`);
  L.push('(attune/testing\'s OpenAI-compatible server on localhost: no network, no real LLM; it echoes what it was given):');
  L.push(`  with the selected facts: ${a.personalized}`);
  L.push(`  generic (no facts):      ${a.generic}`);
  return L.join('\n');
}
