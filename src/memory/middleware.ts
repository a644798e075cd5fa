/**
 * attune as AI SDK middleware (`wrapLanguageModel({ model, middleware: attuneMiddleware({ attune, userId }) })`):
 * before each call it reads the latest user message and adds to the system prompt what `inject` says: the
 * attributes select chose for it ('selected', the default, with the use-don't-name rules), the user's whole
 * active profile within a token budget ('profile'), or nothing ('none'). `onInject` (or `verbose`) is told what
 * was added and why. With `remember` the exchange (latest user message and the reply) is remembered in the
 * background after the response: the answer is never delayed, and errors go to `onError`, never to the caller.
 * The prompt is the AI SDK's (what `convertToModelMessages` makes of `useChat`'s UI messages): text parts are
 * read; images, files and tool parts are not, and `onWarning` is told.
 */
import type { LanguageModelMiddleware } from 'ai';
import { attributeInstruction } from '../stages/respond/generator.js';
import type { Attune, SelectResult } from './attune.js';
import { InvalidArgumentError } from './errors.js';
import { requireId } from './messages.js';

type TransformParams = NonNullable<LanguageModelMiddleware['transformParams']>;
type CallOptions = Parameters<TransformParams>[0]['params'];
type Prompt = CallOptions['prompt'];

/** What the middleware adds to the system prompt. */
export type InjectMode = 'selected' | 'profile' | 'none';

/** What one call was given, and why: for `onInject` and `verbose`. */
export interface InjectInfo {
  mode: InjectMode;
  userId: string;
  /** The latest user message's text, which selection was for. */
  prompt: string;
  /** The attributes added (empty: nothing was added). */
  attributes: { id: string; text: string; score?: number }[];
  /** Why these and not others, in a sentence. */
  reason: string;
  /** The block appended to the system prompt ('' when none). */
  block: string;
  /** The selection, in 'selected' mode. */
  selection?: SelectResult;
}

/** When to remember the exchange: always, never, or when the function says so. */
export type RememberWhen = boolean | 'always' | 'never' | ((exchange: { userText: string; reply: string }) => boolean);

export interface AttuneMiddlewareOptions {
  attune: Attune;
  userId: string;
  /** 'selected' (default): the attributes select chose for the latest user message; 'profile': every active attribute within `maxProfileTokens`; 'none'. */
  inject?: InjectMode;
  /** The token budget of the attributes 'profile' injects (about 4 characters a token; default 400; the fixed rules come on top): the most confident first. */
  maxProfileTokens?: number;
  /** Remember each exchange in the background after the response (default false: never). */
  remember?: RememberWhen;
  /** Background errors (remember failing); default: ignored. Never thrown to the caller. */
  onError?: (error: unknown) => void;
  /** Told what was selected for each call (to show "why" in an app, or log it). */
  onSelect?: (selection: SelectResult) => void;
  /** Told what was injected into each call, and why. */
  onInject?: (info: InjectInfo) => void;
  /** Log what was injected and why to stderr (console.error): ids and scores, never the texts. */
  verbose?: boolean;
  /** Told about parts of the prompt attune did not read (images, files, tool calls). */
  onWarning?: (warning: string) => void;
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

/** Non-text parts of the latest user message, as a warning ('' when there are none). */
function ignoredParts(prompt: Prompt): string {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const m = prompt[i]!;
    if (m.role !== 'user') continue;
    const other = m.content.filter((p) => p.type !== 'text').map((p) => p.type);
    if (!other.length) return '';
    const counts = new Map<string, number>();
    for (const t of other) counts.set(t, (counts.get(t) ?? 0) + 1);
    return `latest user message: ${[...counts].map(([t, n]) => `${n} ${t} part${n > 1 ? 's' : ''}`).join(', ')} ignored (attune reads text parts only)`;
  }
  return '';
}

const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export function attuneMiddleware(opts: AttuneMiddlewareOptions): LanguageModelMiddleware {
  const userId = requireId(opts.userId, 'userId');
  const { attune } = opts;
  const mode: InjectMode = opts.inject ?? 'selected';
  if (!['selected', 'profile', 'none'].includes(mode)) throw new InvalidArgumentError('inject', `must be 'selected', 'profile' or 'none', got ${JSON.stringify(mode)}`);
  if (!(opts.maxProfileTokens === undefined || opts.maxProfileTokens > 0)) throw new InvalidArgumentError('maxProfileTokens', `must be a number > 0, got ${opts.maxProfileTokens}`);
  const budget = opts.maxProfileTokens ?? 400;
  const when = opts.remember ?? false;
  const shouldRemember = (userText: string, reply: string): boolean =>
    typeof when === 'function' ? when({ userText, reply }) : when === true || when === 'always';

  const rememberExchange = (userText: string, reply: string): void => {
    if (!userText.trim()) return;
    let yes: boolean;
    try {
      yes = shouldRemember(userText, reply);
    } catch (e) {
      opts.onError?.(e);
      return;
    }
    if (!yes) return;
    attune.internal.background(
      () => attune.remember({ userId, messages: [{ role: 'user', content: userText }, ...(reply.trim() ? [{ role: 'assistant', content: reply }] : [])] }),
      opts.onError,
    );
  };

  const tell = (info: InjectInfo): void => {
    opts.onInject?.(info);
    if (opts.verbose) {
      const list = info.attributes.map((a) => `${a.id}${a.score !== undefined ? ` (${a.score.toFixed(3)})` : ''}`).join(', ');
      console.error(`attune middleware [${info.mode}] user ${userId}: ${info.attributes.length} injected${list ? `: ${list}` : ''}; ${info.reason}`);
    }
  };

  /** The block to add for this prompt, and why. */
  async function inject(prompt: string): Promise<InjectInfo> {
    const base = { mode, userId, prompt };
    if (mode === 'none') return { ...base, attributes: [], reason: "inject is 'none'", block: '' };
    if (mode === 'profile') {
      const all = (await attune.profile({ userId })).attributes
        .filter((a) => a.status === 'active' && !a.sensitive && (a.confirmed || a.confidence >= 0.4))
        .sort((a, b) => Number(b.confirmed) - Number(a.confirmed) || b.confidence - a.confidence);
      // The budget is for the attributes (one line each); the fixed rules around them come on top.
      const chosen: typeof all = [];
      let used = 0;
      for (const a of all) {
        const cost = estimateTokens(`- ${JSON.stringify(a.text)}\n`);
        if (used + cost > budget) break;
        chosen.push(a);
        used += cost;
      }
      const left = all.length - chosen.length;
      return {
        ...base, attributes: chosen.map((a) => ({ id: a.id, text: a.text })),
        reason: `the active profile, most confident first, within ${budget} tokens${left ? ` (${left} more left out by the budget)` : ''}; sensitive attributes are never injected in this mode`,
        block: chosen.length ? memoryInstruction(chosen.map((a) => a.text)) : '',
      };
    }
    const selection = await attune.internal.select({ userId, prompt }, 'middleware');
    opts.onSelect?.(selection);
    const attributes = selection.attributes.map((a) => ({ id: a.id, text: a.text, ...(a.score !== undefined ? { score: a.score } : {}) }));
    const cut = selection.threshold !== undefined ? ` at or above the ${selection.selector} threshold ${selection.threshold.toFixed(3)}` : ` by the ${selection.selector} selector`;
    return {
      ...base, attributes, selection,
      reason: attributes.length
        ? `${attributes.length} of ${selection.scores.length} candidates scored${cut}${selection.withheld.length ? `; ${selection.withheld.length} withheld (sensitive or low confidence)` : ''}`
        : `none of ${selection.scores.length} candidates scored${cut}: answer generically`,
      block: attributes.length ? memoryInstruction(attributes.map((a) => a.text)) : '',
    };
  }

  return {
    specificationVersion: 'v3',
    transformParams: async ({ params }) => {
      const warning = ignoredParts(params.prompt);
      if (warning) opts.onWarning?.(warning);
      const prompt = latestUserText(params.prompt);
      if (!prompt.trim()) return params;
      const info = await inject(prompt);
      tell(info);
      if (!info.block) return params; // answer generically
      return { ...params, prompt: withMemory(params.prompt, info.block) };
    },
    wrapGenerate: async ({ doGenerate, params }) => {
      const result = await doGenerate();
      const reply = result.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('');
      rememberExchange(latestUserText(params.prompt), reply);
      return result;
    },
    wrapStream: async ({ doStream, params }) => {
      const result = await doStream();
      if (when === false || when === 'never') return result;
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
