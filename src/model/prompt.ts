/**
 * The one prompt cut: the paper's LLM judge sees a request cut to 800 characters, and every selector embeds
 * or searches the same cut. `shownPrompt` is that cut as a prompt displays it, marked with an ellipsis.
 */
export const PROMPT_MAX_CHARS = 800;

export function cutPrompt(text: string, maxChars = PROMPT_MAX_CHARS): string {
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}

/** The cut request as an LLM prompt shows it: an ellipsis marks where it was cut. */
export function shownPrompt(text: string, maxChars = PROMPT_MAX_CHARS): string {
  return text.length > maxChars ? `${cutPrompt(text, maxChars)}…` : text;
}
