/**
 * What `remember` accepts, turned into a Conversation: chat messages (model/messages.ts converts them) or an
 * attune Conversation record, validated the same way. Chat messages may be `{ role, content }` (content a string
 * or an array of parts) or AI SDK UI messages `{ id?, role, parts }` as `useChat` holds them: text parts are
 * read, other parts (images, files, tool calls, reasoning) are left out and named in `warnings`.
 */
import { Conversation, conversationHash, conversationIdOf, messagesToTurns, valueKind, type ChatMessage } from '../model/index.js';
import { InvalidArgumentError, MalformedMessagesError } from './errors.js';

/** An AI SDK UI message (`useChat`'s): its text is in `parts`. */
export interface UIMessageLike {
  id?: string;
  role: string;
  parts: readonly unknown[];
}

/** A message as applications hold it: `{ role, content }` (string or parts) or a UI message `{ role, parts }`. */
export type MessageInput = ChatMessage | UIMessageLike;

export interface NormalizedMessages {
  messages: ChatMessage[];
  /** One line per kind of part left out, e.g. "messages[2]: 1 image part ignored (attune reads text parts only)". */
  warnings: string[];
}

/** Text parts of any message shape; every other part is named in a warning. Invalid shapes are passed on for messagesToTurns to reject. */
export function normalizeMessages(messages: unknown): NormalizedMessages {
  if (!Array.isArray(messages)) return { messages: messages as ChatMessage[], warnings: [] };
  const warnings: string[] = [];
  const out = messages.map((m: unknown, i): ChatMessage => {
    if (!m || typeof m !== 'object') return m as ChatMessage;
    const { role, content, parts } = m as { role?: unknown; content?: unknown; parts?: unknown };
    const list = Array.isArray(parts) && (content === undefined || typeof content === 'string') ? parts : Array.isArray(content) ? content : undefined;
    if (!list) return m as ChatMessage;
    const ignored = new Map<string, number>();
    const kept: { type: 'text'; text: string }[] = [];
    for (const p of list) {
      const type = p && typeof p === 'object' ? (p as { type?: unknown }).type : undefined;
      if (type === 'text') kept.push(p as { type: 'text'; text: string });
      else if (typeof type === 'string') ignored.set(type, (ignored.get(type) ?? 0) + 1);
      else kept.push(p as never); // not a part: messagesToTurns names it
    }
    if (ignored.size) {
      const what = [...ignored].map(([t, n]) => `${n} ${t} part${n > 1 ? 's' : ''}`).join(', ');
      warnings.push(`messages[${i}]: ${what} ignored (attune reads text parts only)`);
    }
    return { role: role as string, content: kept };
  });
  return { messages: out, warnings };
}

export interface RememberInput {
  userId: string;
  messages?: readonly MessageInput[];
  conversation?: unknown;
  conversationId?: string;
}

/** The conversation a remember call names, validated; throws a typed error and touches nothing otherwise. */
export function toConversation(input: RememberInput): { conversation: Conversation; hash: string } {
  const userId = requireId(input.userId, 'userId');
  if (input.conversationId !== undefined) requireId(input.conversationId, 'conversationId');
  if ((input.messages === undefined) === (input.conversation === undefined)) {
    throw new InvalidArgumentError('messages', 'give either messages or conversation (one of them)');
  }
  if (input.messages !== undefined) {
    const turns = messagesToTurns(normalizeMessages(input.messages).messages);
    for (const t of turns) refuseUnstorable(t.text, `messages[${t.index}].content`);
    const hash = conversationHash(turns);
    return { conversation: { id: input.conversationId ?? conversationIdOf(hash), userId, turns }, hash };
  }
  const parsed = Conversation.safeParse(input.conversation);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedMessagesError(['conversation', ...(issue?.path ?? []).map(String)].join('.'), issue?.message ?? 'invalid');
  }
  const c = parsed.data;
  if (c.userId !== userId) throw new InvalidArgumentError('conversation.userId', `is ${JSON.stringify(c.userId)}, but userId is ${JSON.stringify(userId)}`);
  if (!c.turns.some((t) => t.role === 'user' && t.text.trim())) throw new MalformedMessagesError('conversation.turns', 'has no user turn with text');
  const seen = new Set<number>();
  c.turns.forEach((t, i) => refuseUnstorable(t.text, `conversation.turns.${i}.text`));
  for (const t of c.turns) {
    if (seen.has(t.index)) throw new MalformedMessagesError('conversation.turns', `turn index ${t.index} appears twice`);
    seen.add(t.index);
  }
  const id = input.conversationId ?? c.id;
  return { conversation: { ...c, id }, hash: conversationHash(c.turns) };
}

export function requireId(v: unknown, field: string): string {
  if (typeof v !== 'string' || !v.trim()) throw new InvalidArgumentError(field, `must be a non-empty string, got ${valueKind(v)}`);
  if (v.length > 256) throw new InvalidArgumentError(field, 'is longer than 256 characters');
  const why = unstorable(v);
  if (why) throw new InvalidArgumentError(field, why);
  return v;
}

/** A lone UTF-16 surrogate: what a JSON escape like \ud800 decodes to; it is no character and no store keeps it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a text cannot be stored as given, or undefined: a NUL (Postgres text refuses it, so the same call would
 * fail there after SQLite took it) or a lone surrogate (stored as U+FFFD). Refused on every surface, not only REST.
 */
export function unstorable(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode (a lone surrogate such as \\ud800 is not)';
  return undefined;
}

function refuseUnstorable(s: string, path: string): void {
  const why = unstorable(s);
  if (why) throw new MalformedMessagesError(path, why);
}
