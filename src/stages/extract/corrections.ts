/**
 * A correction of something said earlier in the same conversation: "sorry typo, 39 not 29", "Portland Maine
 * actually, not Oregon", "no, I said vegan not vegetarian". The earlier attribute holding the wrong value is
 * rewritten with the right one (the user's own slip or the assistant's misreading, corrected at once), so the
 * memory never holds the wrong value. Only a short opening sentence of the shape "X, not Y" is read, and only an
 * attribute of this conversation that names Y (or names X's first word, which X then narrows) is changed.
 */
const CORRECTION_RE = /^\W*(?:(?:no|nope|nah|sorry|oops|whoops|typo|my bad|correction|actually|wait|sorry,? typo)\b[\s,!.:;-]*)*(?:I said\s+|I meant\s+|it's\s+|it is\s+|I'm\s+|I am\s+)?([\p{L}\d][\p{L}\d'-]*(?:\s+[\p{L}\d'-]+){0,3}?)(?:\s+actually)?,?\s+not\s+([\p{L}\d][\p{L}\d'-]*(?:\s+[\p{L}\d'-]+){0,2}?)\s*(?:actually\s*)?(?:[.!,;)]|\p{Extended_Pictographic}|$)/u;
const FUNCTION_WORDS = /^(?:a|an|the|that|this|it|me|you|him|her|them|really|just|so|too|very|sure|yet|now|at|in|on|to|for|of|and|or|but|I|we|only|always|never|no|nope|nah|sorry|oops|whoops|typo|actually|wait|ok|okay|yes|yeah|well|though|maybe|probably|today|tonight|tomorrow|yesterday|anymore|again|much|quite|exactly|really|bad|good|great|fine)$/i;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The earlier attribute text a correction rewrites, and its new text; null when the turn corrects none of them. */
export function correctionOf(turnText: string, earlier: readonly string[]): { from: string; to: string } | null {
  const first = turnText.trim().split(/(?<=[.!?])\s+|\n/)[0] ?? '';
  if (first.length > 80 || /\?\s*$/.test(first)) return null;
  const m = CORRECTION_RE.exec(first);
  if (!m) return null;
  const right = m[1]!.trim();
  const wrong = m[2]!.trim();
  // "I like tea, not coffee" is a statement of its own, not a value put right
  if (/\b(?:I|I'm|we|you|he|she|they|like|love|want|have|has|is|are|was|were|do|does)\b/i.test(right)) return null;
  if (FUNCTION_WORDS.test(right) || FUNCTION_WORDS.test(wrong) || right.toLowerCase() === wrong.toLowerCase()) return null;
  const wrongRe = new RegExp(`\\b${escape(wrong)}\\b`, 'i');
  for (const text of [...earlier].reverse()) {
    if (wrongRe.test(text) && !/\bnot\b/i.test(text)) return { from: text, to: text.replace(wrongRe, right) };
  }
  // "Portland Maine, not Oregon" after "lives in Portland": the right value narrows a word already said
  const head = right.split(/\s+/)[0]!;
  if (head === right || FUNCTION_WORDS.test(head)) return null;
  const headRe = new RegExp(`\\b${escape(head)}\\b(?!\\s+${escape(right.slice(head.length).trim())})`, 'i');
  for (const text of [...earlier].reverse()) {
    if (headRe.test(text)) return { from: text, to: text.replace(headRe, right) };
  }
  return null;
}
