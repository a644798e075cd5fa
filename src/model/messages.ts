/**
 * Chat messages as applications hold them, turned into attune's turns. One converter, used by the verbs
 * (`extractAttributes({ messages })`) and the memory (`remember`): AI SDK / OpenAI-style `{ role, content }`
 * messages, content a string or an array of parts whose `text` parts are read. A turn's index is the message's
 * position, so evidence points back at the message the application sent. System, developer and tool messages
 * are the application's words, not the user's: they are checked and left out.
 */
import { createHash } from 'node:crypto';
import type { Conversation, Turn } from './conversation.js';
import { MalformedMessagesError } from './errors.js';

export interface ChatMessage {
  role: string;
  content: string | readonly unknown[];
}

const KEPT: Record<string, Turn['role'] | null> = { user: 'user', assistant: 'assistant', system: null, developer: null, tool: null };

/** The text of a message's content: a string, or its text parts joined with newlines (`path` names it in errors). */
export function contentText(content: unknown, path: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw new MalformedMessagesError(`${path}.content`, `must be a string or an array of parts, got ${valueKind(content)}`);
  const texts: string[] = [];
  content.forEach((p: unknown, i) => {
    if (!p || typeof p !== 'object') throw new MalformedMessagesError(`${path}.content[${i}]`, `must be a part object, got ${valueKind(p)}`);
    const part = p as { type?: unknown; text?: unknown };
    if (typeof part.type !== 'string') throw new MalformedMessagesError(`${path}.content[${i}].type`, 'missing');
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw new MalformedMessagesError(`${path}.content[${i}].text`, `a text part needs a string text, got ${valueKind(part.text)}`);
      texts.push(part.text);
    }
    // images, files, tool calls and results carry no text about the user that attune reads
  });
  return texts.join('\n');
}

/** Validates messages and returns their user and assistant turns with text (indices keep positions). */
export function messagesToTurns(messages: unknown): Turn[] {
  if (!Array.isArray(messages)) throw new MalformedMessagesError('messages', `must be an array of { role, content } messages, got ${valueKind(messages)}`);
  if (messages.length === 0) throw new MalformedMessagesError('messages', 'is empty');
  const turns: Turn[] = [];
  messages.forEach((m: unknown, i) => {
    const path = `messages[${i}]`;
    if (!m || typeof m !== 'object' || Array.isArray(m)) throw new MalformedMessagesError(path, `must be a { role, content } object, got ${valueKind(m)}`);
    const { role, content } = m as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !(role in KEPT)) {
      throw new MalformedMessagesError(`${path}.role`, `must be one of ${Object.keys(KEPT).join(', ')}, got ${JSON.stringify(role)}`);
    }
    const text = contentText(content, path);
    const kept = KEPT[role];
    if (kept && text.trim()) turns.push({ index: i, role: kept, text });
  });
  if (!turns.some((t) => t.role === 'user')) throw new MalformedMessagesError('messages', 'has no user message with text');
  return turns;
}

/** sha256 of the turns (index, role, text): the identity of a conversation's content. */
export function conversationHash(turns: readonly Turn[]): string {
  return createHash('sha256').update(JSON.stringify(turns.map((t) => ({ index: t.index, role: t.role, text: t.text })))).digest('hex');
}

/** The id a conversation of these turns gets when the application names none. */
export const conversationIdOf = (hash: string): string => `c_${hash.slice(0, 24)}`;

/** A conversation record from chat messages (validated; throws MalformedMessagesError naming the message and field). */
export function conversationFromMessages(opts: { userId: string; messages: readonly ChatMessage[]; conversationId?: string; source?: string }): Conversation {
  const turns = messagesToTurns(opts.messages);
  return {
    id: opts.conversationId ?? conversationIdOf(conversationHash(turns)),
    userId: opts.userId,
    turns,
    ...(opts.source !== undefined ? { source: opts.source } : {}),
  };
}

/** How a bad value is named in an error: its type, or a short quote of a string. */
export function valueKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return typeof v;
}
