import { createHash } from 'node:crypto';
import { canonicalJson } from '../llm/cache.js';

/**
 * Background jobs behind one interface: `inlineQueue` runs them in this process (the embedded default),
 * `bullQueue` puts them on Redis for `bullWorker`s on any machine. A job's id is given by the caller, a hash
 * of its content, so adding the same job twice makes one job: a retried request pays nothing twice.
 */

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

export interface JobInfo<D, R> {
  id: string;
  state: JobState;
  data: D;
  /** 0..1 */
  progress: number;
  /** Attempts made so far (a retried job has more than one). */
  attempts: number;
  result?: R;
  /** Why the last attempt failed; for a `failed` job, why it is on the dead-letter list. */
  failedReason?: string;
}

export interface JobContext {
  /** Reports progress, 0..1. */
  progress(fraction: number): Promise<void>;
  /** 1 on the first attempt. */
  attempt: number;
  /**
   * For a job with an order key (a user's): true once that key was forgotten after the job was added. A job that
   * wrote while a forget ran asks this at its end and undoes its writes.
   */
  erased?: () => Promise<boolean>;
}

export type JobHandler<D, R> = (data: D, ctx: JobContext) => Promise<R>;

export interface RetryPolicy {
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
  /** First retry after this long, doubling each time (default 500 ms). */
  backoffMs?: number;
}

export interface AddResult {
  jobId: string;
  /** False when a job with this id was already there (it is not run again). */
  created: boolean;
}

export interface JobQueue<D, R> {
  readonly kind: 'inline' | 'bullmq';
  add(jobId: string, data: D): Promise<AddResult>;
  get(jobId: string): Promise<JobInfo<D, R> | undefined>;
  /** Jobs that failed every attempt, with the reason. */
  deadLetters(): Promise<JobInfo<D, R>[]>;
  /** Counts by state (for progress over a batch). */
  counts(): Promise<Record<JobState, number>>;
  /**
   * Forgets an order key (a user): its jobs not running are removed with their results and events, those added
   * before now never run, and those running are removed when they end. Queues without order keys lack it.
   */
  forget?(orderKey: string): Promise<{ removed: number; running: number }>;
  /**
   * Removes the finished jobs of an order key with their results (which may quote what was since forgotten, say
   * one attribute); jobs still waiting or running are left to run.
   */
  forgetResults?(orderKey: string): Promise<{ removed: number }>;
  close(): Promise<void>;
}

/** A content-addressed job id: sha256 of the canonical JSON of `parts` (prefixed, so ids read as what they are). */
export function jobIdOf(prefix: string, ...parts: unknown[]): string {
  return `${prefix}-${createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 32)}`;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = { attempts: 5, backoffMs: 500 };

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
