import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Conversation, Turn } from './conversation.js';

/** A text part of an AI SDK message's content; other parts (images, tool calls) carry no words to learn from. */
const ContentPart = z.object({ type: z.string(), text: z.string().optional() }).passthrough();

/** An AI SDK / OpenAI-style chat message: `{ role, content }`, content a string or parts. */
export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(ContentPart)]),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** The words of a message: its string content, or its text parts joined by newlines. */
export function messageText(m: ChatMessage): string {
  if (typeof m.content === 'string') return m.content;
  return m.content.flatMap((p) => (p.type === 'text' && typeof p.text === 'string' ? [p.text] : [])).join('\n');
}

/** A content hash of the turns: the same messages always get the same conversation id. */
export function conversationHash(turns: readonly Pick<Turn, 'role' | 'text'>[]): string {
  const h = createHash('sha256');
  for (const t of turns) h.update(t.role).update('\u0000').update(t.text).update('\u0001');
  return h.digest('hex').slice(0, 32);
}

/**
 * A conversation record from chat messages. System and tool messages are left out (they are the
 * application's words, not the user's); the id is `conversationId` or a hash of the turns.
 */
export function conversationFromMessages(opts: { userId: string; messages: readonly ChatMessage[]; conversationId?: string; source?: string }): Conversation {
  const turns: Turn[] = [];
  for (const m of opts.messages) {
    if (m.role !== 'user' && m.role !== 'assistant') continue;
    turns.push({ index: turns.length, role: m.role, text: messageText(m) });
  }
  return {
    id: opts.conversationId ?? `c-${conversationHash(turns)}`,
    userId: opts.userId,
    turns,
    ...(opts.source !== undefined ? { source: opts.source } : {}),
  };
}
