import type { MemoryAttributesTable, MemoryStatus } from './memory-schema.js';

/** The memory repository's records (whose rows, stored attributes, events, evidence and corrections, what forgetting deleted), and an attribute row as a record. */

/** Whose rows: every repository call takes one. */
export interface MemoryScope {
  tenantId: string;
  userId: string;
}

export interface StoredEvidence {
  conversationId: string;
  turnIndex: number;
}

export interface StoredMemoryAttribute {
  id: string;
  text: string;
  reason?: string;
  confidence: number;
  status: MemoryStatus;
  sensitive?: string;
  source?: string;
  members: { text: string; reason?: string; confidence?: number }[];
  confirmed: boolean;
  supersededBy?: string;
  evidence: StoredEvidence[];
  createdAt: string;
  updatedAt: string;
}

export interface StoredMemoryEvent {
  id: string;
  attributeId: string;
  kind: string;
  conversationId?: string;
  detail: Record<string, unknown>;
  at: string;
}

export interface NewMemoryAttribute {
  id?: string;
  text: string;
  reason?: string;
  confidence: number;
  status?: MemoryStatus;
  sensitive?: string;
  source?: string;
  members?: StoredMemoryAttribute['members'];
  confirmed?: boolean;
  evidence: StoredEvidence[];
}

export interface StoredCorrection {
  tenantId: string;
  userId: string;
  id: string;
  attributeId: string;
  action: 'confirm' | 'reject' | 'edit';
  text: string;
  verdict: 'makes_sense' | 'doesnt_make_sense';
  createdAt: string;
}

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
