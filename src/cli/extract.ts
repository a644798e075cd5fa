import { InvalidArgumentError } from '../model/errors.js';
import type { Command } from 'commander';
import type { Conversation, Profile } from '../model/index.js';
import { OfflineExtractor } from '../stages/extract/offline.js';
import { extractProfiles, type Extractor } from '../stages/extract/extractor.js';
import { extractProfilesConcurrently, LlmExtractor } from '../stages/extract/llm-extractor.js';
import { createLlmClient, type LlmClient } from '../llm/client.js';
import type { Attribute } from '../model/index.js';
import { bullQueue } from '../queue/bullmq.js';
import { EXTRACT_QUEUE_SUFFIX, QueuedExtractor, type ExtractJob } from '../queue/extract.js';
import type { JobQueue } from '../queue/types.js';
import { loadLlmConfig } from '../llm/config.js';
import { openResponseCache, type OpenedResponseCache } from '../store/llm-cache.js';
import { DEFAULT_MERGE_THRESHOLD, mergeProfiles, rawProfiles } from '../stages/extract/merge.js';
import { evaluateExtraction, extractionTable, extractionUnits, type ExtractionUnit } from '../eval/extract.js';
import { defaultEmbedder } from '../embed/default.js';
import { readProfiles } from '../data/read.js';
import { sampleConversations } from '../data/sample.js';
import { collect, load, progress } from './common.js';
import { writeFileAtomic } from '../data/files.js';
import { group } from './commands.js';

interface LlmOptions {
  model?: string;
  queue?: string;
  queueName?: string;
  llmConfig?: string;
  llmCache?: string;
  concurrency?: number;
  rpm?: number;
}

/** The extractor and, for `llm`, the client and cache (or the queue) to report on and close. */
async function makeExtractor(name: string, o: LlmOptions): Promise<{ extractor: Extractor; llm?: LlmClient; cache?: OpenedResponseCache; queue?: JobQueue<ExtractJob, Attribute[]> }> {
  if (name === 'offline') {
    if (o.queue) throw new InvalidArgumentError('--queue', 'fans out LLM calls: use it with --extractor llm');
    return { extractor: new OfflineExtractor() };
  }
  if (name !== 'llm') throw new InvalidArgumentError('--extractor', `unknown extractor "${name}"; use offline or llm`, name);
  if (!o.model) throw new InvalidArgumentError('--model', '--extractor llm needs --model provider/model (e.g. local/qwen3; providers from the environment or --llm-config)');
  if (o.queue) {
    // The workers call the LLM (with their own LLM config) and cache in their store; this process only waits.
    const queue = bullQueue<ExtractJob, Attribute[]>({ url: o.queue, name: `${o.queueName ?? 'attune'}${EXTRACT_QUEUE_SUFFIX}` });
    return { extractor: new QueuedExtractor(queue, o.model), queue };
  }
  for (const [flag, v] of [['--concurrency', o.concurrency], ['--rpm', o.rpm]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new InvalidArgumentError(flag, `must be a positive number, got ${v}`, v);
  }
  const config = loadLlmConfig(o.llmConfig ? { file: o.llmConfig } : {});
  // The cache makes an interrupted run resume without repeating calls: answered conversations replay.
  const cache = await openResponseCache(o.llmCache);
  const llm = createLlmClient({
    model: o.model, config, cache: cache.cache,
    limits: { ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), ...(o.rpm !== undefined ? { rpm: o.rpm } : {}) },
  });
  return { extractor: new LlmExtractor(llm), llm, cache };
}

/** Registers `attune extract` and, under the existing `eval` command (register it first), `attune eval extract`. */
export function registerExtract(program: Command): void {
  const evalCmd = group(program, 'eval');
  registerEvalExtract(evalCmd);
  program
    .command('extract')
    .description('stage 1: infer "The user ..." attributes from each user\'s conversations; writes profiles.jsonl')
    .requiredOption('--data <dir>', 'dataset directory (repeat or comma-separate for several)', collect)
    .requiredOption('--out <file>', 'profiles.jsonl to write (one Profile per user, written atomically)')
    .option('--extractor <name>', 'offline | llm', 'offline')
    .option('--format <name>', 'dataset layout, when detection is not wanted')
    .option('--merge', 'merge each user\'s attributes across conversations (average-linkage clustering)')
    .option('--merge-threshold <d>', `cosine-distance threshold for merging (default chosen for the default embedder, USE-lite; the paper's 0.7 over-merges with it)`, (v) => Number(v), DEFAULT_MERGE_THRESHOLD)
    .option('--min-confidence <c>', 'drop attributes below this confidence (after merging)', (v) => Number(v), 0.4)
    .option('--limit <n>', 'only this many users per dataset, drawn with --seed', (v) => Number(v))
    .option('--seed <n>', 'seed for --limit', (v) => Number(v), 42)
    .option('--model <provider/model>', 'the LLM for --extractor llm')
    .option('--llm-config <file>', 'LLM providers, limits and prices (JSON; default: environment and ATTUNE_LLM_CONFIG)')
    .option('--llm-cache <where>', 'LLM response cache: "store" (default: .attune/attune.sqlite or $ATTUNE_STORE), a .jsonl file, a store URL, or "off"; a rerun of an interrupted extraction replays what was answered')
    .option('--concurrency <n>', 'LLM requests at once (default: the provider config, else 4)', (v) => Number(v))
    .option('--rpm <n>', 'LLM requests started per minute (default: the provider config, else no limit)', (v) => Number(v))
    .option('--skip-failed', 'with --extractor llm: a conversation whose call fails for good is recorded in <out>.failed.jsonl and left out, and the run goes on')
    .option('--queue <redis-url>', 'fan the LLM calls out over `attune worker`s on this Redis (one job per conversation); --concurrency: jobs waited on at once (default 256)')
    .option('--queue-name <name>', 'BullMQ queue name the workers use', 'attune')
    .action(async (o: { data: string[]; out: string; extractor: string; format?: string; merge?: boolean; mergeThreshold: number; minConfidence: number; limit?: number; seed: number; skipFailed?: boolean } & LlmOptions) => {
      const { extractor, llm, cache, queue } = await makeExtractor(o.extractor, o);
      const failed: { dataset: string; conversationId: string; userId: string; error: string }[] = [];
      let total = 0;
      try {
        const profiles: Profile[] = [];
        for (const dir of o.data) {
          const ds = load(dir, o.format);
          const convs = sampleConversations(ds, o.limit, o.seed);
          total += convs.length;
          const skip = o.skipFailed ? { onError: 'skip' as const, onFailed: (c: Conversation, e: unknown) => failed.push({ dataset: ds.name, conversationId: c.id, userId: c.userId, error: (e as Error).message }) } : {};
          const raw = queue
            ? await extractProfilesConcurrently(extractor, convs, { concurrency: o.concurrency ?? 256, onProgress: progress(`extract ${ds.name} (queued)`), ...skip })
            : llm
            ? await extractProfilesConcurrently(extractor, convs, { concurrency: o.concurrency ?? 8, onProgress: progress(`extract ${ds.name}`), ...skip })
            : await extractProfiles(extractor, convs, progress(`extract ${ds.name}`));
          if (o.merge) {
            if (process.stderr.isTTY) process.stderr.write(`merging ${raw.size} users (embedding attributes)...\n`);
            profiles.push(...(await mergeProfiles(raw, defaultEmbedder(), { threshold: o.mergeThreshold, minConfidence: o.minConfidence })));
          } else {
            profiles.push(...rawProfiles(raw, o.minConfidence));
          }
        }
        writeFileAtomic(o.out, profiles.map((p) => JSON.stringify(p)).join('\n') + (profiles.length ? '\n' : ''));
        const n = profiles.reduce((s, p) => s + p.attributes.length, 0);
        console.error(`wrote ${profiles.length} profiles, ${n} attributes, to ${o.out}`);
        if (o.skipFailed) {
          const file = `${o.out}.failed.jsonl`;
          writeFileAtomic(file, failed.map((f) => JSON.stringify(f)).join('\n') + (failed.length ? '\n' : ''));
          if (failed.length) console.error(`${failed.length} of ${total} conversations FAILED and were left out (listed in ${file}; a rerun replays what was answered and retries them)`);
          if (total > 0 && failed.length === total) process.exitCode = 1;
        }
        if (llm) {
          const u = llm.usage();
          const c = (extractor as LlmExtractor).check;
          console.error(`${llm.spec}: paid ${u.paid.calls} calls (${u.paid.inputTokens} in + ${u.paid.outputTokens} out tokens, $${u.paid.costUsd.toFixed(4)}), replayed ${u.replayed.calls} from ${cache!.describe}; ${u.retries} retries, ${u.repairs} repairs`);
          console.error(`evidence checks: ${c.invalidIds} invalid turn ids dropped, ${c.repaired} attributes repaired, ${c.droppedNoEvidence} dropped without evidence, ${c.droppedSensitive} sensitive attributes dropped`);
        }
      } finally {
        await cache?.close();
        await queue?.close();
      }
    });
}

export function registerEvalExtract(evalCmd: Command): void {
  evalCmd
    .command('extract')
    .description('score extracted attributes against gold attributes (LAPS, PrefEval, Synthetic-Persona-Chat)')
    .requiredOption('--data <dir>', 'dataset directory with gold attributes (repeat or comma-separate for several)', collect)
    .requiredOption('--predictions <file>', 'profiles.jsonl from attune extract (repeat or comma-separate)', collect)
    .option('--format <name>', 'dataset layout')
    .option('--threshold <cos>', 'fixed matching threshold instead of one chosen on the dev split', (v) => Number(v))
    .option('--seed <n>', 'seed for folds, chance pairing and bootstrap', (v) => Number(v), 42)
    .option('--json', 'print JSON')
    .action(async (o: { data: string[]; predictions: string[]; format?: string; threshold?: number; seed: number; json?: boolean }) => {
      const profiles = o.predictions.flatMap(readProfiles);
      const units: ExtractionUnit[] = [];
      const skipped = { noConversation: 0, noGold: 0, noPrediction: 0 };
      for (const dir of o.data) {
        const ds = load(dir, o.format);
        const r = extractionUnits(ds, profiles, o.seed);
        units.push(...r.units);
        skipped.noConversation += r.skipped.noConversation;
        skipped.noGold += r.skipped.noGold;
        skipped.noPrediction += r.skipped.noPrediction;
      }
      if (!units.length) throw new InvalidArgumentError('--predictions', 'no user has both gold attributes and a profile in the predictions: nothing to score');
      const res = await evaluateExtraction(units, {
        embedder: defaultEmbedder(), seed: o.seed, onProgress: progress('eval extract: embedding'), ...(o.threshold !== undefined ? { threshold: o.threshold } : {}),
      });
      if (o.json) console.log(JSON.stringify({ ...res, skipped }, null, 2));
      else {
        console.log(extractionTable(res));
        console.log(`\nnot scored: ${skipped.noPrediction} users absent from the predictions, ${skipped.noConversation} without conversations, ${skipped.noGold} without gold`);
      }
    });
}
