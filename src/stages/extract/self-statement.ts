/**
 * Sensitive guesses of a model extractor are kept only when the user states the trait: an evidence turn of the
 * user holds a first-person clause ("I ...", not a hypothetical, a role-play, a writing task, a question or
 * someone else's clause, not hedged, same polarity) whose meaning falls in the attribute's sensitive category.
 * Checked offline: the keyword reading first (statesSensitiveTrait), then the classifier by meaning.
 */
import type { Embedder } from '../../embed/embedder.js';
import type { Attribute, Conversation } from '../../model/index.js';
import { findAll, findingsStateSensitiveTrait, lastQuoteEnd, type Finding } from './findings.js';
import { NEGATED_RE, type SensitiveCategory } from './sensitive.js';
import { sensitiveByMeaning } from './sensitive-meaning.js';
import { clauses, normalizeFirstPerson, thirdSingular, sentences, stripQuoted, toThirdPerson, weAsI } from './text.js';
import { HEDGE_RE, LEAD_GUARD_RE, QUESTION_START_RE } from './vocabulary.js';
import { ownText } from './task-cut.js';
import { MAX_MESSAGE_CHARS } from './limits.js';

const HYPOTHETICAL_START_RE = /^\W*(?:if|suppose|supposing|imagine|imagining|pretend|when|whenever|once|unless|what if)\b/i;

/** The user's own first-person clauses in a message, rewritten "The user ..." (guards as the offline extractor's). */
export function selfClauses(message: string): string[] {
  const text = ownText(normalizeFirstPerson(stripQuoted(message.slice(0, MAX_MESSAGE_CHARS))));
  const out: string[] = [];
  for (const sentence of sentences(text)) {
    if (/\?\s*$/.test(sentence) || HYPOTHETICAL_START_RE.test(sentence)) continue;
    for (const clause of clauses(sentence).map(weAsI)) {
      const at = clause.search(/\bI(?='m\b|'ve\b|'d\b|\b)/);
      if (at < 0 || /^I\s+(?:would|could|might|may|will|'d|'ll)\b/i.test(clause.slice(at)) || LEAD_GUARD_RE.test(clause.slice(lastQuoteEnd(clause.slice(0, at)), at)) || HEDGE_RE.test(clause) || QUESTION_START_RE.test(clause)) continue;
      const own = clause.slice(at).replace(/^I(?:'m| am)\b/, 'is').replace(/^I was\b/, 'was').replace(/^I(?:'ve| have)\b/, 'has').replace(/^I\s+(?:(?:really|also|just|usually|often|always|still|do)\s+)*(\w+)/, (_m, v: string) => thirdSingular(v));
      out.push(`The user ${toThirdPerson(own)}`);
    }
  }
  return out;
}

export interface SensitiveGuessCheck {
  kept: Attribute[];
  dropped: { attribute: Attribute; category: SensitiveCategory }[];
}

/**
 * Drops each attribute that is sensitive (by keyword or meaning) and that no evidence turn of the user states
 * about themselves. Attributes outside the sensitive categories pass unchanged.
 */
export async function checkSensitiveGuesses(attributes: readonly Attribute[], conversation: Conversation, opts: { embedder: Embedder }): Promise<SensitiveGuessCheck> {
  const cats = await sensitiveByMeaning(attributes.map((a) => a.text), opts);
  const byIndex = new Map(conversation.turns.map((t) => [t.index, t]));
  // A turn's own clauses are classified once, however many attributes cite it.
  const ownByTurn = new Map<number, Promise<{ negated: boolean; category: SensitiveCategory | undefined }[]>>();
  const ownClauses = (index: number, text: string) => {
    let p = ownByTurn.get(index);
    if (!p) {
      const clauses = selfClauses(text);
      p = sensitiveByMeaning(clauses, opts).then((cs) => clauses.map((c, k) => ({ negated: NEGATED_RE.test(c), category: cs[k] })));
      ownByTurn.set(index, p);
    }
    return p;
  };
  const findingsByTurn = new Map<number, Finding[]>();
  const findingsOf = async (index: number, text: string) => {
    let f = findingsByTurn.get(index);
    if (!f) {
      findingsByTurn.set(index, (f = findAll(text).findings));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return f;
  };
  const kept: Attribute[] = [];
  const dropped: SensitiveGuessCheck['dropped'] = [];
  for (const [i, a] of attributes.entries()) {
    const category = cats[i];
    if (!category) {
      kept.push(a);
      continue;
    }
    const turns = a.evidence.map((e) => byIndex.get(e.turnIndex)).filter((t) => t?.role === 'user').map((t) => t!);
    let stated = false;
    for (const t of turns) if (!stated) stated = findingsStateSensitiveTrait(await findingsOf(t.index, t.text), a.text);
    if (!stated) {
      const negated = NEGATED_RE.test(a.text);
      for (const t of turns) {
        if ((await ownClauses(t.index, t.text)).some((c) => c.negated === negated && c.category === category)) {
          stated = true;
          break;
        }
      }
    }
    if (stated) kept.push(a);
    else dropped.push({ attribute: a, category });
  }
  return { kept, dropped };
}

/**
 * The remember path's sensitive gate: drops sensitive attributes (by keyword or meaning) that no evidence turn
 * of the user states (listed in `dropped` with the reason), and marks the kept ones with their category.
 */
export async function gateSensitive<T extends Attribute & { sensitive?: SensitiveCategory }>(
  attributes: readonly T[],
  conversation: Conversation,
  opts: { embedder: Embedder; dropped?: { text: string; reason: string }[] },
): Promise<T[]> {
  if (attributes.length === 0) return [];
  const { kept, dropped } = await checkSensitiveGuesses(attributes, conversation, opts);
  for (const d of dropped) opts.dropped?.push({ text: d.attribute.text, reason: `sensitive (${d.category}) but not stated by the user about themselves` });
  const cats = await sensitiveByMeaning(kept.map((a) => a.text), opts);
  return (kept as T[]).map((a, i) => (a.sensitive || !cats[i] ? a : { ...a, sensitive: cats[i] }));
}
