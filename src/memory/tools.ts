/**
 * The memory's six operations as agent tools. `memoryOperations` gives each one a zod input schema, a zod output
 * schema and a function over an Attune, in the compact shapes an agent reads (ids, texts, scores; no history);
 * `attuneTools({ attune, userId })` turns them into AI SDK `tool()`s bound to one user, and the MCP server
 * (src/mcp) registers the same operations with `userId` in the input.
 */
import { tool, type Tool } from 'ai';
import { z } from 'zod';
import type { Attune, MemoryAttribute } from './attune.js';
import { normalizeMessages, requireId } from './messages.js';

const text = (max: number) => z.string().min(1).max(max);
const AttributeId = text(256).describe('an attribute id, as profile, select or search return it');

/** A message as a chat holds it: `{ role, content }` (a string or parts) or an AI SDK UI message `{ role, parts }`. */
export const ToolMessage = z
  .object({
    role: z.enum(['user', 'assistant', 'system']),
    content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).optional(),
    parts: z.array(z.looseObject({ type: z.string() })).optional(),
  })
  .refine((m) => m.content !== undefined || m.parts !== undefined, { message: 'give content or parts' });

const Brief = z.object({ id: z.string(), text: z.string() });
const Scored = Brief.extend({ score: z.number().optional() });

/**
 * Input schemas without the user (the AI SDK tools are bound to one). Strict: a key the schema does not know (a
 * misspelt one, or a userId naming someone else on a tool bound to one user) is refused by name, never dropped.
 */
export const toolInputs = {
  remember: z.strictObject({ messages: z.array(ToolMessage).min(1).max(500).describe('the conversation to remember: user and assistant messages') }),
  select: z.strictObject({ prompt: text(20_000).describe("the user's request: which remembered attributes are relevant to it") }),
  search: z.strictObject({ query: text(2_000).describe('what to look for in the memory'), topK: z.number().int().min(1).max(100).optional().describe('at most this many (default 10)') }),
  profile: z.strictObject({}),
  correct: z.strictObject({
    attributeId: AttributeId,
    action: z.enum(['confirm', 'reject', 'edit']).describe('confirm: the user says it is right; reject: wrong; edit: replace its text'),
    text: text(20_000).optional().describe('the corrected text (for edit)'),
  }),
  forget: z.strictObject({ attributeId: AttributeId.optional().describe('forget only this attribute; without it, everything about the user') }),
} as const;

export const toolOutputs = {
  remember: z.object({
    conversationId: z.string(),
    alreadyRemembered: z.boolean(),
    changes: z.array(z.object({ kind: z.enum(['created', 'reinforced', 'superseded']), attributeId: z.string(), text: z.string(), confidence: z.number() })),
    dropped: z.array(z.object({ text: z.string(), reason: z.string() })),
    warnings: z.array(z.string()),
  }),
  select: z.object({
    attributes: z.array(Scored).describe('use these to personalize the answer; empty: answer generically'),
    threshold: z.number().optional(),
    selector: z.string(),
  }),
  search: z.object({ attributes: z.array(Brief.extend({ score: z.number(), confidence: z.number() })).describe('the best matches first') }),
  profile: z.object({
    attributes: z.array(Brief.extend({ confidence: z.number(), confirmed: z.boolean(), sensitive: z.string().optional() })),
  }),
  correct: z.object({ attribute: Brief.extend({ status: z.string(), confirmed: z.boolean() }) }),
  forget: z.object({ deleted: z.number().int().describe('rows deleted'), vectors: z.number().int() }),
} as const;

export type ToolName = keyof typeof toolInputs;
type In<K extends ToolName> = z.infer<(typeof toolInputs)[K]>;
type Out<K extends ToolName> = z.infer<(typeof toolOutputs)[K]>;

export const toolDescriptions: Record<ToolName, string> = {
  remember: "Remember a conversation: extract what it says about the user (preferences, circumstances) and merge it into the user's profile.",
  select: "The user's remembered attributes relevant to a request, with scores; use them to personalize the answer without naming them.",
  search: "Search the user's remembered attributes by meaning; the best matches first, with scores.",
  profile: "Everything remembered about the user that is active: each attribute's id, text and confidence.",
  correct: 'Record what the user says about a remembered attribute: confirm it, reject it, or edit its text.',
  forget: 'Delete one remembered attribute, or (without attributeId) everything remembered about the user. Cannot be undone.',
};

const brief = (a: MemoryAttribute) => ({
  id: a.id, text: a.text, confidence: a.confidence, confirmed: a.confirmed, ...(a.sensitive ? { sensitive: a.sensitive } : {}),
});

/** The six operations over one Attune, the user given per call. */
export function memoryOperations(attune: Attune): { [K in ToolName]: (userId: string, input: In<K>) => Promise<Out<K>> } {
  return {
    async remember(userId, { messages }) {
      const { messages: chat, warnings } = normalizeMessages(messages);
      const r = await attune.remember({ userId, messages: chat });
      return {
        conversationId: r.conversationId, alreadyRemembered: r.alreadyRemembered,
        changes: r.changes.map((c) => ({ kind: c.kind, attributeId: c.attributeId, text: c.text, confidence: c.confidence })),
        dropped: r.dropped, warnings,
      };
    },
    async select(userId, { prompt }) {
      const s = await attune.select({ userId, prompt });
      return {
        attributes: s.attributes.map((a) => ({ id: a.id, text: a.text, ...(a.score !== undefined ? { score: a.score } : {}) })),
        ...(s.threshold !== undefined ? { threshold: s.threshold } : {}), selector: s.selector,
      };
    },
    async search(userId, { query, topK }) {
      const s = await attune.search({ userId, query, ...(topK !== undefined ? { topK } : {}) });
      return { attributes: s.attributes.map((a) => ({ id: a.id, text: a.text, score: a.score, confidence: a.confidence })) };
    },
    async profile(userId) {
      const p = await attune.profile({ userId });
      return { attributes: p.attributes.filter((a) => a.status === 'active').map(brief) };
    },
    async correct(userId, { attributeId, action, text: t }) {
      const { attribute: a } = await attune.correct({ userId, attributeId, action, ...(t !== undefined ? { text: t } : {}) });
      return { attribute: { id: a.id, text: a.text, status: a.status, confirmed: a.confirmed } };
    },
    async forget(userId, { attributeId }) {
      const r = await attune.forget({ userId, ...(attributeId !== undefined ? { attributeId } : {}) });
      return { deleted: Object.values(r.deleted).reduce((s, n) => s + n, 0), vectors: r.vectors };
    },
  };
}

export interface AttuneToolsOptions {
  attune: Attune;
  /** The user the agent acts for: every tool reads and writes this user's memory only. */
  userId: string;
}

export type AttuneTools = { [K in ToolName]: Tool<In<K>, Out<K>> };

/**
 * The memory as AI SDK tools for one user: `generateText({ model, tools: attuneTools({ attune, userId }) })`.
 * What a tool is given is data: the agent's arguments are validated by the zod schemas, and the user is the one
 * bound here, never one the model names. `forget` deletes for good: leave it out when the agent should not
 * (`const { forget, ...tools } = attuneTools(...)`).
 */
export function attuneTools(opts: AttuneToolsOptions): AttuneTools {
  const userId = requireId(opts.userId, 'userId');
  const ops = memoryOperations(opts.attune);
  const d = toolDescriptions;
  return {
    remember: tool({ description: d.remember, inputSchema: toolInputs.remember, outputSchema: toolOutputs.remember, execute: (i) => ops.remember(userId, i) }),
    select: tool({ description: d.select, inputSchema: toolInputs.select, outputSchema: toolOutputs.select, execute: (i) => ops.select(userId, i) }),
    search: tool({ description: d.search, inputSchema: toolInputs.search, outputSchema: toolOutputs.search, execute: (i) => ops.search(userId, i) }),
    profile: tool({ description: d.profile, inputSchema: toolInputs.profile, outputSchema: toolOutputs.profile, execute: (i) => ops.profile(userId, i) }),
    correct: tool({ description: d.correct, inputSchema: toolInputs.correct, outputSchema: toolOutputs.correct, execute: (i) => ops.correct(userId, i) }),
    forget: tool({ description: d.forget, inputSchema: toolInputs.forget, outputSchema: toolOutputs.forget, execute: (i) => ops.forget(userId, i) }),
  };
}
