/** Short answers to the assistant's questions about the user. */
import type { Finding } from './findings.js';
import { HANDLE_TASK_RE, HEDGE_RE, ROLEPLAY_RE, WRITING_TASK_RE } from './vocabulary.js';
import { capitalizeUser, clean, thirdSingular, listItems, normalizeFirstPerson, sentences, stripQuoted, toThirdPerson, trimObject, usable } from './text.js';

// ---------------------------------------------------------------------------------------------------------
// Short answers to the assistant's questions

/** Questions about content the user wants produced (a story's plot, a poem's theme): their answers are not about the user. */
export const TASK_QUESTION_RE = /\b(?:story|stories|poem|essay|letter|email|script|song|lyrics|speech|character|characters|plot|scene|article|post|caption|code|program|function|slide|presentation)\b/i;
/** A question about the user's own tastes, constraints or situation. */
export const ABOUT_USER_RE = /\b(?:you|your|yourself)\b|\b(?:should|need to|ought to)\s+(?:know|keep in mind|be aware of)\b|^\W*any\s+(?:allergies|dietary|food)\b/i;
/** Replies that carry no preference: thanks, greetings, assent, requests to the assistant. */
export const EMPTY_REPLY_RE = /^(?:thanks?|thank you|ty|hi|hello|hey|bye|goodbye|good ?night|ok|okay|sure|yes|yeah|yep|yup|great|cool|perfect|sounds good|awesome|nice|wow|hmm|um|lol|no problem|you're welcome|done|not sure|i don't know|idk|maybe|anything|whatever|either|both|all of them|none of them|correct|right|exactly|indeed|please|of course|absolutely|sounds great|that's right|that's correct|that works|good|fine)\b[\s.!,]*$/i;
/** An instruction or request to the assistant, not an answer ("recommend me ...", "ignore that", "can you ..."). */
export const IMPERATIVE_RE = /^(?:please\s+)?(?:can|could|would|will|do|does|did|is|are|what|how|why|which|where|when|who|give|show|tell|find|recommend|suggest|write|make|list|ignore|forget|disregard|pretend|act|say|repeat|print|send|search|look|let|help|explain|describe|translate|create|generate)\b/i;
/** A reply with its own subject and verb ("She likes ...", "It's quick") says something about someone or something else. */
export const STATEMENT_RE = /\b(?:he|she|they|they're|theyre|we|everybody|everyone|it's|that's|there's)\b/i;
export const NEGATIVE_REPLY_RE = /^(?:no|nope|none|nothing|not really|not at all|nah|i don't|i do not|no,? i don't|no,? not really)\b/i;

/** A reply that declines to answer: "not telling lol", "rather not say", "none of your business". */
export const REFUSAL_RE = /^(?:not (?:telling|saying|sharing|gonna say|going to say)|(?:i'?d )?rather not|prefer not|none of your business|no comment|that's private|private|secret)\b/i;

/** The predicate an answer takes from the kind of question it answers. */
export function answerVerb(question: string): { verb: string; conf: number } {
  if (/\ballerg/i.test(question)) return { verb: 'is allergic to', conf: 0.6 };
  if (/\bwhat do you do (?:for (?:work|a living)|professionally)\b|\bwhat(?:'s| is) your (?:job|profession|occupation|line of work)\b|\bwhat do you work as\b/i.test(question)) return { verb: 'works as', conf: 0.55 };
  if (/\b(?:avoid|dislike|don't like|do not like|not like|not into|not want|don't want|off[- ]limits|restrictions?|hate|stay away|not a fan)\b/i.test(question)) return { verb: 'avoids', conf: 0.55 };
  if (/\bdiet(?:ary)?\s+(?:needs|requirements|preferences)\b/i.test(question)) return { verb: 'eats', conf: 0.55 };
  if (/\bwho\b[^?]*\bwith\b|\bwith (?:whom|anyone|others|someone|somebody)\b|\b(?:alone|by yourself)\b/i.test(question)) return { verb: 'is with', conf: 0.55 };
  // "What language do you use?" -> "mostly python": a tool of the trade is used, not had
  if (/\b(?:(?:programming\s+)?languages?|stack|framework|editor|IDE)\b/i.test(question) && /\b(?:use|code|write|work|program|prefer)\b/i.test(question)) return { verb: 'uses', conf: 0.55 };
  if (/\b(?:have access|subscri\w*|platforms?|services?|equipment|tools|appliances)\b/i.test(question)) return { verb: 'has', conf: 0.55 };
  if (/\b(?:do you (?:have|use|own))\b/i.test(question) && !/\b(?:like|prefer\w*|favou?rite|enjoy|want|kind|type|genre|style|mood|interest\w*)\b/i.test(question)) return { verb: 'has', conf: 0.55 };
  // Where someone lives, what they do for fun or for a living: the answer is a place, a pastime or a job, not a taste.
  if (/\bwhere (?:are you|do you (?:live|stay)|is home)\b|\b(?:which|what) (?:city|town|country|part of (?:the )?(?:world|country|town|city))\b|\bwhat area\b/i.test(question) && !/\b(?:from originally|grow up|born|go|travel|visit|want|like)\b/i.test(question)) return { verb: 'lives in', conf: 0.55 };
  if (/\b(?:for fun|in your (?:free|spare) time|hobb(?:y|ies)|to unwind|to relax)\b/i.test(question)) return { verb: 'enjoys', conf: 0.55 };
  const v = /\bdo you (?:usually |mostly |normally )?(listen to|watch|read|play|eat|drink|use|speak|cook|drive|wear)\b/i.exec(question);
  if (v) return { verb: thirdSingular(v[1]!.toLowerCase()), conf: 0.55 };
  return { verb: 'prefers', conf: 0.5 };
}

/** The thing a yes/no question asks about: "Do you have any dietary restrictions?" -> "dietary restrictions". */
export function askedAbout(question: string): string | undefined {
  const m = /\b(?:any|some)\s+([\w\s-]{2,40}?)(?:\s+(?:that|which|you|to|in|for|or)\b|\?|$)/i.exec(question);
  return m ? clean(m[1]!.toLowerCase()) : undefined;
}

/** The last question in an assistant turn, when it asks about the user (not about a task's content). */
export function userQuestion(assistantText: string): string | undefined {
  const qs = sentences(assistantText.slice(-2000)).filter((q) => /\?\s*$/.test(q));
  const q = qs[qs.length - 1];
  if (!q || !ABOUT_USER_RE.test(q) || TASK_QUESTION_RE.test(q) || WRITING_TASK_RE.test(q) || ROLEPLAY_RE.test(q)) return undefined;
  return q;
}

/**
 * Findings in a short reply that answers a question about the user ("What genres do you like?" -> "Comedy and
 * drama" -> "The user prefers comedy", "The user prefers drama"; "Any allergies?" -> "None" -> "The user has no
 * allergies"). Only replies without first-person statements of their own (those are read as statements), of at
 * most 12 words, that are not requests or instructions to the assistant. The reply is rewritten, never followed.
 */
export function answerFindings(question: string, reply: string): Finding[] {
  if (reply.length > 400) return [];
  // "90s hip hop, some lo-fi when I'm working": a trailing "when/while I ..." says when, not what
  const text = clean(normalizeFirstPerson(stripQuoted(reply)).replace(/\s+(?:when|while|whenever|if|as|because|since|during|before|after)\s+(?:I|I'm|I've|we|we're)\b[^.!?]*$/i, ''));
  const words = text.split(' ');
  if (!text || words.length > 12 || /\?\s*$/.test(text) || EMPTY_REPLY_RE.test(text) || IMPERATIVE_RE.test(text) || REFUSAL_RE.test(text)) return [];
  if (WRITING_TASK_RE.test(text) || HANDLE_TASK_RE.test(text) || ROLEPLAY_RE.test(text) || /\b(?:I|I'm|I've|I'd|we|we're)\b/.test(text)) return [];
  const sentence = text;
  if (/^(?:just\s+)?(?:myself|me|me alone|alone|by myself|on my own)\b[\s.!]*$/i.test(text)) {
    return answerVerb(question).verb === 'is with' ? [{ text: 'The user is alone', confidence: 0.55, kind: 'answer', sentence, hedged: false }] : [];
  }
  const avoided = /^(?:no|nothing|not)\s+(?!thanks|thank|problem|not|idea|particular|preference|preferences|really|at all|sure|one|worries|telling|saying|sharing|comfortable|gonna|going to|your business)([\w'-].*)$/i.exec(text);
  if (avoided && !/^\s*,/.test(avoided[1]!)) {
    const o = trimObject(avoided[1]!);
    const lead = text.slice(0, text.length - avoided[1]!.length).trim().toLowerCase();
    return usable(o) ? listItems(toThirdPerson(o)).map((item) => ({ text: capitalizeUser(`wants ${lead} ${item}`), confidence: 0.55, kind: 'answer', sentence, hedged: false })) : [];
  }
  if (STATEMENT_RE.test(text)) return [];
  if (NEGATIVE_REPLY_RE.test(text)) {
    const about = askedAbout(question);
    if (!about || !/^(?:do|does|are|is|have|any)\b/i.test(question.replace(/^.*?\b(?=(?:do|does|are|is|have|any)\b)/i, '')) || !usable(about)) return [];
    return [{ text: `The user has no ${toThirdPerson(about)}`, confidence: 0.55, kind: 'answer', sentence, hedged: false }];
  }
  const body = trimObject(text.replace(/^(?:(?:well|oh|um|uh|hmm|yes|yeah|sure|definitely|probably|maybe|just|only|mostly|mainly|honestly|tbh|i think|preferably|lots of|a lot of)[\s,]+)+/i, '').replace(/[\s,]+(?:please|pls|plz|preferably|i think|i guess|probably|maybe|ideally|thanks|thank you|mostly|mainly|now|currently|these days|at the moment|right now)\s*[.!]*$/i, ''));
  // a bare count ("five") answers "how many", which says nothing to prefer (householdCountFindings reads households)
  if (!body || !usable(body) || EMPTY_REPLY_RE.test(body) || /^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen)$/i.test(body)) return [];
  const hedged = HEDGE_RE.test(text);
  const { verb, conf } = answerVerb(question);
  // "about 1200 a month, and yes a greyhound" after "What's your budget, and do you have any pets?": an assent opening an item
  // says nothing, and an amount answers the budget
  const budget = /\bbudget\b/i.test(question);
  return listItems(toThirdPerson(body)).map((item) => item.replace(/^(?:and\s+)?(?:yes|yeah|yep|yup)[\s,]+(?=\S)/i, '')).map((item) => budget && /^(?:(?:about|around|roughly|max|maximum|up to|under|less than)\s+)?[£$€]?\d[\d,.]*k?\b/i.test(item) ? { text: capitalizeUser(`has a budget of ${item}`), confidence: conf * (hedged ? 0.75 : 1), kind: 'answer', sentence, hedged } : ({
    text: capitalizeUser(verb === 'works as' && /^(?:retired|unemployed|self-employed|freelance|between jobs|on leave|not working|looking for work|a student|student|stay[- ]at[- ]home)\b/i.test(item) ? `is ${item}` : verb === 'works as' ? `works as ${/^(?:an?|the)\s/i.test(item) ? '' : /^[aeiou]/i.test(item) ? 'an ' : 'a '}${item}` : verb === 'is with' && /^(?:with|alone|by themselves|on their own)\b/i.test(item) ? `is ${item}` : verb === 'lives in' && /^(?:near|outside|just outside|close to|around)\s+\p{Lu}/u.test(item) ? `lives in the ${item.replace(/^(?:near|outside|just outside|close to|around)\s+/i, '')} area` : verb === 'lives in' && /^(?:in|by)\s/i.test(item) ? `lives ${item.replace(/^in\s+/i, 'in ')}` : `${verb} ${item}`),
    confidence: conf * (hedged ? 0.75 : 1),
    kind: 'answer',
    sentence,
    hedged,
  }));
}


/**
 * The short answer that opens a longer reply ("near Porto, I don't have a car" -> "near Porto"), read when the
 * rest of the reply holds statements of its own: at most four words before the first comma or full stop, with no
 * first-person words. A leading assent ("yep, an old greyhound called Biscuit, he's lazy") is skipped, and the answer
 * after it may have six words; `afterAssentOnly` reads only such answers (for replies with no statements of their own).
 */
export function leadingAnswer(reply: string, afterAssentOnly = false): string | undefined {
  // "yep, an old greyhound called Biscuit, he's lazy": the assent says nothing, the answer follows it
  const r = reply.trim().replace(/^(?:yes|yeah|yep|yup|yes we do|yes I do|sure|we do|I do|well|oh|ya|yah)\s*[,.!:\-\u2013\u2014]\s*/i, '');
  if (afterAssentOnly && r.length === reply.trim().length) return undefined;
  const m = /^([^,;.!?\n]{1,48})[,;.!?\n]/.exec(r);
  if (!m) return undefined;
  const head = m[1]!.trim();
  return head.split(/\s+/).length <= (r.length < reply.trim().length ? 6 : 4) && !/\b(?:I|I'm|I've|I'd|me|my|we|we're|our)\b/i.test(head) ? head : undefined;
}
