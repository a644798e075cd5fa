/** The verifier's features: hand-written signals of one attribute and its evidence, and two embeddings. */
import type { Embedder } from '../../../embed/embedder.js';
import { cosine, embedUnique } from '../../../embed/embedder.js';
import { predicateText } from '../merge.js';
import { evidenceTurns, type VerifyItem } from './items.js';

const HEDGE_RE = /\b(?:may|might|maybe|perhaps|possibly|probably|likely|seems?|appears?|suggests?|could|often|some|somewhat|interested in|tends? to|presumably|implies|indicat\w*)\b/gi;
const DEICTIC_RE = /\b(?:this|that|these|those|it|the (?:above|same|second|first|third|last|other|previous|next|one|ones|option|version|draft|paragraph|article|code|essay|story|plan|methods?)|as before|one)\b/gi;
const TRAIT_RE = /\b(?:is an?|is the|works?|worked|is learning|studies|lives?|has \d+|years of|professional|experienced|expert|fan of|loves?|owns?|is married|is (?:on|planning)|supports|speaks|fear|feels?)\b/gi;
const FIRST_PERSON_RE = /\b(?:i am|i'm|im|i've|ive|i have|i was|i work|i live|i use|i play|i prefer|i like|i love|i hate|i don't|i do not|i always|i usually|i grow|i run|i drive|i volunteer|i study|i need|my|mine|we|our|we're|i)\b/gi;
const REQUEST_START_RE = /^\s*(?:please\s+)?(?:what|how|why|which|who|where|when|can|could|would|is|are|do|does|give|write|translate|list|explain|summari[sz]e|suggest|recommend|convert|make|tell|show|draft|proofread|continue|imagine|pretend|let's|create|compose|help)\b/i;
const FICTION_RE = /\b(?:story|stories|fiction\w*|novel|poem|character|dialogue|scene|plot|narrat\w*|chapter|fairy tale|once upon)\b/gi;
const ROLEPLAY_RE = /\b(?:pretend|role-?play|roleplay|act as|imagine (?:you|that you|you're)|you are (?:a|an|my|the)|from the perspective of|in the voice of|in character|let's play)\b/gi;
const TRANSLATION_RE = /\b(?:translate|translation|into (?:french|spanish|german|italian|japanese|chinese|english|portuguese|arabic|russian|korean))\b/gi;
const WRITING_TASK_RE = /\b(?:write|draft|compose|proofread|rewrite|paraphrase|edit|cover letter|resignation letter|speech|essay|email|e-mail|letter|bio|resume|caption)\b/gi;
const STOP = new Set('the user a an and or of to in on for with is are was be been has have had their they them this that it its as at by from about into very some who not'.split(' '));

const count = (re: RegExp, text: string): number => text.match(re)?.length ?? 0;
const words = (text: string): string[] => text.toLowerCase().split(/[^a-z0-9\u00c0-\u024f']+/).filter((w) => w.length > 2 && !STOP.has(w));

function overlap(a: string, b: string): number {
  const wa = new Set(words(a));
  if (wa.size === 0) return 0;
  const wb = new Set(words(b));
  let n = 0;
  for (const w of wa) if (wb.has(w) || wb.has(w.replace(/s$/, '')) || wb.has(`${w}s`)) n++;
  return n / wa.size;
}

/** The hand-written features, by name (stable order: they index the model's weights). */
export const HAND_FEATURES = [
  'hedge_attribute', 'hedge_reason', 'attribute_words', 'specific_tokens', 'trait_claim', 'deictic',
  'evidence_turns', 'evidence_user_turns', 'evidence_conversations', 'no_evidence',
  'overlap_attribute_evidence', 'overlap_reason_evidence', 'first_person', 'request_only', 'questions',
  'cue_fiction', 'cue_roleplay', 'cue_translation', 'cue_writing_task', 'quoted', 'confidence', 'cos_attribute_evidence',
] as const;

/** Texts an item needs embedded: the attribute's predicate and each user evidence turn. */
function evidenceText(item: VerifyItem): string {
  const ev = evidenceTurns(item);
  const user = ev.filter((t) => t.role === 'user');
  return (user.length ? user : ev).map((t) => t.text).join('\n');
}

export interface RawFeatures {
  hand: number[];
  attributeVec: Float32Array;
  evidenceVec: Float32Array;
}

/** Hand-written features of one item (the cosine is filled in from the embeddings). */
export function handFeatures(item: VerifyItem, cos = 0): number[] {
  const a = item.attribute;
  const text = a.text;
  const pred = predicateText(text);
  const reason = a.reason ?? '';
  const ev = evidenceTurns(item);
  const user = ev.filter((t) => t.role === 'user');
  const evText = evidenceText(item);
  const fp = user.reduce((s, t) => s + count(FIRST_PERSON_RE, t.text), 0);
  const requestOnly = user.length > 0 && user.every((t) => REQUEST_START_RE.test(t.text) && !/\b(?:i am|i'm|i've|i have|my|i work|i live)\b/i.test(t.text)) ? 1 : 0;
  const specific = (pred.match(/\b\d+\b/g)?.length ?? 0) + (pred.match(/(?<!^)\b[A-Z][a-z]+/g)?.length ?? 0);
  const predWords = pred.split(/\s+/).filter(Boolean).length;
  return [
    count(HEDGE_RE, text),
    count(HEDGE_RE, reason),
    Math.log1p(predWords),
    specific,
    count(TRAIT_RE, text),
    count(DEICTIC_RE, pred),
    Math.log1p(ev.length),
    Math.log1p(user.length),
    new Set(a.evidence.map((e) => e.conversationId)).size,
    ev.length === 0 ? 1 : 0,
    overlap(pred, evText),
    overlap(reason, evText),
    Math.log1p(fp),
    requestOnly,
    user.filter((t) => t.text.includes('?')).length,
    count(FICTION_RE, evText),
    count(ROLEPLAY_RE, evText),
    count(TRANSLATION_RE, evText),
    count(WRITING_TASK_RE, evText),
    (evText.match(/["\u201c\u201d]/g)?.length ?? 0) > 1 ? 1 : 0,
    a.confidence ?? 0.5,
    cos,
  ];
}

/** Embeds each distinct text once and returns the raw features of every item. */
export async function rawFeatures(items: readonly VerifyItem[], embedder: Embedder, onProgress?: (done: number, total: number) => void): Promise<RawFeatures[]> {
  const texts = items.flatMap((it) => [predicateText(it.attribute.text), evidenceText(it) || '(no evidence)']);
  const byText = await embedUnique(embedder, texts, onProgress ? { onProgress } : {});
  return items.map((it) => {
    const attributeVec = byText.get(predicateText(it.attribute.text))!;
    const evidenceVec = byText.get(evidenceText(it) || '(no evidence)')!;
    const cos = evidenceTurns(it).length ? cosine(attributeVec, evidenceVec) : 0;
    return { hand: handFeatures(it, cos), attributeVec, evidenceVec };
  });
}

