import { z } from 'zod';
import { Attribute, AttributeVerdict, EvidenceRef } from './attribute.js';
import { Turn } from './conversation.js';

/** The runtime memory's records (src/memory), as the store keeps them per tenant and user (its tables derive from these). */

export const MemoryStatus = z.enum(['active', 'superseded', 'rejected']);
export type MemoryStatus = z.infer<typeof MemoryStatus>;

/** Whose rows: every memory read and write names one. */
export const MemoryScope = z.object({ tenantId: z.string(), userId: z.string() });
export type MemoryScope = z.infer<typeof MemoryScope>;

/** A turn an attribute was drawn from. */
export const StoredEvidence = EvidenceRef;
export type StoredEvidence = z.infer<typeof StoredEvidence>;

/** An attribute in a user's memory: the model's Attribute with its id, status and history fields. */
export const StoredMemoryAttribute = Attribute.extend({
  id: z.string(),
  confidence: z.number().min(0).max(1),
  status: MemoryStatus,
  /** The sensitive category, when the attribute touches one. */
  sensitive: z.string().optional(),
  confirmed: z.boolean(),
  supersededBy: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredMemoryAttribute = z.infer<typeof StoredMemoryAttribute>;

export const StoredMemoryEvent = z.object({
  id: z.string(),
  attributeId: z.string(),
  kind: z.string(),
  conversationId: z.string().optional(),
  detail: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type StoredMemoryEvent = z.infer<typeof StoredMemoryEvent>;

/** A person's correction of an attribute: confirm, reject or edit, with the verdict it stands for. */
export const StoredCorrection = MemoryScope.extend({
  id: z.string(),
  attributeId: z.string(),
  action: z.enum(['confirm', 'reject', 'edit']),
  text: z.string(),
  verdict: AttributeVerdict.exclude(['maybe']),
  createdAt: z.string(),
});
export type StoredCorrection = z.infer<typeof StoredCorrection>;

/** Which attributes one call used. */
export const MemoryUsage = z.object({
  kind: z.string(),
  promptHash: z.string(),
  selector: z.string(),
  attributeIds: z.array(z.string()),
  at: z.string(),
});
export type MemoryUsage = z.infer<typeof MemoryUsage>;

/** A cache key made from a user's text (an llm_cache key or an embedding-cache key), so forgetting can delete it. */
export const MemoryCacheKey = z.object({
  kind: z.enum(['llm', 'vector']),
  key: z.string(),
  attributeId: z.string().optional(),
});
export type MemoryCacheKey = z.infer<typeof MemoryCacheKey>;

/** A remembered conversation; `hash` is the sha256 of its normalised turns (the same one remembered twice is found by it). */
export const MemoryConversation = z.object({
  id: z.string(),
  hash: z.string(),
  turns: z.array(Turn),
  createdAt: z.string(),
});
export type MemoryConversation = z.infer<typeof MemoryConversation>;
