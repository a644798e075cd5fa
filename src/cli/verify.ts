import { InvalidArgumentError } from '../model/errors.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultEmbedder } from '../embed/default.js';
import { createLlmClient } from '../llm/client.js';
import { loadLlmConfig } from '../llm/config.js';
import { openResponseCache } from '../store/llm-cache.js';
import type { Dataset } from '../model/index.js';
import { openStore } from '../store/open.js';
import {
  formatVerifyCv, labelledItems, LlmVerifier, readVerifyModel, TrainedVerifier, trainVerifier, verifyItems, writeVerifyModel,
  type Verification, type Verifier,
} from '../stages/extract/verify/index.js';
import { load, progress, stagedProgress } from './common.js';
import { writeFileAtomic } from '../data/files.js';
import { readProfiles } from '../data/read.js';
import { group } from './commands.js';

/** `--labels FILE|DIR`: an attune dataset folder, or its attribute_judgments.jsonl (read with the files beside it). */
function loadLabels(spec: string): Dataset {
  const dir = fs.existsSync(spec) && fs.statSync(spec).isFile() ? path.dirname(spec) : spec;
  const ds = load(dir, 'attune');
  if (!ds.attributeJudgments.length) throw new InvalidArgumentError('--labels', `${spec}: no attribute_judgments.jsonl records (Makes sense / Maybe / Doesn't make sense labels) found`);
  return ds;
}

function positive(flag: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new InvalidArgumentError(flag, `must be a positive number, got ${v}`, v);
}

export function registerVerify(program: Command): void {
  const train = group(program, 'train');
  train
    .command('verify')
    .description('train the stage-1 verifier on human Makes sense / Maybe / Doesn\'t make sense labels; prints user-grouped CV figures and writes the model fitted on all labels')
    .option('--labels <fileOrDir>', 'attune dataset with attribute_judgments.jsonl, profiles.jsonl (evidence) and conversations.jsonl')
    .option('--store <url>', 'read the labels from a dataset in the store instead (with --dataset)')
    .option('--dataset <name>', 'dataset name or id in the store')
    .requiredOption('--out <file>', 'model file to write (JSON)')
    .option('--pca <k>', 'principal components kept of each embedding', (v) => Number(v), 4)
    .option('--folds <k>', 'outer folds, grouped by user', (v) => Number(v), 5)
    .option('--seed <n>', 'seed for folds and bootstrap', (v) => Number(v), 42)
    .option('--json', 'print JSON')
    .action(async (o: { labels?: string; store?: string; dataset?: string; out: string; pca: number; folds: number; seed: number; json?: boolean }) => {
      let ds: Dataset;
      if (o.labels) ds = loadLabels(o.labels);
      else if (o.store && o.dataset) {
        const store = await openStore(o.store);
        try {
          const got = await store.loadDataset(o.dataset);
          if (!got) throw new InvalidArgumentError('--dataset', `no dataset "${o.dataset}" in the store ${o.store}`, o.dataset);
          ds = got;
        } finally {
          await store.close();
        }
      } else throw new InvalidArgumentError('--labels', 'give --labels FILE|DIR, or --store URL --dataset NAME');
      const { items, withoutAttribute } = labelledItems(ds);
      if (withoutAttribute) console.error(`left out ${withoutAttribute} judgments whose attribute is not in the dataset's profiles (no evidence to read)`);
      const { model } = await trainVerifier(items, {
        embedder: defaultEmbedder(), pcaDims: o.pca, folds: o.folds, seed: o.seed, dataset: ds.name, provenance: ds.provenance, onProgress: stagedProgress('train verify'),
      });
      writeVerifyModel(o.out, model);
      const note = ds.provenance === 'illustrative' ? 'labels are ILLUSTRATIVE (self-written), not human judgments: the figures show the pipeline works, not real accuracy' : undefined;
      if (o.json) console.log(JSON.stringify({ ...model.cv, provenance: ds.provenance, out: o.out, ...(note ? { note } : {}) }, null, 2));
      else console.log(`${formatVerifyCv(model.cv!)}${note ? `\n  note: ${note}` : ''}\nmodel: ${o.out}`);
    });

  program
    .command('verify')
    .description('flag problematic extracted attributes (and say which failure mode) with a trained verifier or an LLM; writes one verdict per attribute')
    .requiredOption('--data <dir>', 'dataset with the users\' conversations (evidence turns)')
    .requiredOption('--profiles <file>', 'profiles.jsonl to verify (attune extract output)')
    .requiredOption('--model <spec>', 'a verifier model file from `attune train verify`, or llm:<provider/model>')
    .requiredOption('--out <file>', 'verdicts (JSONL: userId, attribute, flagged, verdict, failureMode, reason, score)')
    .option('--format <name>', 'dataset layout, when detection is not wanted')
    .option('--llm-config <file>', 'LLM providers, limits and prices (JSON; default: environment and ATTUNE_LLM_CONFIG)')
    .option('--llm-cache <where>', 'LLM response cache: "store" (default), a .jsonl file, a store URL, or "off"')
    .option('--concurrency <n>', 'LLM requests at once', (v) => Number(v))
    .option('--rpm <n>', 'LLM requests started per minute', (v) => Number(v))
    .option('--json', 'print the summary as JSON')
    .action(async (o: { data: string; profiles: string; model: string; out: string; format?: string; llmConfig?: string; llmCache?: string; concurrency?: number; rpm?: number; json?: boolean }) => {
      positive('--concurrency', o.concurrency);
      positive('--rpm', o.rpm);
      const ds = load(o.data, o.format);
      const items = verifyItems(readProfiles(o.profiles), ds.conversations);
      let verdicts: Verification[];
      let verifier: Verifier;
      if (o.model.startsWith('llm:')) {
        const cache = await openResponseCache(o.llmCache);
        try {
          const llm = createLlmClient({
            model: o.model.slice(4), config: loadLlmConfig(o.llmConfig ? { file: o.llmConfig } : {}), cache: cache.cache,
            limits: { ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), ...(o.rpm !== undefined ? { rpm: o.rpm } : {}) },
          });
          verifier = new LlmVerifier(llm, { onProgress: progress('verify') });
          verdicts = await verifier.verify(items);
          const u = llm.usage();
          console.error(`${o.model}: paid ${u.paid.calls} calls ($${u.paid.costUsd.toFixed(4)}), replayed ${u.replayed.calls} from ${cache.describe}`);
        } finally {
          await cache.close();
        }
      } else {
        verifier = new TrainedVerifier(readVerifyModel(o.model), defaultEmbedder(), `verifier:${o.model}`, { onProgress: progress('verify: embedding') });
        verdicts = await verifier.verify(items);
      }
      writeFileAtomic(o.out, verdicts.map((v) => JSON.stringify(v)).join('\n') + (verdicts.length ? '\n' : ''));
      const flagged = verdicts.filter((v) => v.flagged);
      const byMode: Record<string, number> = {};
      for (const v of flagged) byMode[v.failureMode ?? 'other'] = (byMode[v.failureMode ?? 'other'] ?? 0) + 1;
      const summary = { verifier: verifier.name, n: verdicts.length, flagged: flagged.length, flaggedRate: verdicts.length ? flagged.length / verdicts.length : 0, byMode, out: o.out };
      if (o.json) console.log(JSON.stringify(summary, null, 2));
      else console.log(`${verifier.name}: flagged ${flagged.length} of ${verdicts.length} attributes (${(summary.flaggedRate * 100).toFixed(1)}%)${flagged.length ? `: ${Object.entries(byMode).map(([m, n]) => `${m} ${n}`).join(', ')}` : ''}\nverdicts: ${o.out}`);
    });
}
