/**
 * Errors that say a dependency (Postgres, Redis) is down or restarting, not that the request or the job is wrong:
 * the API answers them with 503 and Retry-After, and a worker puts the job back without spending an attempt.
 */

/** Raised when a dependency does not answer in time. */
export class DependencyTimeoutError extends Error {
  readonly code = 'dependency_timeout';
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'DependencyTimeoutError';
  }
}

/** Postgres SQLSTATEs of a server going away or not taking connections (class 08, 57P01-57P03). */
const PG_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const MESSAGES = [
  /Connection terminated/i, /terminating connection/i, /Client has encountered a connection error/i, /the database system is (starting up|shutting down|in recovery)/i,
  /Connection is closed/i, /Reached the max retries per request limit/i, /Stream isn't writeable/i, /LOADING Redis is loading/i, /connect ECONNREFUSED/i,
];

export function isTransientDependencyError(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    if (x instanceof DependencyTimeoutError) return true;
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && (PG_CODES.has(code) || NODE_CODES.has(code))) return true;
    const message = x instanceof Error ? x.message : typeof x === 'string' ? x : '';
    if (MESSAGES.some((m) => m.test(message))) return true;
    if (x instanceof AggregateError && x.errors.some((y) => isTransientDependencyError(y))) return true;
  }
  return false;
}

/** `p`, or a DependencyTimeoutError after `ms` (the work itself is not cancelled). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new DependencyTimeoutError(what, ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}
