import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { openStore } from '../store/open.js';
import { StudioStore } from '../store/studio.js';
import type { StudyKind } from '../store/studio.js';
import fs from 'node:fs';
import { createStudy, createStudyFromRun, exportStudyWithSummary, startStudioServer, StudySettings, studySettings, TIE_RULES } from '../server/index.js';
import type { StudySettingsInput, TieRule } from '../server/index.js';
import { collect, load } from './common.js';
import { integerFlag } from './flags.js';
import { onSignals } from './signals.js';
import { DataError } from '../data/errors.js';
import { InvalidArgumentError as BadOption } from '../model/errors.js';

const KINDS = ['relevance', 'attribute', 'rating'] as const;
/** Postgres connections of a studio server: 5 (the store's default) held it to about 250 judgments/s at 50 annotators. */
const STUDIO_POOL_SIZE = 16;

function ties(v: string): TieRule {
  if (!(TIE_RULES as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${TIE_RULES.join(', ')}`);
  return v as TieRule;
}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of seconds (0 or more)');
  return n;
}

/** The text of --consent / --instructions: a UTF-8 file, named in the error when it cannot be read or is empty. */
function pageText(flag: string, file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new DataError(file, undefined, undefined, `${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message} (${flag})`);
  }
  if (!text) throw new DataError(file, undefined, undefined, `the file is empty (${flag})`);
  return text;
}

/** Launch settings given on the command line (only those given: a resumed study keeps the rest). */
function launchFlags(o: ServeOptions): StudySettingsInput {
  return {
    ...(o.consent !== undefined ? { consent: pageText('--consent', o.consent) } : {}),
    ...(o.instructions !== undefined ? { instructions: pageText('--instructions', o.instructions) } : {}),
    ...(o.minAnswered !== undefined ? { minAnswered: o.minAnswered } : {}),
    ...(o.blockFailedAttention ? { blockOnFailedAttention: true } : {}),
    ...(o.flagFaster !== undefined ? { fastSeconds: o.flagFaster } : {}),
    ...(o.ties !== undefined ? { ties: o.ties } : {}),
  };
}

function kind(v: string): StudyKind {
  if (!(KINDS as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${KINDS.join(', ')}`);
  return v as StudyKind;
}

interface ServeOptions {
  data?: string; fromRun?: string; kind?: StudyKind; format?: string; store?: string; port: number; host: string; k: number; adminSecret?: string;
  limit?: number; name?: string; perAnnotator?: number; gold?: number; attention?: number; round?: string; completionCode?: string; allowHost?: string[]; durable?: boolean; poolSize: number;
  consent?: string; instructions?: string; minAnswered?: number; blockFailedAttention?: boolean; flagFaster?: number; ties?: TieRule;
}

export function registerStudio(program: Command): void {
  program
    .command('studio')
    .description('serve an annotation study in the browser: stage 1 (attribute), stage 2 (relevance) or stage 3 (rating)')
    .option('--data <dir>', 'dataset directory the items come from')
    .option('--from-run <id>', "relevance study over the pairs a stored stage-2 run said YES to (its dataset must be in the store: attune data import)")
    .option('--kind <kind>', `task: ${KINDS.join(' | ')} (required with --data; --from-run makes relevance studies)`, kind)
    .option('--format <name>', 'dataset layout')
    .option('--store <url>', 'store: SQLite file (default .attune/attune.sqlite) or postgres://...')
    .option('--port <n>', 'port (0: any free port)', integerFlag('--port', 0), 8787)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--k <n>', 'annotators per item', integerFlag('--k', 1), 3)
    .option('--admin-secret <s>', 'admin secret, at least 16 characters (else $ATTUNE_ADMIN_SECRET, else a random one)')
    .option('--allow-host <name>', 'a host name annotators use to reach the studio besides localhost and --host (repeat or comma-separate); other Host headers are refused', collect)
    .option('--limit <n>', 'at most this many items', integerFlag('--limit', 1))
    .option('--name <study>', 'study name (default <dataset>-<kind>, or run-<id>); an existing study of that name is resumed')
    .option('--per-annotator <n>', 'regular items per annotator (default: as many as still need judging)', integerFlag('--per-annotator', 1))
    .option('--gold <n>', 'gold items with known majority answers, shown to everyone (relevance)', integerFlag('--gold', 0))
    .option('--attention <n>', 'attention-check items, shown to everyone', integerFlag('--attention', 0))
    .option('--round <r>', 'relevance: round of labels/votes to take pages from')
    .option('--completion-code <code>', 'completion code shown at the end (default: random)')
    .option('--pool-size <n>', 'Postgres: connections the server holds (each judgment is one short transaction on one of them)', integerFlag('--pool-size', 1), STUDIO_POOL_SIZE)
    .option('--consent <file>', 'text file shown before the first item; annotators must agree to it to begin')
    .option('--instructions <file>', 'text file of instructions shown before the first item')
    .option('--min-answered <n>', 'items an annotator must answer (skips do not count) to get the completion code (default 1)', integerFlag('--min-answered', 0))
    .option('--block-failed-attention', 'end the work of an annotator who fails an attention check, without a completion code')
    .option('--flag-faster <seconds>', 'flag annotators whose median time per item is under this on the admin page (default 1.5)', seconds)
    .option('--ties <rule>', `relevance: a pair with as many YES as NO becomes ${TIE_RULES.join(' | ')} (default no: a tie is NO)`, ties)
    .option('--durable', 'SQLite: fsync every commit (synchronous=FULL), so acknowledged judgments survive a power loss, not only a killed process')
    .action(async (o: ServeOptions) => {
      if ((o.data === undefined) === (o.fromRun === undefined)) throw new BadOption('--data', 'give either --data DIR (with --kind) or --from-run RUN_ID');
      if (o.fromRun !== undefined) {
        if (o.kind !== undefined && o.kind !== 'relevance') throw new BadOption('--kind', `--from-run makes a relevance study (a stage-2 run's YES pairs), not ${o.kind}`);
        if (o.round !== undefined || o.format !== undefined) throw new BadOption('--round', '--round and --format apply to --data studies only');
      } else if (o.kind === undefined) {
        throw new BadOption('--kind', `--data needs --kind (${KINDS.join(' | ')})`);
      }
      const kind: StudyKind = o.kind ?? 'relevance';
      const launch = launchFlags(o); // read the files before opening anything: a typo fails fast
      const store = await openStore(o.store, { poolSize: o.poolSize, ...(o.durable ? { durable: true } : {}) });
      const studio = new StudioStore(store);
      const name = o.name ?? (o.fromRun !== undefined ? `run-${o.fromRun}` : `${path.basename(path.resolve(o.data!))}-${kind}`);
      let study = await studio.getStudy(name);
      if (study && study.kind !== kind) throw new BadOption('--name', `study "${name}" exists with kind ${study.kind}; pass another --name`, name);
      if (study) {
        console.log(`resuming study "${name}" (${study.kind}, k=${study.k})`);
      } else if (o.fromRun !== undefined) {
        study = await createStudyFromRun(store, o.fromRun, {
          name, k: o.k,
          ...(o.limit !== undefined ? { limit: o.limit } : {}),
          ...(o.perAnnotator !== undefined ? { perAnnotator: o.perAnnotator } : {}),
          ...(o.gold ? { goldItems: o.gold } : {}),
          ...(o.attention ? { attentionChecks: o.attention } : {}),
          ...(o.completionCode !== undefined ? { completionCode: o.completionCode } : {}),
        });
        const items = await studio.listItems(study.id);
        const src = study.source as { system?: string; dataset?: string; selected?: number; predictions?: number; missingPrompts?: number };
        console.log(`created study "${name}" (relevance, ${items.length} items, k=${study.k}) from run ${o.fromRun}: ` +
          `the ${src.selected} of ${src.predictions} pairs ${src.system} said YES to, on ${src.dataset}` +
          (src.missingPrompts ? ` (${src.missingPrompts} prompts absent from the dataset were left out)` : ''));
      } else {
        const ds = load(o.data!, o.format);
        study = await createStudy(studio, ds, {
          name, kind, k: o.k,
          ...(o.limit !== undefined ? { limit: o.limit } : {}),
          ...(o.perAnnotator !== undefined ? { perAnnotator: o.perAnnotator } : {}),
          ...(o.gold ? { goldItems: o.gold } : {}),
          ...(o.attention ? { attentionChecks: o.attention } : {}),
          ...(o.round !== undefined ? { round: o.round } : {}),
          ...(o.completionCode !== undefined ? { completionCode: o.completionCode } : {}),
        });
        const items = await studio.listItems(study.id);
        console.log(`created study "${name}" (${study.kind}, ${items.length} items, k=${study.k})`);
      }
      if (Object.keys(launch).length > 0) {
        const settings = StudySettings.parse({ ...studySettings(study), ...launch });
        await studio.setStudySource(study.id, { ...study.source, settings });
        study = { ...study, source: { ...study.source, settings } };
      }
      const s = studySettings(study);
      console.log(`before the first item: ${[s.consent ? 'consent (must agree)' : '', s.instructions ? 'instructions' : ''].filter(Boolean).join(' and ') || 'nothing (no --consent or --instructions)'}; ` +
        `completion code after ${s.minAnswered} answered item${s.minAnswered === 1 ? '' : 's'}${s.blockOnFailedAttention ? ', none after a failed attention check' : ''}; ` +
        `annotators faster than ${s.fastSeconds} s per item are flagged; ties become ${s.ties === 'drop' ? 'no label' : s.ties.toUpperCase()}`);
      const server = await startStudioServer(store, { port: o.port, host: o.host, adminSecret: o.adminSecret || process.env.ATTUNE_ADMIN_SECRET || undefined, ...(o.allowHost ? { allowedHosts: o.allowHost } : {}) });
      onSignals(async () => {
        await server.close();
        await store.close();
      });
      const base = `${server.url}/s/${study.id}`;
      console.log(`annotator URL: ${base}?name=YOUR_NAME`);
      console.log(`Prolific URL:  ${base}?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}`);
      console.log(`admin URL:     ${server.url}/admin?secret=${encodeURIComponent(server.adminSecret)}`);
      console.log(`completion code: ${study.completionCode}`);
      await new Promise<never>(() => {});
    });

  program
    .command('studio-export')
    .description("write a study's judgments as an attune JSONL dataset (for attune eval)")
    .requiredOption('--study <name>', 'study name or id')
    .requiredOption('--out <dir>', 'output directory')
    .option('--store <url>', 'store URL')
    .option('--ties <rule>', `relevance: a pair with as many YES as NO becomes ${TIE_RULES.join(' | ')} (default: the study's rule, else no)`, ties)
    .action(async (o: { study: string; out: string; store?: string; ties?: TieRule }) => {
      const store = await openStore(o.store);
      try {
        const r = await exportStudyWithSummary(store, o.study, o.out, o.ties ? { ties: o.ties } : {});
        console.log(`wrote ${r.files.join(', ')} to ${o.out}`);
        if (r.labels > 0 || r.ties > 0) {
          const broken = r.tieRule === 'drop' ? 'left out (--ties drop)' : `labelled ${r.tieRule.toUpperCase()} (--ties ${r.tieRule})`;
          console.log(`labels: ${r.labels} majority label${r.labels === 1 ? '' : 's'}; ${r.ties} tie${r.ties === 1 ? '' : 's'} (as many YES as NO), ${broken}`);
        }
      } finally {
        await store.close();
      }
    });
}
