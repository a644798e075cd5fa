/**
 * A typed client for `attune serve`, built with hono's `hc` from the server's own route types (which come from
 * the zod schemas the server validates with and /openapi.json is generated from): a changed schema is a type
 * error here. Verbs mirror `createAttune`'s; a non-2xx answer throws an AttuneApiError with the server's code.
 */
import { hc } from 'hono/client';
import type { ApiApp } from '../server/api/app.js';
import type {
  CorrectResponse, ForgetResponse, JobResponse, ProfileResponse, RememberBody, RememberResponse, RespondResponse, SelectResponse,
} from '../server/api/schemas.js';

export type {
  ApiAttribute, CorrectResponse, ForgetResponse, JobResponse, ProfileResponse, RememberBody, RememberResponse, RespondResponse, SelectResponse,
} from '../server/api/schemas.js';

export interface AttuneClientOptions {
  /** The server, e.g. http://127.0.0.1:8788 */
  baseUrl: string;
  /** A key from `attune keys create`. */
  apiKey: string;
  fetch?: typeof globalThis.fetch;
}

export class AttuneApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, for 429. */
    readonly retryAfter?: number,
  ) {
    super(`attune API ${status} ${code}: ${message}`);
  }
}

async function unwrap<T>(res: Response): Promise<T> {
  if (res.ok) return (await res.json()) as T;
  let code = 'http_error';
  let message = res.statusText;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // not JSON: keep the status text
  }
  const ra = Number(res.headers.get('retry-after'));
  throw new AttuneApiError(res.status, code, message, Number.isFinite(ra) && ra > 0 ? ra : undefined);
}

export type RememberOutcome = ({ status: 'done' } & RememberResponse) | { status: 'queued'; jobId: string };

export function createAttuneClient(opts: AttuneClientOptions) {
  const api = hc<ApiApp>(opts.baseUrl.replace(/\/+$/, ''), {
    headers: { authorization: `Bearer ${opts.apiKey}` },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const users = api.v1.users[':id'];
  const attr = users.attributes[':attributeId'];
  return {
    /** Remembers a conversation: `done` once the profile is updated, or `queued` with the job on a server with workers. */
    async remember(o: { userId: string; idempotencyKey?: string } & RememberBody): Promise<RememberOutcome> {
      const { userId, idempotencyKey, ...json } = o;
      const res = await users.conversations.$post({ param: { id: userId }, header: idempotencyKey !== undefined ? { 'idempotency-key': idempotencyKey } : {}, json });
      if (res.status === 202) return { status: 'queued', jobId: (await unwrap<{ jobId: string }>(res)).jobId };
      return { status: 'done', ...(await unwrap<RememberResponse>(res)) };
    },
    /** One page of the profile (default 100 attributes); pass `nextCursor` back as `cursor` for the next. */
    async profile(o: { userId: string; limit?: number; cursor?: string }): Promise<ProfileResponse> {
      const query = { ...(o.limit !== undefined ? { limit: String(o.limit) } : {}), ...(o.cursor !== undefined ? { cursor: o.cursor } : {}) };
      return unwrap(await users.profile.$get({ param: { id: o.userId }, query }));
    },
    async select(o: { userId: string; prompt: string }): Promise<SelectResponse> {
      return unwrap(await users.select.$post({ param: { id: o.userId }, json: { prompt: o.prompt } }));
    },
    async respond(o: { userId: string; prompt: string }): Promise<RespondResponse> {
      return unwrap(await users.respond.$post({ param: { id: o.userId }, json: { prompt: o.prompt } }));
    },
    async correct(o: { userId: string; attributeId: string; action: 'confirm' | 'reject' | 'edit'; text?: string }): Promise<CorrectResponse> {
      const json = o.text !== undefined ? { action: o.action, text: o.text } : { action: o.action };
      return unwrap(await attr.$patch({ param: { id: o.userId, attributeId: o.attributeId }, json }));
    },
    /** Forgets one attribute, or (without attributeId) everything about the user. */
    async forget(o: { userId: string; attributeId?: string }): Promise<ForgetResponse> {
      if (o.attributeId !== undefined) return unwrap(await attr.$delete({ param: { id: o.userId, attributeId: o.attributeId } }));
      return unwrap(await users.$delete({ param: { id: o.userId } }));
    },
    async job(o: { jobId: string }): Promise<JobResponse> {
      return unwrap(await api.v1.jobs[':id'].$get({ param: { id: o.jobId } }));
    },
    /** Polls a job until it completes (resolving with its result) or fails (throwing its reason). */
    async waitForJob(o: { jobId: string; intervalMs?: number; timeoutMs?: number }): Promise<RememberResponse> {
      const deadline = Date.now() + (o.timeoutMs ?? 120_000);
      for (;;) {
        const j = await this.job(o);
        if (j.state === 'completed' && j.result) return j.result;
        if (j.state === 'failed') throw new AttuneApiError(500, 'job_failed', j.failedReason ?? 'the job failed');
        if (Date.now() > deadline) throw new AttuneApiError(504, 'timeout', `job ${o.jobId} still ${j.state}`);
        await new Promise((r) => setTimeout(r, o.intervalMs ?? 200));
      }
    },
  };
}

export type AttuneClient = ReturnType<typeof createAttuneClient>;
