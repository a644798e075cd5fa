/**
 * The cascade evaluation behind `attune eval cascade`: F1 against LLM calls for a cascade whose base is a
 * selector trained on human labels (inside each outer fold, on the other folds' pairs only) and whose
 * uncertain band goes to an LLM judge.
 */
import { defaultEmbedder } from '../embed/default.js';
import { loadLlmConfig } from '../llm/config.js';
import type { Dataset } from '../model/index.js';
import { cascadeCurve, type BandStrategy, type CascadeCurve } from '../stages/select/cascade.js';
import type { FeatureSet } from '../stages/select/trained/features.js';
import { FittingTrainedSelector } from '../stages/select/trained/fitting.js';
import { formatJudgeUsage, type JudgeUsage } from '../stages/select/llm-judge.js';
import { labelledPairs } from '../stages/select/pairs.js';
import type { ModelKind } from '../stages/select/trained/train.js';
import type { ResponseCache } from '../llm/cache.js';
import { makeSelector } from './selectors.js';

export const DEFAULT_BUDGETS = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 1] as const;

export interface CascadeRunOptions {
  base: FeatureSet;
  judges: string[];
  budgets: readonly number[];
  strategy?: BandStrategy;
  folds?: number;
  seed?: number;
  round?: string;
  model?: ModelKind;
  /** Bootstrap resamples for the intervals (default 1000). */
  iterations?: number;
  /** Inner-CV folds of the base's training (default 4). */
  innerFolds?: number;
  /** Outer folds of the base's own nested CV (its out-of-fold scores place the band; default 5). */
  baseFolds?: number;
  /** The base's L2 grid (default trainSelector's). */
  l2Grid?: number[];
  /** For `llm:` judges: the providers file, and the response cache the caller opened (and closes; default: in memory, `false`: none). */
  llm?: { configFile?: string; cache?: ResponseCache | false; concurrency?: number; rpm?: number };
  onProgress?: (msg: string) => void;
}

export interface CascadeBaseFit {
  fold: number;
  trainPairs: number;
  seconds: number;
  /** Prompts the base was trained on in this fold. */
  prompts: string[];
  /** The base's nested cross-validated F1 on its training pairs, and its threshold. */
  nestedF1: number;
  threshold: number;
  candidate: string;
}

export interface CascadeRunResult {
  dataset: string;
  round: string | undefined;
  base: FeatureSet;
  strategy: BandStrategy;
  folds: number;
  baseFits: CascadeBaseFit[];
  curves: ({ judge: string; llmUsage?: JudgeUsage } & CascadeCurve)[];
}

/** Runs the cascade curve for each judge; the base's fits (one per fold) are shared by all judges. */
export async function runCascade(ds: Dataset, o: CascadeRunOptions): Promise<CascadeRunResult> {
  const { round, pairs, labels } = labelledPairs(ds, o.round);
  const strategy = o.strategy ?? 'nearest';
  const folds = o.folds ?? 5;
  const seed = o.seed ?? 42;
  const baseFits: CascadeBaseFit[] = [];
  const base = new FittingTrainedSelector({
    dataset: ds, features: o.base, group: 'prompt', seed, embedder: defaultEmbedder(), ...(round !== undefined ? { round } : {}),
    ...(o.model ? { model: o.model } : {}), ...(o.innerFolds ? { innerFolds: o.innerFolds } : {}), ...(o.baseFolds ? { outerFolds: o.baseFolds } : {}),
    ...(o.l2Grid ? { l2Grid: o.l2Grid } : {}),
    iterations: 100, name: `trained:${o.base}`,
    onFit: (r) => {
      baseFits.push({
        fold: baseFits.length, trainPairs: r.pairs.length, prompts: [...new Set(r.pairs.map((p) => p.promptId))].sort(), seconds: r.seconds, nestedF1: r.cv.f1, threshold: r.model!.threshold, candidate: r.model!.candidate });
      o.onProgress?.(`base ${o.base}: fold ${baseFits.length}/${folds} trained on ${r.pairs.length} pairs in ${r.seconds.toFixed(1)} s (its nested F1 ${r.cv.f1.toFixed(3)})`);
    },
  });
  const usesLlm = o.judges.some((j) => j.startsWith('llm:') || j.startsWith('llm-batch:'));
  const curves: CascadeRunResult['curves'] = [];
  const config = usesLlm ? loadLlmConfig(o.llm?.configFile ? { file: o.llm.configFile } : {}) : undefined;
  for (const spec of o.judges) {
    const llm = config
      ? {
        config, ...(o.llm?.cache !== undefined ? { cache: o.llm.cache } : {}),
        ...(o.llm?.concurrency !== undefined ? { concurrency: o.llm.concurrency } : {}), ...(o.llm?.rpm !== undefined ? { rpm: o.llm.rpm } : {}),
      }
      : undefined;
    const judge = await makeSelector(spec, ds, { ...(round !== undefined ? { round } : {}), ...(llm ? { llm } : {}) });
    o.onProgress?.(`judge ${spec}: ${o.budgets.length} budgets over ${folds} folds by prompt`);
    const curve = await cascadeCurve(pairs, labels, base, judge, { budgets: o.budgets, strategy, folds, seed, iterations: o.iterations ?? 1000 });
    const usage = (judge as { usage?: () => unknown }).usage?.() as JudgeUsage | undefined;
    if (usage && 'paid' in usage) o.onProgress?.(formatJudgeUsage(spec, usage));
    curves.push({ judge: spec, ...(usage && 'paid' in usage ? { llmUsage: usage } : {}), ...curve });
  }
  return { dataset: ds.name, round, base: o.base, strategy, folds, baseFits, curves };
}
