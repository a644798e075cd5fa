/**
 * Reading JSON out of model text: models wrap it in ```json fences, think first in <think> blocks,
 * or add a sentence around it. Parsing is lenient about the wrapping, strict about the JSON.
 */
import type { z } from 'zod';

/** Removes <think>...</think> blocks, an unclosed <think> tail, and anything before a stray </think>. */
export function stripThinking(text: string): string {
  let t = text.replace(/<think(?:ing)?>[\s\S]*?<\/think(?:ing)?>/gi, '');
  const close = t.search(/<\/think(?:ing)?>(?![\s\S]*<\/think(?:ing)?>)/i);
  if (close >= 0) t = t.slice(t.indexOf('>', close) + 1);
  const open = t.search(/<think(?:ing)?>/i);
  if (open >= 0) t = t.slice(0, open);
  return t;
}

/** Removes code-fence markers (``` and ```json), keeping what was inside. */
export function stripFences(text: string): string {
  return text.replace(/```[\w-]*[ \t]*/g, '');
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses the JSON in a model reply: whole text, else the outermost {...} or [...] span. */
export function parseJsonLoose(text: string): JsonParse {
  const t = stripFences(stripThinking(text)).trim();
  if (!t) return { ok: false, error: 'the reply is empty' };
  let firstError: string | undefined;
  try {
    return { ok: true, value: JSON.parse(t) };
  } catch (e) {
    firstError = (e as Error).message;
  }
  for (const [open, close] of [
    ['{', '}'],
    ['[', ']'],
  ] as const) {
    const i = t.indexOf(open);
    const j = t.lastIndexOf(close);
    if (i >= 0 && j > i) {
      try {
        return { ok: true, value: JSON.parse(t.slice(i, j + 1)) };
      } catch {
        // fall through
      }
    }
  }
  return { ok: false, error: `invalid JSON: ${firstError}` };
}

export type SchemaParse<T> = { ok: true; value: T } | { ok: false; error: string };

/** JSON parse then schema validation; the error text is written for the model to read in a repair turn. */
export function parseWithSchema<T>(text: string, schema: z.ZodType<T>): SchemaParse<T> {
  const j = parseJsonLoose(text);
  if (!j.ok) return j;
  const r = schema.safeParse(j.value);
  if (r.success) return { ok: true, value: r.data };
  const issues = r.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, error: `the JSON does not match the schema: ${issues}` };
}
