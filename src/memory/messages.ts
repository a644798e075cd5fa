/**
 * What `remember` accepts, turned into a Conversation: AI SDK / OpenAI-style messages (`{ role, content }`, content a
 * string or an array of parts whose `text` parts are read), or an attune Conversation record. A turn's index is
 * the message's position in the array, so evidence points back at the message the application sent.
 */
import { createHash } from 'node:crypto';
import { Conversation, type Turn } from '../model/index.js';
import { canonicalJson } from '../llm/cache.js';
import { InvalidArgumentError, MalformedMessagesError } from './errors.js';

export interface ChatMessage {
  role: string;
  content: string | readonly unknown[];
}

const ROLES: Record<string, Turn['role']> = { user: 'user', assistant: 'assistant', system: 'system', tool: 'other', developer: 'system' };

/** The text of a message's content: a string, or its text parts joined with newlines. */
export function contentText(content: unknown, path: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw new MalformedMessagesError(`${path}.content`, `must be a string or an array of parts, got ${kind(content)}`);
  const texts: string[] = [];
  content.forEach((p: unknown, i) => {
    if (!p || typeof p !== 'object') throw new MalformedMessagesError(`${path}.content[${i}]`, `must be a part object, got ${kind(p)}`);
    const part = p as { type?: unknown; text?: unknown };
    if (typeof part.type !== 'string') throw new MalformedMessagesError(`${path}.content[${i}].type`, 'missing');
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw new MalformedMessagesError(`${path}.content[${i}].text`, `a text part needs a string text, got ${kind(part.text)}`);
      texts.push(part.text);
    }
    // images, files, tool calls and results carry no text about the user that attune reads
  });
  return texts.join('\n');
}

/** Validates messages and returns their turns (messages without text are left out; indices keep positions). */
export function messagesToTurns(messages: unknown): Turn[] {
  if (!Array.isArray(messages)) throw new MalformedMessagesError('messages', `must be an array of { role, content } messages, got ${kind(messages)}`);
  if (messages.length === 0) throw new MalformedMessagesError('messages', 'is empty');
  const turns: Turn[] = [];
  messages.forEach((m: unknown, i) => {
    const path = `messages[${i}]`;
    if (!m || typeof m !== 'object' || Array.isArray(m)) throw new MalformedMessagesError(path, `must be a { role, content } object, got ${kind(m)}`);
    const { role, content } = m as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !(role in ROLES)) {
      throw new MalformedMessagesError(`${path}.role`, `must be one of ${Object.keys(ROLES).join(', ')}, got ${JSON.stringify(role)}`);
    }
    const text = contentText(content, path);
    if (text.trim()) turns.push({ index: i, role: ROLES[role]!, text });
  });
  if (!turns.some((t) => t.role === 'user')) throw new MalformedMessagesError('messages', 'has no user message with text');
  return turns;
}

/** sha256 of the turns (index, role, text): the identity of a remembered conversation's content. */
export function conversationHash(turns: readonly Turn[]): string {
  return createHash('sha256').update(canonicalJson(turns.map((t) => ({ index: t.index, role: t.role, text: t.text })))).digest('hex');
}

export interface RememberInput {
  userId: string;
  messages?: readonly ChatMessage[];
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
    const turns = messagesToTurns(input.messages);
    const hash = conversationHash(turns);
    return { conversation: { id: input.conversationId ?? `c_${hash.slice(0, 24)}`, userId, turns }, hash };
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
  for (const t of c.turns) {
    if (seen.has(t.index)) throw new MalformedMessagesError('conversation.turns', `turn index ${t.index} appears twice`);
    seen.add(t.index);
  }
  const id = input.conversationId ?? c.id;
  return { conversation: { ...c, id }, hash: conversationHash(c.turns) };
}

export function requireId(v: unknown, field: string): string {
  if (typeof v !== 'string' || !v.trim()) throw new InvalidArgumentError(field, `must be a non-empty string, got ${kind(v)}`);
  if (v.length > 256) throw new InvalidArgumentError(field, 'is longer than 256 characters');
  return v;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return typeof v;
}
