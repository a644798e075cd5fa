import type { Provenance, Run, Stage } from '../model/index.js';

/** What the store takes and gives back besides the model's own records: summaries, filters, judgments, cache entries. */

export type StoreDialect = 'sqlite' | 'postgres';

/** Bound parameters allowed in one statement: SQLite's SQLITE_MAX_VARIABLE_NUMBER, Postgres' wire-protocol limit. */
export const MAX_PARAMS: Record<StoreDialect, number> = { sqlite: 32_766, postgres: 65_535 };

export interface DatasetSummary {
  id: string;
  name: string;
  format: string;
  provenance: Provenance;
  createdAt: string;
}

/** What `createRun` takes: a Run whose id and start time may be left to the store. */
export type NewRun = Omit<Run, 'id' | 'startedAt' | 'params'> & { id?: string; startedAt?: string; params?: Record<string, unknown> };

export interface RunSummary extends Run {
  /** How many predictions the run holds. */
  predictions: number;
}

export interface RunFilter {
  dataset?: string;
  stage?: Stage;
  system?: string;
}

export const JUDGMENT_KINDS = ['attribute', 'relevance', 'rating'] as const;
export type JudgmentKind = (typeof JUDGMENT_KINDS)[number];

export interface JudgmentInput {
  /** Generated when absent. Ignored when the (annotator, kind, itemKey) judgment exists. */
  id?: string;
  studyId?: string | null;
  annotator: string;
  kind: JudgmentKind;
  /** What was judged, e.g. compositeKey(userId, promptId, attribute) (see model's pairKey). */
  itemKey: string;
  /** Any JSON value: a verdict object, a YES/NO, a 1-5 score. */
  value: unknown;
}

export interface StoredJudgment {
  id: string;
  studyId: string | null;
  annotator: string;
  kind: JudgmentKind;
  itemKey: string;
  value: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface SaveJudgmentResult {
  id: string;
  /** True when this (annotator, kind, itemKey) had no judgment before. */
  created: boolean;
  /** True when an existing judgment got a different value (or study). False for an identical resubmission. */
  changed: boolean;
}

export interface SaveJudgmentOptions {
  /** 'replace' (default): a resubmission with another value overwrites it; 'keep': the first answer stays. */
  onConflict?: 'replace' | 'keep';
}

export interface JudgmentFilter {
  /** `null` selects judgments outside any study. */
  studyId?: string | null;
  annotator?: string;
  kind?: JudgmentKind;
  itemKey?: string;
  itemKeyPrefix?: string;
}

export interface LlmCacheEntry {
  /** Content hash of the request. */
  key: string;
  provider: string;
  model: string;
  request: unknown;
  response: unknown;
  usage?: unknown;
  /** Set by the store when absent. */
  createdAt?: string;
}
