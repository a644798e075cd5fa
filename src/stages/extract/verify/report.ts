import type { VerifyCvReport } from './model-file.js';

/** One line for terminals. */
export function formatVerifyCv(r: VerifyCvReport): string {
  const f = (x: number) => x.toFixed(3);
  return [
    `verifier CV (folds grouped by user): ${r.n} attributes of ${r.users} users, ${r.folds} folds; ${(r.problematicRate * 100).toFixed(1)}% problematic by the label rule`,
    `  flag problematic: F1 ${f(r.f1)} (95% CI ${f(r.f1Ci.low)}-${f(r.f1Ci.high)}), P ${f(r.precision)}, R ${f(r.recall)}, accuracy ${f(r.accuracy)}, flagged ${(r.flaggedRate * 100).toFixed(1)}%`,
    `  baselines: majority-class accuracy ${f(r.baselines.majorityAccuracy)}, flag-all F1 ${f(r.baselines.flagAllF1)}`,
    `  failure mode on ${r.modeN} problematic attributes: accuracy ${f(r.modeAccuracy)} (most-frequent-mode baseline ${f(r.baselines.majorityModeAccuracy)})`,
    `  L2 chosen per fold: ${r.chosen.join(', ')}`,
  ].join('\n');
}

