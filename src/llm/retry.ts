/**
 * Retries with exponential backoff and jitter, honouring Retry-After.
 *
 * Why not the AI SDK's maxRetries: it does read Retry-After (seconds, HTTP date, retry-after-ms), but its
 * first delay is fixed at 2 s with no jitter, and its retries run inside one call, so our concurrency
 * slot and rpm budget would not see them and a 429 could not pause the other requests to the provider.
 * The client calls the SDK with maxRetries: 0 and retries here.
 */
import { APICallError } from 'ai';
import { AttuneError } from '../model/errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt (so maxRetries + 1 attempts at most). */
  maxRetries: number;
  /** Delay before the first retry, ms. */
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Fraction of the backoff delay drawn at random (0 = none, 1 = full jitter). */
  jitter: number;
  /** A Retry-After longer than this fails the call instead of waiting (a quota, not a blip). */
  maxRetryAfterMs: number;
  /** Retry an attempt that timed out. */
  retryTimeouts: boolean;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1000,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0.5,
  maxRetryAfterMs: 120_000,
  retryTimeouts: true,
};

export type Headers = Record<string, string | undefined>;

/** Wait asked for by `retry-after-ms`, or `retry-after` in seconds or as an HTTP date; undefined if none. */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const get = (name: string) => {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && v !== undefined) return v.trim();
    return undefined;
  };
  const ms = get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const ra = get('retry-after');
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Number(ra) * 1000;
  const t = Date.parse(ra);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/** Backoff before retry number `retry` (0-based): base * factor^retry, capped, minus up to `jitter` of it. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** retry);
  return Math.round(raw * (1 - policy.jitter * random()));
}

export type FailureKind = 'rate-limit' | 'server' | 'timeout' | 'network' | 'request' | 'aborted';

export class LlmTimeoutError extends AttuneError {
  constructor(readonly timeoutMs: number) {
    super('llm_timeout', `LLM request timed out after ${timeoutMs} ms`);
    this.name = 'LlmTimeoutError';
  }
}

/** The whole call (every attempt, backoff wait, queue wait and repair turn) ran past its deadline. */
export class LlmDeadlineError extends AttuneError {
  constructor(readonly deadlineMs: number) {
    super('llm_deadline', `LLM call exceeded its overall deadline of ${deadlineMs} ms (attempts, waits and repairs together)`);
    this.name = 'LlmDeadlineError';
  }
}

export interface Failure {
  kind: FailureKind;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
}

/** What went wrong, and whether trying again can help. */
export function classifyError(error: unknown, now: number = Date.now()): Failure {
  if (error instanceof LlmTimeoutError) return { kind: 'timeout', retryable: true };
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const retryAfterMs = parseRetryAfter(error.responseHeaders, now);
    if (status === 429) return { kind: 'rate-limit', retryable: true, status, retryAfterMs };
    if (status !== undefined && (status >= 500 || status === 408 || status === 409)) {
      return { kind: 'server', retryable: true, status, retryAfterMs };
    }
    if (status === undefined) return { kind: 'network', retryable: error.isRetryable };
    return { kind: 'request', retryable: false, status };
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return { kind: 'aborted', retryable: false };
  }
  if (error instanceof TypeError && /fetch failed|network|socket|ECONN/i.test(String(error.message) + String(error.cause))) {
    return { kind: 'network', retryable: true };
  }
  return { kind: 'request', retryable: false };
}

export class LlmCallError extends AttuneError {
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly attempts: number,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super('llm_call_failed', message, options);
    this.name = 'LlmCallError';
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** setTimeout as a promise that rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(t);
      reject(abortReason(signal!));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryEvent {
  attempt: number;
  failure: Failure;
  delayMs: number;
  error: unknown;
}

export interface RetryOptions {
  policy: RetryPolicy;
  signal?: AbortSignal;
  random?: () => number;
  /** Called before each wait; a rate-limit event lets the caller pause other requests too. */
  onRetry?: (e: RetryEvent) => void;
}

/** Runs `attempt` until it succeeds, fails with a non-retryable error, or retries run out. */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const { policy, signal } = opts;
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw abortReason(signal);
    try {
      return await attempt(n);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      const failure = classifyError(error);
      const retryable = failure.retryable && (failure.kind !== 'timeout' || policy.retryTimeouts);
      const describe = `${failure.kind}${failure.status ? ` (HTTP ${failure.status})` : ''}`;
      if (!retryable) {
        throw new LlmCallError(`LLM call failed: ${describe}: ${(error as Error)?.message ?? error}`, failure.kind, n, failure.status, { cause: error });
      }
      if (n > policy.maxRetries) {
        throw new LlmCallError(`LLM call failed after ${n} attempts: ${describe}: ${(error as Error)?.message ?? error}`, failure.kind, n, failure.status, {
          cause: error,
        });
      }
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs) {
        throw new LlmCallError(
          `LLM call failed: ${describe}: provider asks to wait ${Math.round(failure.retryAfterMs / 1000)} s, more than maxRetryAfterMs`,
          failure.kind,
          n,
          failure.status,
          { cause: error },
        );
      }
      const backoff = backoffDelay(n - 1, policy, opts.random);
      // Retry-After is a floor: wait at least that long, plus a little jitter so callers do not stampede.
      const delayMs =
        failure.retryAfterMs !== undefined
          ? Math.ceil(failure.retryAfterMs + policy.jitter * (opts.random ?? Math.random)() * Math.min(policy.baseDelayMs, 1000) * 0.1)
          : backoff;
      opts.onRetry?.({ attempt: n, failure, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}
