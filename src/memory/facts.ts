/**
 * remember({ userId, facts }): facts an application states about its user ("I am vegetarian", "Prefers short
 * answers", "The user lives in Lyon"), stored without extraction. The call is the evidence: the facts are kept as
 * one conversation of user turns (so profile quotes them and forget deletes them), each attribute points at its
 * turn, and they pass the sensitive marking and the merge (reinforce, supersede, retire) as extracted ones do.
 */
import { createHash } from 'node:crypto';
import { embedUnique } from '../embed/embedder.js';
import type { Attribute, Turn } from '../model/index.js';
import { predicateText } from '../stages/extract/merge.js';
import { dropAuthorityClaims, type SensitiveCategory } from '../stages/extract/offline.js';
import { sensitiveByMeaning } from '../stages/extract/sensitive-meaning.js';
import type { MemoryScope } from '../store/memory-store.js';
import type { RememberResult } from './attune.js';
import { InvalidArgumentError } from './errors.js';
import { unstorable } from './messages.js';
import { mergeIntoProfile } from './merge.js';
import type { Runtime } from './runtime.js';

/** How sure a stated fact is: the application said it outright. */
export const STATED_FACT_CONFIDENCE = 0.9;
const MAX_FACTS = 100;
const MAX_FACT_CHARS = 2000;

export function validateFacts(facts: unknown): string[] {
  if (!Array.isArray(facts) || facts.length === 0) throw new InvalidArgumentError('facts', 'must be a non-empty array of strings');
  if (facts.length > MAX_FACTS) throw new InvalidArgumentError('facts', `at most ${MAX_FACTS} per call, got ${facts.length}`);
  return facts.map((f, i) => {
    if (typeof f !== 'string' || !f.trim()) throw new InvalidArgumentError(`facts.${i}`, 'must be a non-empty string');
    if (f.length > MAX_FACT_CHARS) throw new InvalidArgumentError(`facts.${i}`, `is longer than ${MAX_FACT_CHARS} characters`);
    const why = unstorable(f);
    if (why) throw new InvalidArgumentError(`facts.${i}`, why);
    return f.trim().replace(/\s+/g, ' ');
  });
}

const THIRD_PERSON: [RegExp, string][] = [
  [/^i am\b/i, 'is'], [/^i'm\b/i, 'is'], [/^i have\b/i, 'has'], [/^i've\b/i, 'has'], [/^i was\b/i, 'was'],
  [/^i (?:don't|do not)\b/i, 'does not'], [/^i (?:can't|cannot|can not)\b/i, 'cannot'], [/^i (?:will|'ll)\b/i, 'will'],
  [/^i'd\b/i, 'would'], [/^i can\b/i, 'can'], [/^i (?:no longer|never|also|still|really|usually|often|mostly|always)\b/i, ''],
];

/** A stated fact as an attribute text about "The user" ("I'm vegetarian" -> "The user is vegetarian"). */
export function factText(fact: string): string {
  const t = fact.replace(/[.!\s]+$/, '');
  if (/^the user\b/i.test(t)) return `The user${t.slice(8)}`;
  if (/^my\b/i.test(t)) return `The user's${t.slice(2)}`;
  for (const [re, verb] of THIRD_PERSON) {
    const m = re.exec(t);
    if (!m) continue;
    if (verb) return `The user ${verb}${t.slice(m[0].length)}`;
    // An adverb after "I": keep it and put the verb after it in the third person.
    const rest = /^(\s+)(\w+)(.*)$/.exec(t.slice(m[0].length));
    return rest ? `The user ${m[0].slice(2)} ${thirdPerson(rest[2]!)}${rest[3]}` : `The user ${t.slice(2)}`;
  }
  const verb = /^i (\w+)(.*)$/i.exec(t);
  if (verb) return `The user ${thirdPerson(verb[1]!)}${verb[2]}`;
  // "prefers short answers", "lives in Lyon": a predicate without its subject.
  if (/^(?:is|has|was|does|[a-z]+[^s]s)\b/i.test(t)) return `The user ${t[0]!.toLowerCase()}${t.slice(1)}`;
  return t;
}

const PAST = new Set('quit went got made took began became left put set had were read ran bought gave found lost sold met grew drove wrote spent'.split(' '));

function thirdPerson(v: string): string {
  const w = v.toLowerCase();
  if (['am', 'is', 'was', 'has', 'does', 'can', 'will', 'would', 'should', 'must', 'could', 'may', 'might'].includes(w)) return w === 'am' ? 'is' : w;
  if (w.endsWith('ed') || PAST.has(w)) return w;
  if (w === 'have') return 'has';
  if (w === 'do') return 'does';
  if (w === 'go') return 'goes';
  if (/(?:s|sh|ch|x|z|o)$/.test(w)) return `${w}es`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  return `${w}s`;
}

export async function rememberFacts(r: Runtime, scope: MemoryScope, facts: readonly string[], sameDistance: number): Promise<RememberResult> {
  const turns: Turn[] = facts.map((text, index) => ({ index, role: 'user', text }));
  const hash = createHash('sha256').update(JSON.stringify(['facts', ...facts])).digest('hex');
  const conversationId = `f_${hash.slice(0, 24)}`;
  const base = { userId: scope.userId, conversationId };
  if (await r.repo.findConversation(scope, { id: conversationId, hash })) return { ...base, alreadyRemembered: true, changes: [], dropped: [] };
  const seen = new Set<string>();
  const dropped: RememberResult['dropped'] = [];
  const texts: { text: string; turnIndex: number }[] = [];
  facts.forEach((f, i) => {
    const text = factText(f);
    if (seen.has(text.toLowerCase())) return;
    seen.add(text.toLowerCase());
    texts.push({ text, turnIndex: i });
  });
  // The same gates as extracted attributes: no authority claims; sensitive categories by meaning, not keywords only.
  const allowed = dropAuthorityClaims(texts, dropped);
  const categories = await sensitiveByMeaning(allowed.map((t) => t.text), { embedder: r.embedder });
  const attrs: (Attribute & { sensitive?: SensitiveCategory })[] = allowed.map(({ text, turnIndex }, j) => {
    const category = categories[j];
    return {
      text, reason: 'stated by the application (remember facts)', confidence: STATED_FACT_CONFIDENCE, source: 'stated', members: [],
      evidence: [{ conversationId, turnIndex }], ...(category ? { sensitive: category } : {}),
    };
  });
  const incoming = await embedUnique(r.embedder, attrs.map((a) => predicateText(a.text)));
  return r.repo.transaction(async (repo) => {
    if (await repo.findConversation(scope, { id: conversationId, hash })) return { ...base, alreadyRemembered: true, changes: [], dropped: [] };
    await repo.insertConversation(scope, { id: conversationId, hash, turns });
    const changes = await mergeIntoProfile(repo, r.embedder, incoming, scope, conversationId, attrs, sameDistance, dropped);
    return { ...base, alreadyRemembered: false, changes, dropped };
  });
}
