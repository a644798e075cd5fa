import type { CascadeRunResult } from '../eval/cascade.js';
import { fmt, renderTable } from './table.js';

export function formatCascade(r: CascadeRunResult): string {
  const out = [
    `cascade on ${r.dataset}${r.round !== undefined ? ` round ${r.round}` : ''}: base trained:${r.base} (fitted per fold on the other folds' prompts), ` +
      `band by ${r.strategy}, ${r.folds} folds grouped by prompt; 95% CIs resample prompts`,
  ];
  for (const c of r.curves) {
    out.push('', `judge ${c.judge}: ${c.pairs} pairs, human YES rate ${fmt(c.humanRate)}${c.fitJudged ? `; band choice asked the judge about ${c.fitJudged} training pairs` : ''}`);
    out.push(renderTable(
      ['budget', 'judged', 'share', 'LLM calls', 'P', 'R', 'F1', 'F1 95% CI', 'YES rate', 'x human'],
      c.points.map((p) => [p.budget, p.judged, p.share, p.llmCalls, p.precision, p.recall, p.f1, `${fmt(p.f1Ci.low)}-${fmt(p.f1Ci.high)}`, p.selectionRate, p.selectionRate / c.humanRate]),
    ));
  }
  return out.join('\n');
}
