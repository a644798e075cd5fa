/**
 * `attune eval memory --scenarios FILE`: scenario users through createAttune's defaults, pass rates per check kind.
 * `attune eval memory --data DIR`: LoCoMo evidence recall (src/eval/locomo.ts), attune beside mem0-style scoring and BM25.
 */
import type { Command } from 'commander';
import { evalLocomo, locomoTable } from '../eval/locomo.js';
import { evalMemory, memoryEvalTable } from '../eval/memory.js';
import { readScenarios } from '../eval/memory-scenarios.js';
import { InvalidArgumentError } from '../memory/errors.js';
import { group } from './commands.js';
import { EMBEDDER_GRAMMAR, resolveEmbedder } from '../embed/resolve.js';
import { progress, stagedProgress } from './common.js';
import { integerFlag } from './flags.js';

export function registerEvalMemory(program: Command): void {
  group(program, 'eval')
    .command('memory')
    .description("run scenario users through createAttune (conversations in order, then checks on what it remembered and what select chooses); pass rates per check kind and the failures. With --data: LoCoMo's conversations, and how much of each question's evidence what select and search return covers, beside mem0-style scoring and BM25 over the raw turns")
    .option('--scenarios <file.jsonl>', 'scenario file (JSONL), e.g. examples/scenarios/memory.jsonl')
    .option('--data <dir>', "a LoCoMo folder (locomo10.json), e.g. ../shared/data/locomo: evidence recall instead of scenarios")
    .option('--limit <n>', 'with --data: the first N conversations only (a quick run)', integerFlag('--limit', 1))
    .option('--allow-sensitive', 'with --data: let select and search use sensitive attributes (withheld by default)')
    .option('--selector <spec>', "createAttune's selector (default: its default); scenarios only")
    .option('--store <url>', 'store to run in (default: a temporary SQLite file); each scenario user is forgotten before and after; scenarios only')
    .option('--embedder <name>', `createAttune's embedder: ${EMBEDDER_GRAMMAR.join(' | ')} (default use-lite)`)
    .option('--json', 'print JSON')
    .action(async (o: { scenarios?: string; data?: string; limit?: number; allowSensitive?: boolean; selector?: string; store?: string; embedder?: string; json?: boolean }) => {
      if ((o.scenarios === undefined) === (o.data === undefined)) throw new InvalidArgumentError('scenarios', 'give --scenarios FILE or --data DIR (one of them)');
      if (o.data !== undefined) {
        if (o.selector !== undefined || o.store !== undefined) throw new InvalidArgumentError('data', '--selector and --store are for --scenarios; --data runs its own selectors on a temporary store');
        const r = await evalLocomo({ data: o.data, ...(o.limit !== undefined ? { limit: o.limit } : {}), ...(o.allowSensitive ? { allowSensitive: true } : {}), ...(o.embedder !== undefined ? { embedder: resolveEmbedder(o.embedder) } : {}), onProgress: stagedProgress('locomo') });
        console.log(o.json ? JSON.stringify(r, null, 2) : locomoTable(r));
        return;
      }
      if (o.limit !== undefined || o.allowSensitive) throw new InvalidArgumentError('data', '--limit and --allow-sensitive are for --data');
      const scenarios = readScenarios(o.scenarios!);
      const r = await evalMemory({
        scenarios,
        attune: {
          ...(o.selector !== undefined ? { selector: o.selector } : {}), ...(o.store !== undefined ? { store: o.store } : {}), ...(o.embedder !== undefined ? { embedder: o.embedder } : {}),
        },
        ...(o.json ? {} : { onProgress: progress('scenarios') }),
      });
      console.log(o.json ? JSON.stringify(r, null, 2) : memoryEvalTable(r));
    });
}
