import type { StoredEvidence, StoredMemoryAttribute } from '../model/memory.js';
import type { MemoryAttributesTable } from './memory-schema.js';

/** What the memory repository takes and gives back besides the model's memory records (src/model/memory.ts), and an attribute row as a record. */

export type {
  MemoryScope, StoredEvidence, StoredMemoryAttribute, StoredMemoryEvent, StoredCorrection, MemoryCacheKey, MemoryUsage,
} from '../model/memory.js';

/** What `insertAttribute` takes: a stored attribute whose id, status, members and flags may be left to the repository. */
export type NewMemoryAttribute = Pick<StoredMemoryAttribute, 'text' | 'confidence' | 'evidence'>
  & Partial<Pick<StoredMemoryAttribute, 'id' | 'reason' | 'status' | 'sensitive' | 'source' | 'members' | 'confirmed'>>;

export interface ForgetCounts {
  /** Rows deleted per table (memory tables and llm_cache). */
  rows: Record<string, number>;
  /** Embedding-cache keys recorded for what was forgotten: the caller deletes them from its vector cache. */
  vectorKeys: string[];
}

/** A memory_attributes row and its evidence as the record the repository returns. */
export function rowToAttribute(r: MemoryAttributesTable, evidence: StoredEvidence[]): StoredMemoryAttribute {
  return {
    id: r.id,
    text: r.text,
    ...(r.reason !== null ? { reason: r.reason } : {}),
    confidence: Number(r.confidence),
    status: r.status,
    ...(r.sensitive !== null ? { sensitive: r.sensitive } : {}),
    ...(r.source !== null ? { source: r.source } : {}),
    members: JSON.parse(r.members) as StoredMemoryAttribute['members'],
    confirmed: Number(r.confirmed) === 1,
    ...(r.superseded_by !== null ? { supersededBy: r.superseded_by } : {}),
    evidence,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
