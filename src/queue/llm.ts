import { InvalidArgumentError } from '../model/errors.js';
import { createLlmClient, type LlmClient, type TurnRequest, type TurnRunner } from '../llm/client.js';
import type { ResponseCache } from '../llm/cache.js';
import type { LlmConfig } from '../llm/config.js';
import type { TextResult } from '../llm/llm.js';
import { bullQueue } from './bullmq.js';
import { inlineQueue } from './inline.js';
import { jobIdOf, type JobHandler, type JobQueue, type JobState } from './types.js';
import { waitForJob } from './wait.js';

/**
 * LLM work of batch commands (the per-pair relevance judge, `respond`, `judge`) fanned out over workers: each
 * model turn is a job whose id is a hash of the model and the turn, run by `llmTurnHandler` (in `attune worker`,
 * or in this process on the inline queue). The calling process keeps each stage's logic, its repair loop and
 * its accounting (an LlmClient whose turns are queued); the runner keeps the cache (the store's, shared by
 * every worker), the provider's limits and retries. A turn asked again (a rerun, a duplicate) is one job, and a
 * job redone on another worker replays the shared cache.
 */
export interface LlmTurnJob {
  /** provider/model, resolved by the worker against its LLM config. */
  model: string;
  turn: Omit<TurnRequest, 'signal'>;
}

/** The suffix of the LLM-turn queue's name (beside the remember and extract queues of the same name). */
export const LLM_QUEUE_SUFFIX = '-llm';

export function llmTurnHandler(llmFor: (model: string) => LlmClient): JobHandler<LlmTurnJob, TextResult> {
  return async (job, ctx) => {
    const out = await llmFor(job.model).turn(job.turn);
    await ctx.progress(1);
    return out;
  };
}

/** A TurnRunner putting each turn on `queue` and waiting for it. A turn some earlier job answered costs nothing: it reads as replayed. */
export function queuedTurns(queue: JobQueue<LlmTurnJob, TextResult>, model: string, pollMs = 100): TurnRunner {
  return async ({ signal, ...turn }) => {
    const { jobId, created } = await queue.add(jobIdOf('llm', model, turn), { model, turn });
    const r = await waitForJob(queue, jobId, { what: `${model} call`, pollMs, ...(signal ? { signal } : {}) });
    if (!r) throw new Error(`${model} call: job ${jobId} completed without a result`);
    return created ? r : { ...r, cached: true };
  };
}

export interface LlmFanOutOptions {
  /** redis://...: turns become jobs for `attune worker`s on this Redis. Absent: the inline queue runs them here. */
  queue?: string;
  /** BullMQ queue name the workers use (default `attune`; the turns go to `<name>-llm`). */
  queueName?: string;
  /** Providers (inline) and prices (both). */
  config?: LlmConfig;
  /** Inline only: the response cache (with --queue the workers cache in their store). */
  cache?: ResponseCache | false;
  /** Inline: LLM requests at once (default: the provider config). Queue: turns waited on at once (default 256). */
  concurrency?: number;
  /** Inline only: requests started per minute (with --queue the workers' LLM config paces them). */
  rpm?: number;
  /** Queue only: called when jobs wait and none ran for `stallMs` (default 30 s): no worker is taking them. */
  onStall?: (counts: Record<JobState, number>) => void;
  stallMs?: number;
}

export const NO_WORKER_HINT = (name: string) => `no job of queue ${name}${LLM_QUEUE_SUFFIX} ran for 30 s: is an \`attune worker --queue <this redis> --queue-name ${name}\` running?`;

export interface LlmFanOut {
  readonly kind: 'inline' | 'bullmq';
  /** The client for one model: stages call it as any Llm. */
  llmFor(model: string): LlmClient;
  /** Jobs by state, for progress over a batch. */
  counts(): Promise<Record<JobState, number>>;
  close(): Promise<void>;
}

/** The LLM of a batch command: queued over workers with `queue`, else on the inline queue, through the same code. */
export function llmFanOut(opts: LlmFanOutOptions = {}): LlmFanOut {
  for (const [name, v] of [['concurrency', opts.concurrency], ['rpm', opts.rpm]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new InvalidArgumentError(`--${name}`, `must be a positive number, got ${v}`, v);
  }
  let queue: JobQueue<LlmTurnJob, TextResult>;
  let front: number;
  if (opts.queue) {
    if (opts.rpm !== undefined) throw new InvalidArgumentError('--rpm', "with --queue the workers pace their calls; set rpm in the workers' --llm-config", opts.rpm);
    queue = bullQueue<LlmTurnJob, TextResult>({ url: opts.queue, name: `${opts.queueName ?? 'attune'}${LLM_QUEUE_SUFFIX}` });
    front = opts.concurrency ?? 256;
  } else {
    const back = new Map<string, LlmClient>();
    const limits = { ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}), ...(opts.rpm !== undefined ? { rpm: opts.rpm } : {}) };
    const backFor = (model: string) => {
      let c = back.get(model);
      if (!c) back.set(model, (c = createLlmClient({ model, ...(opts.config ? { config: opts.config } : {}), ...(opts.cache !== undefined ? { cache: opts.cache } : {}), limits })));
      return c;
    };
    // One attempt: the client behind it retries already. The back clients' limits pace the calls, so the front lets all through.
    queue = inlineQueue(llmTurnHandler(backFor), { attempts: 1, concurrency: Number.MAX_SAFE_INTEGER });
    front = Number.MAX_SAFE_INTEGER;
  }
  const clients = new Map<string, LlmClient>();
  let watch: NodeJS.Timeout | undefined;
  if (opts.queue && opts.onStall) {
    let last = -1;
    watch = setInterval(() => {
      void queue.counts().then((c) => {
        const moved = c.completed + c.failed;
        if (c.waiting > 0 && c.active === 0 && moved === last) opts.onStall!(c);
        last = moved;
      }, () => {});
    }, opts.stallMs ?? 30_000);
    watch.unref();
  }
  return {
    kind: queue.kind,
    llmFor(model) {
      let c = clients.get(model);
      if (!c) {
        // No deadline here: a turn may wait its turn in the queue; the runner's client bounds each call.
        c = createLlmClient({ model, turns: queuedTurns(queue, model), limits: { concurrency: front }, deadlineMs: 0, ...(opts.config ? { config: opts.config } : {}) });
        clients.set(model, c);
      }
      return c;
    },
    counts: () => queue.counts(),
    close: () => {
      clearInterval(watch);
      return queue.close();
    },
  };
}
