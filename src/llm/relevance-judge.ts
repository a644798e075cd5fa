/**
 * The paper's zero-shot stage-2 judge: one call per (attribute, prompt) pair, temperature 0, the prompt
 * text cut to 800 characters; the model may reason first and must end with `Answer: YES` or `Answer: NO`.
 * The parser follows PAPER.md's order, so recorded outputs of other models parse the way the paper's did.
 */
import type { Llm } from './llm.js';
import { stripThinking } from './json.js';
import { dataText, USER_DATA_RULE } from './user-data.js';
import { PROMPT_MAX_CHARS, shownPrompt } from '../model/prompt.js';


export type RelevanceAnswer = 'YES' | 'NO';

/** Which rule produced the answer, in the order they are tried. */
export type RelevanceRule = 'answer-line' | 'boxed' | 'json' | 'bold' | 'standalone' | 'default';

export interface ParsedRelevance {
  answer: RelevanceAnswer;
  via: RelevanceRule;
}


/** The paper's relevance question, asked by the per-pair and the batched judge alike. */
export const RELEVANCE_QUESTION = [
  'Should this attribute change the response in any way, explicitly (by mentioning it) or implicitly',
  '(tone, vocabulary, examples, level of detail, framing)?',
] as const;

/** The user message of the judge call. */
export function buildRelevancePrompt(attribute: string, promptText: string): string {
  return [
    'You are deciding whether one thing known about a user should influence how an AI assistant answers a new request from that user.',
    USER_DATA_RULE,
    '',
    `User attribute: ${dataText(attribute)}`,
    '',
    `User's request (at most ${PROMPT_MAX_CHARS} characters shown):`,
    dataText(shownPrompt(promptText)),
    '',
    ...RELEVANCE_QUESTION,
    'Answer YES if a thoughtful assistant that knows the attribute would respond differently, even subtly.',
    'Answer NO if the response would be word-for-word the same with or without knowing it.',
    '',
    'You may reason briefly first. End your reply with a final line that is exactly `Answer: YES` or `Answer: NO`.',
  ].join('\n');
}

const yn = (s: string): RelevanceAnswer => (s.toUpperCase() === 'YES' ? 'YES' : 'NO');

function lastMatch(text: string, re: RegExp): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(re)) last = m as RegExpExecArray;
  return last;
}

/**
 * Parses a judge's output, in PAPER.md's order: drop <think> blocks and code fences; the last
 * `Answer: YES/NO`; else `\boxed{}`; else a JSON key relevant/answer/decision; else the last bold
 * YES or NO (between double asterisks); else the last standalone YES/NO; else NO.
 */
export function parseRelevanceAnswer(output: string): ParsedRelevance {
  // Fence markers go, their content stays (a fenced JSON object is still read by the JSON rule).
  const text = stripThinking(output).replace(/```[\w-]*/g, '');

  // `Answer: YES`, also with markdown around it: **Answer:** YES, Answer: **NO**, "Final answer - YES".
  const line = lastMatch(text, /\banswer\b\s*\**\s*[:：-]\s*\**\s*["'`]?\s*\b(yes|no)\b/gi);
  if (line) return { answer: yn(line[1]!), via: 'answer-line' };

  const boxed = lastMatch(text, /\\boxed\s*\{\s*(?:\\text(?:bf)?\s*\{\s*)?\**\s*(yes|no)\b/gi);
  if (boxed) return { answer: yn(boxed[1]!), via: 'boxed' };

  const json = lastMatch(text, /["']?\b(?:relevant|answer|decision)\b["']?\s*:\s*["']?\s*(yes|no|true|false)\b/gi);
  if (json) {
    const v = json[1]!.toLowerCase();
    return { answer: v === 'yes' || v === 'true' ? 'YES' : 'NO', via: 'json' };
  }

  const bold = lastMatch(text, /(?:\*\*|__)\s*(YES|NO)\s*[.!]?\s*(?:\*\*|__)/gi);
  if (bold) return { answer: yn(bold[1]!), via: 'bold' };

  // Standalone: the uppercase words, not "no" in a sentence ("no effect", "yes, but").
  const standalone = lastMatch(text, /\b(YES|NO)\b/g);
  if (standalone) return { answer: yn(standalone[1]!), via: 'standalone' };

  return { answer: 'NO', via: 'default' };
}

export interface RelevanceJudgment extends ParsedRelevance {
  relevant: boolean;
  /** The judge's full output. */
  output: string;
  cached: boolean;
}

export interface JudgeOptions {
  maxTokens?: number;
  signal?: AbortSignal;
}

/** Asks the client's model about one pair (temperature 0). */
export async function judgeRelevance(llm: Llm, attribute: string, promptText: string, opts: JudgeOptions = {}): Promise<RelevanceJudgment> {
  const r = await llm.text({
    messages: [{ role: 'user', content: buildRelevancePrompt(attribute, promptText) }],
    temperature: 0,
    maxTokens: opts.maxTokens,
    signal: opts.signal,
  });
  const parsed = parseRelevanceAnswer(r.text);
  return { ...parsed, relevant: parsed.answer === 'YES', output: r.text, cached: r.cached };
}

/** Judges many pairs; the client's concurrency and rate limits pace the calls. Results keep input order. */
export async function judgeRelevanceMany(
  llm: Llm,
  pairs: readonly { attribute: string; promptText: string }[],
  opts: JudgeOptions = {},
): Promise<RelevanceJudgment[]> {
  return Promise.all(pairs.map((p) => judgeRelevance(llm, p.attribute, p.promptText, opts)));
}
