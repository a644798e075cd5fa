/**
 * attune as AI SDK middleware (`wrapLanguageModel({ model, middleware: attuneMiddleware({ attune, userId }) })`):
 * before each call it selects the user's attributes for the latest user message and adds only those to the
 * system prompt, with the use-don't-name rules; the call's usage is recorded. With `remember: true` the
 * exchange (latest user message and the reply) is remembered in the background after the response: the
 * answer is never delayed, and errors go to `onError`, never to the caller.
 */
import type { LanguageModelMiddleware } from 'ai';
import { attributeInstruction } from '../stages/respond/generator.js';
import type { Attune, SelectResult } from './attune.js';
import { requireId } from './messages.js';

type TransformParams = NonNullable<LanguageModelMiddleware['transformParams']>;
type CallOptions = Parameters<TransformParams>[0]['params'];
type Prompt = CallOptions['prompt'];

export interface AttuneMiddlewareOptions {
  attune: Attune;
  userId: string;
  /** Remember each exchange in the background after the response (default false). */
  remember?: boolean;
  /** Background errors (remember failing); default: ignored. Never thrown to the caller. */
  onError?: (error: unknown) => void;
  /** Told what was selected for each call (to show "why" in an app, or log it). */
  onSelect?: (selection: SelectResult) => void;
}

/** The block added to the system prompt: the selected attributes and the paper's use-don't-name rules. */
export function memoryInstruction(attributes: readonly string[]): string {
  return attributeInstruction(attributes);
}

/** The text of the last user message of a prompt ('' when there is none). */
export function latestUserText(prompt: Prompt): string {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const m = prompt[i]!;
    if (m.role !== 'user') continue;
    return m.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n');
  }
  return '';
}

/** The prompt with the memory block appended to its system message (or a system message put first). */
export function withMemory(prompt: Prompt, block: string): Prompt {
  const i = prompt.findIndex((m) => m.role === 'system');
  if (i < 0) return [{ role: 'system', content: block }, ...prompt];
  const sys = prompt[i] as Extract<Prompt[number], { role: 'system' }>;
  return prompt.map((m, j) => (j === i ? { ...sys, content: `${sys.content}\n\n${block}` } : m));
}

export function attuneMiddleware(opts: AttuneMiddlewareOptions): LanguageModelMiddleware {
  const userId = requireId(opts.userId, 'userId');
  const { attune } = opts;
  const rememberExchange = (userText: string, reply: string): void => {
    if (!opts.remember || !userText.trim()) return;
    attune.internal.background(
      () => attune.remember({ userId, messages: [{ role: 'user', content: userText }, ...(reply.trim() ? [{ role: 'assistant', content: reply }] : [])] }),
      opts.onError,
    );
  };
  return {
    specificationVersion: 'v3',
    transformParams: async ({ params }) => {
      const prompt = latestUserText(params.prompt);
      if (!prompt.trim()) return params;
      const selection = await attune.internal.select({ userId, prompt }, 'middleware');
      opts.onSelect?.(selection);
      if (selection.attributes.length === 0) return params; // answer generically
      return { ...params, prompt: withMemory(params.prompt, memoryInstruction(selection.attributes.map((a) => a.text))) };
    },
    wrapGenerate: async ({ doGenerate, params }) => {
      const result = await doGenerate();
      const reply = result.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('');
      rememberExchange(latestUserText(params.prompt), reply);
      return result;
    },
    wrapStream: async ({ doStream, params }) => {
      const result = await doStream();
      if (!opts.remember) return result;
      const userText = latestUserText(params.prompt);
      let reply = '';
      const tap = new TransformStream<unknown, unknown>({
        transform(chunk, controller) {
          const c = chunk as { type?: string; delta?: string };
          if (c.type === 'text-delta' && typeof c.delta === 'string') reply += c.delta;
          controller.enqueue(chunk);
        },
        flush() {
          rememberExchange(userText, reply);
        },
      });
      return { ...result, stream: result.stream.pipeThrough(tap) as typeof result.stream };
    },
  };
}
