import { InvalidArgumentError } from '../model/errors.js';
import type { Command } from 'commander';
import { evaluateOrReport, isNotScored, type SelectEvalResult, type SelectorNotScored } from '../eval/select.js';
import { computeAgreement } from '../eval/agreement.js';
import { makeSelector, SELECTOR_SPECS } from '../eval/selectors.js';
import { renderHtmlReport } from '../report/html.js';
import { agreementTable, notScoredLine, selectionTable } from '../report/text.js';
import { collect, load, progress } from './common.js';
import { integerFlag } from './flags.js';
import { writeFileAtomic } from '../data/files.js';
import { recordSelectRun } from './record.js';
import { loadLlmConfig } from '../llm/config.js';
import { openResponseCache, type OpenedResponseCache } from '../store/llm-cache.js';
import { formatJudgeUsage, type JudgeUsage } from '../stages/select/llm-judge.js';
import { group } from './commands.js';
import { llmFanOut, NO_WORKER_HINT, type LlmFanOut } from '../queue/llm.js';
import { EMBEDDER_GRAMMAR, resolveEmbedder } from '../embed/resolve.js';

export function registerEval(program: Command): void {
  const evalCmd = group(program, 'eval');

  evalCmd
    .command('select')
    .description('score stage-2 selectors against the human-majority relevance labels')
    .requiredOption('--data <dir>', 'dataset directory')
    .requiredOption('--selector <spec>', `${SELECTOR_SPECS.join(' | ')} (repeat or comma-separate for several)`, collect)
    .option('--format <name>', 'dataset layout, when detection is not wanted')
    .option('--round <name>', 'which round of labels (default: the largest)')
    .option('--folds <k>', 'folds for selectors that fit a threshold (grouped by prompt)', integerFlag('--folds', 2), 5)
    .option('--seed <n>', 'seed for folds and bootstrap', integerFlag('--seed', 0), 42)
    .option('--json', 'print JSON: one object for one selector, an array for several')
    .option('--report <file.html>', 'also write a self-contained HTML report')
    .option('--store <url>', 'record the run and its predictions in a store (SQLite path or postgres:// URL)')
    .option('--llm-config <file>', 'LLM providers, limits and prices (JSON; default: environment and ATTUNE_LLM_CONFIG)')
    .option('--llm-cache <where>', 'LLM response cache: "store" (default: .attune/attune.sqlite or $ATTUNE_STORE), a .jsonl file, a store URL, or "off"')
    .option('--concurrency <n>', 'LLM requests at once (default: the provider config, else 4)', (v) => Number(v))
    .option('--rpm <n>', 'LLM requests started per minute (default: the provider config, else no limit)', (v) => Number(v))
    .option('--queue <redis-url>', 'llm: selectors: fan the judge calls out over `attune worker`s on this Redis (they cache in their store); --concurrency: calls waited on at once (default 256)')
    .option('--queue-name <name>', 'BullMQ queue name the workers use', 'attune')
    .option('--embedder <name>', `the embedder of the embedding-based selectors: ${EMBEDDER_GRAMMAR.join(' | ')} (default use-lite)`)
    .action(async (o: {
      data: string; selector: string[]; format?: string; round?: string; folds: number; seed: number; json?: boolean; report?: string; store?: string;
      llmConfig?: string; llmCache?: string; concurrency?: number; rpm?: number; queue?: string; queueName: string; embedder?: string;
    }) => {
      for (const [flag, v] of [['--concurrency', o.concurrency], ['--rpm', o.rpm]] as const) {
        if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new InvalidArgumentError(flag, `must be a positive number, got ${v}`, v);
      }
      // 'use-lite' is the process's cached one (defaultEmbedder); another name goes through the one grammar
      const embedder = o.embedder === undefined || o.embedder === 'use-lite' ? undefined : resolveEmbedder(o.embedder);
      const ds = load(o.data, o.format);
      const results: SelectEvalResult[] = [];
      const notScored: SelectorNotScored[] = [];
      const llmUsage = new Map<string, JudgeUsage>();
      const usesLlm = o.selector.some((s) => s.startsWith('llm:') || s.startsWith('llm-batch:'));
      const llmConfig = usesLlm ? loadLlmConfig(o.llmConfig ? { file: o.llmConfig } : {}) : undefined;
      let cache: OpenedResponseCache | undefined;
      let fan: LlmFanOut | undefined;
      try {
        // The judges' calls run as jobs: on workers with --queue (which cache in their store), else in this process.
        if (usesLlm && !o.queue) cache = await openResponseCache(o.llmCache);
        if (usesLlm) fan = llmFanOut({ config: llmConfig!, ...(cache ? { cache: cache.cache } : {}), ...(o.queue ? { queue: o.queue, queueName: o.queueName, onStall: () => console.error(NO_WORKER_HINT(o.queueName)) } : {}), ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), ...(o.rpm !== undefined ? { rpm: o.rpm } : {}) });
        for (const spec of o.selector) {
          const llm = fan ? { client: fan.llmFor, onProgress: progress(`${spec} pairs`) } : undefined;
          const selector = await makeSelector(spec, ds, { ...(o.round !== undefined ? { round: o.round } : {}), ...(llm ? { llm } : {}), ...(embedder ? { embedder } : {}) });
          const r = await evaluateOrReport(ds, selector, { folds: o.folds, seed: o.seed, onProgress: progress(spec), ...(o.round !== undefined ? { round: o.round } : {}) });
          if (isNotScored(r)) {
            // Reported and skipped: the other selectors' results still stand.
            notScored.push(r);
            console.error(notScoredLine(r));
            continue;
          }
          results.push(r);
          const usage = (selector as { usage?: () => unknown }).usage?.() as JudgeUsage | undefined;
          if (usage && 'paid' in usage && 'replayed' in usage) {
            llmUsage.set(spec, usage);
            console.error(formatJudgeUsage(spec, usage));
          }
          if (o.store) {
            const id = await recordSelectRun(o.store, ds, r);
            console.error(`${spec}: recorded run ${id} in ${o.store} (attune studio --from-run ${id} --store ${o.store})`);
          }
        }
      } finally {
        await fan?.close();
        await cache?.close();
      }
      if (results.length === 0) throw new Error(notScored.map(notScoredLine).join('\n'));
      if (o.json) {
        const plain = [
          ...results.map(({ predictions: _p, ...rest }) => (llmUsage.has(rest.selector) ? { ...rest, llmUsage: llmUsage.get(rest.selector) } : rest)),
          ...notScored,
        ];
        console.log(JSON.stringify(plain.length === 1 ? plain[0] : plain, null, 2));
      } else {
        console.log([selectionTable(results), ...notScored.map(notScoredLine)].join('\n'));
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
      if (rep.rounds.length === 0) throw new InvalidArgumentError('--data', `dataset "${ds.name}" has neither per-annotator labels nor recorded votes`);
      console.log(o.json ? JSON.stringify(rep, null, 2) : agreementTable(rep));
      if (o.report) writeFileAtomic(o.report, await renderHtmlReport({ title: `attune: agreement on ${ds.name}`, dataset: ds.name, selection: [], agreement: rep }));
    });
}
