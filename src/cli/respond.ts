import { InvalidArgumentError } from '../model/errors.js';
import type { Command } from 'commander';
import { Rating } from '../model/index.js';
import { readJsonl } from '../data/read.js';
import { runRespondEval } from '../eval/respond.js';
import { auditTables, mentionTable, renderRespondReport } from '../report/respond.js';
import { load, stagedProgress } from './common.js';
import { writeFileAtomic } from '../data/files.js';
import { group } from './commands.js';

/** Adds `eval respond` under the program's `eval` command (registered by eval.ts; created if absent). */
export function registerRespondEval(program: Command): void {
  const evalCmd = group(program, 'eval');
  evalCmd
    .command('respond')
    .description('stage 3: explicit-mention rates of recorded responses; with ratings, the audit of LLM judges against people')
    .requiredOption('--data <dir>', 'dataset directory with responses and/or response pairs')
    .option('--ratings <file>', 'attune JSONL ratings file (human and judge ratings of the dataset\'s pairs); default: the dataset\'s own ratings')
    .option('--format <name>', 'dataset layout, when detection is not wanted')
    .option('--no-embedding', 'lexical mention signal only (no sentence embeddings)')
    .option('--seed <n>', 'bootstrap seed', (v) => Number(v), 42)
    .option('--json', 'print JSON')
    .option('--report <file.html>', 'also write a self-contained HTML report')
    .action(async (o: { data: string; ratings?: string; format?: string; embedding: boolean; seed: number; json?: boolean; report?: string }) => {
      const ds = load(o.data, o.format);
      const ratings = o.ratings ? readJsonl(o.ratings, Rating, o.ratings).map((l) => l.value) : undefined;
      const r = await runRespondEval(ds, { ...(ratings ? { ratings, ratingsFile: o.ratings } : {}), embedding: o.embedding, seed: o.seed, onProgress: stagedProgress('eval respond') });
      if (!r.mention && !r.audit) throw new InvalidArgumentError('--data', `dataset "${ds.name}" has neither responses nor ratings`);
      if (o.json) console.log(JSON.stringify(r, null, 2));
      else {
        if (r.mention) console.log(`Explicit mention (${r.mention.protocol})\n\n${mentionTable(r.mention)}`);
        if (r.audit) console.log(`${r.mention ? '\n' : ''}Judge audit (${r.audit.protocol})\n\n${auditTables(r.audit)}`);
      }
      if (o.report) {
        writeFileAtomic(o.report, await renderRespondReport(r));
        if (!o.json) console.log(`\nreport: ${o.report}`);
      }
    });
}
