/**
 * Stage-3 commands that call LLMs or train on ratings:
 *   attune respond       generic or personalized responses to a dataset's (user, prompt) units -> responses.jsonl
 *   attune judge         the per-attribute 1-5 comparison judge (seeded order, optionally both orders) -> ratings.jsonl
 *   attune train reward  a reward model on human ratings, scored by CV grouped by prompt -> model.json
 * LLM commands take --llm-config, --llm-cache, --concurrency and --rpm like `attune eval select`, and print
 * progress and LLM usage on stderr.
 */
import { InvalidArgumentError } from '../model/errors.js';
import type { Command } from 'commander';
import { readJsonl } from '../data/read.js';
import { defaultEmbedder } from '../embed/default.js';
import type { SelectorContext } from '../eval/selectors.js';
import type { LlmClient } from '../llm/client.js';
import { llmFanOut, NO_WORKER_HINT, type LlmFanOut } from '../queue/llm.js';
import { loadLlmConfig } from '../llm/config.js';
import { openResponseCache } from '../store/llm-cache.js';
import type { UsageSummary } from '../llm/usage.js';
import { Rating } from '../model/index.js';
import { fmt, fmtCi } from '../report/table.js';
import { generateMany, LlmGenerator } from '../stages/respond/generator.js';
import { runComparisonJudge, runPreferenceJudge, type PreferenceSummary } from '../stages/respond/judge.js';
import { trainRewardModel, writeRewardModel, type RewardCvReport } from '../stages/respond/reward/index.js';
import { load, progress, stagedProgress } from './common.js';
import { writeFileAtomic } from '../data/files.js';
import { group } from './commands.js';
import { buildTasks, parseAttributeSource, readResponsePairs } from '../eval/generation.js';

// ---------------------------------------------------------------------------------------------------
// Shared LLM options

interface LlmFlags {
  model: string;
  llmConfig?: string;
  llmCache?: string;
  concurrency?: number;
  rpm?: number;
  queue?: string;
  queueName: string;
}

function addLlmOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--model <provider/model>', 'the LLM, e.g. local/qwen3 or anthropic/claude-sonnet-4-6')
    .option('--llm-config <file>', 'LLM providers, limits and prices (JSON; default: environment and ATTUNE_LLM_CONFIG)')
    .option('--llm-cache <where>', 'LLM response cache: "store" (default: .attune/attune.sqlite or $ATTUNE_STORE), a .jsonl file, a store URL, or "off"')
    .option('--concurrency <n>', 'LLM requests at once (default: the provider config, else 4)', (v) => Number(v))
    .option('--rpm <n>', 'LLM requests started per minute (default: the provider config, else no limit)', (v) => Number(v))
    .option('--queue <redis-url>', 'fan the LLM calls out over `attune worker`s on this Redis (one job per call; they cache in their store); --concurrency: calls waited on at once (default 256)')
    .option('--queue-name <name>', 'BullMQ queue name the workers use', 'attune');
}

/**
 * The command's LLM: its calls run as jobs, on `attune worker`s with --queue, else on the inline queue in this
 * process (the same code path). `selector` builds the client of an LLM selector the command uses.
 */
async function withClient<T>(o: LlmFlags, run: (llm: LlmClient, selector: SelectorContext['llm'] & object) => Promise<T>): Promise<T> {
  const config = loadLlmConfig(o.llmConfig ? { file: o.llmConfig } : {});
  // With --queue the workers cache in their store; this process opens none.
  const cache = o.queue ? undefined : await openResponseCache(o.llmCache);
  let fan: LlmFanOut | undefined;
  try {
    fan = llmFanOut({
      config, ...(cache ? { cache: cache.cache } : {}),
      ...(o.queue ? { queue: o.queue, queueName: o.queueName, onStall: () => console.error(NO_WORKER_HINT(o.queueName)) } : {}),
      ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), ...(o.rpm !== undefined ? { rpm: o.rpm } : {}),
    });
    const llm = fan.llmFor(o.model);
    const out = await run(llm, { client: fan.llmFor, onProgress: progress('attribute selection') });
    console.error(formatUsage(llm.spec, llm.usage(), cache?.describe ?? `of the workers on ${redacted(o.queue!)}`));
    return out;
  } finally {
    await fan?.close();
    await cache?.close();
  }
}

const redacted = (url: string) => url.replace(/\/\/[^/@]*@/, '//***@');

export function formatUsage(spec: string, u: UsageSummary, cache: string): string {
  const t = (x: UsageSummary['paid']) => `${x.calls} calls, ${x.inputTokens} in + ${x.outputTokens} out tokens, $${x.costUsd.toFixed(4)}`;
  return `${spec}: paid ${t(u.paid)}; replayed ${t(u.replayed)} (cache ${cache})` + (u.retries ? `; ${u.retries} retries` : '') + (u.repairs ? `; ${u.repairs} repairs` : '');
}

const jsonl = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');

// ---------------------------------------------------------------------------------------------------
// attune respond

// ---------------------------------------------------------------------------------------------------
// attune judge

function preferenceLine(s: PreferenceSummary): string {
  return (
    `${s.judge} preference: ${s.n} verdicts; personalized ${fmt(s.personalized)}, generic ${fmt(s.generic)}, tie ${fmt(s.tie)}` +
    (s.bothOrders ? `; same verdict in both orders ${fmt(s.consistent)} of ${s.bothOrders} pairs; chose the first shown ${fmt(s.firstShown)}` : '')
  );
}

// ---------------------------------------------------------------------------------------------------
// attune train reward

export function rewardReportText(r: RewardCvReport, provenance: string): string {
  const lines = [
    `Reward model, ordinal (Frank & Hall) over embeddings, mention, length and structure features; ${r.folds}-fold CV grouped by prompt`,
    `${r.items} items (pair x attribute), ${r.ratings} human ratings, ${r.prompts} prompts; prompts on both sides of a fold: ${r.leakedPrompts}`,
    `Spearman vs held-out human mean rating: ${fmt(r.spearman.estimate ?? Number.NaN)} (95% CI ${fmtCi({ low: r.spearman.low ?? Number.NaN, high: r.spearman.high ?? Number.NaN })}, bootstrap over prompts)`,
    `per fold: ${r.foldSpearman.map((x) => (x === null ? '-' : fmt(x))).join(', ')}; L2 chosen per fold: ${r.chosenL2.join(', ')}`,
  ];
  if (r.shuffledSpearman !== undefined) lines.push(`shuffled-label baseline (same CV, human ratings permuted across items): ${r.shuffledSpearman === null ? '-' : fmt(r.shuffledSpearman)}`);
  for (const j of r.judges) {
    lines.push(`LLM judge ${j.judge} on its ${j.items} items: Spearman ${fmt(j.spearman.estimate ?? Number.NaN)} (${fmtCi({ low: j.spearman.low ?? Number.NaN, high: j.spearman.high ?? Number.NaN })}); reward model on the same items ${fmt(j.rewardOnSameItems.estimate ?? Number.NaN)}`);
  }
  if (provenance !== 'human') lines.push(`Note: dataset provenance "${provenance}": these figures say nothing about real people.`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Registration

export function registerGenerate(program: Command): void {
  addLlmOptions(
    program
      .command('respond')
      .description('stage 3: generate generic or personalized responses to a dataset\'s (user, prompt) units (writes Response records, JSONL)')
      .requiredOption('--data <dir>', 'dataset with prompts and relevance labels (or recorded selections / profiles)')
      .requiredOption('--mode <mode>', 'generic | personalized')
      .option('--attributes <source>', 'which attributes: human (human-majority relevant) | llm[:<recorded system>] (default system: checklist) | selector:<spec> (e.g. selector:embedding, selector:llm:local/qwen3)', 'human')
      .requiredOption('--out <file>', 'responses JSONL to write')
      .option('--round <name>', 'round of labels / predictions to take the units from')
      .option('--limit <n>', 'only the first n units', (v) => Number(v))
      .option('--name <generator>', 'generator name recorded in the responses (default: the model spec)')
      .option('--max-tokens <n>', 'response length cap', (v) => Number(v))
      .option('--format <name>', 'dataset layout, when detection is not wanted'),
  ).action(async (o: LlmFlags & { data: string; mode: string; attributes: string; out: string; round?: string; limit?: number; name?: string; maxTokens?: number; format?: string }) => {
    if (o.mode !== 'generic' && o.mode !== 'personalized') throw new InvalidArgumentError('--mode', `must be generic or personalized, got "${o.mode}"`, o.mode);
    const source = parseAttributeSource(o.attributes);
    const ds = load(o.data, o.format);
    const mode = o.mode;
    const { responses, failed } = await withClient(o, async (llm, selectorLlm) => {
      // A selector that is itself an LLM judge runs its calls the same way (queued or inline, same cache).
      const selector: SelectorContext = { llm: selectorLlm };
      const tasks = await buildTasks(ds, mode, source, { selector, ...(o.round !== undefined ? { round: o.round } : {}), ...(o.limit !== undefined ? { limit: o.limit } : {}) });
      if (tasks.length === 0) throw new InvalidArgumentError('--data', `no (user, prompt) units with selected attributes in "${ds.name}"`);
      const gen = new LlmGenerator(llm, { ...(o.name ? { name: o.name } : {}), ...(o.maxTokens ? { maxTokens: o.maxTokens } : {}) });
      return generateMany(gen, tasks, { onProgress: progress(`${o.mode} responses`), onError: 'skip' });
    });
    writeFileAtomic(o.out, jsonl(responses));
    console.log(`${responses.length} ${o.mode} responses (${o.attributes} attributes) -> ${o.out}` + (failed.length ? `; ${failed.length} FAILED (rerun to retry them; answered calls replay from the cache)` : ''));
    for (const f of failed.slice(0, 5)) console.error(`failed: user ${f.task.userId}, prompt ${f.task.promptId}: ${f.error}`);
    if (failed.length) process.exitCode = 1;
  });

  addLlmOptions(
    program
      .command('judge')
      .description('stage 3: the per-attribute 1-5 comparison judge on generic/personalized pairs, in a seeded random order (recorded); Rating records for `attune eval respond --ratings`')
      .requiredOption('--data <dir>', 'dataset with the prompts (and labels: attributes people called irrelevant are not judged)')
      .requiredOption('--responses <files>', 'responses JSONL from `attune respond` (generic and personalized; comma-separate several) or response_pairs.jsonl')
      .requiredOption('--out <file>', 'ratings JSONL to write')
      .option('--both-orders', 'judge every pair in both orders (position bias)')
      .option('--seed <n>', 'order seed', (v) => Number(v), 42)
      .option('--preference <file>', 'also run the pairwise preference judge and write its verdicts (JSONL) here')
      .option('--pairs-out <file>', 'write the joined response pairs (response_pairs.jsonl, for `attune eval respond`)')
      .option('--max-tokens <n>', 'judge output cap', (v) => Number(v))
      .option('--format <name>', 'dataset layout, when detection is not wanted'),
  ).action(async (o: LlmFlags & { data: string; responses: string; out: string; bothOrders?: boolean; seed: number; preference?: string; pairsOut?: string; maxTokens?: number; format?: string }) => {
    const ds = load(o.data, o.format);
    const files = o.responses.split(',').map((s) => s.trim()).filter(Boolean);
    const { pairs, unpaired, fromResponses } = readResponsePairs(files, ds);
    if (pairs.length === 0) throw new InvalidArgumentError('--responses', `no generic/personalized pairs in ${files.join(', ')}` + (unpaired ? ` (${unpaired} personalized responses have no generic response of the same generator, user and prompt)` : ''));
    if (unpaired) console.error(`${unpaired} personalized responses have no generic response of the same generator, user and prompt (left out)`);
    const prompts = new Map(ds.prompts.map((p) => [p.id, p.text]));
    const base = { seed: o.seed, bothOrders: o.bothOrders ?? false, onError: 'skip' as const, ...(o.maxTokens ? { maxTokens: o.maxTokens } : {}) };
    const { run, pref } = await withClient(o, async (llm) => {
      const run = await runComparisonJudge(llm, pairs, prompts, { ...base, onProgress: progress('comparison calls') });
      const pref = o.preference ? await runPreferenceJudge(llm, pairs, prompts, { ...base, onProgress: progress('preference calls') }) : undefined;
      return { run, pref };
    });
    if (run.ratings.length === 0) {
      // Nothing parsed is a failed run, not an empty result: write nothing and say so.
      throw new Error(`${run.judge}: no judge output gave a score (${run.calls.length} calls, ${run.unparsed} unparsed, ${run.failed.length} failed); nothing written to ${o.out}`);
    }
    writeFileAtomic(o.out, jsonl(run.ratings));
    if (o.pairsOut) writeFileAtomic(o.pairsOut, jsonl(pairs));
    if (pref && o.preference) writeFileAtomic(o.preference, jsonl(pref.judgments.map(({ output: _o, ...rest }) => rest)));
    console.log(`${run.judge}: ${run.ratings.length} ratings of ${pairs.length} pairs (${run.calls.length} calls${o.bothOrders ? ', both orders' : ''}) -> ${o.out}` + (run.unparsed ? `; ${run.unparsed} outputs gave no score` : '') + (run.failed.length ? `; ${run.failed.length} calls FAILED` : ''));
    if (pref) console.log(preferenceLine(pref.summary));
    if (fromResponses && !o.pairsOut) console.error('note: the ratings name pairs joined from responses; pass --pairs-out FILE to write them for `attune eval respond`');
    if (run.failed.length || pref?.failed.length) process.exitCode = 1;
  });

  const train = group(program, 'train');
  train
    .command('reward')
    .description('train a stage-3 reward model on human ratings; prints its Spearman under CV grouped by prompt (beside the LLM judges in the ratings) and writes the model fitted on all items')
    .requiredOption('--data <dir>', 'dataset with response pairs and prompts')
    .option('--ratings <files>', 'ratings JSONL (human; judges\' ratings are shown beside); comma-separate several; default: the dataset\'s')
    .requiredOption('--out <file>', 'model file to write (JSON)')
    .option('--folds <k>', 'outer folds (grouped by prompt)', (v) => Number(v), 5)
    .option('--seed <n>', 'seed for folds, PCA and bootstrap', (v) => Number(v), 42)
    .option('--pca-dims <n>', 'principal components of the response-difference embedding', (v) => Number(v), 8)
    .option('--mention <signal>', 'mention feature: lexical | lexical+embedding', 'lexical+embedding')
    .option('--format <name>', 'dataset layout, when detection is not wanted')
    .option('--json', 'print JSON')
    .action(async (o: { data: string; ratings?: string; out: string; folds: number; seed: number; pcaDims: number; mention: string; format?: string; json?: boolean }) => {
      if (o.mention !== 'lexical' && o.mention !== 'lexical+embedding') throw new InvalidArgumentError('--mention', `must be lexical or lexical+embedding, got "${o.mention}"`, o.mention);
      if (!(Number.isInteger(o.folds) && o.folds >= 2)) throw new InvalidArgumentError('--folds', `must be an integer >= 2, got ${o.folds}`, o.folds);
      const ds = load(o.data, o.format);
      const ratings = o.ratings
        ? o.ratings.split(',').map((s) => s.trim()).filter(Boolean).flatMap((f) => readJsonl(f, Rating, f).map((l) => l.value))
        : ds.ratings;
      if (!ratings.some((r) => r.raterKind === 'human')) throw new InvalidArgumentError('--ratings', 'no human ratings: a reward model is trained on people\'s ratings');
      if (ds.responsePairs.length === 0) throw new InvalidArgumentError('--data', `dataset "${ds.name}" has no response pairs (response_pairs.jsonl)`);
      const prompts = new Map(ds.prompts.map((p) => [p.id, p.text]));
      const r = await trainRewardModel(ds.responsePairs, ratings, prompts, {
        embedder: defaultEmbedder(), mention: o.mention, folds: o.folds, seed: o.seed, pcaDims: o.pcaDims, dataset: ds.name, provenance: ds.provenance,
        onProgress: stagedProgress('train reward'),
      });
      writeRewardModel(o.out, r.model);
      if (o.json) console.log(JSON.stringify({ dataset: ds.name, provenance: ds.provenance, cv: r.model.cv, l2: r.model.l2, out: o.out }, null, 2));
      else console.log(`${rewardReportText(r.model.cv!, ds.provenance)}\nmodel: ${o.out}`);
    });
}
