import type { Command } from 'commander';
import { writeAttuneJsonl } from '../data/index.js';
import { renderTable } from '../report/table.js';
import { labelRounds } from '../stages/select/pairs.js';
import { load } from './common.js';
import { openStore } from '../store/open.js';
import { group } from './commands.js';

export function registerData(program: Command): void {
  const data = group(program, 'data');

  data
    .command('inspect')
    .description('what a dataset directory holds, as attune reads it')
    .requiredOption('--data <dir>', 'dataset directory')
    .option('--format <name>', 'dataset layout')
    .option('--json', 'print JSON')
    .action((o: { data: string; format?: string; json?: boolean }) => {
      const ds = load(o.data, o.format);
      const counts = {
        conversations: ds.conversations.length,
        turns: ds.conversations.reduce((s, c) => s + c.turns.length, 0),
        profiles: ds.profiles.length,
        attributes: ds.profiles.reduce((s, p) => s + p.attributes.length, 0),
        prompts: ds.prompts.length,
        goldAttributes: ds.goldAttributes.length,
        labels: ds.labels.length,
        annotations: ds.annotations.length,
        predictions: ds.predictions.length,
        responses: ds.responses.length,
        responsePairs: ds.responsePairs.length,
        ratings: ds.ratings.length,
        attributeJudgments: ds.attributeJudgments.length,
      };
      const systems = [...new Set(ds.predictions.map((p) => p.system))].sort();
      if (o.json) {
        console.log(JSON.stringify({ name: ds.name, format: ds.format, provenance: ds.provenance, files: ds.files, counts, systems, labelRounds: labelRounds(ds) }, null, 2));
        return;
      }
      console.log(`${ds.name}: format ${ds.format}, provenance ${ds.provenance}, ${ds.files.length} files read\n`);
      console.log(renderTable(['part', 'count'], Object.entries(counts).filter(([, n]) => n > 0)));
      if (systems.length) console.log(`\nrecorded systems: ${systems.join(', ')}`);
      const rounds = labelRounds(ds);
      if (rounds.length) console.log(`label rounds: ${rounds.map((r) => `${r.round ?? '(none)'} (${r.n})`).join(', ')}`);
    });

  data
    .command('export')
    .description("convert a dataset to attune's JSONL format (docs/FORMAT.md)")
    .requiredOption('--data <dir>', 'dataset directory')
    .requiredOption('--out <dir>', 'output directory (written atomically)')
    .option('--format <name>', 'dataset layout')
    .action((o: { data: string; out: string; format?: string }) => {
      const ds = load(o.data, o.format);
      writeAttuneJsonl(ds, o.out);
      console.log(`wrote ${o.out}`);
    });

  data
    .command('import')
    .description('save a dataset into a store')
    .requiredOption('--data <dir>', 'dataset directory')
    .option('--store <url>', 'SQLite path or postgres:// URL (default .attune/attune.sqlite)')
    .option('--format <name>', 'dataset layout')
    .action(async (o: { data: string; store?: string; format?: string }) => {
      const ds = load(o.data, o.format);
      const store = await openStore(o.store);
      try {
        const id = await store.saveDataset(ds);
        console.log(`saved ${ds.name} as ${id}`);
      } finally {
        await store.close();
      }
    });
}
