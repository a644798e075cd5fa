/**
 * Errors that say a dependency (Postgres, Redis) is down or restarting, not that the request or the job is wrong:
 * the API answers them with 503 and Retry-After, and a worker puts the job back without spending an attempt.
 */
import { AttuneError } from '../model/errors.js';

/** Raised when a dependency does not answer in time. */
export class DependencyTimeoutError extends AttuneError {
  constructor(what: string, ms: number) {
    super('dependency_timeout', `${what} did not answer within ${ms} ms`);
    this.name = 'DependencyTimeoutError';
  }
}

/** Postgres SQLSTATEs of a server going away or not taking connections (class 08, 57P01-57P03). */
const PG_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const MESSAGES = [
  /Connection terminated/i, /terminating connection/i, /Client has encountered a connection error/i, /the database system is (starting up|shutting down|in recovery)/i,
  /Connection is closed/i, /Reached the max retries per request limit/i, /Stream isn't writeable/i, /LOADING Redis is loading/i,
];

export function isTransientDependencyError(e: unknown): boolean {
  // The error itself only, never its causes: an LLM call's error wraps the provider's ECONNRESET and must spend
  // its attempts as before (it is the job's own call failing, and retried inside the client already).
  if (!(e instanceof Error)) return false;
  if (/^Llm/.test(e.name) || /^Llm/.test(e.constructor.name)) return false;
  if (e instanceof DependencyTimeoutError) return true;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (PG_CODES.has(code) || NODE_CODES.has(code))) return true;
  if (MESSAGES.some((m) => m.test(e.message))) return true;
  return e instanceof AggregateError && e.errors.some((y) => isTransientDependencyError(y));
}

/** `p`, or a DependencyTimeoutError after `ms` (the work itself is not cancelled). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new DependencyTimeoutError(what, ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}
