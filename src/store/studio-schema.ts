import type { Generated } from 'kysely';

/** The annotation studio's tables (migration 0002, with 0005 and 0006); the studio's logic is in src/studio/. */
export interface StudiesTable {
  id: string;
  name: string;
  kind: string;
  k: number;
  per_annotator: number | null;
  completion_code: string;
  secret: string;
  source: string;
  created_at: string;
}
export interface StudyItemsTable {
  study_id: string;
  id: string;
  ord: number;
  role: string;
  payload: string;
  meta: string;
  /** Assignments holding a slot of this item (migration 0006): answered, or open and not swept as lapsed. */
  fill: Generated<number>;
}
export interface AnnotatorsTable {
  id: string;
  study_id: string;
  external_id: string;
  source: string;
  prolific_study_id: string | null;
  session_id: string | null;
  created_at: string;
  completed_at: string | null;
}
export interface AssignmentsTable {
  id: string;
  study_id: string;
  item_id: string;
  annotator_id: string;
  seq: number;
  status: string;
  pair_order: string | null;
  assigned_at: string;
  /** Last renewal of the lease (migration 0005); null: the lease runs from assigned_at. */
  leased_at: string | null;
  completed_at: string | null;
  /** 1 while the assignment holds a slot of its item (migration 0006). */
  counted: Generated<number>;
}
export interface StudioTables {
  studies: StudiesTable;
  study_items: StudyItemsTable;
  annotators: AnnotatorsTable;
  assignments: AssignmentsTable;
}
