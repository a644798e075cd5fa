import type { Conversation, Dataset } from '../model/index.js';
import { seededRandom, shuffled } from '../util/random.js';

/** The conversations of `limit` users drawn with a seeded shuffle (all users when limit is undefined). */
export function sampleConversations(ds: Dataset, limit: number | undefined, seed: number): Conversation[] {
  if (limit === undefined) return ds.conversations;
  const users = [...new Set(ds.conversations.map((c) => c.userId))].sort();
  const keep = new Set(shuffled(users, seededRandom(seed)).slice(0, Math.max(0, limit)));
  return ds.conversations.filter((c) => keep.has(c.userId));
}
