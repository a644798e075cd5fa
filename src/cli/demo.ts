import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { evaluateSelector } from '../eval/select.js';
import { computeAgreement } from '../eval/agreement.js';
import { makeSelector } from '../eval/selectors.js';
import { renderHtmlReport } from '../report/html.js';
import { agreementTable, selectionTable } from '../report/text.js';
import { load } from './common.js';
import { writeFileAtomic } from '../data/files.js';

export const demoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'demo');

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description("run attune's main job on the embedded illustrative dataset: agreement and stage-2 selectors vs people")
    .option('--data <dir>', 'dataset directory', demoDir)
    .option('--report <file.html>', 'where to write the HTML report', path.join('.attune', 'demo-report.html'))
    .action(async (o: { data: string; report: string }) => {
      const t0 = Date.now();
      const ds = load(o.data);
      if (ds.provenance === 'illustrative') {
        console.log('Illustrative demo data: invented users, annotators and model votes, not human data.\n');
      }
      const agreement = computeAgreement(ds);
      console.log(agreementTable(agreement));
      const systems = [...new Set(ds.predictions.map((p) => p.system))].sort();
      const results = [];
      for (const spec of [...systems, 'bm25', 'embedding', 'mem0']) {
        results.push(await evaluateSelector(ds, await makeSelector(spec, ds), {}));
      }
      console.log(`\n${selectionTable(results)}`);
      writeFileAtomic(
        o.report,
        await renderHtmlReport({
          title: `attune demo: ${ds.name}`,
          dataset: ds.name,
          selection: results,
          agreement,
          ...(ds.provenance === 'illustrative' ? { note: 'Illustrative data: invented users, annotators and model votes. Not human judgments.' } : {}),
        }),
      );
      console.log(`\nreport: ${o.report}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    });
}
