import { resolveLlm, type ModelInput } from '../../llm/client.js';
import { defaultEmbedder } from '../../embed/default.js';
import type { Embedder } from '../../embed/embedder.js';
import type { Attribute, ChatMessage, Conversation, Profile } from '../../model/index.js';
import { InvalidArgumentError } from '../../model/errors.js';
import { conversationFromMessages } from '../../model/messages.js';
import type { Extractor } from './extractor.js';
import { extractProfilesConcurrently } from './llm-extractor.js';
import { LlmExtractor } from './llm-extractor.js';
import { OfflineExtractor } from './offline.js';
import { checkArray, checkModel, checkNumber, checkOneOf, checkOptionsObject, checkString } from '../../model/options.js';

export interface ExtractAttributesOptions {
  /** Conversation records (each names its user), or `messages` for one conversation. */
  conversations?: readonly Conversation[];
  /** One conversation as AI SDK / OpenAI-style `{ role, content }` messages; needs `userId`. */
  messages?: readonly ChatMessage[];
  userId?: string;
  conversationId?: string;
  /** An LLM extracts (the paper's stage 1, with evidence checks); without one, the offline extractor does. */
  model?: ModelInput;
  /** With `model`: the embedder that checks sensitive attributes by meaning (default: USE-lite, offline). */
  embedder?: Embedder;
  /** Or any extractor of your own. */
  extractor?: Extractor;
  /** Conversations in flight at once (default 8; the model's own limits still apply). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ExtractAttributesResult {
  /** One profile per user, raw (unmerged) attributes in conversation order; see mergeAttributes. */
  profiles: Profile[];
  /** Every attribute of every profile. */
  attributes: Attribute[];
  /** Which extractor ran (recorded as each attribute's `source`). */
  extractor: string;
}

/** Stage 1: infers "The user ..." attributes, each with a reason, a confidence and its evidence turns. */
export async function extractAttributes(opts: ExtractAttributesOptions): Promise<ExtractAttributesResult> {
  checkExtractAttributesOptions(opts);
  const conversations = [...(opts.conversations ?? [])];
  if (opts.messages) {
    conversations.push(conversationFromMessages({ userId: opts.userId!, messages: opts.messages, ...(opts.conversationId !== undefined ? { conversationId: opts.conversationId } : {}) }));
  }
  const extractor = opts.extractor ?? (opts.model ? new LlmExtractor(resolveLlm(opts.model), { embedder: opts.embedder ?? defaultEmbedder() }) : new OfflineExtractor());
  const byUser = await extractProfilesConcurrently(extractor, conversations, {
    concurrency: opts.concurrency ?? 8,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const profiles = [...byUser].map(([userId, attributes]) => ({ userId, attributes }));
  return { profiles, attributes: profiles.flatMap((p) => p.attributes), extractor: extractor.name };
}

/** Every check of extractAttributes' options, before anything runs (each throws an InvalidArgumentError naming the option). */
function checkExtractAttributesOptions(opts: ExtractAttributesOptions): void {
  checkOptionsObject('extractAttributes', opts);
  checkArray('conversations', opts.conversations, { optional: true });
  checkArray('messages', opts.messages, { optional: true });
  if (opts.messages !== undefined) checkString('userId', opts.userId);
  checkString('conversationId', opts.conversationId, { optional: true });
  if (!opts.messages?.length && !opts.conversations?.length) throw new InvalidArgumentError('conversations', 'give `conversations` or `messages` (with a `userId`)', opts.conversations);
  checkOneOf(opts as unknown as Record<string, unknown>, ['model', 'extractor']);
  checkModel('model', opts.model, { optional: true });
  checkNumber('concurrency', opts.concurrency, { optional: true, integer: true, min: 1 });
}
