import { AttuneError } from '../model/errors.js';
import type { Dataset, Prediction } from '../model/index.js';
import type { RunSummary, Store } from '../store/store.js';
import { StudioStore } from '../store/studio.js';
import type { Study, StudyItemInput } from '../store/studio.js';
import type { BuildOptions, BuiltItems, RelevanceMeta, RelevancePayload } from './tasks.js';
import { withGoldAndChecks } from './tasks.js';
import { compositeKey } from '../model/key.js';

/**
 * Studies from attune's own outputs: a relevance study over the pairs a stored stage-2 run said YES to, so people
 * can check a system's YES answers. The prompt texts come from the dataset the run names, which must be in the store.
 */

/** A stored run that cannot become a study (no such run, not a stage-2 run, its dataset not in the store). */
export class FromRunError extends AttuneError {
  constructor(message: string) {
    super('invalid_study', message);
    this.name = 'FromRunError';
  }
}

export type FromRunBuildOptions = Omit<BuildOptions, 'round'>;

export interface CreateStudyFromRunOptions extends FromRunBuildOptions {
  /** Default `run-<run id>`. */
  name?: string;
  k?: number;
  perAnnotator?: number;
  completionCode?: string;
}

const pairKey = (userId: string, promptId: string, attribute: string) => JSON.stringify([userId, promptId, attribute]);

/** The run, its predictions and its dataset from the store, or an error saying what is missing and what to do. */
export async function loadRunForStudy(store: Store, runId: string): Promise<{ run: RunSummary; predictions: Prediction[]; dataset: Dataset }> {
  const run = await store.getRun(runId);
  if (!run) {
    const recent = (await store.listRuns({ stage: 'select' })).slice(0, 5);
    throw new FromRunError(`no run "${runId}" in the store (stage-2 runs are recorded by \`attune eval select --store URL\`)` +
      (recent.length ? `; recent stage-2 runs: ${recent.map((r) => `${r.id} (${r.system} on ${r.dataset})`).join(', ')}` : ''));
  }
  if (run.stage !== 'select') throw new FromRunError(`run ${run.id} is a "${run.stage}" run; a study from a run needs a stage-2 ("select") run`);
  const dataset = await store.loadDataset(run.dataset);
  if (!dataset) {
    throw new FromRunError(`run ${run.id} names dataset "${run.dataset}", which is not in the store: import it first with ` +
      `\`attune data import --data <the "${run.dataset}" directory> --store <this store>\``);
  }
  return { run, predictions: await store.getPredictions(run.id), dataset };
}

/**
 * One relevance page per (user, prompt) holding the attributes the run said YES to, in the run's order. Each
 * attribute carries the run's vote and any votes the dataset recorded for the same pair and round (so the admin view
 * scores them against people), and the dataset's majority label as gold when it has one.
 */
export function itemsFromRun(run: RunSummary, predictions: Prediction[], ds: Dataset, opts: FromRunBuildOptions = {}): BuiltItems {
  const prompts = new Map(ds.prompts.map((p) => [p.id, p.text]));
  const paramRound = typeof run.params.round === 'string' ? run.params.round : undefined;
  const pages = new Map<string, { userId: string; promptId: string; round: string | undefined; attributes: string[] }>();
  const missingPrompts = new Set<string>();
  let yes = 0;
  for (const p of predictions) {
    if (p.relevant !== true) continue;
    yes++;
    if (!prompts.has(p.promptId)) {
      missingPrompts.add(p.promptId);
      continue;
    }
    const key = JSON.stringify([p.userId, p.promptId]);
    let page = pages.get(key);
    if (!page) pages.set(key, (page = { userId: p.userId, promptId: p.promptId, round: p.round ?? paramRound, attributes: [] }));
    if (!page.attributes.includes(p.attribute)) page.attributes.push(p.attribute);
  }
  if (yes === 0) throw new FromRunError(`run ${run.id} (${run.system}) said YES to none of its ${predictions.length} pairs: there is nothing to check`);
  if (pages.size === 0) {
    throw new FromRunError(`none of the prompts run ${run.id} said YES for is in dataset "${ds.name}" (e.g. ${[...missingPrompts].slice(0, 3).join(', ')}): is it the dataset the run used?`);
  }

  const roundKey = (round: string | undefined, k: string) => compositeKey(round ?? '', k);
  const votes = new Map<string, Record<string, boolean>>();
  for (const p of ds.predictions) {
    const k = roundKey(p.round, pairKey(p.userId, p.promptId, p.attribute));
    votes.set(k, { ...(votes.get(k) ?? {}), [p.system]: p.relevant });
  }
  const gold = new Map(ds.labels.map((l) => [roundKey(l.round, pairKey(l.userId, l.promptId, l.attribute)), l.relevant]));

  let items: StudyItemInput[] = [];
  for (const page of pages.values()) {
    const keys = page.attributes.map((a) => roundKey(page.round, pairKey(page.userId, page.promptId, a)));
    const meta: RelevanceMeta = {
      userId: page.userId, promptId: page.promptId,
      votes: keys.map((k) => ({ ...(votes.get(k) ?? {}), [run.system]: true })),
      gold: keys.map((k) => gold.get(k) ?? null),
    };
    const payload: RelevancePayload = { kind: 'relevance', prompt: prompts.get(page.promptId)!, attributes: page.attributes };
    items.push({ id: `r${items.length + 1}`, payload, meta });
  }
  if (opts.limit !== undefined) items = items.slice(0, Math.max(0, opts.limit));
  if (items.length === 0) throw new FromRunError(`--limit ${opts.limit} leaves no items`);
  items = withGoldAndChecks(items, 'relevance', opts);
  return {
    items,
    source: {
      run: run.id, system: run.system, dataset: ds.name, format: ds.format, provenance: ds.provenance, round: paramRound ?? null,
      predictions: predictions.length, selected: yes, missingPrompts: missingPrompts.size, ...opts,
    },
  };
}

/** Creates a relevance study over a stored stage-2 run's YES pairs (see `itemsFromRun`). */
export async function createStudyFromRun(store: Store, runId: string, opts: CreateStudyFromRunOptions = {}): Promise<Study> {
  const { run, predictions, dataset } = await loadRunForStudy(store, runId);
  const build: FromRunBuildOptions = {
    ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
    ...(opts.goldItems ? { goldItems: opts.goldItems } : {}),
    ...(opts.attentionChecks ? { attentionChecks: opts.attentionChecks } : {}),
  };
  const { items, source } = itemsFromRun(run, predictions, dataset, build);
  return new StudioStore(store).createStudy({
    name: opts.name ?? `run-${run.id}`, kind: 'relevance', k: opts.k ?? 3, items, source,
    ...(opts.perAnnotator !== undefined ? { perAnnotator: opts.perAnnotator } : {}),
    ...(opts.completionCode !== undefined ? { completionCode: opts.completionCode } : {}),
  });
}
