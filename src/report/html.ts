import type { SelectEvalResult } from '../eval/select.js';
import type { AgreementReport } from '../eval/agreement.js';
import type { GapReport } from '../eval/gap.js';
import { prfChart, renderSvg, selectionRateChart } from './charts.js';
import { fmt, fmtCi } from './table.js';
import { CEILING_HEADERS, ceilingNote, ceilingRows, GAP_HEADERS, gapNotes, gapRows, systemPairsNote } from './text.js';

export interface ReportInput {
  title: string;
  dataset: string;
  selection: SelectEvalResult[];
  agreement?: AgreementReport;
  gap?: GapReport;
  /** Shown under the title, e.g. "illustrative demo data, not human judgments". */
  note?: string;
}

/** Escapes text for HTML. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The reports' shared CSS: readable tables that scroll inside their box when wide, never the page. */
export const REPORT_STYLE = `body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
.table{overflow-x:auto}table{border-collapse:collapse;margin:.8em 0}th,td{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right;white-space:nowrap}
th{vertical-align:bottom}th:first-child,td:first-child{text-align:left}caption{text-align:left;font-weight:600;padding:.4em 0}
figure{margin:1.2em 0;overflow-x:auto}figcaption{color:#555;font-size:13px}
.note{background:#fff6df;border-left:4px solid #e0b040;padding:6px 10px}`;

/** An HTML table (cells are text, escaped; numbers already formatted), optionally with a caption. */
export function htmlTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[], caption?: string): string {
  return `<div class="table"><table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

const table = (headers: string[], rows: string[][]): string => htmlTable(headers, rows);

/** A single self-contained HTML file: inline CSS and SVG, no scripts, no network. */
export async function renderHtmlReport(input: ReportInput): Promise<string> {
  const sections: string[] = [];
  if (input.selection.length) {
    const r0 = input.selection[0]!;
    sections.push(`<h2>Stage 2: relevance selection vs the human majority</h2>
<p>${r0.labelled.toLocaleString('en-US')} labelled pairs (round ${esc(r0.round ?? '-')}); people said YES to ${fmt(r0.humanRate)} of them. Intervals: 95% bootstrap, resampling prompts.</p>`);
    sections.push(
      table(
        ['selector', 'n', 'precision', 'recall', 'F1', 'F1 95% CI', 'kappa', 'YES rate', 'x human rate', 'protocol'],
        input.selection.map((r) => [r.selector, String(r.n), fmt(r.precision), fmt(r.recall), fmt(r.f1), fmtCi(r.f1Ci), fmt(r.kappa), fmt(r.selectionRate), fmt(r.rateRatio, 2), r.protocol]),
      ),
    );
    const bars = input.selection.flatMap((r) => [
      { selector: r.selector, metric: 'f1', value: r.f1, ...r.f1Ci },
      { selector: r.selector, metric: 'precision', value: r.precision, ...r.precisionCi },
      { selector: r.selector, metric: 'recall', value: r.recall, ...r.recallCi },
    ]);
    sections.push(`<figure>${await renderSvg(prfChart(bars))}<figcaption>Precision, recall and F1 per selector; lines are 95% intervals.</figcaption></figure>`);
    sections.push(
      `<figure>${await renderSvg(selectionRateChart(input.selection.map((r) => ({ selector: r.selector, rate: r.selectionRate })), r0.humanRate))}<figcaption>Share of pairs each selector calls relevant; the dashed line is the people's rate. Bars far right of it are over-selection.</figcaption></figure>`,
    );
  }
  if (input.agreement) {
    sections.push('<h2>Agreement</h2>');
    for (const r of input.agreement.rounds) {
      const rows: string[][] = [];
      if (r.humans) {
        rows.push(['human-human: mean pairwise Cohen kappa', fmt(r.humans.pairwiseKappa), `${r.humans.annotators.length} annotators, ${r.humans.items} items`]);
        rows.push(["human-human: Fleiss' kappa", fmt(r.humans.fleissKappa), '']);
        rows.push(["human-human: Krippendorff's alpha (nominal)", fmt(r.humans.krippendorffAlpha), '']);
      }
      for (const s of r.systems) {
        rows.push([`${s.system} vs human majority`, fmt(s.kappaVsMajority), systemPairsNote(s)]);
        if (Number.isFinite(s.kappaVsAnnotators)) rows.push([`${s.system} vs each annotator (mean)`, fmt(s.kappaVsAnnotators), '']);
      }
      if (Number.isFinite(r.systemHumanKappa)) rows.push(['LLM-human (mean over systems)', fmt(r.systemHumanKappa), '']);
      if (r.systemPairs.length) rows.push(['LLM-LLM: mean pairwise kappa', fmt(r.systemSystemKappa), `${r.systemPairs.length} pairs of systems (below)`]);
      if (r.humanYesRate !== undefined) rows.push(['human-majority YES rate', fmt(r.humanYesRate), '']);
      sections.push(`<h3>Round ${esc(r.round ?? '-')}</h3>${table(['measure', 'value', 'over'], rows)}`);
      // the per-pair table the terminal prints (report/text.ts)
      if (r.systemPairs.length) {
        sections.push(htmlTable(['system', 'system', 'shared pairs', 'kappa'], r.systemPairs.map((p) => [p.a, p.b, String(p.n), fmt(p.kappa)]), 'LLM-LLM: Cohen kappa per pair of systems'));
      }
      if (r.ceiling) {
        sections.push(`<p>${esc(ceilingNote(r.ceiling))}</p>${htmlTable(CEILING_HEADERS, ceilingRows(r.ceiling), 'The human ceiling: one annotator vs the majority of the others, and every system in the same seats')}`);
        const c = r.ceiling;
        const bars = [c.pooled, ...c.systems].flatMap((x) => [
          { selector: x.who, metric: 'f1', value: x.f1, ...x.f1Ci },
          { selector: x.who, metric: 'precision', value: x.precision, ...x.precisionCi },
          { selector: x.who, metric: 'recall', value: x.recall, ...x.recallCi },
        ]);
        sections.push(`<figure>${await renderSvg(prfChart(bars))}<figcaption>One annotator against the majority of the others (pooled) and each system in the same seats; lines are 95% intervals.</figcaption></figure>`);
      }
    }
    sections.push('<p>Paper, for comparison: human-human kappa 0.426, LLM-LLM 0.597, LLM-human 0.300.</p>');
  }
  if (input.gap) {
    const [synthetic, human, protocol, ...notScored] = gapNotes(input.gap);
    sections.push(`<h2>Stage 2: how much a synthetic benchmark flatters a selector</h2>
<p>${esc(synthetic!)}</p><p>${esc(human!)}</p><p>${esc(protocol!)}</p>${htmlTable(GAP_HEADERS, gapRows(input.gap))}${notScored.map((n) => `<p class="note">${esc(n)}</p>`).join('')}`);
    const bars = input.gap.rows.flatMap((r) => (['synthetic', 'human'] as const).flatMap((side) => {
      const s = r[side];
      return 'f1' in s ? [{ selector: `${r.selector} (${side})`, metric: 'f1', value: s.f1, ...s.f1Ci }] : [];
    }));
    if (bars.length) sections.push(`<figure>${await renderSvg(prfChart(bars))}<figcaption>F1 on synthetic and on human labels per selector; lines are 95% intervals.</figcaption></figure>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<style>
${REPORT_STYLE}
</style></head><body>
<h1>${esc(input.title)}</h1>
<p>Dataset: <b>${esc(input.dataset)}</b>. Generated by attune on ${new Date().toISOString().slice(0, 10)}.</p>
${input.note ? `<p class="note">${esc(input.note)}</p>` : ''}
${sections.join('\n')}
</body></html>
`;
}
