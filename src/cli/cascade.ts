/**
 * `attune eval cascade`: F1 against LLM calls for a cascade whose base is a selector trained on human labels
 * (inside each outer fold, on the other folds' pairs only) and whose uncertain band goes to an LLM judge.
 */
import { InvalidArgumentError } from '../model/errors.js';
import type { Command } from 'commander';
import { DEFAULT_BUDGETS, runCascade } from '../eval/cascade.js';
import { formatCascade } from '../report/cascade.js';
import { openResponseCache } from '../store/llm-cache.js';
import type { ModelKind } from '../stages/select/trained/train.js';
import { collect, load } from './common.js';
import { group } from './commands.js';

const positive = (flag: string) => (v: string): number => {
  const n = Number(v);
  if (!(Number.isFinite(n) && n > 0)) throw new InvalidArgumentError(flag, `must be a positive number, got "${v}"`, v);
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
      if (o.base !== 'offline' && o.base !== 'offline+llm') throw new InvalidArgumentError('--base', `must be offline or offline+llm, got "${o.base}"`, o.base);
      if (o.strategy !== 'nearest' && o.strategy !== 'f1') throw new InvalidArgumentError('--strategy', `must be nearest or f1, got "${o.strategy}"`, o.strategy);
      if (!['logistic', 'mlp', 'auto'].includes(o.model)) throw new InvalidArgumentError('--model', `must be logistic, mlp or auto, got "${o.model}"`, o.model);
      const budgets = o.budgets.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
      const bad = budgets.filter((b) => !(b >= 0 && b <= 1));
      if (budgets.length === 0 || bad.length) throw new InvalidArgumentError('--budgets', `must be shares in [0,1], got "${o.budgets}"`, o.budgets);
      const judges = o.judge.filter(Boolean);
      const ds = load(o.data, o.format);
      // The response cache (a store or a JSONL file) is opened here, only when a judge calls an LLM, and closed after.
      const cache = judges.some((j) => j.startsWith('llm:') || j.startsWith('llm-batch:')) ? await openResponseCache(o.llmCache) : undefined;
      let r;
      try {
        r = await runCascade(ds, {
          base: o.base, judges, budgets, strategy: o.strategy, folds: o.folds, seed: o.seed, model: o.model as ModelKind, iterations: o.iterations,
          ...(o.round !== undefined ? { round: o.round } : {}),
          llm: {
            ...(o.llmConfig ? { configFile: o.llmConfig } : {}), ...(cache ? { cache: cache.cache } : {}),
            ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), ...(o.rpm !== undefined ? { rpm: o.rpm } : {}),
          },
          onProgress: (m) => console.error(m),
        });
      } finally {
        await cache?.close();
      }
      console.log(o.json ? JSON.stringify(r, null, 2) : formatCascade(r));
    });
}
