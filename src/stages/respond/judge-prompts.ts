/**
 * Stage-3 judge prompts and their parsers; no LLM calls here (the LLM layer sends the prompts).
 *
 * 1. Per-attribute comparison (the paper's stage-3 protocol, given to people and to LLM judges): the
 *    user's request, the user's relevant attributes, and two responses to it, one generic (no profile) and
 *    one personalized, shown as "Response A" (first) and "Response B" (second) in a seeded random order.
 *    The judge is told to imagine being a user with these attributes and rates, per attribute, how much
 *    better or worse Response B serves that user than Response A: 1 much worse, 2 somewhat worse, 3 no
 *    difference, 4 somewhat better, 5 much better; it is warned that mentioning an attribute is not
 *    automatically better. The judge is not told which response is personalized. attune stores the score
 *    on the paper's scale (personalized vs generic): B's score when the generic response was shown first
 *    (order `generic_first`), 6 - score when the personalized one was (`personalized_first`).
 * 2. Pairwise preference: same inputs; which response better serves this user overall: A, B or tie.
 *
 * Order: {@link assignOrder} is a pure function of (seed, pair id), so a run can be repeated exactly and
 * the swapped run ({@link swapOrder}) measures position bias. The order goes into each Rating's `order`.
 */
import { z } from 'zod';
import type { PairOrder, Rating, ResponsePair } from '../../model/index.js';
import { stripThinking } from '../../llm/json.js';
import { dataText, USER_DATA_RULE } from '../../llm/user-data.js';
import { compositeKey } from '../../model/key.js';

export const SCALE_LABELS = ['much worse', 'somewhat worse', 'no difference', 'somewhat better', 'much better'] as const;

/** 32-bit FNV-1a hash of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Seeded, per-pair order: the same (seed, pair id) always gives the same order, whatever else is judged. */
export function assignOrder(seed: number, pairId: string): PairOrder {
  // Mix the hash once more (murmur3 finalizer) so the low bit is well spread.
  let h = fnv1a(compositeKey(seed, pairId));
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % 2 === 0 ? 'generic_first' : 'personalized_first';
}

export function swapOrder(order: PairOrder): PairOrder {
  return order === 'generic_first' ? 'personalized_first' : 'generic_first';
}

/** The two responses as the judge sees them. */
export function orderedResponses(pair: Pick<ResponsePair, 'generic' | 'personalized'>, order: PairOrder): { a: string; b: string } {
  return order === 'generic_first' ? { a: pair.generic, b: pair.personalized } : { a: pair.personalized, b: pair.generic };
}

/** A judge's B-vs-A score mapped to the paper's personalized-vs-generic scale (and back: it is its own inverse). */
export function toPersonalizedScale(score: number, order: PairOrder): number {
  return order === 'generic_first' ? score : 6 - score;
}

export interface ComparisonPromptInput {
  promptText: string;
  attributes: readonly string[];
  generic: string;
  personalized: string;
  order: PairOrder;
}

/** What both judge prompts show: the request, the user's attributes and the two responses in the given order. */
function pairContext(input: ComparisonPromptInput): string[] {
  const { a, b } = orderedResponses(input, input.order);
  return [
    'Imagine you are a user with the attributes listed below, and that you sent this request.',
    USER_DATA_RULE,
    '',
    'Request:',
    dataText(input.promptText),
    '',
    'Your attributes:',
    ...input.attributes.map((t, i) => `${i + 1}. ${dataText(t)}`),
    '',
    'Response A:',
    dataText(a),
    '',
    'Response B:',
    dataText(b),
    '',
  ];
}

/** The per-attribute 1-5 comparison prompt (user message). Attributes are numbered from 1. */
export function buildComparisonPrompt(input: ComparisonPromptInput): string {
  return [
    'You are evaluating two responses of an AI assistant to the same request, from the point of view of a particular user.',
    ...pairContext(input),
    'For EACH attribute, rate how much better or worse Response B serves you, as a user with that attribute, than Response A:',
    '1 = B is much worse, 2 = B is somewhat worse, 3 = no difference, 4 = B is somewhat better, 5 = B is much better.',
    'Judge what actually helps a person with the attribute: content, examples, level of detail, tone.',
    'Mentioning an attribute is not automatically better; a response that names an attribute without using it well is not better for it.',
    '',
    'You may reason briefly first. End your reply with one JSON object and nothing after it:',
    `{"ratings": [${input.attributes.map((_, i) => `{"attribute": ${i + 1}, "score": <1-5>}`).join(', ')}]}`,
  ].join('\n');
}

/** The pairwise preference prompt (user message). */
export function buildPreferencePrompt(input: ComparisonPromptInput): string {
  return [
    'You are comparing two responses of an AI assistant to the same request, from the point of view of a particular user.',
    ...pairContext(input),
    'Which response would serve you better overall? Mentioning an attribute is not automatically better.',
    'Answer "tie" only if neither is better for you.',
    '',
    'You may reason briefly first. End your reply with one JSON object and nothing after it:',
    '{"preference": "A" | "B" | "tie"}',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Parsers

export const ComparisonOutput = z.object({
  ratings: z
    .array(
      z.object({
        attribute: z.union([z.number().int().min(1), z.string().min(1)]),
        score: z.union([z.number(), z.string()]).transform((v, ctx) => {
          const n = typeof v === 'number' ? v : Number(v.trim());
          if (!Number.isInteger(n) || n < 1 || n > 5) {
            ctx.addIssue({ code: 'custom', message: `score must be an integer 1-5 (got ${JSON.stringify(v)})` });
            return z.NEVER;
          }
          return n;
        }),
      }),
    )
    .min(1),
});
export type ComparisonOutput = z.infer<typeof ComparisonOutput>;

export const PreferenceOutput = z.object({ preference: z.string().transform((v, ctx) => {
  const p = normalisePreference(v);
  if (!p) {
    ctx.addIssue({ code: 'custom', message: `preference must be "A", "B" or "tie" (got ${JSON.stringify(v)})` });
    return z.NEVER;
  }
  return p;
}) });

export type ParseVia = 'json' | 'text';

export interface ParsedComparison {
  /** One score per attribute, in the prompt's order, on the judge's B-vs-A scale; undefined when missing. */
  scores: (number | undefined)[];
  via: ParseVia;
  /** Attributes (1-based) the output gave no usable score for. */
  missing: number[];
}

/** Every top-level-looking JSON object in a text, last first (reasoning may contain braces before the answer). */
function jsonObjectsFromEnd(text: string): unknown[] {
  const out: unknown[] = [];
  const ends: number[] = [];
  for (let j = text.length - 1; j >= 0; j--) if (text[j] === '}') ends.push(j);
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '{') starts.push(i);
  for (const j of ends.slice(0, 20)) {
    for (const i of starts) {
      if (i >= j) break;
      try {
        out.push(JSON.parse(text.slice(i, j + 1)));
        return out;
      } catch {
        // try the next start
      }
    }
  }
  return out;
}

const clean = (output: string): string => stripThinking(output).replace(/```[\w-]*/g, '');

const VERBAL: [RegExp, number][] = [
  [/much\s+worse/i, 1],
  [/somewhat\s+worse|slightly\s+worse/i, 2],
  [/no\s+difference|about\s+the\s+same|equal/i, 3],
  [/somewhat\s+better|slightly\s+better/i, 4],
  [/much\s+better/i, 5],
];

/**
 * Parses a comparison judge's output for `n` attributes. First the last JSON object that validates
 * against {@link ComparisonOutput} (attribute = 1-based number, or the attribute's text when `attributes`
 * are given); else a text fallback: per attribute i, the last line that starts with its number ("1:",
 * "Attribute 1 -", "**1.**", "[1]") and holds a score 1-5 ("4", "4/5", "score: 4") or a scale phrase
 * ("somewhat better"). Scores stay on the judge's B-vs-A scale: map them with {@link toPersonalizedScale}.
 */
export function parseComparisonOutput(output: string, n: number, attributes?: readonly string[]): ParsedComparison {
  const text = clean(output);
  for (const obj of jsonObjectsFromEnd(text)) {
    const r = ComparisonOutput.safeParse(obj);
    if (!r.success) continue;
    const scores: (number | undefined)[] = Array.from({ length: n }, () => undefined);
    for (const { attribute, score } of r.data.ratings) {
      let idx: number | undefined;
      if (typeof attribute === 'number') idx = attribute - 1;
      else if (/^\d+$/.test(attribute.trim())) idx = Number(attribute.trim()) - 1;
      else if (attributes) {
        const at = attributes.findIndex((t) => t.trim().toLowerCase() === attribute.trim().toLowerCase());
        if (at >= 0) idx = at;
      }
      if (idx !== undefined && idx >= 0 && idx < n) scores[idx] = score;
    }
    const missing = scores.flatMap((s, i) => (s === undefined ? [i + 1] : []));
    if (missing.length < n) return { scores, via: 'json', missing };
  }
  const lines = text.split(/\r?\n/);
  const scores: (number | undefined)[] = [];
  for (let i = 1; i <= n; i++) {
    const head = new RegExp(`^\\s*(?:[-*]\\s*)?(?:\\*\\*|__)?\\s*(?:\\[\\s*${i}\\s*\\]|(?:attribute\\s*#?\\s*)?${i}\\s*(?:[.:)\\-–—]|\\*\\*))`, 'i');
    let found: number | undefined;
    for (const line of lines) {
      if (!head.test(line)) continue;
      const rest = line.replace(head, '');
      const num = [...rest.matchAll(/(?:score\s*[:=]?\s*|rating\s*[:=]?\s*)?\b([1-5])\s*(?:\/\s*5\b)?(?![\d.])/gi)];
      const explicit = num.find((m) => /score|rating|\/\s*5/i.test(m[0]));
      const pick = explicit ?? num[num.length - 1];
      if (pick) found = Number(pick[1]);
      else {
        const v = VERBAL.find(([re]) => re.test(rest));
        if (v) found = v[1];
      }
    }
    scores.push(found);
  }
  return { scores, via: 'text', missing: scores.flatMap((s, i) => (s === undefined ? [i + 1] : [])) };
}

export type PreferenceLetter = 'A' | 'B' | 'tie';

function normalisePreference(v: string): PreferenceLetter | undefined {
  const t = v.trim().replace(/^["'*\s]+|["'*.\s]+$/g, '').toLowerCase();
  if (t === 'a' || t === 'response a') return 'A';
  if (t === 'b' || t === 'response b') return 'B';
  if (t === 'tie' || t === 'equal' || t === 'neither' || t === 'both') return 'tie';
  return undefined;
}

export interface ParsedPreference {
  letter: PreferenceLetter;
  via: ParseVia;
}

/**
 * Parses a preference judge's output: the last JSON object with a valid `preference`; else the last
 * "Preference: A/B/tie" (or "Answer:", "Winner:", "Better response:") line; else the last standalone
 * "Response A/B" in a final sentence; else undefined.
 */
export function parsePreferenceOutput(output: string): ParsedPreference | undefined {
  const text = clean(output);
  for (const obj of jsonObjectsFromEnd(text)) {
    const r = PreferenceOutput.safeParse(obj);
    if (r.success) return { letter: r.data.preference, via: 'json' };
  }
  let last: PreferenceLetter | undefined;
  for (const m of text.matchAll(/\b(?:preference|answer|winner|verdict|better response|preferred)\b\s*\**\s*[:=\-–]\s*\**\s*["']?\s*(?:response\s+)?(A|B|tie|equal|neither)\b/gi)) {
    last = normalisePreference(m[1]!) ?? last;
  }
  if (last) return { letter: last, via: 'text' };
  const tail = text.trim().split(/\n/).pop() ?? '';
  const m = [...tail.matchAll(/\b[Rr]esponse\s+(A|B)\b/g)].pop();
  if (m) return { letter: m[1] as 'A' | 'B', via: 'text' };
  return undefined;
}

/** Which response the preference favours, given the order it was shown in. */
export function preferredResponse(letter: PreferenceLetter, order: PairOrder): 'generic' | 'personalized' | 'tie' {
  if (letter === 'tie') return 'tie';
  const personalizedLetter = order === 'generic_first' ? 'B' : 'A';
  return letter === personalizedLetter ? 'personalized' : 'generic';
}

/**
 * Rating records from one parsed comparison: on the paper's personalized-vs-generic scale, with the
 * order recorded. Attributes without a score are left out.
 */
export function comparisonRatings(parsed: ParsedComparison, pairId: string, attributes: readonly string[], judge: string, order: PairOrder): Rating[] {
  return attributes.flatMap((attribute, i) => {
    const s = parsed.scores[i];
    return s === undefined ? [] : [{ rater: judge, raterKind: 'llm' as const, pairId, attribute, score: toPersonalizedScale(s, order), order }];
  });
}
