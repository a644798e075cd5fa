import type { Dataset } from '../model/index.js';
import type { CvReport } from '../learn/model-file.js';
import { trainSelector, type TrainSelectorOptions, type TrainSelectorResult } from '../stages/select/trained/train.js';

/** Published and measured stage-2 F1 on recenter-pilot (task5), for the report beside a trained model. */
export const REFERENCE_F1: readonly { name: string; f1: number; note: string }[] = [
  { name: 'embedding (USE-lite, CV threshold)', f1: 0.378, note: 'attune, README' },
  { name: 'votes:gpt-5.4 (zero-shot)', f1: 0.488, note: 'recorded' },
  { name: 'votes:google_gemma-4-31b-it (zero-shot)', f1: 0.522, note: 'recorded' },
  { name: 'RoBERTa trained on human labels', f1: 0.606, note: 'paper, GPU' },
  { name: 'Qwen3-4B GRPO', f1: 0.641, note: 'paper, GPU' },
];

export interface TrainSelectReport {
  dataset: string;
  features: string;
  round: string | undefined;
  cv: CvReport;
  threshold: number | undefined;
  /** The final model's cut when it is not the threshold (e.g. expected-count with its scale). */
  cut?: string;
  candidate: string | undefined;
  trainingSeconds: number;
}

export async function runTrainSelect(ds: Dataset, opts: TrainSelectorOptions): Promise<{ result: TrainSelectorResult; report: TrainSelectReport }> {
  const result = await trainSelector(ds, opts);
  return {
    result,
    report: {
      dataset: ds.name, features: `${opts.features ?? 'offline'}${opts.phrase ? '+phrase' : ''}`, round: result.model?.trainedOn.round, cv: result.cv,
      threshold: result.model?.threshold, ...(result.model?.cut?.kind === 'expected-count' ? { cut: `expected-count x${result.model.cut.scale}` } : {}), candidate: result.model?.candidate, trainingSeconds: result.seconds,
    },
  };
}

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '-');

export function formatTrainReport(r: TrainSelectReport): string {
  const cv = r.cv;
  const lines = [
    `trained selector (${r.features}) on ${r.dataset}${r.round !== undefined ? `, round ${r.round}` : ''}: ${cv.n} pairs`,
    `nested CV, ${cv.folds} outer folds grouped by ${cv.group} (hyperparameters and threshold chosen by inner CV on training folds only):`,
    `  F1 ${f3(cv.f1)} (95% CI ${f3(cv.f1Ci.low)}-${f3(cv.f1Ci.high)}, bootstrap over ${cv.group}s)  P ${f3(cv.precision)}  R ${f3(cv.recall)}  accuracy ${f3(cv.accuracy)}`,
    `  selection rate ${f3(cv.selectionRate)} vs human ${f3(cv.humanRate)}: ${f3(cv.rateRatio)}x`,
    ...(cv.perFold ? [
      `  per outer fold (rate ratio = the fold's system YES rate / its human YES rate; target 0.8-1.2 on every fold):`,
      ...cv.perFold.map((f) => `    fold ${f.fold}: ${f.groups} ${cv.group}s, ${f.n} pairs, F1 ${f3(f.f1)}, human rate ${f3(f.humanRate)}, selected ${f3(f.selectionRate)}, ratio ${f3(f.rateRatio)}x`),
      `    ratio range ${f3(Math.min(...cv.perFold.map((f) => f.rateRatio)))}-${f3(Math.max(...cv.perFold.map((f) => f.rateRatio)))}x`,
    ] : []),
    `  chosen per fold: ${cv.chosen.join('; ')}`,
    '',
    'reference F1 on the same pairs:',
    ...REFERENCE_F1.map((x) => `  ${x.f1.toFixed(3)}  ${x.name} (${x.note})`),
  ];
  if (r.candidate !== undefined) lines.push('', `final model (all pairs): ${r.candidate}, ${r.cut ?? `threshold ${f3(r.threshold ?? NaN)}`}; trained in ${r.trainingSeconds.toFixed(1)} s`);
  return lines.join('\n');
}
