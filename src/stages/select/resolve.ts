import type { Embedder } from '../../embed/embedder.js';
import { readModelFile } from '../../learn/model-file.js';
import type { Llm } from '../../llm/llm.js';
import { AttuneError, InvalidArgumentError } from '../../model/errors.js';
import type { Prediction } from '../../model/index.js';
import { AssistedSelector, FallbackSelector, liveLlmVotes, type OnFallback } from './assisted.js';
import { BatchedJudgeSelector } from './batched-judge.js';
import { Bm25Selector } from './bm25.js';
import { DefaultSelector } from './default.js';
import { DEFAULT_EMBEDDING_THRESHOLD, EmbeddingSelector } from './embedding.js';
import { LlmJudgeSelector } from './llm-judge.js';
import { Mem0Selector } from './mem0.js';
import type { Selector } from './selector.js';
import { TrainedSelector } from './trained/selector.js';

/**
 * The one grammar for a selector string, used by selectAttributes, createAttune and the CLI:
 * `'default'` (the label-free default, DefaultSelector), `'embedding'` (USE-lite cosine >= 0.22), `'mem0'`
 * (mem0-style hybrid search), `'bm25'` (live: any shared content term), `'llm:<provider/model>'` (the zero-shot judge, one call per attribute),
 * `'llm-batch'` / `'llm-batch:<provider/model>'` (one call per prompt; live: the LLM-assisted selector of
 * assisted.ts on the configured model, or on the model named), or the path of a model file from `attune train select`
 * (`model:<file>` is accepted too; an `offline+llm` file live takes its LLM votes from the configured model).
 */
export const SELECTOR_GRAMMAR = ['default', 'embedding', 'mem0', 'bm25', 'llm:<provider/model>', 'llm-batch', 'llm-batch:<provider/model>', '<model file .json>'] as const;

export interface ResolveSelectorOptions {
  /** Default: none; needed by 'default', 'embedding', 'mem0' and model files. */
  embedder: Embedder;
  /**
   * The client for an `llm:`/`llm-batch:` model, e.g. `(m) => resolveLlm(m)` (attune's provider config); required for
   * those specs. Taken as an option so that resolving 'default' loads no LLM code.
   */
  llm?: (model: string) => Llm;
  /**
   * The configured model (createAttune's / selectAttributes' `model`), for live `'llm-batch'` and `offline+llm`
   * model files; without it they throw AttuneError `no_model`.
   */
  model?: Llm;
  /** Live LLM-backed selectors fall back to the label-free default when a call fails, and tell this (default: a process warning). */
  onFallback?: OnFallback;
  /** Options for the LLM judges (progress, error policy). */
  judge?: { onProgress?: (done: number, total: number) => void; onError?: 'throw' | 'mark' };
  /**
   * Evaluation against labels: 'embedding' gets no fixed cut, so the evaluation fits it on other folds; a model
   * file leaves out the pairs it was trained on (its `predictions` supply `offline+llm` votes). Live use (the
   * default): 'embedding' keeps its fixed cut, a model file scores every prompt (an `offline+llm` one with votes of
   * the configured model), and 'llm-batch' is the LLM-assisted selector (assisted.ts), not the bare batched judge.
   */
  evaluation?: { predictions?: Prediction[]; round?: string; onExclude?: (excluded: number, total: number) => void };
}

/** Builds the selector a string names (see SELECTOR_GRAMMAR); a Selector object is returned as is. */
export function resolveSelector(spec: string | Selector, opts: ResolveSelectorOptions): Selector {
  if (typeof spec === 'object') return spec;
  if (typeof spec !== 'string' || spec.trim() === '') throw new InvalidArgumentError('selector', `use one of ${SELECTOR_GRAMMAR.join(' | ')}, or a Selector; got ${JSON.stringify(spec)}`);
  const { embedder } = opts;
  const fallback = opts.onFallback ? { onFallback: opts.onFallback } : {};
  if (spec === 'llm-batch' && !opts.evaluation) {
    // Live, on the configured model: the LLM-assisted selector.
    const llm = configured(opts, "selector 'llm-batch'", "createAttune({ model, selector: 'llm-batch' }) (CLI: --model <provider/model>), or name the model: 'llm-batch:<provider/model>'");
    return new AssistedSelector(llm, new DefaultSelector(embedder), { name: `llm-batch:${llm.spec}`, ...fallback, ...judgeProgress(opts) });
  }
  if (spec === 'llm-batch') throw new InvalidArgumentError('selector', "an evaluation names the judge's model: llm-batch:<provider/model>");
  if (spec.startsWith('llm:') || spec.startsWith('llm-batch:')) {
    const model = spec.slice(spec.indexOf(':') + 1);
    if (!model) throw new InvalidArgumentError('selector', `${spec}: name the model, e.g. llm:openai/gpt-4o-mini`);
    if (!opts.llm) throw new InvalidArgumentError('selector', `${spec}: resolveSelector needs { llm: (model) => Llm } to make its client, e.g. llm: (m) => resolveLlm(m)`);
    const llm = opts.llm(model);
    // Live, 'llm-batch:<model>' is the LLM-assisted selector on that model; an evaluation scores the batched judge itself.
    if (spec.startsWith('llm-batch:') && !opts.evaluation) return new AssistedSelector(llm, new DefaultSelector(embedder), { name: spec, ...fallback, ...judgeProgress(opts) });
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
  // At run time every prompt is scored, including prompts like those it was trained on.
  if (model.features.set === 'offline') return new TrainedSelector(model, { embedder, seen: 'keep', name: `model:${file}`, file });
  // offline+llm live: its LLM votes come from the batched judge (the paper's guidance, as the votes it was trained
  // on) on the configured model, one call per request; the label-free default stands in when the call fails.
  const llm = configured(opts, `${file} (an ${model.features.set} selector)`, `createAttune({ model, selector: '${file}' }) (CLI: --model <provider/model>), or train one with --features offline`);
  const judge = new BatchedJudgeSelector(llm, { name: `llm-batch:${llm.spec}`, keepGroups: false, ...judgeProgress(opts).judge });
  const trained = new TrainedSelector(model, { embedder, seen: 'keep', name: `model:${file}`, file, votes: (pairs, systems) => liveLlmVotes(judge, pairs, systems) });
  return new FallbackSelector(trained, new DefaultSelector(embedder), fallback);
}

/** The configured model, or the coded error that names what is missing. */
function configured(opts: ResolveSelectorOptions, what: string, example: string): Llm {
  if (opts.model) return opts.model;
  throw new AttuneError('no_model', `${what} needs LLM votes, and no model is configured: give one, e.g. ${example}`);
}

function judgeProgress(opts: ResolveSelectorOptions): { judge: { onProgress?: (done: number, total: number) => void } } {
  return { judge: opts.judge?.onProgress ? { onProgress: opts.judge.onProgress } : {} };
}
