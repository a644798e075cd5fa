import type { Dataset } from '../model/index.js';
import type { SelectEvalResult } from '../eval/select.js';
import { openStore } from '../store/open.js';

/** Records a stage-2 evaluation as a run with its predictions and metrics. */
export async function recordSelectRun(url: string, ds: Dataset, r: SelectEvalResult): Promise<string> {
  const store = await openStore(url);
  try {
    const { predictions, ...metrics } = r;
    const run = await store.createRun({ stage: 'select', system: r.selector, dataset: ds.name, params: { round: r.round, protocol: r.protocol } });
    await store.savePredictions(run.id, predictions);
    await store.finishRun(run.id, metrics as unknown as Record<string, unknown>);
    return run.id;
  } finally {
    await store.close();
  }
}
