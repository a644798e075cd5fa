/** `attune eval memory --scenarios FILE`: scenario users through createAttune's defaults, pass rates per check kind. */
import type { Command } from 'commander';
import { evalMemory, memoryEvalTable } from '../eval/memory.js';
import { readScenarios } from '../eval/memory-scenarios.js';
import { group } from './commands.js';
import { EMBEDDER_GRAMMAR } from '../embed/resolve.js';
import { progress } from './common.js';

export function registerEvalMemory(program: Command): void {
  group(program, 'eval')
    .command('memory')
    .description("run scenario users through createAttune (conversations in order, then checks on what it remembered and what select chooses); pass rates per check kind and the failures")
    .requiredOption('--scenarios <file.jsonl>', 'scenario file (JSONL), e.g. examples/scenarios/memory.jsonl')
    .option('--selector <spec>', "createAttune's selector (default: its default)")
    .option('--store <url>', 'store to run in (default: a temporary SQLite file); each scenario user is forgotten before and after')
    .option('--embedder <name>', `createAttune's embedder: ${EMBEDDER_GRAMMAR.join(' | ')} (default use-lite)`)
    .option('--json', 'print JSON')
    .action(async (o: { scenarios: string; selector?: string; store?: string; embedder?: string; json?: boolean }) => {
      const scenarios = readScenarios(o.scenarios);
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
