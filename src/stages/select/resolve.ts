import type { Embedder } from '../../embed/embedder.js';
import { readModelFile } from '../../learn/model-file.js';
import { resolveLlm } from '../../llm/client.js';
import type { Llm } from '../../llm/llm.js';
import { AttuneError, InvalidArgumentError } from '../../model/errors.js';
import type { Prediction } from '../../model/index.js';
import { BatchedJudgeSelector } from './batched-judge.js';
import { Bm25Selector } from './bm25.js';
import { DefaultSelector } from './default.js';
import { DEFAULT_EMBEDDING_THRESHOLD, EmbeddingSelector } from './embedding.js';
import { LlmJudgeSelector } from './llm-judge.js';
import { Mem0Selector } from './mem0.js';
import type { Selector } from './selector.js';
import { TrainedSelector } from './trained.js';

/**
 * The one grammar for a selector string, used by selectAttributes, createAttune and the CLI:
 * `'default'` (the label-free default, DefaultSelector), `'embedding'` (USE-lite cosine >= 0.22), `'mem0'`
 * (mem0-style hybrid search), `'bm25'` (live: any shared content term), `'llm:<provider/model>'` (the zero-shot judge, one call per attribute),
 * `'llm-batch:<provider/model>'` (one call per prompt), or the path of a model file from `attune train select`
 * (`model:<file>` is accepted too).
 */
export const SELECTOR_GRAMMAR = ['default', 'embedding', 'mem0', 'bm25', 'llm:<provider/model>', 'llm-batch:<provider/model>', '<model file .json>'] as const;

export interface ResolveSelectorOptions {
  /** Default: none; needed by 'default', 'embedding', 'mem0' and model files. */
  embedder: Embedder;
  /** The client for an `llm:`/`llm-batch:` model (default: resolveLlm(model), attune's provider config). */
  llm?: (model: string) => Llm;
  /** Options for the LLM judges (progress, error policy). */
  judge?: { onProgress?: (done: number, total: number) => void; onError?: 'throw' | 'mark' };
  /**
   * Evaluation against labels: 'embedding' gets no fixed cut, so the evaluation fits it on other folds; a model
   * file leaves out the pairs it was trained on (its `predictions` supply `offline+llm` votes). Live use (the
   * default): 'embedding' keeps its fixed cut, a model file scores every prompt and must use offline features.
   */
  evaluation?: { predictions?: Prediction[]; round?: string; onExclude?: (excluded: number, total: number) => void };
}

/** Builds the selector a string names (see SELECTOR_GRAMMAR); a Selector object is returned as is. */
export function resolveSelector(spec: string | Selector, opts: ResolveSelectorOptions): Selector {
  if (typeof spec === 'object') return spec;
  if (typeof spec !== 'string' || spec.trim() === '') throw new InvalidArgumentError('selector', `use one of ${SELECTOR_GRAMMAR.join(' | ')}, or a Selector; got ${JSON.stringify(spec)}`);
  const { embedder } = opts;
  if (spec.startsWith('llm:') || spec.startsWith('llm-batch:')) {
    const model = spec.slice(spec.indexOf(':') + 1);
    if (!model) throw new InvalidArgumentError('selector', `${spec}: name the model, e.g. llm:openai/gpt-4o-mini`);
    const llm = opts.llm ? opts.llm(model) : resolveLlm(model);
    const o = { name: spec, ...(opts.judge?.onProgress ? { onProgress: opts.judge.onProgress } : {}), ...(opts.judge?.onError ? { onError: opts.judge.onError } : {}) };
    return spec.startsWith('llm-batch:') ? new BatchedJudgeSelector(llm, o) : new LlmJudgeSelector(llm, o);
  }
  switch (spec) {
    case 'default':
      return new DefaultSelector(embedder);
    case 'embedding':
      return opts.evaluation ? new EmbeddingSelector(embedder) : new EmbeddingSelector(embedder, { threshold: DEFAULT_EMBEDDING_THRESHOLD });
    case 'mem0':
      return new Mem0Selector(embedder);
    case 'bm25':
      // Live: selects an attribute that shares a content term with the request (score > 0); evaluation fits the cut.
      return opts.evaluation ? new Bm25Selector() : new Bm25Selector({ threshold: Number.MIN_VALUE });
  }
  const file = spec.startsWith('model:') ? spec.slice('model:'.length) : spec;
  if (!/\.json$/i.test(file)) throw new InvalidArgumentError('selector', `unknown selector ${JSON.stringify(spec)}; use one of ${SELECTOR_GRAMMAR.join(' | ')}, or a Selector`);
  const model = readModelFile(file);
  if (opts.evaluation) {
    const e = opts.evaluation;
    return new TrainedSelector(model, {
      embedder, name: spec, file, ...(e.predictions ? { predictions: e.predictions } : {}), ...(e.round !== undefined ? { round: e.round } : {}), ...(e.onExclude ? { onExclude: e.onExclude } : {}),
    });
  }
  if (model.features.set !== 'offline') {
    throw new AttuneError('unsupported_model', `${file}: a ${model.features.set} selector needs recorded LLM votes per pair, which live use does not have; train one with --features offline`);
  }
  // At run time every prompt is scored, including prompts like those it was trained on.
  return new TrainedSelector(model, { embedder, seen: 'keep', name: `model:${file}`, file });
}
