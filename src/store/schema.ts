/**
 * The store's tables, as kysely sees them: one `Database` for the research tables (here), the studio's
 * (studio-schema.ts), the tenants' keys and the runtime memory's (memory-schema.ts). One schema for SQLite and Postgres:
 * - text ids and ISO-8601 timestamps as text (portable, sortable);
 * - floats are `double precision` (SQLite gives it REAL affinity, an 8-byte double);
 * - booleans are integer 0/1 on both backends (the repository converts);
 * - JSON is stored as text (the repository parses and stringifies);
 * - child rows of a dataset carry `ord`, their position in the dataset's array, so loads keep order.
 * A table that stores a model record derives its columns from it (columns.ts), so the two cannot drift apart.
 */
import type {
  AnnotatorLabel, Attribute, AttributeJudgment, Conversation, GoldAttribute, PairOrder, Prediction, Profile, Prompt, Rating, RelevanceLabel,
  Response, ResponsePair, Run,
} from '../model/index.js';
import type { Row } from './columns.js';
import type { MemoryTables } from './memory-schema.js';
import type { StudioTables } from './studio-schema.js';

export interface DatasetsTable {
  id: string;
  name: string;
  format: string;
  provenance: string;
  /** JSON: string[] of files read. */
  files: string;
  created_at: string;
}

/** A row of a dataset's child table: the dataset and the row's position in the dataset's array. */
type InDataset = { dataset_id: string; ord: number };

export type ConversationsTable = InDataset & Row<Conversation>;
export type ProfilesTable = InDataset & Row<Pick<Profile, 'userId'>>;
/** `ord` is the position within the user's profile. */
export type AttributesTable = InDataset & Row<Pick<Profile, 'userId'>> & Row<Attribute>;
export type PromptsTable = InDataset & Row<Prompt>;
export type GoldAttributesTable = InDataset & Row<GoldAttribute>;
/** Aggregated (human-majority) relevance labels. */
export type LabelsTable = InDataset & Row<RelevanceLabel>;
/** Per-annotator relevance labels. */
export type AnnotationsTable = InDataset & Row<AnnotatorLabel>;
/** System outputs recorded in a dataset (e.g. published zero-shot votes); a run's own outputs go to `predictions`. */
export type DatasetPredictionsTable = InDataset & Row<Prediction>;
export type ResponsesTable = InDataset & Row<Response>;
export type ResponsePairsTable = InDataset & Row<ResponsePair>;
/** `order` is a reserved word: the column is `pair_order`. */
export type RatingsTable = InDataset & Row<Omit<Rating, 'order'>> & { pair_order: PairOrder | null };
export type AttributeJudgmentsTable = InDataset & Row<AttributeJudgment>;
/** `dataset` is the dataset's name (runs outlive a dataset's re-import). */
export type RunsTable = Row<Run>;
/** `seq`: insertion order within the run, kept when a prediction is overwritten. */
export type PredictionsTable = { run_id: string; seq: number } & Row<Prediction>;

/** Human judgments collected by the studio. UNIQUE(annotator, kind, item_key). */
export interface JudgmentsTable {
  id: string;
  study_id: string | null;
  annotator: string;
  kind: string;
  item_key: string;
  /** JSON */
  value: string;
  created_at: string;
  updated_at: string;
}

/** Content-addressed LLM response cache. */
export interface LlmCacheTable {
  key: string;
  provider: string;
  model: string;
  /** JSON */
  request: string;
  /** JSON */
  response: string;
  /** JSON or null */
  usage: string | null;
  created_at: string;
}

/** Tenants and their API keys (migration 0004; src/store/keys.ts). */
export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}
export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  secret_hash: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

interface ResearchTables {
  datasets: DatasetsTable;
  conversations: ConversationsTable;
  profiles: ProfilesTable;
  attributes: AttributesTable;
  prompts: PromptsTable;
  gold_attributes: GoldAttributesTable;
  labels: LabelsTable;
  annotations: AnnotationsTable;
  dataset_predictions: DatasetPredictionsTable;
  responses: ResponsesTable;
  response_pairs: ResponsePairsTable;
  ratings: RatingsTable;
  attribute_judgments: AttributeJudgmentsTable;
  runs: RunsTable;
  predictions: PredictionsTable;
  judgments: JudgmentsTable;
  llm_cache: LlmCacheTable;
}

/** Every table of the store. */
export interface Database extends ResearchTables, StudioTables, MemoryTables {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
}

/** Tables that hold a dataset's rows (all keyed by dataset_id), in insert order. */
export const DATASET_CHILD_TABLES = [
  'conversations', 'profiles', 'attributes', 'prompts', 'gold_attributes', 'labels', 'annotations',
  'dataset_predictions', 'responses', 'response_pairs', 'ratings', 'attribute_judgments',
] as const satisfies readonly (keyof Database)[];
export type DatasetChildTable = (typeof DATASET_CHILD_TABLES)[number];
