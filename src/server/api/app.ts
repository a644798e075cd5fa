import { createHash } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimitFromHeader } from '../body.js';
import { HTTPException } from 'hono/http-exception';
import type { Attune } from '../../memory/attune.js';
import { AttuneError } from '../../memory/errors.js';
import { handleMcpRequest } from '../../mcp/server.js';
import type { KeyStore } from '../../store/keys.js';
import type { JobHandler, JobQueue } from '../../queue/types.js';
import { jobIdOf } from '../../queue/types.js';
import { isTransientDependencyError, within } from '../../queue/transient.js';
import { compositeKey } from '../../model/key.js';
import type { MemoryFor, RememberJob } from './memory.js';
import { RateLimiter, type RateLimit } from './rate-limit.js';
import {
  correctRoute, forgetAttributeRoute, forgetUserRoute, jobRoute, profileRoute, rememberRoute, respondRoute, selectRoute,
} from './routes.js';
import type { RememberResponse } from './schemas.js';

/** One line of the access log: who called what, how it went. Never a body, a prompt or a key. */
export interface AccessLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  tenant?: string;
  keyId?: string;
}

export interface ApiAppOptions {
  keys: KeyStore;
  memoryFor: MemoryFor;
  /** With a queue, POST conversations answers 202 and workers remember; without, it remembers before answering. */
  queue?: JobQueue<RememberJob, RememberResponse>;
  /** Largest request body, bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Per-key rate limit (default 50 requests/s, bursts of 100). */
  rateLimit?: RateLimit;
  /** Requests without a valid key, per client address (default 5/s, bursts of 20): past it, 429 instead of 401. */
  unauthenticatedRateLimit?: RateLimit;
  /** Where access-log lines go (default: none). */
  log?: (entry: AccessLogEntry) => void;
  /** The tenant's Attune: with it, MCP over streamable HTTP is served at /mcp to the same keys. */
  attuneFor?: (tenant: string) => Attune;
  /** For /ready: throws or returns false when a dependency (store, queue) is down. */
  ready?: () => Promise<boolean>;
  /** How long a call to the queue (Redis) or /ready may take before the answer is 503 (default 5000 ms). */
  dependencyTimeoutMs?: number;
}

type Env = { Variables: { tenant: string; keyId: string } };

export const API_VERSION = '1.0.0';

type ErrorStatus = 400 | 401 | 404 | 409 | 413 | 422 | 429 | 500 | 501 | 503;

/** A body's identity for Idempotency-Key: sha256 of its JSON with keys sorted (so key order does not matter). */
export function bodyHash(v: unknown): string {
  const sorted = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sorted) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, y]) => [k, sorted(y)])) : x;
  return createHash('sha256').update(JSON.stringify(sorted(v))).digest('hex');
}

/**
 * Answers by Idempotency-Key without a queue: per process, the last 10,000 keys for 24 h. An answer quotes what
 * was remembered, so forgetting a user drops theirs (`forget`); an erasure run by another process is caught when
 * a kept answer is about to be replayed (`holds`).
 */
class IdempotencyCache<T> {
  private readonly entries = new Map<string, { owner: string; hash: string; at: number; answer: Promise<T> }>();
  constructor(private readonly max = 10_000, private readonly ttlMs = 24 * 3600_000) {}
  /**
   * The first answer for this key and body; 'mismatch' when the key came with another body. A kept answer that no
   * longer `holds` (what it quotes was forgotten meanwhile) is dropped and `fn` runs again.
   */
  async run(owner: string, key: string, hash: string, fn: () => Promise<T>, holds: (answer: T) => Promise<boolean>): Promise<T | 'mismatch'> {
    const now = Date.now();
    const id = JSON.stringify([owner, key]);
    const e = this.entries.get(id);
    if (e && now - e.at < this.ttlMs) {
      if (e.hash !== hash) return 'mismatch';
      const kept = await e.answer;
      if (await holds(kept)) return kept;
      if (this.entries.get(id) === e) this.entries.delete(id);
      return this.run(owner, key, hash, fn, holds);
    }
    const answer = fn();
    this.entries.set(id, { owner, hash, at: now, answer });
    // A failed first try is not an answer: the retry runs again.
    answer.catch(() => {
      if (this.entries.get(id)?.answer === answer) this.entries.delete(id);
    });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return answer;
  }

  /** Drops every answer kept for `owner`. */
  forget(owner: string): void {
    for (const [id, e] of this.entries) if (e.owner === owner) this.entries.delete(id);
  }
}

function apiError<S extends ErrorStatus>(c: Context, status: S, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

/** The job that remembers a conversation: the same function runs in the server (no queue) and in workers. */
export function rememberHandler(memoryFor: MemoryFor): JobHandler<RememberJob, RememberResponse> {
  return async (job, ctx) => {
    const memory = await memoryFor(job.tenant);
    const out = await memory.remember(job.userId, job.body);
    // The user was forgotten while this ran: what it wrote goes too (their later jobs wait behind this one).
    if (await ctx.erased?.()) await memory.forget(job.userId);
    await ctx.progress(1);
    return out;
  };
}

/** What a completed remember job keeps of its data: whose it was, not the conversation. */
export function rememberRedact(job: RememberJob): RememberJob {
  return { tenant: job.tenant, userId: job.userId, ...(job.bodyHash !== undefined ? { bodyHash: job.bodyHash } : {}), body: { messages: [], ...(job.body.conversationId !== undefined ? { conversationId: job.body.conversationId } : {}) } };
}

/** Remembers for one user run one at a time, in the order posted, whichever workers take them (profiles read, then write). */
export function rememberOrderKey(job: RememberJob): string {
  return compositeKey(job.tenant, job.userId);
}

/** The id of a remember job: its content (or the client's Idempotency-Key), within its tenant and user. */
export function rememberJobId(job: RememberJob, idempotencyKey?: string): string {
  return jobIdOf('remember', job.tenant, job.userId, idempotencyKey !== undefined ? { idempotencyKey } : job.body);
}

/**
 * The v1 REST API: the runtime memory per tenant behind bearer keys, validated by the zod schemas the OpenAPI
 * document at /openapi.json is generated from. Errors are `{ error: { code, message } }`.
 */
export function createApiApp(opts: ApiAppOptions) {
  const limiter = new RateLimiter(opts.rateLimit ?? { perSecond: 50, burst: 100 });
  const anonymous = new RateLimiter(opts.unauthenticatedRateLimit ?? { perSecond: 5, burst: 20 });
  const strict = new TextDecoder('utf-8', { fatal: true });
  const remember = rememberHandler(opts.memoryFor);
  const idempotent = new IdempotencyCache<RememberResponse>();
  const depMs = opts.dependencyTimeoutMs ?? 5000;
  // A Redis that is down makes its client queue commands until it is back: answer 503 instead of hanging.
  const queued = <T>(p: Promise<T>, ms = depMs) => within(p, ms, 'the queue (Redis)');

  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        return apiError(c, 400, 'invalid_request', `${where}${issue?.message ?? 'invalid request'}`);
      }
      return undefined;
    },
  });

  app.use('*', async (c, next) => {
    const t = performance.now();
    await next();
    opts.log?.({
      at: new Date().toISOString(), method: c.req.method, path: c.req.path, status: c.res.status,
      ms: Math.round((performance.now() - t) * 10) / 10,
      ...(c.get('tenant') ? { tenant: c.get('tenant') } : {}),
      ...(c.get('keyId') ? { keyId: c.get('keyId') } : {}),
    });
  });
  app.onError((err, c) => {
    if (isTransientDependencyError(err)) {
      // Postgres or Redis is down or restarting: nothing was accepted, a retry later will be.
      c.header('Retry-After', '1');
      return apiError(c, 503, 'unavailable', 'a dependency (store or queue) is not reachable; retry shortly');
    }
    if (err instanceof HTTPException) {
      const status = err.status === 413 ? 413 : err.status === 401 ? 401 : 400;
      // hono's JSON validator says only "Unsupported Media Type" when the Content-Type is not JSON
      const message = err.message === 'Unsupported Media Type' ? 'send the body as JSON with Content-Type: application/json' : err.message || 'bad request';
      return apiError(c, status, status === 413 ? 'too_large' : status === 401 ? 'unauthorized' : 'invalid_request', message);
    }
    if (err instanceof AttuneError) {
      if (err.code === 'conversation_conflict') return apiError(c, 409, err.code, err.message);
      if (err.code === 'no_model') return apiError(c, 501, err.code, 'this needs a model, and the server was started without one: restart it with `attune serve --model provider/model`');
      if (err.code === 'unsupported_model') return apiError(c, 501, err.code, err.message);
      if (err.code === 'invalid_argument' || err.code === 'malformed_messages') return apiError(c, 400, err.code, err.message);
      if (err.code === 'input_too_large') return apiError(c, 413, err.code, err.message);
      // Any other error the caller's input caused (a bad model file, bad data) is theirs to fix, not a 500.
      if (AttuneError.isInputError(err)) return apiError(c, 400, err.code, err.message);
    }
    // The message only: an error's details may quote a request's text.
    console.error('attune serve:', err instanceof Error ? err.message : err);
    return apiError(c, 500, 'internal', 'internal error');
  });
  app.notFound((c) => apiError(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));

  app.get('/health', (c) => c.json({ ok: true }));
  app.get('/ready', async (c) => {
    const ok = await within(opts.ready?.() ?? Promise.resolve(true), Math.min(depMs, 2000), 'a dependency').catch(() => false);
    return ok ? c.json({ ok: true }) : apiError(c, 503, 'not_ready', 'a dependency (store or queue) is not reachable');
  });

  const authenticate = async (c: Context<Env>, next: () => Promise<void>) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    const auth = m ? await opts.keys.authenticate(m[1]!) : undefined;
    if (!auth) {
      // Key guessing is limited per client address (the node server's socket; in process, one bucket).
      const wait = anonymous.take(`ip:${clientAddress(c)}`);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        return apiError(c, 429, 'rate_limited', `too many requests without a valid key; retry in ${wait} s`);
      }
      return apiError(c, 401, 'unauthorized', 'give a valid API key: Authorization: Bearer <key>');
    }
    c.set('tenant', auth.tenant.name);
    c.set('keyId', auth.keyId);
    const wait = limiter.take(auth.keyId);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return apiError(c, 429, 'rate_limited', `too many requests for this key; retry in ${wait} s`);
    }
    await next();
    return undefined;
  };
  app.use('/v1/*', authenticate);
  app.use('/mcp', authenticate);
  const maxSize = opts.maxBodyBytes ?? 1024 * 1024;
  const tooLarge = (c: Context) => apiError(c, 413, 'too_large', `the body is larger than ${maxSize} bytes`);
  app.use('/v1/*', bodyLimitFromHeader({ maxSize, onError: tooLarge }));
  app.use('/mcp', bodyLimitFromHeader({ maxSize, onError: tooLarge }));
  // Bytes that are not UTF-8 would be read as U+FFFD and stored so: refuse them instead (MCP tool calls store text too).
  const utf8Only = async (c: Context, next: () => Promise<void>) => {
    if (c.req.method !== 'GET' && c.req.method !== 'DELETE') {
      try {
        strict.decode(await c.req.arrayBuffer());
      } catch {
        return apiError(c, 400, 'invalid_request', 'the body is not valid UTF-8');
      }
    }
    await next();
    return undefined;
  };
  app.use('/v1/*', utf8Only);
  app.use('/mcp', utf8Only);
  // MCP over streamable HTTP (stateless): the key's tenant's memory, the user named in each tool call.
  const attuneFor = opts.attuneFor;
  /** A user's erasure beyond the store: their queued jobs first (none starts after the rows are gone), then kept answers. */
  const forgetOutsideStore = async (tenant: string, userId: string) => {
    const q = opts.queue?.forget ? await queued(opts.queue.forget(compositeKey(tenant, userId)), 6 * depMs) : undefined;
    idempotent.forget(compositeKey(tenant, userId));
    return q;
  };
  /** After one attribute is forgotten: kept answers and finished jobs' results may quote it, so they go too. */
  const forgetAnswersOf = async (tenant: string, userId: string) => {
    idempotent.forget(compositeKey(tenant, userId));
    if (opts.queue?.forgetResults) await queued(opts.queue.forgetResults(compositeKey(tenant, userId)), 6 * depMs);
  };
  /** The tenant's Attune for MCP tools: its forget reaches what DELETE reaches (the queue, the kept answers). */
  const mcpAttune = (tenant: string, attune: Attune): Attune => ({
    ...attune,
    forget: async (o) => {
      const userId = o && typeof o === 'object' && typeof o.userId === 'string' ? o.userId : undefined;
      if (userId !== undefined && o.attributeId === undefined) await forgetOutsideStore(tenant, userId);
      const out = await attune.forget(o);
      if (userId !== undefined && o.attributeId !== undefined) await forgetAnswersOf(tenant, userId);
      return out;
    },
  });
  if (attuneFor) {
    app.all('/mcp', async (c) => {
      // The UTF-8 check read the body: the transport gets the same bytes in a request of its own.
      const raw = c.req.raw;
      const request = raw.method === 'GET' || raw.method === 'HEAD' || raw.method === 'DELETE' ? raw : new Request(raw.url, { method: raw.method, headers: raw.headers, body: await c.req.arrayBuffer() });
      return handleMcpRequest(request, { attune: mcpAttune(c.get('tenant'), attuneFor(c.get('tenant'))) });
    });
  }

  const noUser = (c: Context) => apiError(c, 404 as const, 'not_found', 'no such user');
  const memory = (c: Context<Env>) => opts.memoryFor(c.get('tenant'));

  const routes = app
    .openapi(rememberRoute, async (c) => {
      const job: RememberJob = { tenant: c.get('tenant'), userId: c.req.valid('param').id, body: c.req.valid('json') };
      const idem = c.req.valid('header')['idempotency-key'];
      const reused = () => apiError(c, 422, 'idempotency_key_reused', 'this Idempotency-Key was used before with another body: use a new key for a new request');
      if (opts.queue) {
        const id = rememberJobId(job, idem);
        const hash = bodyHash(job.body);
        if (idem !== undefined) {
          const first = await queued(opts.queue.get(id));
          if (first && (first.data.bodyHash ?? bodyHash(first.data.body)) !== hash) return reused();
        }
        const { jobId } = await queued(opts.queue.add(id, { ...job, bodyHash: hash }));
        return c.json({ jobId }, 202);
      }
      const run = () => remember(job, { attempt: 1, progress: async () => {} });
      if (idem === undefined) return c.json(await run(), 200);
      const holds = async (a: RememberResponse) => (await memory(c)).stillHolds(job.userId, a);
      const answer = await idempotent.run(compositeKey(job.tenant, job.userId), idem, bodyHash(job.body), run, holds);
      return answer === 'mismatch' ? reused() : c.json(answer, 200);
    })
    .openapi(profileRoute, async (c) => {
      const { id } = c.req.valid('param');
      const m = await memory(c);
      if (!(await m.hasUser(id))) return noUser(c);
      return c.json(await m.profile(id, c.req.valid('query')), 200);
    })
    .openapi(selectRoute, async (c) => {
      const { id } = c.req.valid('param');
      const m = await memory(c);
      const out = await m.select(id, c.req.valid('json').prompt);
      // Asked only when nothing came back (select writes nothing then): the hot path costs one query less.
      if (out.scores.length === 0 && !(await m.hasUser(id))) return noUser(c);
      return c.json(out, 200);
    })
    .openapi(respondRoute, async (c) => {
      const { id } = c.req.valid('param');
      const m = await memory(c);
      if (!(await m.hasUser(id))) return noUser(c);
      return c.json(await m.respond(id, c.req.valid('json').prompt), 200);
    })
    .openapi(correctRoute, async (c) => {
      const { id, attributeId } = c.req.valid('param');
      const m = await memory(c);
      const out = (await m.hasUser(id)) ? await m.correct(id, attributeId, c.req.valid('json')) : undefined;
      return out ? c.json(out, 200) : apiError(c, 404, 'not_found', 'no such attribute');
    })
    .openapi(forgetAttributeRoute, async (c) => {
      const { id, attributeId } = c.req.valid('param');
      const m = await memory(c);
      const out = (await m.hasUser(id)) ? await m.forget(id, attributeId) : undefined;
      // A kept Idempotency-Key answer or a finished job's result may quote the forgotten attribute.
      if (out) await forgetAnswersOf(c.get('tenant'), id);
      return out ? c.json(out, 200) : apiError(c, 404, 'not_found', 'no such attribute');
    })
    .openapi(forgetUserRoute, async (c) => {
      const { id } = c.req.valid('param');
      const m = await memory(c);
      // The queue first: no job of the user starts after the rows are gone, and those queued never run.
      const q = await forgetOutsideStore(c.get('tenant'), id);
      const out = (await m.hasUser(id)) ? await m.forget(id) : undefined;
      const jobs = (q?.removed ?? 0) + (q?.running ?? 0);
      if (!out && jobs === 0) return noUser(c);
      return c.json({ userId: id, deleted: (out?.deleted ?? 0) + jobs }, 200);
    })
    .openapi(jobRoute, async (c) => {
      const job = opts.queue ? await queued(opts.queue.get(c.req.valid('param').id)) : undefined;
      // Another tenant's job is a job that does not exist.
      if (!job || job.data.tenant !== c.get('tenant')) return apiError(c, 404, 'not_found', 'no such job');
      return c.json({
        id: job.id, state: job.state, progress: job.progress, attempts: job.attempts,
        ...(job.result !== undefined ? { result: job.result } : {}),
        ...(job.failedReason !== undefined ? { failedReason: job.failedReason } : {}),
      }, 200);
    });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API key from `attune keys create`' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'attune', version: API_VERSION, description: 'Runtime personalization memory: remember, profile, select, respond, correct, forget.',
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    // Relative: the server that serves this document (wherever `attune serve` runs).
    servers: [{ url: '/', description: 'the attune serve that serves this document' }],
    tags: [
      { name: 'memory', description: "A user's remembered attributes: remember, read, select, respond with, correct and forget them" },
      { name: 'jobs', description: 'Queued remember jobs (`attune serve --queue`)' },
    ],
  });
  return routes;
}

/** The client's address as the node server saw it ('local' in process). */
function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** The API's routes as types: what the typed client (src/client) is built from. */
export type ApiApp = ReturnType<typeof createApiApp>;
