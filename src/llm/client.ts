/**
 * LlmClient: two small verbs over one model.
 *   text({messages, temperature, maxTokens})  -> the reply text
 *   object({messages, schema})                -> a value the zod schema accepts (structured output)
 * Every network call goes: cache lookup -> provider limits (concurrency, rpm) -> per-attempt timeout ->
 * retries on 429 / 5xx / timeouts (honouring Retry-After) -> cache write -> usage and cost accounting.
 * A JSON reply that does not parse or validate is repaired by re-asking with the error, a bounded number
 * of times; each repair turn is itself a cached call, so replays take the same path offline.
 */
import { asSchema, generateText, jsonSchema, NoObjectGeneratedError, Output, type JSONSchema7, type LanguageModel } from 'ai';
import { InvalidArgumentError } from '../model/errors.js';
import type { CacheMode, Llm, LlmMessage, ObjectRequest, ObjectResult, TextRequest, TextResult } from './llm.js';
import { cacheKey, MemoryResponseCache, type CacheEntry, type ResponseCache } from './cache.js';
import { loadLlmConfig, type LlmConfig } from './config.js';
import { parseWithSchema } from './json.js';
import { ProviderLimiter, type LimiterPool, type ProviderLimitsOptions } from './limits.js';
import { getProvider } from './provider.js';
import { DEFAULT_RETRY, LlmDeadlineError, LlmTimeoutError, withRetries, type RetryPolicy } from './retry.js';
import { LlmOutputError } from './output-error.js';
import { costOf, DEFAULT_PRICES, findPrice, UsageMeter, ZERO_USAGE, type TokenUsage, type UsageSummary } from './usage.js';

export { LlmOutputError } from './output-error.js';

export type LlmEvent =
  | { type: 'request'; key: string; attempt: number }
  | { type: 'response'; key: string; usage: TokenUsage; costUsd: number }
  | { type: 'cache-hit'; key: string }
  | { type: 'retry'; key: string; attempt: number; kind: string; status?: number; delayMs: number }
  | { type: 'repair'; key: string; repair: number; error: string };

/** The parameters a turn is sent (and cache-keyed) with. */
export type TurnParams = {
  temperature: number;
  maxTokens?: number;
  seed?: number;
  stop?: string[];
  schemaName?: string;
};

/** One model turn as sent: what its cache key is made of, and the cache mode. Plain JSON but the signal. */
export interface TurnRequest {
  messages: LlmMessage[];
  params: TurnParams;
  /** The JSON schema of a structured call; null for text. */
  schema: JSONSchema7 | null;
  cache: CacheMode;
  signal?: AbortSignal;
}

/** Runs one turn elsewhere (say, as a job for `attune worker`s: src/queue/llm.ts), returning what `LlmClient.turn` returns there. */
export type TurnRunner = (turn: TurnRequest) => Promise<TextResult>;

export interface LlmClientOptions {
  /** `provider/model`, resolved against `config` (default: environment + ATTUNE_LLM_CONFIG file). */
  model?: string;
  config?: LlmConfig;
  /**
   * Run every turn through this instead of calling the provider: the client keeps the repair loop, its limiter
   * (turns at once) and the accounting; the runner's side keeps the cache, provider limits and retries. Needs no
   * provider config (`model` is only split into provider and model).
   */
  turns?: TurnRunner;
  /** Or an AI SDK model given directly, with the names used for cache keys and prices. */
  languageModel?: { provider: string; model: string; languageModel: LanguageModel };
  /** Response cache (default: in memory, for this client); `false` disables caching. */
  cache?: ResponseCache | false;
  /** Limits; default: from the provider config, shared through `limiterPool` when given. */
  limiter?: ProviderLimiter;
  limiterPool?: LimiterPool;
  limits?: ProviderLimitsOptions;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout (default: provider config's timeoutMs, else 120 s). */
  timeoutMs?: number;
  /**
   * Overall deadline of one text() or object() call, covering every attempt, backoff and queue wait and
   * repair turn (default {@link DEFAULT_DEADLINE_MS}); past it the call fails with LlmDeadlineError.
   */
  deadlineMs?: number;
  /** Shared usage meter (default: one per client, priced with DEFAULT_PRICES + config prices). */
  meter?: UsageMeter;
  /** Default temperature (0: research runs should be reproducible). */
  temperature?: number;
  maxRepairs?: number;
  /** Randomness for backoff jitter (tests pass a fixed one). */
  random?: () => number;
  onEvent?: (e: LlmEvent) => void;
}

interface Completion {
  text: string;
  usage: TokenUsage;
  finishReason?: string;
  reasoning?: string;
}

function toUsage(u: { inputTokens?: number; outputTokens?: number; totalTokens?: number; outputTokenDetails?: { reasoningTokens?: number } } | undefined): TokenUsage {
  if (!u) return { ...ZERO_USAGE };
  const inputTokens = u.inputTokens ?? 0;
  const outputTokens = u.outputTokens ?? 0;
  const out: TokenUsage = { inputTokens, outputTokens, totalTokens: u.totalTokens ?? inputTokens + outputTokens };
  const r = u.outputTokenDetails?.reasoningTokens;
  if (r) out.reasoningTokens = r;
  return out;
}

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

export function repairMessage(error: string): string {
  return (
    `Your previous reply could not be used: ${error}.\n` +
    'Reply again with only the JSON value that matches the requested schema: no explanation, no code fences.'
  );
}

/** Default overall deadline of one call: 5 minutes (without it, 5 attempts x 120 s plus backoff, times repairs). */
export const DEFAULT_DEADLINE_MS = 300_000;

export class LlmClient implements Llm {
  readonly provider: string;
  readonly model: string;
  readonly meter: UsageMeter;
  private readonly languageModel: LanguageModel | undefined;
  private readonly cache: ResponseCache | undefined;
  private readonly limiter: ProviderLimiter;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  private readonly temperature: number;
  private readonly maxRepairs: number;

  constructor(private readonly opts: LlmClientOptions) {
    let limits: ProviderLimitsOptions = {};
    let timeoutMs: number | undefined;
    let prices = DEFAULT_PRICES;
    if (opts.languageModel) {
      this.provider = opts.languageModel.provider;
      this.model = opts.languageModel.model;
      this.languageModel = opts.languageModel.languageModel;
      if (opts.config) prices = { ...DEFAULT_PRICES, ...opts.config.prices };
    } else if (opts.turns) {
      const m = /^([^/]+)\/(.+)$/.exec(opts.model ?? '');
      if (!m) throw new InvalidArgumentError('model', `give provider/model, got ${JSON.stringify(opts.model)}`, opts.model);
      this.provider = m[1]!;
      this.model = m[2]!;
      this.languageModel = undefined;
      if (opts.config) prices = { ...DEFAULT_PRICES, ...opts.config.prices };
    } else {
      const config = opts.config ?? loadLlmConfig();
      const p = getProvider(opts.model, config);
      this.provider = p.provider;
      this.model = p.model;
      this.languageModel = p.languageModel;
      limits = { concurrency: p.config.concurrency, rpm: p.config.rpm, burst: p.config.burst };
      timeoutMs = p.config.timeoutMs;
      prices = { ...DEFAULT_PRICES, ...config.prices };
    }
    limits = { ...limits, ...opts.limits };
    this.limiter = opts.limiter ?? (opts.limiterPool ? opts.limiterPool.get(this.provider, limits) : new ProviderLimiter(limits));
    this.cache = opts.cache === false ? undefined : (opts.cache ?? new MemoryResponseCache());
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? timeoutMs ?? 120_000;
    this.deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.temperature = opts.temperature ?? 0;
    this.maxRepairs = opts.maxRepairs ?? 2;
    this.meter = opts.meter ?? new UsageMeter(prices);
  }

  get spec(): string {
    return `${this.provider}/${this.model}`;
  }

  usage(): UsageSummary {
    return this.meter.summary();
  }

  costUsd(usage: TokenUsage): number {
    return costOf(usage, findPrice(this.meter.prices, this.provider, this.model));
  }

  async text(req: TextRequest): Promise<TextResult> {
    return this.withDeadline(req, (signal) => this.complete({ ...req, signal }, undefined));
  }

  async object<T>(req: ObjectRequest<T>): Promise<ObjectResult<T>> {
    return this.withDeadline(req, async (signal) => {
      try {
        return await this.objectOnce({ ...req, signal });
      } catch (e) {
        // A replayed path that ends without valid JSON would fail the same way on every retry (the cache
        // holds the malformed replies): ask once more with the cache refreshed, so a retry can succeed.
        if (!(e instanceof LlmOutputError) || !e.replayed || (req.cache ?? 'use') !== 'use') throw e;
        return this.objectOnce({ ...req, signal, cache: 'refresh' });
      }
    });
  }

  /** Runs one call under its overall deadline: a signal that aborts with LlmDeadlineError when it passes. */
  private async withDeadline<T>(req: TextRequest, run: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const ms = req.deadlineMs ?? this.deadlineMs;
    if (!(ms > 0 && Number.isFinite(ms))) return run(req.signal);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new LlmDeadlineError(ms)), ms);
    try {
      return await run(req.signal ? AbortSignal.any([req.signal, deadline.signal]) : deadline.signal);
    } catch (e) {
      // However the abort surfaced (the SDK's AbortError, a limiter wait), a passed deadline says so.
      if (deadline.signal.aborted && !req.signal?.aborted) throw deadline.signal.reason as LlmDeadlineError;
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  private async objectOnce<T>(req: ObjectRequest<T>): Promise<ObjectResult<T>> {
    // The JSON schema the AI SDK would send for this zod schema (draft-7, additionalProperties: false).
    const schemaJson = await asSchema(req.schema).jsonSchema;
    const maxRepairs = req.maxRepairs ?? this.maxRepairs;
    const messages = [...req.messages];
    let usage: TokenUsage = { ...ZERO_USAGE };
    let cached = true;
    let anyCached = false;
    const keys: string[] = [];
    for (let repair = 0; ; repair++) {
      const r = await this.complete({ ...req, messages }, { jsonSchema: schemaJson, name: req.schemaName });
      usage = addUsage(usage, r.usage);
      cached &&= r.cached;
      anyCached ||= r.cached;
      keys.push(r.key);
      const parsed = parseWithSchema(r.text, req.schema);
      if (parsed.ok) return { object: parsed.value, text: r.text, usage, cached, repairs: repair, keys };
      if (repair >= maxRepairs) {
        throw new LlmOutputError(`${this.spec}: no valid JSON after ${repair} repair(s): ${parsed.error}`, r.text, repair, anyCached);
      }
      this.meter.recordRepair();
      this.opts.onEvent?.({ type: 'repair', key: r.key, repair: repair + 1, error: parsed.error });
      messages.push({ role: 'assistant', content: r.text }, { role: 'user', content: repairMessage(parsed.error) });
    }
  }

  private async complete(req: TextRequest, schema: { jsonSchema: JSONSchema7; name?: string } | undefined): Promise<TextResult> {
    const turn: TurnRequest = {
      messages: req.messages,
      params: { temperature: req.temperature ?? this.temperature, maxTokens: req.maxTokens, seed: req.seed, stop: req.stop, schemaName: schema?.name },
      schema: schema?.jsonSchema ?? null,
      cache: req.cache ?? 'use',
      ...(req.signal ? { signal: req.signal } : {}),
    };
    const runner = this.opts.turns;
    if (!runner) return this.turn(turn);
    const r = await this.limiter.run(() => runner(turn), req.signal);
    this.meter.record(this.provider, this.model, r.usage, r.cached);
    return r;
  }

  /**
   * One turn: cache lookup -> limits -> retries -> cache write. What `complete` runs here, and what a worker runs
   * for a client whose turns are queued. A call that fails after a cache miss releases the cache's claim on the key.
   */
  async turn(t: TurnRequest): Promise<TextResult> {
    const req: TextRequest = { messages: t.messages, ...(t.signal ? { signal: t.signal } : {}) };
    const params = t.params;
    const schema = t.schema ? { jsonSchema: t.schema, ...(params.schemaName !== undefined ? { name: params.schemaName } : {}) } : undefined;
    const request = { provider: this.provider, model: this.model, messages: t.messages, params, schema: t.schema };
    const key = cacheKey(request);
    const mode = t.cache;
    if (this.cache && mode === 'use') {
      const hit = await this.cache.get(key);
      if (hit) {
        this.meter.record(this.provider, this.model, hit.usage, true);
        this.opts.onEvent?.({ type: 'cache-hit', key });
        return { text: hit.response.text, usage: hit.usage, cached: true, key, finishReason: hit.response.finishReason, reasoning: hit.response.reasoning };
      }
    }

    const completion = await this.withRelease(key, mode, () => withRetries(
      (attempt) =>
        this.limiter.run(() => {
          this.opts.onEvent?.({ type: 'request', key, attempt });
          return this.callOnce(req, params, schema);
        }, req.signal),
      {
        policy: this.retry,
        signal: req.signal,
        random: this.opts.random,
        onRetry: (e) => {
          this.meter.recordRetry();
          if (e.failure.kind === 'rate-limit' && e.failure.retryAfterMs !== undefined) this.limiter.pause(e.failure.retryAfterMs);
          this.opts.onEvent?.({ type: 'retry', key, attempt: e.attempt, kind: e.failure.kind, status: e.failure.status, delayMs: e.delayMs });
        },
      },
    ));

    const costUsd = this.meter.record(this.provider, this.model, completion.usage, false);
    this.opts.onEvent?.({ type: 'response', key, usage: completion.usage, costUsd });
    if (this.cache && mode !== 'off') {
      const entry: CacheEntry = {
        key,
        provider: this.provider,
        model: this.model,
        request,
        response: { text: completion.text, finishReason: completion.finishReason, reasoning: completion.reasoning },
        usage: completion.usage,
        createdAt: new Date().toISOString(),
      };
      await this.cache.put(entry);
    }
    return { text: completion.text, usage: completion.usage, cached: false, key, finishReason: completion.finishReason, reasoning: completion.reasoning };
  }

  /** Runs the call; if it fails, a claim the cache gave this process on the key (src/queue/claims.ts) is let go at once. */
  private async withRelease<T>(key: string, mode: CacheMode, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (this.cache?.release && mode === 'use') await this.cache.release(key).catch(() => {});
      throw e;
    }
  }

  /** One HTTP attempt, bounded by the timeout and the caller's signal. */
  private async callOnce(
    req: TextRequest,
    params: { temperature: number; maxTokens?: number; seed?: number; stop?: string[] },
    schema: { jsonSchema: JSONSchema7; name?: string } | undefined,
  ): Promise<Completion> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new LlmTimeoutError(this.timeoutMs)), this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    try {
      if (!this.languageModel) throw new Error(`${this.spec}: this client runs its turns elsewhere`);
      const result = await generateText({
        model: this.languageModel,
        messages: req.messages,
        allowSystemInMessages: true,
        temperature: params.temperature,
        maxOutputTokens: params.maxTokens,
        seed: params.seed,
        stopSequences: params.stop,
        maxRetries: 0,
        abortSignal: signal,
        ...(schema ? { // jsonSchema() without a validator: the SDK sends the schema and we validate (and repair) ourselves.
          output: Output.object({ schema: jsonSchema(schema.jsonSchema), name: schema.name }) } : {}),
      });
      return {
        text: result.text,
        usage: toUsage(result.usage),
        finishReason: result.finishReason,
        reasoning: result.reasoningText || undefined,
      };
    } catch (error) {
      if (NoObjectGeneratedError.isInstance(error) && error.text !== undefined) {
        // The provider answered, but not with valid JSON: a paid reply that the repair path handles.
        return { text: error.text, usage: toUsage(error.usage), finishReason: error.finishReason };
      }
      if (timeout.signal.aborted && !req.signal?.aborted) throw new LlmTimeoutError(this.timeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

export function createLlmClient(opts: LlmClientOptions): LlmClient {
  return new LlmClient(opts);
}

/** What a `model` option accepts: an attune `Llm` (say, a configured LlmClient), any AI SDK language model, or `provider/model`. */
export type ModelInput = Llm | LanguageModel;

/**
 * The Llm behind a `model` option. An AI SDK model is wrapped in an LlmClient (structured output with
 * repair, retries, an in-memory cache); a string is an attune `provider/model` spec resolved by `loadLlmConfig`.
 */
export function resolveLlm(model: ModelInput, opts: Omit<LlmClientOptions, 'model' | 'languageModel'> = {}): Llm {
  if (isLlm(model)) return model;
  if (typeof model === 'string') return new LlmClient({ ...opts, model });
  return new LlmClient({ ...opts, languageModel: { provider: model.provider, model: model.modelId, languageModel: model } });
}

function isLlm(m: unknown): m is Llm {
  return typeof m === 'object' && m !== null && typeof (m as Llm).text === 'function' && typeof (m as Llm).object === 'function' && typeof (m as Llm).spec === 'string';
}
