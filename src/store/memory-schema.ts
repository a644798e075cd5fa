import type {
  MemoryCacheKey, MemoryConversation, MemoryScope, MemoryUsage, StoredCorrection, StoredEvidence, StoredMemoryAttribute, StoredMemoryEvent,
} from '../model/memory.js';
import type { Row } from './columns.js';

/**
 * The memory tables (migration 0003_memory and after), derived from the memory's records (src/model/memory.ts).
 * Every row carries its tenant and user; `seq` orders rows created in the same millisecond.
 */

export type { MemoryStatus } from '../model/memory.js';

type Scoped = Row<MemoryScope>;

export type MemoryConversationsTable = Scoped & Row<MemoryConversation>;
/** An attribute without its evidence (memory_evidence holds that). */
export type MemoryAttributesTable = Scoped & Row<Omit<StoredMemoryAttribute, 'evidence'>> & { seq: number };
export type MemoryEvidenceTable = Scoped & Row<StoredEvidence> & { attribute_id: string; created_at: string };
export type MemoryEventsTable = Scoped & Row<StoredMemoryEvent> & { seq: number };
export type MemoryCorrectionsTable = Row<StoredCorrection> & { seq: number };
export type MemoryUsageTable = Scoped & Row<MemoryUsage> & { id: string };
export type MemoryCacheKeysTable = Scoped & Row<MemoryCacheKey>;

export interface MemoryTables {
  memory_conversations: MemoryConversationsTable;
  memory_attributes: MemoryAttributesTable;
  memory_evidence: MemoryEvidenceTable;
  memory_events: MemoryEventsTable;
  memory_corrections: MemoryCorrectionsTable;
  memory_usage: MemoryUsageTable;
  memory_cache_keys: MemoryCacheKeysTable;
}

/** The memory tables, child tables first (the order forget deletes in). */
export const MEMORY_TABLES = [
  'memory_cache_keys', 'memory_usage', 'memory_corrections', 'memory_events', 'memory_evidence', 'memory_attributes', 'memory_conversations',
] as const satisfies readonly (keyof MemoryTables)[];
