import type { Attribute, Conversation } from '../../model/index.js';

/**
 * Stage 1: infers attributes of a user from one conversation.
 *
 * Each attribute is phrased "The user ...", with a `reason` (why, quoting the evidence), a `confidence`
 * in [0,1] and `evidence` naming the supporting turns of this conversation. Extractors run per
 * conversation; merging across a user's conversations is a separate step (`merge.ts`).
 */
export interface Extractor {
  /** Identifies the extractor and its settings; recorded as each attribute's `source`. */
  readonly name: string;
  extract(conversation: Conversation): Promise<Attribute[]>;
}

export interface ExtractProgress {
  (done: number, total: number): void;
}

/**
 * Runs an extractor over conversations, one at a time, and groups the attributes by user (users in order of
 * first appearance). Users whose conversations yield nothing still get an (empty) profile.
 */
export async function extractProfiles(
  extractor: Extractor,
  conversations: readonly Conversation[],
  onProgress?: ExtractProgress,
): Promise<Map<string, Attribute[]>> {
  const byUser = new Map<string, Attribute[]>();
  let done = 0;
  for (const c of conversations) {
    const attrs = await extractor.extract(c);
    let list = byUser.get(c.userId);
    if (!list) byUser.set(c.userId, (list = []));
    list.push(...attrs);
    onProgress?.(++done, conversations.length);
  }
  return byUser;
}
