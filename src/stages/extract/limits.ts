/**
 * Bounds that keep the offline extractor linear in its input. A sentence longer than MAX_SENTENCE_CHARS is
 * read in pieces of at most that length (cut at a space), so the per-sentence work (each "I" reads the rest of
 * its clause) is bounded by a constant; a message is read up to MAX_MESSAGE_CHARS (what follows is not read);
 * a conversation over MAX_CONVERSATION_CHARS of text or MAX_TURNS turns is refused with InputTooLargeError
 * (code `input_too_large`; the REST service answers 413).
 */
import { InputTooLargeError } from '../../model/errors.js';

export const MAX_SENTENCE_CHARS = 400;
export const MAX_MESSAGE_CHARS = 20_000;
/** Characters after an "I" that the clause patterns read. */
export const MAX_REST_CHARS = 240;
export const MAX_CONVERSATION_CHARS = 2 * 1024 * 1024;
export const MAX_TURNS = 2_000;

/** Splits text longer than `max` into pieces of at most `max` characters, cut at the last space when there is one. */
export function pieces(text: string, max = MAX_SENTENCE_CHARS): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + max);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > at + max / 2) end = space;
    }
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

/** Throws InputTooLargeError when a conversation is beyond what the extractor reads. */
export function checkConversationSize(turns: readonly { text: string }[]): void {
  if (turns.length > MAX_TURNS) throw new InputTooLargeError('turns', MAX_TURNS, turns.length);
  let chars = 0;
  for (const t of turns) chars += t.text.length;
  if (chars > MAX_CONVERSATION_CHARS) throw new InputTooLargeError('characters', MAX_CONVERSATION_CHARS, chars);
}
