import type { MemoryStatus } from '../model/memory.js';
import type {
  ForgetCounts, MemoryCacheKey, MemoryScope, NewMemoryAttribute, StoredCorrection, StoredEvidence, StoredMemoryAttribute, StoredMemoryEvent,
} from './memory-records.js';

export type {
  ForgetCounts, MemoryCacheKey, MemoryScope, NewMemoryAttribute, StoredCorrection, StoredEvidence, StoredMemoryAttribute, StoredMemoryEvent,
} from './memory-records.js';
export type { MemoryStatus } from '../model/memory.js';

/**
 * What the runtime memory (src/memory) and the server need of the store: every read and write of a user's memory,
 * scoped by tenant and user. MemoryRepository (memory.ts) implements it over the store's tables; nothing outside
 * the store runs SQL on them.
 */
export interface MemoryStore {
  /** Runs `fn` in one transaction: all of its writes land, or none; the first touch of a user takes their lock. */
  transaction<T>(fn: (store: MemoryStore) => Promise<T>): Promise<T>;

  /** True when the user has any attribute or remembered conversation. */
  hasUser(s: MemoryScope): Promise<boolean>;
  findConversation(s: MemoryScope, by: { id: string; hash: string }): Promise<{ id: string; hash: string } | undefined>;
  insertConversation(s: MemoryScope, c: { id: string; hash: string; turns: unknown }): Promise<void>;
  /** The user's remembered conversations (all, or these ids), oldest first. */
  conversations(s: MemoryScope, ids?: readonly string[]): Promise<{ id: string; turns: unknown }[]>;

  /** The user's attributes with their evidence, in creation order. */
  attributes(s: MemoryScope, filter?: { status?: MemoryStatus; ids?: readonly string[] }): Promise<StoredMemoryAttribute[]>;
  /** The user's attributes of these statuses without their evidence, in creation order. */
  attributesBrief(s: MemoryScope, filter: { statuses: readonly MemoryStatus[] }): Promise<StoredMemoryAttribute[]>;
  /** One page of the user's attributes with their evidence, after the one numbered `afterSeq`. */
  attributePage(s: MemoryScope, page: { limit: number; afterSeq?: number }): Promise<{ attributes: StoredMemoryAttribute[]; lastSeq?: number; more: boolean }>;
  /** Whose attribute this id is (any tenant and user). */
  ownerOf(attributeId: string): Promise<MemoryScope | undefined>;
  insertAttribute(s: MemoryScope, a: NewMemoryAttribute): Promise<string>;
  updateAttribute(
    s: MemoryScope,
    id: string,
    set: Partial<{ text: string; reason: string | null; confidence: number; status: MemoryStatus; members: StoredMemoryAttribute['members']; confirmed: boolean; supersededBy: string | null; sensitive: string | null }>,
  ): Promise<void>;
  addEvidence(s: MemoryScope, attributeId: string, evidence: readonly StoredEvidence[]): Promise<void>;

  addEvent(s: MemoryScope, e: { attributeId: string; kind: string; conversationId?: string; detail?: Record<string, unknown> }): Promise<void>;
  events(s: MemoryScope, attributeIds?: readonly string[]): Promise<StoredMemoryEvent[]>;
  addCorrection(s: MemoryScope, c: Omit<StoredCorrection, 'tenantId' | 'userId' | 'id' | 'createdAt'>): Promise<string>;
  /** Corrections of one user, or of every user of a tenant, oldest first. */
  corrections(s: { tenantId: string; userId?: string }): Promise<StoredCorrection[]>;
  addUsage(s: MemoryScope, u: { kind: string; promptHash: string; selector: string; attributeIds: readonly string[] }): Promise<void>;
  /** Records cache keys made from the user's text, so forget can delete them. */
  addCacheKeys(s: MemoryScope, kind: MemoryCacheKey['kind'], keys: readonly { key: string; attributeId?: string }[]): Promise<void>;

  /** Every tenant holding rows of this user id. */
  tenantsOf(userId: string): Promise<string[]>;
  /** Erases the user's memory (store/erase.ts); returns the counts and the embedding-cache keys to delete. */
  forgetUser(s: MemoryScope): Promise<ForgetCounts>;
  /** Erases one attribute and what was drawn from it (store/erase.ts). */
  forgetAttribute(s: MemoryScope, attributeId: string): Promise<ForgetCounts>;
}
