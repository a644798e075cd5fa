/**
 * `attune eval cascade`: F1 against LLM calls for a cascade whose base is a selector trained on human labels
 * (inside each outer fold, on the other folds' pairs only) and whose uncertain band goes to an LLM judge.
 */
import type { Command } from 'commander';
import { labelledPairs } from '../stages/select/pairs.js';
import { defaultEmbedder, makeSelector } from '../eval/selectors.js';
import { loadLlmConfig } from '../llm/config.js';
import { openResponseCache, type OpenedResponseCache } from '../store/llm-cache.js';
import type { Dataset } from '../model/index.js';
import { fmt, renderTable } from '../report/table.js';
import { cascadeCurve, type BandStrategy, type CascadeCurve } from '../stages/select/cascade.js';
import type { FeatureSet } from '../stages/select/features.js';
import { FittingTrainedSelector } from '../stages/select/fitting-trained.js';
import { formatJudgeUsage, type JudgeUsage } from '../stages/select/llm-judge.js';
import type { ModelKind } from '../stages/select/trained.js';
import { collect, load } from './common.js';
import { group } from './commands.js';

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
  llm?: { configFile?: string; cache?: string; concurrency?: number; rpm?: number };
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
  let cache: OpenedResponseCache | undefined;
  const curves: CascadeRunResult['curves'] = [];
  try {
    const config = usesLlm ? loadLlmConfig(o.llm?.configFile ? { file: o.llm.configFile } : {}) : undefined;
    if (usesLlm) cache = await openResponseCache(o.llm?.cache);
    for (const spec of o.judges) {
      const llm = config && cache
        ? { config, cache: cache.cache, ...(o.llm?.concurrency !== undefined ? { concurrency: o.llm.concurrency } : {}), ...(o.llm?.rpm !== undefined ? { rpm: o.llm.rpm } : {}) }
        : undefined;
      const judge = await makeSelector(spec, ds, { ...(round !== undefined ? { round } : {}), ...(llm ? { llm } : {}) });
      o.onProgress?.(`judge ${spec}: ${o.budgets.length} budgets over ${folds} folds by prompt`);
      const curve = await cascadeCurve(pairs, labels, base, judge, { budgets: o.budgets, strategy, folds, seed, iterations: o.iterations ?? 1000 });
      const usage = (judge as { usage?: () => unknown }).usage?.() as JudgeUsage | undefined;
      if (usage && 'paid' in usage) o.onProgress?.(formatJudgeUsage(spec, usage));
      curves.push({ judge: spec, ...(usage && 'paid' in usage ? { llmUsage: usage } : {}), ...curve });
    }
  } finally {
    await cache?.close();
  }
  return { dataset: ds.name, round, base: o.base, strategy, folds, baseFits, curves };
}

export function formatCascade(r: CascadeRunResult): string {
  const out = [
    `cascade on ${r.dataset}${r.round !== undefined ? ` round ${r.round}` : ''}: base trained:${r.base} (fitted per fold on the other folds' prompts), ` +
      `band by ${r.strategy}, ${r.folds} folds grouped by prompt; 95% CIs resample prompts`,
  ];
  for (const c of r.curves) {
    out.push('', `judge ${c.judge}: ${c.pairs} pairs, human YES rate ${fmt(c.humanRate)}${c.fitJudged ? `; band choice asked the judge about ${c.fitJudged} training pairs` : ''}`);
    out.push(renderTable(
      ['budget', 'judged', 'share', 'LLM calls', 'P', 'R', 'F1', 'F1 95% CI', 'YES rate', 'x human'],
      c.points.map((p) => [p.budget, p.judged, p.share, p.llmCalls, p.precision, p.recall, p.f1, `${fmt(p.f1Ci.low)}-${fmt(p.f1Ci.high)}`, p.selectionRate, p.selectionRate / c.humanRate]),
    ));
  }
  return out.join('\n');
}

const positive = (flag: string) => (v: string): number => {
  const n = Number(v);
  if (!(Number.isFinite(n) && n > 0)) throw new Error(`${flag} must be a positive number, got "${v}"`);
  return n;
};

export function registerCascade(program: Command): void {
  const evalCmd = group(program, 'eval');
  evalCmd
    .command('cascade')
    .description('F1 against LLM calls: a trained selector (fitted per fold, never on the pairs it scores) decides the pairs it is sure of, an LLM judge the uncertain band')
    .requiredOption('--data <dir>', 'dataset directory with relevance labels')
    .requiredOption('--judge <spec>', 'votes:<model> (recorded, no cost) | llm:<provider/model> (repeat or comma-separate for several)', collect)
    .option('--base <set>', 'features of the trained base: offline | offline+llm', 'offline')
    .option('--budgets <list>', 'shares of pairs sent to the judge', DEFAULT_BUDGETS.join(','))
    .option('--strategy <s>', 'band choice: nearest (the scores nearest the threshold, no LLM calls to fit) | f1 (the window that helps most on training pairs)', 'nearest')
    .option('--folds <k>', 'outer folds grouped by prompt', positive('--folds'), 5)
    .option('--model <kind>', 'base estimator: logistic | mlp | auto', 'logistic')
    .option('--round <name>', 'round of labels (default: the largest)')
    .option('--seed <n>', 'seed for folds and bootstrap', (v) => Number(v), 42)
    .option('--iterations <n>', 'bootstrap resamples for the intervals', positive('--iterations'), 1000)
    .option('--format <name>', 'dataset layout, when detection is not wanted')
    .option('--llm-config <file>', 'LLM providers, limits and prices (for llm: judges)')
    .option('--llm-cache <where>', 'LLM response cache: "store" (default), a .jsonl file, a store URL, or "off"')
    .option('--concurrency <n>', 'LLM requests at once', positive('--concurrency'))
    .option('--rpm <n>', 'LLM requests started per minute', positive('--rpm'))
    .option('--json', 'print JSON')
    .action(async (o: {
      data: string; judge: string[]; base: string; budgets: string; strategy: string; folds: number; model: string; round?: string; seed: number;
      iterations: number; format?: string; llmConfig?: string; llmCache?: string; concurrency?: number; rpm?: number; json?: boolean;
    }) => {
      if (o.base !== 'offline' && o.base !== 'offline+llm') throw new Error(`--base must be offline or offline+llm, got "${o.base}"`);
      if (o.strategy !== 'nearest' && o.strategy !== 'f1') throw new Error(`--strategy must be nearest or f1, got "${o.strategy}"`);
      if (!['logistic', 'mlp', 'auto'].includes(o.model)) throw new Error(`--model must be logistic, mlp or auto, got "${o.model}"`);
      const budgets = o.budgets.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
      const bad = budgets.filter((b) => !(b >= 0 && b <= 1));
      if (budgets.length === 0 || bad.length) throw new Error(`--budgets must be shares in [0,1], got "${o.budgets}"`);
      const judges = o.judge.filter(Boolean);
      const ds = load(o.data, o.format);
      const r = await runCascade(ds, {
        base: o.base, judges, budgets, strategy: o.strategy, folds: o.folds, seed: o.seed, model: o.model as ModelKind, iterations: o.iterations,
        ...(o.round !== undefined ? { round: o.round } : {}),
        llm: {
          ...(o.llmConfig ? { configFile: o.llmConfig } : {}), ...(o.llmCache ? { cache: o.llmCache } : {}),
          ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), ...(o.rpm !== undefined ? { rpm: o.rpm } : {}),
        },
        onProgress: (m) => console.error(m),
      });
      console.log(o.json ? JSON.stringify(r, null, 2) : formatCascade(r));
    });
}
