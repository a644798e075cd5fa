import type { LlmCacheTable } from './schema.js';

/** The memory tables (migration 0003_memory and after), as kysely sees them. */

export type MemoryStatus = 'active' | 'superseded' | 'rejected';

export interface MemoryConversationsTable {
  tenant_id: string;
  user_id: string;
  id: string;
  hash: string;
  /** JSON: Turn[] */
  turns: string;
  created_at: string;
}

export interface MemoryAttributesTable {
  tenant_id: string;
  user_id: string;
  id: string;
  seq: number;
  text: string;
  reason: string | null;
  confidence: number;
  status: MemoryStatus;
  sensitive: string | null;
  source: string | null;
  /** JSON: AttributeMember[] */
  members: string;
  confirmed: number;
  superseded_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MemoryEvidenceTable {
  tenant_id: string;
  user_id: string;
  attribute_id: string;
  conversation_id: string;
  turn_index: number;
  created_at: string;
}

export interface MemoryEventsTable {
  tenant_id: string;
  user_id: string;
  id: string;
  attribute_id: string;
  seq: number;
  kind: string;
  conversation_id: string | null;
  /** JSON */
  detail: string;
  at: string;
}

export interface MemoryCorrectionsTable {
  tenant_id: string;
  user_id: string;
  id: string;
  attribute_id: string;
  seq: number;
  action: 'confirm' | 'reject' | 'edit';
  text: string;
  verdict: 'makes_sense' | 'doesnt_make_sense';
  created_at: string;
}

export interface MemoryUsageTable {
  tenant_id: string;
  user_id: string;
  id: string;
  kind: string;
  prompt_hash: string;
  selector: string;
  /** JSON: string[] */
  attribute_ids: string;
  at: string;
}

export interface MemoryCacheKeysTable {
  tenant_id: string;
  user_id: string;
  kind: 'llm' | 'vector';
  key: string;
  attribute_id: string | null;
}

/** The memory tables as kysely sees them (plus llm_cache, which forget deletes from). */
export interface MemoryDatabase {
  memory_conversations: MemoryConversationsTable;
  memory_attributes: MemoryAttributesTable;
  memory_evidence: MemoryEvidenceTable;
  memory_events: MemoryEventsTable;
  memory_corrections: MemoryCorrectionsTable;
  memory_usage: MemoryUsageTable;
  memory_cache_keys: MemoryCacheKeysTable;
  llm_cache: LlmCacheTable;
}

/** The memory tables, child tables first (the order forget deletes in). */
export const MEMORY_TABLES = [
  'memory_cache_keys', 'memory_usage', 'memory_corrections', 'memory_events', 'memory_evidence', 'memory_attributes', 'memory_conversations',
] as const satisfies readonly (keyof MemoryDatabase)[];
