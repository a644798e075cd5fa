import type { Command } from 'commander';
import { evaluateSelector, type SelectEvalResult } from '../eval/select.js';
import { computeAgreement } from '../eval/agreement.js';
import { makeSelector } from '../eval/selectors.js';
import { renderHtmlReport } from '../report/html.js';
import { agreementTable, selectionTable } from '../report/text.js';
import { collect, load, progress, writeFileAtomic } from './common.js';
import { recordSelectRun } from './record.js';

export function registerEval(program: Command): void {
  const evalCmd = program.command('eval').description('score a stage against human judgments');

  evalCmd
    .command('select')
    .description('score stage-2 selectors against the human-majority relevance labels')
    .requiredOption('--data <dir>', 'dataset directory')
    .requiredOption('--selector <spec>', 'votes:<model> | bm25 | embedding | mem0 (repeat or comma-separate for several)', collect)
    .option('--format <name>', 'dataset layout, when detection is not wanted')
    .option('--round <name>', 'which round of labels (default: the largest)')
    .option('--folds <k>', 'folds for selectors that fit a threshold (grouped by prompt)', (v) => Number(v), 5)
    .option('--seed <n>', 'seed for folds and bootstrap', (v) => Number(v), 42)
    .option('--json', 'print JSON: one object for one selector, an array for several')
    .option('--report <file.html>', 'also write a self-contained HTML report')
    .option('--store <url>', 'record the run and its predictions in a store (SQLite path or postgres:// URL)')
    .action(async (o: { data: string; selector: string[]; format?: string; round?: string; folds: number; seed: number; json?: boolean; report?: string; store?: string }) => {
      const ds = load(o.data, o.format);
      const results: SelectEvalResult[] = [];
      for (const spec of o.selector) {
        const selector = await makeSelector(spec, ds, o.round !== undefined ? { round: o.round } : {});
        const r = await evaluateSelector(ds, selector, { folds: o.folds, seed: o.seed, onProgress: progress(spec), ...(o.round !== undefined ? { round: o.round } : {}) });
        results.push(r);
        if (o.store) await recordSelectRun(o.store, ds, r);
      }
      if (o.json) {
        const plain = results.map(({ predictions: _p, ...rest }) => rest);
        console.log(JSON.stringify(plain.length === 1 ? plain[0] : plain, null, 2));
      } else {
        console.log(selectionTable(results));
      }
      if (o.report) {
        writeFileAtomic(o.report, await renderHtmlReport({ title: `attune: stage 2 on ${ds.name}`, dataset: ds.name, selection: results }));
        if (!o.json) console.log(`\nreport: ${o.report}`);
      }
    });

  evalCmd
    .command('agreement')
    .description('human-human, LLM-human and LLM-LLM agreement on relevance labels')
    .requiredOption('--data <dir>', 'dataset directory with per-annotator labels and/or recorded votes')
    .option('--format <name>', 'dataset layout')
    .option('--json', 'print JSON')
    .option('--report <file.html>', 'also write a self-contained HTML report')
    .action(async (o: { data: string; format?: string; json?: boolean; report?: string }) => {
      const ds = load(o.data, o.format);
      const rep = computeAgreement(ds);
      if (rep.rounds.length === 0) throw new Error(`dataset "${ds.name}" has neither per-annotator labels nor recorded votes`);
      console.log(o.json ? JSON.stringify(rep, null, 2) : agreementTable(rep));
      if (o.report) writeFileAtomic(o.report, await renderHtmlReport({ title: `attune: agreement on ${ds.name}`, dataset: ds.name, selection: [], agreement: rep }));
    });
}
