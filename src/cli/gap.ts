/** `attune eval gap`: the same stage-2 selectors on synthetic PrefEval pairs and on human labels, side by side. */
import type { Command } from 'commander';
import { evaluateGap, GAP_DEFAULT_SELECTORS } from '../eval/gap.js';
import { renderHtmlReport } from '../report/html.js';
import { gapTable } from '../report/text.js';
import { writeFileAtomic } from '../data/files.js';
import { collect, load, progress } from './common.js';
import { integerFlag } from './flags.js';
import { group } from './commands.js';

export function registerGap(program: Command): void {
  group(program, 'eval')
    .command('gap')
    .description('how much a synthetic benchmark flatters a selector: the same selectors on PrefEval relevance pairs and on human labels, side by side (offline)')
    .requiredOption('--synthetic <dir>', 'PrefEval directory (its planted preferences against questions)')
    .requiredOption('--data <dir>', 'dataset with human relevance labels, e.g. recenter-pilot')
    .option('--selector <spec>', `bm25 | embedding | mem0 | votes:<model> (human side only) | model:<file> (repeat or comma-separate; default: ${GAP_DEFAULT_SELECTORS.join(', ')} and every recorded votes: system)`, collect)
    .option('--round <name>', 'round of the human labels (default: the largest)')
    .option('--distractors <k>', "other users' preferences per PrefEval question, as negatives", integerFlag('--distractors', 1), 4)
    .option('--limit <n>', 'only this many PrefEval questions, drawn with --seed', integerFlag('--limit', 1))
    .option('--folds <k>', 'folds for selectors that fit a threshold (grouped by prompt)', integerFlag('--folds', 2), 5)
    .option('--seed <n>', 'seed for distractors, folds and bootstrap', integerFlag('--seed', 0), 42)
    .option('--format <name>', 'layout of --data, when detection is not wanted')
    .option('--json', 'print JSON')
    .option('--report <file.html>', 'also write a self-contained HTML report')
    .action(async (o: {
      synthetic: string; data: string; selector?: string[]; round?: string; distractors: number; limit?: number; folds: number; seed: number; format?: string; json?: boolean; report?: string;
    }) => {
      const human = load(o.data, o.format);
      const synthetic = load(o.synthetic, 'prefeval');
      const rep = await evaluateGap({
        synthetic, human, distractors: o.distractors, folds: o.folds, seed: o.seed,
        ...(o.selector ? { selectors: o.selector } : {}), ...(o.round !== undefined ? { round: o.round } : {}), ...(o.limit !== undefined ? { limit: o.limit } : {}),
        onProgress: (() => {
          const bars = new Map<string, (d: number, t: number) => void>();
          return (step: string, d: number, t: number) => {
            if (!bars.has(step)) bars.set(step, progress(step));
            bars.get(step)!(d, t);
          };
        })(),
      });
      console.log(o.json ? JSON.stringify(rep, null, 2) : gapTable(rep));
      if (o.report) {
        writeFileAtomic(o.report, await renderHtmlReport({ title: `attune: synthetic vs human stage 2 (${synthetic.name} vs ${human.name})`, dataset: `${synthetic.name} / ${human.name}`, selection: [], gap: rep }));
        if (!o.json) console.log(`\nreport: ${o.report}`);
      }
    });
}
