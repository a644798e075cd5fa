import type { RefineResult } from '../stages/extract/refine.js';
import type { Run } from '../model/index.js';

/** What saving a run needs from a store (the Store in store/ is one): eval depends on this, not on store/. */
export interface RunSink {
  createRun(run: { stage: Run['stage']; system: string; dataset: string; params: Record<string, unknown> }): Promise<{ id: string }>;
  finishRun(id: string, metrics: Record<string, unknown>): Promise<void>;
}

/** Saves a refine run in the store (stage `extract`): the log and the stats go into the run's metrics. */
export async function saveRefineRun(
  store: RunSink,
  run: { dataset: string; extractor: string; verifier: string; maxRounds: number },
  result: RefineResult,
): Promise<string> {
  const r = await store.createRun({ stage: 'extract', system: `refine(${run.extractor}, ${run.verifier})`, dataset: run.dataset, params: { extractor: run.extractor, verifier: run.verifier, maxRounds: run.maxRounds } });
  await store.finishRun(r.id, { ...result.stats, rounds: result.rounds, converged: result.converged, log: result.log });
  return r.id;
}
