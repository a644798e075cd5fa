import type { SelectEvalResult, SelectorNotScored } from '../eval/select.js';
import type { AgreementReport, SystemAgreement } from '../eval/agreement.js';
import type { HumanCeiling } from '../eval/ceiling.js';
import type { GapReport, GapSide } from '../eval/gap.js';
import { fmt, fmtCi, renderTable } from './table.js';

export function selectionTable(results: SelectEvalResult[]): string {
  if (results.length === 0) return '(no selectors)';
  const r0 = results[0]!;
  const head = `Stage 2 on ${r0.dataset} (round ${r0.round ?? '-'}): ${r0.labelled.toLocaleString('en-US')} labelled pairs, human YES rate ${fmt(r0.humanRate)}`;
  const table = renderTable(
    ['selector', 'n', 'P', 'R', 'F1', 'F1 95% CI', 'acc', 'kappa', 'YES rate', 'x human', 'protocol'],
    results.map((r) => [r.selector, r.n, r.precision, r.recall, r.f1, fmtCi(r.f1Ci), r.accuracy, r.kappa, r.selectionRate, fmt(r.rateRatio, 2), r.protocol]),
  );
  return `${head}\n\n${table}\n\nCI: 95% bootstrap over prompts. "x human" = selector YES rate / human YES rate (over-selection above 1).`;
}

/** Which pairs a system's agreement row is over: its votes that have a human-majority label (as `eval select` scores them). */
export function systemPairsNote(s: SystemAgreement): string {
  const of = s.votes > s.n ? ` (of its ${s.votes.toLocaleString('en-US')} votes)` : '';
  return `${s.n.toLocaleString('en-US')} labelled pairs it voted on${of}: YES rate ${fmt(s.yesRate)}, people ${fmt(s.humanYesRate)}`;
}

export const CEILING_HEADERS = ['who', 'judgments', 'prompts', 'P', 'P 95% CI', 'R', 'R 95% CI', 'F1', 'F1 95% CI', 'YES rate', 'reference YES'];

/** The ceiling table's rows (numbers formatted): the pooled human figure, each annotator, then each system. */
export function ceilingRows(c: HumanCeiling): string[][] {
  return [c.pooled, ...c.annotators, ...c.systems].map((s) => [
    s.who, s.n.toLocaleString('en-US'), String(s.prompts), fmt(s.precision), fmtCi(s.precisionCi), fmt(s.recall), fmtCi(s.recallCi), fmt(s.f1), fmtCi(s.f1Ci), fmt(s.yesRate), fmt(s.referenceYesRate),
  ]);
}

export function ceilingNote(c: HumanCeiling): string {
  return `Human ceiling: each annotator's YES/NO against the majority of the OTHER annotators, on the ${c.items.toLocaleString('en-US')} items with >= ${c.minJudgments} judgments; ` +
    `${c.ties} judgments skipped where the others split evenly. Systems sit in every annotator's seat: their vote replaces the annotator's, against the same reference. 95% CI: bootstrap over ${c.resampled}` +
    (c.resampled === 'items' ? ` (the items span only ${c.pooled.prompts} prompts; all judgments of an item stay together).` : '.');
}

export function notScoredLine(r: SelectorNotScored): string {
  return `not scored: ${r.selector}: ${r.notScored}`;
}

export function agreementTable(rep: AgreementReport): string {
  const parts: string[] = [`Agreement on ${rep.dataset}`];
  for (const r of rep.rounds) {
    const rows: (string | number)[][] = [];
    if (r.humans) {
      const h = r.humans;
      rows.push(['human-human mean pairwise Cohen kappa', h.pairwiseKappa, `${h.annotators.length} annotators (${h.annotators.join(', ')}), ${h.items} items, ${h.judgments} judgments`]);
      rows.push(["human-human Fleiss' kappa", h.fleissKappa, 'items with >= 2 annotators']);
      rows.push(["human-human Krippendorff's alpha (nominal)", h.krippendorffAlpha, '']);
    }
    for (const s of r.systems) {
      rows.push([`${s.system} vs human majority`, s.kappaVsMajority, systemPairsNote(s)]);
      if (Number.isFinite(s.kappaVsAnnotators)) rows.push([`${s.system} vs each annotator (mean)`, s.kappaVsAnnotators, '']);
    }
    if (Number.isFinite(r.systemHumanKappa)) rows.push(['LLM-human (mean over systems and annotators)', r.systemHumanKappa, '']);
    if (r.systemPairs.length) rows.push(['LLM-LLM mean pairwise kappa', r.systemSystemKappa, `${r.systemPairs.length} pairs of judges (below)`]);
    if (r.humanYesRate !== undefined) rows.push(['human-majority YES rate', r.humanYesRate, '']);
    parts.push(`\nRound ${r.round ?? '-'}\n${renderTable(['measure', 'value', 'over'], rows)}`);
    if (r.systemPairs.length) {
      parts.push(`\n${renderTable(['system', 'system', 'shared pairs', 'kappa'], r.systemPairs.map((p) => [p.a, p.b, p.n, p.kappa]))}`);
    }
    if (r.ceiling) parts.push(`\n${ceilingNote(r.ceiling)}\n${renderTable(CEILING_HEADERS, ceilingRows(r.ceiling))}`);
  }
  parts.push('\nPaper: human-human kappa 0.426, LLM-LLM 0.597, LLM-human 0.300. Issue #14: one annotator vs the majority of the others on the pilot, F1 about 0.685 (P 0.66, R 0.71).');
  return parts.join('\n');
}

export const GAP_HEADERS = ['selector', 'syn P', 'syn R', 'syn F1', 'syn F1 95% CI', 'syn x rate', 'human P', 'human R', 'human F1', 'human F1 95% CI', 'human x rate', 'F1 gap', 'protocol (synthetic / human)'];

const sideCells = (s: GapSide): string[] =>
  'notApplicable' in s ? ['n/a', '-', '-', '-', '-'] : 'notScored' in s ? ['not scored', '-', '-', '-', '-'] : [fmt(s.precision), fmt(s.recall), fmt(s.f1), fmtCi(s.f1Ci), fmt(s.rateRatio, 2)];
const sideProtocol = (s: GapSide): string => ('notApplicable' in s ? 'n/a' : 'notScored' in s ? 'not scored' : s.protocol);

/** One row per selector: synthetic and human figures side by side, numbers formatted. */
export function gapRows(rep: GapReport): string[][] {
  return rep.rows.map((r) => [r.selector, ...sideCells(r.synthetic), ...sideCells(r.human), Number.isFinite(r.f1Gap) ? (r.f1Gap >= 0 ? '+' : '') + fmt(r.f1Gap) : '-', `${sideProtocol(r.synthetic)} / ${sideProtocol(r.human)}`]);
}

export function gapNotes(rep: GapReport): string[] {
  const s = rep.synthetic;
  const notes = [
    `Synthetic: ${s.dataset}, ${s.questions.toLocaleString('en-US')} PrefEval questions, each with its planted preference (YES) and ${s.distractors} preferences planted for other users' questions of other topics (NO): ${s.pairs.toLocaleString('en-US')} pairs, YES rate ${fmt(s.yesRate)}.`,
    `Human: ${rep.human.dataset}, round ${rep.human.round ?? '-'}, human-majority labels.`,
    'Same protocol on both sides: thresholds fitted by cross-validation grouped by prompt (never on the pairs scored); 95% CI bootstrap over prompts. "x rate" = YES rate / labelled YES rate. F1 gap = synthetic F1 - human F1: how much the synthetic benchmark flatters the selector.',
  ];
  for (const r of rep.rows) {
    for (const [name, side] of [['synthetic', r.synthetic], ['human', r.human]] as const) {
      if ('notScored' in side) notes.push(`not scored: ${r.selector} on the ${name} side: ${side.notScored}`);
    }
  }
  return notes;
}

export function gapTable(rep: GapReport): string {
  const [first, ...rest] = gapNotes(rep);
  return [`Stage 2: synthetic vs human relevance`, '', first, ...rest.slice(0, 2), '', renderTable(GAP_HEADERS, gapRows(rep)), '', ...rest.slice(2)].join('\n').trimEnd();
}
