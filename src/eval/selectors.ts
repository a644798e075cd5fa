import type { Dataset } from '../model/index.js';
import type { Selector } from '../stages/select/selector.js';
import { defaultEmbedder } from '../embed/default.js';
import { VoteSelector } from '../stages/select/votes.js';
import { resolveSelector } from '../stages/select/resolve.js';
import { InvalidArgumentError } from '../model/errors.js';
import type { Embedder } from '../embed/embedder.js';
import { createLlmClient } from '../llm/client.js';
import { loadLlmConfig, type LlmConfig } from '../llm/config.js';
import type { ResponseCache } from '../llm/cache.js';
import type { Llm } from '../llm/llm.js';

export const SELECTOR_SPECS = ['default', 'embedding', 'mem0', 'bm25', 'llm:<provider/model>', 'llm-batch:<provider/model>', 'model:<file> (or a .json path)', 'votes:<model>'] as const;

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
  const l = ctx.llm ?? {};
  const llm = (model: string): Llm => l.client?.(model) ?? createLlmClient({
    model,
    config: l.config ?? loadLlmConfig(),
    ...(l.cache !== undefined ? { cache: l.cache } : {}),
    limits: { ...(l.concurrency !== undefined ? { concurrency: l.concurrency } : {}), ...(l.rpm !== undefined ? { rpm: l.rpm } : {}) },
  });
  // Everything else goes through the one grammar (stages/select/resolve.ts): 'default' is built exactly as
  // createAttune builds it (no refit); 'embedding' has its cut fitted on other folds; a model file is scored
  // without refitting and leaves out the pairs whose prompt (or user) it was trained on.
  if (!spec.includes(':') && !/\.json$/i.test(spec) && !['default', 'embedding', 'mem0', 'bm25'].includes(spec)) {
    throw new InvalidArgumentError('selector', `unknown selector ${JSON.stringify(spec)}; use one of: ${SELECTOR_SPECS.join(', ')}`);
  }
  return resolveSelector(spec, {
    embedder: ctx.embedder ?? defaultEmbedder(),
    llm,
    judge: { ...(l.onProgress ? { onProgress: l.onProgress } : {}), ...(l.onError ? { onError: l.onError } : {}) },
    evaluation: {
      predictions: ds.predictions,
      ...(ctx.round !== undefined ? { round: ctx.round } : {}),
      onExclude: (excluded, total) => {
        if (excluded > 0) console.error(`${spec}: left out ${excluded} of ${total} pairs whose prompt or user was in the model's training set; scoring ${total - excluded}`);
      },
    },
  });
}
