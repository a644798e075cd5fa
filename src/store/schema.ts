/**
 * The store's tables, as kysely sees them. One schema for SQLite and Postgres:
 * - text ids and ISO-8601 timestamps as text (portable, sortable);
 * - floats are `double precision` (SQLite gives it REAL affinity, an 8-byte double);
 * - booleans are integer 0/1 on both backends (the repository converts);
 * - JSON is stored as text (the repository parses and stringifies);
 * - child rows of a dataset carry `ord`, their position in the dataset's array, so loads keep order.
 */

export interface DatasetsTable {
  id: string;
  name: string;
  format: string;
  provenance: string;
  /** JSON: string[] of files read. */
  files: string;
  created_at: string;
}

export interface ConversationsTable {
  dataset_id: string;
  ord: number;
  id: string;
  user_id: string;
  source: string | null;
  started_at: string | null;
  /** JSON: Turn[] */
  turns: string;
}

export interface ProfilesTable {
  dataset_id: string;
  ord: number;
  user_id: string;
}

export interface AttributesTable {
  dataset_id: string;
  user_id: string;
  /** Position within the user's profile. */
  ord: number;
  text: string;
  reason: string | null;
  confidence: number | null;
  /** JSON: EvidenceRef[] */
  evidence: string;
  source: string | null;
  /** JSON: AttributeMember[] */
  members: string;
}

export interface PromptsTable {
  dataset_id: string;
  ord: number;
  id: string;
  text: string;
}

export interface GoldAttributesTable {
  dataset_id: string;
  ord: number;
  user_id: string;
  conversation_id: string | null;
  text: string;
  category: string | null;
}

/** Aggregated (human-majority) relevance labels. */
export interface LabelsTable {
  dataset_id: string;
  ord: number;
  user_id: string;
  prompt_id: string;
  attribute: string;
  relevant: number;
  yes_rate: number | null;
  n_annotators: number | null;
  split: string | null;
  round: string | null;
}

/** Per-annotator relevance labels. */
export interface AnnotationsTable {
  dataset_id: string;
  ord: number;
  user_id: string;
  prompt_id: string;
  attribute: string;
  annotator: string;
  relevant: number;
  grade: string | null;
  round: string | null;
}

/** System outputs recorded in a dataset (e.g. published zero-shot votes); a run's own outputs go to `predictions`. */
export interface DatasetPredictionsTable {
  dataset_id: string;
  ord: number;
  user_id: string;
  prompt_id: string;
  attribute: string;
  system: string;
  relevant: number;
  score: number | null;
  raw_answer: string | null;
  output: string | null;
  round: string | null;
}

export interface ResponsesTable {
  dataset_id: string;
  ord: number;
  user_id: string;
  prompt_id: string;
  generator: string;
  mode: string;
  text: string;
  /** JSON: string[] */
  attributes: string;
}

export interface ResponsePairsTable {
  dataset_id: string;
  ord: number;
  id: string;
  user_id: string;
  prompt_id: string;
  generator: string;
  generic: string;
  personalized: string;
  /** JSON: { text, relevant? }[] */
  attributes: string;
}

export interface RatingsTable {
  dataset_id: string;
  ord: number;
  rater: string;
  rater_kind: string;
  pair_id: string;
  attribute: string;
  score: number;
  /** `order` is a reserved word. */
  pair_order: string | null;
}

export interface AttributeJudgmentsTable {
  dataset_id: string;
  ord: number;
  annotator: string;
  user_id: string;
  attribute: string;
  verdict: string;
  failure_mode: string | null;
  note: string | null;
}

export interface RunsTable {
  id: string;
  stage: string;
  system: string;
  /** Dataset name (runs outlive a dataset's re-import). */
  dataset: string;
  /** JSON object */
  params: string;
  started_at: string;
  finished_at: string | null;
  /** JSON object */
  metrics: string | null;
}

export interface PredictionsTable {
  run_id: string;
  /** Insertion order within the run; kept when a prediction is overwritten. */
  seq: number;
  user_id: string;
  prompt_id: string;
  attribute: string;
  system: string;
  relevant: number;
  score: number | null;
  raw_answer: string | null;
  output: string | null;
  round: string | null;
}

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

export interface Database {
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

/** Tables that hold a dataset's rows (all keyed by dataset_id), in insert order. */
export const DATASET_CHILD_TABLES = [
  'conversations', 'profiles', 'attributes', 'prompts', 'gold_attributes', 'labels', 'annotations',
  'dataset_predictions', 'responses', 'response_pairs', 'ratings', 'attribute_judgments',
] as const satisfies readonly (keyof Database)[];
export type DatasetChildTable = (typeof DATASET_CHILD_TABLES)[number];
