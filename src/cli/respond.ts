import { InvalidArgumentError } from '../model/errors.js';
import type { Command } from 'commander';
import type { TopLevelSpec } from 'vega-lite';
import { Rating, type Dataset } from '../model/index.js';
import { readJsonl } from '../data/read.js';
import { defaultEmbedder } from '../embed/default.js';
import { evaluateMentions, pairMentions, type MentionEvalResult } from '../eval/mention.js';
import { auditJudges, type JudgeAudit } from '../eval/judge-audit.js';
import { MentionDetector } from '../stages/respond/mention.js';
import { FULL_LABELS, renderSvg } from '../report/charts.js';
import { esc, htmlTable, REPORT_STYLE } from '../report/html.js';
import { fmt, fmtCi, renderTable } from '../report/table.js';
import { load, stagedProgress } from './common.js';
import { writeFileAtomic } from '../data/files.js';
import { group } from './commands.js';

export interface RespondEvalResult {
  dataset: string;
  provenance: string;
  mention?: Omit<MentionEvalResult, 'checks'>;
  audit?: JudgeAudit;
  ratingsFile?: string;
}

/** Mention rates of the dataset's responses and, when there are ratings, the judge audit. */
export async function runRespondEval(
  ds: Dataset,
  opts: { ratings?: Rating[]; ratingsFile?: string; embedding?: boolean; seed?: number; onProgress?: (stage: string, done: number, total: number) => void } = {},
): Promise<RespondEvalResult> {
  const report = (stage: string) => (opts.onProgress ? { onProgress: (d: number, t: number) => opts.onProgress!(stage, d, t) } : {});
  const detector = new MentionDetector(opts.embedding === false ? undefined : defaultEmbedder());
  const out: RespondEvalResult = { dataset: ds.name, provenance: ds.provenance };
  if (ds.responses.length) {
    const { checks: _c, ...mention } = await evaluateMentions(ds.responses, detector, { seed: opts.seed ?? 42, ...report('embedding response sentences') });
    out.mention = mention;
  }
  const ratings = opts.ratings ?? ds.ratings;
  if (ratings.length) {
    if (ds.responsePairs.length === 0) throw new InvalidArgumentError('--data', `dataset "${ds.name}" has no response pairs to join the ratings to`);
    const mentions = await pairMentions(ds.responsePairs, ratings, detector, report('embedding rated pairs').onProgress);
    const audit = auditJudges(ratings, ds.responsePairs, { mentions, seed: opts.seed ?? 42 });
    if (audit.unmatched === ratings.length) throw new InvalidArgumentError('--ratings', `none of the ${ratings.length} ratings names a response pair of "${ds.name}" (pairId must be a pair id, e.g. ${ds.responsePairs[0]!.id})`);
    out.audit = audit;
    if (opts.ratingsFile) out.ratingsFile = opts.ratingsFile;
  }
  return out;
}

const MODE_LABEL: Record<string, string> = { generic: 'generic', personalized_human: 'personalized (human attrs)', personalized_llm: 'personalized (LLM attrs)' };

/** A table as headers and formatted rows, rendered as text in the terminal and as an HTML table in the report. */
interface TableData {
  title?: string;
  headers: string[];
  rows: (string | number)[][];
}

function mentionData(m: Omit<MentionEvalResult, 'checks'>): TableData {
  return {
    headers: ['generator', 'mode', 'attributes checked', 'responses', 'checks', 'mention rate', '95% CI', 'responses with a mention', 'by lexical', 'by embedding'],
    rows: m.rows.map((r) => [r.generator, MODE_LABEL[r.mode] ?? r.mode, r.attributeSet === 'human' ? 'human-relevant' : 'LLM checklist', r.responses, r.attributes, fmt(r.rate.estimate), fmtCi(r.rate), fmt(r.responseRate), fmt(r.lexicalRate), fmt(r.embeddingRate)]),
  };
}

export function mentionTable(m: Omit<MentionEvalResult, 'checks'>): string {
  const t = mentionData(m);
  return renderTable(t.headers, t.rows);
}

function auditData(a: JudgeAudit): { tables: TableData[]; notes: string[] } {
  const tables: TableData[] = [{
    title: 'People',
    headers: ['generator', 'items', 'pairs', 'raters', 'mean', '95% CI', 'no better (items)', 'no better (pairs)', 'mention delta', 'mentioned/flagged'],
    rows: a.humans.map((h) => [h.generator, h.items, h.pairs, h.raters, fmt(h.mean.estimate), fmtCi(h.mean), fmt(h.noBetter.estimate), fmt(h.noBetterPairs.estimate), fmt(h.mentionDelta.estimate), `${h.mentioned}/${h.mentionItems}`]),
  }];
  if (a.judges.length) {
    tables.push({
      title: 'Judges vs people (same items)',
      headers: ['judge', 'generator', 'items', 'judge mean', 'human mean', 'Spearman', '95% CI', 'w. kappa', 'judge delta', 'human delta', 'judge no better', 'human no better'],
      rows: a.judges.map((c) => [c.judge, c.generator, c.items, fmt(c.judgeMean.estimate), fmt(c.humanMean.estimate), fmt(c.spearman.estimate), fmtCi(c.spearman), fmt(c.kappa.estimate), fmt(c.judgeMentionDelta.estimate), fmt(c.humanMentionDelta.estimate), fmt(c.judgeNoBetter.estimate), fmt(c.humanNoBetter.estimate)]),
    });
  }
  if (a.position.length) {
    tables.push({
      title: 'Position bias (judges run in both orders)',
      headers: ['judge', 'generator', 'items', 'mean, generic first', 'mean, personalized first', 'difference', '95% CI', 'verdict flips'],
      rows: a.position.map((p) => [p.judge, p.generator, p.items, fmt(p.meanGenericFirst), fmt(p.meanPersonalizedFirst), fmt(p.meanDiff.estimate), fmtCi(p.meanDiff), fmt(p.flipShare.estimate)]),
    });
  }
  const notes = [a.unmatched ? `${a.unmatched} ratings name no known pair (left out)` : '', a.unordered ? `${a.unordered} judge ratings have no order (left out of position bias)` : ''].filter(Boolean);
  return { tables, notes };
}

export function auditTables(a: JudgeAudit): string {
  const { tables, notes } = auditData(a);
  const parts = tables.flatMap((t, i) => [...(i ? [''] : []), t.title!, renderTable(t.headers, t.rows)]);
  if (notes.length) parts.push('', ...notes);
  return parts.join('\n');
}

function mentionChart(m: Omit<MentionEvalResult, 'checks'>): TopLevelSpec {
  const values = m.rows.map((r) => ({ row: `${r.generator} · ${r.attributeSet === 'human' ? 'human attrs' : 'LLM attrs'}`, mode: r.mode === 'generic' ? 'generic' : 'personalized', rate: r.rate.estimate, low: r.rate.low, high: r.rate.high }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    width: 520,
    height: { step: 30 },
    encoding: { y: { field: 'row', type: 'nominal', title: null, sort: null, axis: FULL_LABELS }, yOffset: { field: 'mode', type: 'nominal', sort: null } },
    layer: [
      { mark: 'bar', encoding: { x: { field: 'rate', type: 'quantitative', title: 'explicit-mention rate (per response x attribute)', scale: { domain: [0, 1] } }, color: { field: 'mode', type: 'nominal', title: null, scale: { range: ['#b9b9b9', '#d98c5f'] } } } },
      { mark: { type: 'rule', color: '#333' }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
    ],
  } as TopLevelSpec;
}

function meansChart(a: JudgeAudit): TopLevelSpec {
  const values = [
    ...a.humans.map((h) => ({ row: `people / ${h.generator}`, who: 'people', value: h.mean.estimate, low: h.mean.low, high: h.mean.high })),
    ...a.judges.map((c) => ({ row: `${c.judge} / ${c.generator}`, who: 'judge', value: c.judgeMean.estimate, low: c.judgeMean.low, high: c.judgeMean.high })),
    ...a.judges.map((c) => ({ row: `${c.judge} / ${c.generator}`, who: 'people, same items', value: c.humanMean.estimate, low: c.humanMean.low, high: c.humanMean.high })),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 520,
    height: { step: 30 },
    layer: [
      {
        data: { values },
        encoding: { y: { field: 'row', type: 'nominal', title: null, sort: null, axis: FULL_LABELS }, yOffset: { field: 'who', type: 'nominal', sort: null } },
        layer: [
          { mark: 'bar', encoding: { x: { field: 'value', type: 'quantitative', title: 'mean rating (1 much worse, 3 no difference, 5 much better)', scale: { domain: [1, 5] } }, color: { field: 'who', type: 'nominal', title: null, scale: { range: ['#7aa6c2', '#2a7', '#8fd19e'] } } } },
          { mark: { type: 'rule', color: '#333' }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
        ],
      },
      { data: { values: [{ x: 3 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

const htmlTables = (tables: readonly TableData[]): string => tables.map((t) => htmlTable(t.headers, t.rows, t.title)).join('\n');

/** A self-contained HTML report: results as HTML tables, charts as inline SVG in the tables' order. */
export async function renderRespondReport(r: RespondEvalResult): Promise<string> {
  const sections: string[] = [];
  if (r.mention) {
    sections.push(`<h2>Explicit mention of attributes</h2><p>${esc(r.mention.protocol)}</p>${htmlTables([mentionData(r.mention)])}`);
    sections.push(`<figure>${await renderSvg(mentionChart(r.mention))}<figcaption>Share of (response, attribute) checks where the response names the attribute; generic responses never saw the attributes, so their bar is the detector's false-mention baseline. Lines: 95% intervals over prompts.</figcaption></figure>`);
  }
  if (r.audit) {
    sections.push(`<h2>Judges against people${r.ratingsFile ? ` (${esc(r.ratingsFile)})` : ''}</h2><p>${esc(r.audit.protocol)}</p>${htmlTables(auditData(r.audit).tables)}${auditData(r.audit).notes.map((n) => `<p>${esc(n)}</p>`).join('')}`);
    sections.push(`<figure>${await renderSvg(meansChart(r.audit))}<figcaption>Mean rating of the personalized response vs the generic one, per judge and generator, beside people's mean on the same items. Paper: judges 3.41-4.02, people 3.18.</figcaption></figure>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>attune: stage 3 on ${esc(r.dataset)}</title>
<style>${REPORT_STYLE}</style>
</head><body>
<h1>attune: stage 3 on ${esc(r.dataset)}</h1>
<p>Dataset provenance: <b>${esc(r.provenance)}</b>. Generated on ${new Date().toISOString().slice(0, 10)}.</p>
${r.provenance === 'illustrative' ? '<p class="note">Illustrative, self-written data: not human judgments.</p>' : ''}
${sections.join('\n')}
</body></html>
`;
}

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
