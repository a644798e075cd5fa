export { openStore, parseStoreUrl, defaultStoreUrl } from './open.js';
export type { OpenStoreOptions, StoreTarget } from './open.js';
export { Store, MAX_PARAMS, JUDGMENT_KINDS } from './store.js';
export type {
  StoreDialect, DatasetSummary, NewRun, RunSummary, RunFilter, JudgmentKind, JudgmentInput, StoredJudgment,
  SaveJudgmentResult, SaveJudgmentOptions, JudgmentFilter, LlmCacheEntry,
} from './store.js';
export type { Database } from './schema.js';
export { migrations, migrateToLatest } from './migrations/index.js';
export { MemoryRepository, MEMORY_TABLES, memoryStore } from './memory.js';
export type { MemoryStore } from './memory-store.js';
export type { SqlDialect } from './dialect.js';
export type {
  MemoryTables, MemoryScope, MemoryStatus, StoredMemoryAttribute, StoredMemoryEvent, StoredEvidence, NewMemoryAttribute, StoredCorrection, ForgetCounts,
} from './memory.js';
export { forgetUser, eraseDataset, MIN_NEEDLE } from './erase.js';
export type { EraseResult } from './erase.js';
