import type { Dataset } from '../model/index.js';
import type { Selector } from '../stages/select/selector.js';
import { defaultEmbedder } from '../embed/default.js';
import { Bm25Selector } from '../stages/select/bm25.js';
import { EmbeddingSelector } from '../stages/select/embedding.js';
import { Mem0Selector } from '../stages/select/mem0.js';
import { VoteSelector } from '../stages/select/votes.js';
import type { Embedder } from '../embed/embedder.js';
import { TrainedSelector } from '../stages/select/trained.js';
import { readModelFile } from '../learn/model-file.js';
import { createLlmClient } from '../llm/client.js';
import { loadLlmConfig, type LlmConfig } from '../llm/config.js';
import type { ResponseCache } from '../llm/cache.js';
import type { Llm } from '../llm/llm.js';
import { LlmJudgeSelector } from '../stages/select/llm-judge.js';
import { BatchedJudgeSelector } from '../stages/select/batched-judge.js';

export const SELECTOR_SPECS = ['votes:<model>', 'model:<file>', 'llm:<provider/model>', 'llm-batch:<provider/model>', 'bm25', 'embedding', 'mem0'] as const;

/** The `votes:` spec that replays a recorded system (systems are stored as `votes:<model>` or a bare name such as `checklist`). */
export function voteSpec(system: string): string {
  return system.startsWith('votes:') ? system : `votes:${system}`;
}

export interface SelectorContext {
  round?: string;
  embedder?: Embedder;
  /** For `llm:` / `llm-batch:` selectors. */
  llm?: LlmSelectorContext;
}

export interface LlmSelectorContext {
  /** Providers and prices (default: environment + ATTUNE_LLM_CONFIG). */
  config?: LlmConfig;
  /** Response cache (default: in memory); `false` disables it. */
  cache?: ResponseCache | false;
  concurrency?: number;
  rpm?: number;
  onProgress?: (done: number, total: number) => void;
  /** A pair whose call fails for good: stop (default) or drop it as missing. */
  onError?: 'throw' | 'mark';
  /**
   * The client for a model, when the caller makes it (say, one whose calls are queued for workers: src/queue/llm.ts);
   * config, cache, concurrency and rpm are then the caller's business.
   */
  client?: (model: string) => Llm;
}

/** Builds the selector a CLI spec names: one of SELECTOR_SPECS. */
export async function makeSelector(spec: string, ds: Dataset, ctx: SelectorContext = {}): Promise<Selector> {
  if (spec.startsWith('model:')) {
    // A trained model file, scored without refitting; pairs whose prompt (or user) it was trained on are left out.
    const file = spec.slice('model:'.length);
    const model = readModelFile(file);
    return new TrainedSelector(model, {
      embedder: ctx.embedder ?? defaultEmbedder(), predictions: ds.predictions, name: spec, file, ...(ctx.round !== undefined ? { round: ctx.round } : {}),
      onExclude: (excluded, total) => {
        if (excluded > 0) console.error(`${spec}: left out ${excluded} of ${total} pairs whose ${model.trainedOn.group} was in the model's training set; scoring ${total - excluded}`);
      },
    });
  }
  if (spec.startsWith('votes:')) {
    const model = spec.slice('votes:'.length);
    // Systems are recorded as "votes:<model>"; accept the bare model name too.
    const system = ds.predictions.some((p) => p.system === spec) ? spec : model;
    const inRound = ds.predictions.filter((p) => ctx.round === undefined || p.round === ctx.round);
    if (!inRound.some((p) => p.system === system)) {
      const specs = [...new Set(inRound.map((p) => voteSpec(p.system)))].sort();
      throw new Error(
        `no recorded votes for "${spec}" in dataset "${ds.name}"${ctx.round !== undefined ? ` round "${ctx.round}"` : ''}; ` +
          `recorded: ${specs.length ? specs.join(', ') : '(none)'}`,
      );
    }
    return new VoteSelector(ds.predictions, system, { name: spec, onMissing: 'mark', ...(ctx.round !== undefined ? { round: ctx.round } : {}) });
  }
  if (spec.startsWith('llm:') || spec.startsWith('llm-batch:')) {
    const batched = spec.startsWith('llm-batch:');
    const l = ctx.llm ?? {};
    const model = spec.slice(spec.indexOf(':') + 1);
    const llm = l.client?.(model) ?? createLlmClient({
      model,
      config: l.config ?? loadLlmConfig(),
      ...(l.cache !== undefined ? { cache: l.cache } : {}),
      limits: { ...(l.concurrency !== undefined ? { concurrency: l.concurrency } : {}), ...(l.rpm !== undefined ? { rpm: l.rpm } : {}) },
    });
    const o = { name: spec, ...(l.onProgress ? { onProgress: l.onProgress } : {}), ...(l.onError ? { onError: l.onError } : {}) };
    return batched ? new BatchedJudgeSelector(llm, o) : new LlmJudgeSelector(llm, o);
  }
  switch (spec) {
    case 'bm25':
      return new Bm25Selector();
    case 'embedding':
      return new EmbeddingSelector(ctx.embedder ?? defaultEmbedder());
    case 'mem0':
      return new Mem0Selector(ctx.embedder ?? defaultEmbedder());
    default:
      throw new Error(`unknown selector "${spec}"; use one of: ${SELECTOR_SPECS.join(', ')}`);
  }
}
