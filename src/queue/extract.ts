import type { LlmClient } from '../llm/client.js';
import type { Attribute, Conversation } from '../model/index.js';
import type { Extractor } from '../stages/extract/extractor.js';
import { LlmExtractor } from '../stages/extract/llm-extractor.js';
import { jobIdOf, type JobHandler, type JobQueue } from './types.js';
import { waitForJob } from './wait.js';

/**
 * Stage-1 extraction fanned out over workers: `QueuedExtractor` is an Extractor whose every conversation is a
 * job (id: a hash of the model and the conversation), run by `extractHandler` in `attune worker`. The workers'
 * LLM cache is the store's, so a rerun of a batch, or a job retried on another worker, replays what was paid for.
 */
export interface ExtractJob {
  /** provider/model, resolved by the worker against its LLM config. */
  model: string;
  conversation: Conversation;
}

/** The suffix of the extraction queue's name (beside the remember queue of the same name). */
export const EXTRACT_QUEUE_SUFFIX = '-extract';

export function extractHandler(llmFor: (model: string) => LlmClient): JobHandler<ExtractJob, Attribute[]> {
  const extractors = new Map<string, LlmExtractor>();
  return async (job, ctx) => {
    let x = extractors.get(job.model);
    if (!x) extractors.set(job.model, (x = new LlmExtractor(llmFor(job.model))));
    const out = await x.extract(job.conversation);
    await ctx.progress(1);
    return out;
  };
}

export class QueuedExtractor implements Extractor {
  readonly name: string;

  constructor(
    private readonly queue: JobQueue<ExtractJob, Attribute[]>,
    private readonly model: string,
    private readonly pollMs = 200,
  ) {
    this.name = `llm:${model}`;
  }

  async extract(conversation: Conversation): Promise<Attribute[]> {
    const { jobId } = await this.queue.add(jobIdOf('extract', this.model, conversation), { model: this.model, conversation });
    return (await waitForJob(this.queue, jobId, { what: `extraction of conversation ${conversation.id}`, pollMs: this.pollMs })) ?? [];
  }
}
