/**
 * What `remember` accepts, turned into a Conversation: chat messages (model/messages.ts converts them) or an
 * attune Conversation record, validated the same way.
 */
import { Conversation, conversationHash, conversationIdOf, messagesToTurns, valueKind, type ChatMessage } from '../model/index.js';
import { InvalidArgumentError, MalformedMessagesError } from './errors.js';

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
  return v;
}
