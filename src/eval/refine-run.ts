import type { RefineResult } from '../stages/extract/refine.js';
import type { Store } from '../store/store.js';

/** Saves a refine run in the store (stage `extract`): the log and the stats go into the run's metrics. */
export async function saveRefineRun(
  store: Store,
  run: { dataset: string; extractor: string; verifier: string; maxRounds: number },
  result: RefineResult,
): Promise<string> {
  const r = await store.createRun({ stage: 'extract', system: `refine(${run.extractor}, ${run.verifier})`, dataset: run.dataset, params: { extractor: run.extractor, verifier: run.verifier, maxRounds: run.maxRounds } });
  await store.finishRun(r.id, { ...result.stats, rounds: result.rounds, converged: result.converged, log: result.log });
  return r.id;
}
