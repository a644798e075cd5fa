import { AttuneError } from '../model/errors.js';
import type { JudgmentKind } from '../store/store.js';

/**
 * The annotation studio's records: studies, items, annotators and assignments (migration 0002), and the
 * judgments they produce (the store's `judgments` table: study_id set, item_key `${studyId}/${itemId}`, annotator
 * = the annotator's external id).
 */

export type StudyKind = JudgmentKind;
export type ItemRole = 'regular' | 'gold' | 'attention';
export type AssignmentStatus = 'assigned' | 'done' | 'skipped';
export type PairOrderValue = 'generic_first' | 'personalized_first';

export interface Study {
  id: string;
  name: string;
  kind: StudyKind;
  k: number;
  perAnnotator: number | null;
  completionCode: string;
  source: Record<string, unknown>;
  createdAt: string;
}

export interface StudyItemInput {
  id: string;
  role?: ItemRole;
  /** What the annotator sees. */
  payload: unknown;
  /** What only the server knows (ids for export, system votes, expected answers). */
  meta?: unknown;
}

export interface StudyItem {
  id: string;
  ord: number;
  role: ItemRole;
  payload: unknown;
  meta: unknown;
}

export interface NewStudy {
  name: string;
  kind: StudyKind;
  k: number;
  perAnnotator?: number | null;
  completionCode?: string;
  source?: Record<string, unknown>;
  items: StudyItemInput[];
}

export interface Identity {
  source: 'prolific' | 'name';
  externalId: string;
  prolificStudyId?: string;
  sessionId?: string;
}

export interface Annotator {
  id: string;
  studyId: string;
  externalId: string;
  source: 'prolific' | 'name';
  prolificStudyId: string | null;
  sessionId: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface Assignment {
  id: string;
  studyId: string;
  annotatorId: string;
  itemId: string;
  seq: number;
  status: AssignmentStatus;
  pairOrder: PairOrderValue | null;
  assignedAt: string;
  completedAt: string | null;
  item: StudyItem;
}

export interface Progress {
  /** Answered or skipped. */
  done: number;
  assigned: number;
  /** Regular items per annotator plus the gold and attention items; null without a per-annotator quota. */
  total: number | null;
}

export interface NextOptions {
  /** An assignment not finished within this time no longer holds its item's slot (default 1 h). */
  leaseMs?: number;
  /** Regular items between two gold/attention items (default: spread them over perAnnotator, else 5). */
  spacing?: number;
  random?: () => number;
  now?: Date;
}

/** An annotator's current assignment (none: they are done) and their progress. */
export interface Current {
  assignment?: Assignment;
  progress: Progress;
}

export interface SubmitOptions {
  leaseMs?: number;
  now?: Date;
  /**
   * Also assign the annotator's next item in the same transaction and return it as `next` (what current() would
   * return right after): one round trip per judgment instead of two. Not for refused submissions.
   */
  next?: boolean | Omit<NextOptions, 'leaseMs' | 'now'>;
  /**
   * Checks the answer against the assignment's item inside the transaction, and gives what to record (the value
   * and status then passed to submit are ignored). A refusal records nothing: `{ status: 'invalid', error }`.
   */
  check?: (item: StudyItem, kind: StudyKind) => SubmitCheck;
}

export type SubmitCheck = { ok: true; value: unknown; status: 'done' | 'skipped' } | { ok: false; error: string };

export type SubmitResult =
  | { status: 'created'; judgmentId: string }
  /** Refused by SubmitOptions.check; nothing was recorded. */
  | { status: 'invalid'; error: string }
  /** The lease ran out and k other annotators hold or answered the item: refused, and the assignment released. */
  | { status: 'expired' }
  | { status: 'duplicate'; judgmentId: string }
  | { status: 'conflict'; judgmentId: string }
  | { status: 'not_found' };

export interface StudyJudgment {
  judgmentId: string;
  annotator: string;
  annotatorId: string;
  itemId: string;
  role: ItemRole;
  status: AssignmentStatus;
  pairOrder: PairOrderValue | null;
  value: unknown;
  assignedAt: string;
  submittedAt: string;
}

export class StudyError extends AttuneError {
  constructor(
    message: string,
    readonly reason: 'exists' | 'invalid' | 'conflict',
  ) {
    super(reason === 'exists' ? 'study_exists' : reason === 'invalid' ? 'invalid_study' : 'study_conflict', message);
    this.name = 'StudyError';
  }
}

/** An open page renews its lease (every minute, see studio/annotate.ts); an abandoned one frees its slot after this. */
export const DEFAULT_LEASE_MS = 5 * 60 * 1000;

export function judgmentItemKey(studyId: string, itemId: string): string {
  return `${studyId}/${itemId}`;
}
