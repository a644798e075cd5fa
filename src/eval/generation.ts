/**
 * The stage-3 work units of a dataset: which (user, prompt) gets which attributes (human-majority, a
 * recorded LLM selection, or a selector), the generation tasks built from them, and response pairs read
 * back for judging. `attune respond` and `attune judge` run on these.
 */
import { InvalidArgumentError } from '../model/errors.js';
import { z } from 'zod';
import { DataError } from '../data/errors.js';
import { readJsonl } from '../data/read.js';
import { compositeKey } from '../model/key.js';
import { pairKey, Response, ResponsePair, type Dataset, type ResponseMode } from '../model/index.js';
import type { GenerationTask } from '../stages/respond/generator.js';
import { pairResponses } from '../stages/respond/judge.js';
import type { SelectionPair } from '../stages/select/selector.js';
import { makeSelector, type SelectorContext } from './selectors.js';

/** Which attributes a personalized response gets: human-majority, a recorded LLM selection, or a selector. */
export type AttributeSource = { kind: 'human' } | { kind: 'llm'; system: string } | { kind: 'selector'; spec: string };

export function parseAttributeSource(s: string): AttributeSource {
  if (s === 'human') return { kind: 'human' };
  if (s === 'llm') return { kind: 'llm', system: 'checklist' };
  if (s.startsWith('llm:')) return { kind: 'llm', system: s.slice(4) };
  if (s.startsWith('selector:') && s.length > 'selector:'.length) return { kind: 'selector', spec: s.slice('selector:'.length) };
  throw new InvalidArgumentError('--attributes', `must be human, llm, llm:<recorded system> or selector:<spec>, got "${s}"`, s);
}

const unitKey = (userId: string, promptId: string) => compositeKey(userId, promptId);

/**
 * The (user, prompt) units and their selected attributes, in a stable order: the units are the dataset's
 * labelled (user, prompt) groups (else those with recorded predictions); a unit with no selected attribute
 * is left out in both modes, so generic and personalized runs cover the same units.
 */
export async function unitAttributes(ds: Dataset, source: AttributeSource, opts: { round?: string; selector?: SelectorContext } = {}): Promise<Map<string, { userId: string; promptId: string; attributes: string[] }>> {
  const inRound = <T extends { round?: string }>(xs: readonly T[]) => (opts.round ? xs.filter((x) => x.round === opts.round) : xs);
  const labels = inRound(ds.labels);
  const out = new Map<string, { userId: string; promptId: string; attributes: string[] }>();
  const add = (userId: string, promptId: string, attribute: string) => {
    const k = unitKey(userId, promptId);
    if (!out.has(k)) out.set(k, { userId, promptId, attributes: [] });
    const u = out.get(k)!;
    if (!u.attributes.includes(attribute)) u.attributes.push(attribute);
  };
  if (source.kind === 'human') {
    if (labels.length === 0) throw new InvalidArgumentError('--attributes', `dataset "${ds.name}" has no human relevance labels${opts.round ? ` in round ${opts.round}` : ''} (needed by --attributes human)`);
    for (const l of labels) if (l.relevant) add(l.userId, l.promptId, l.attribute);
  } else if (source.kind === 'llm') {
    const preds = inRound(ds.predictions).filter((p) => p.system === source.system || p.system === `votes:${source.system}`);
    if (preds.length === 0) {
      const systems = [...new Set(ds.predictions.map((p) => p.system))];
      throw new InvalidArgumentError('--attributes', `dataset "${ds.name}" has no recorded predictions of system "${source.system}"` + (systems.length ? ` (it has: ${systems.join(', ')})` : ''));
    }
    for (const p of preds) if (p.relevant) add(p.userId, p.promptId, p.attribute);
  } else {
    // Candidate pairs: every profile attribute of the user, for each labelled (or predicted) (user, prompt).
    const prompts = new Map(ds.prompts.map((p) => [p.id, p.text]));
    const profiles = new Map(ds.profiles.map((p) => [p.userId, p]));
    const units = new Map<string, { userId: string; promptId: string }>();
    for (const x of [...labels, ...inRound(ds.predictions)]) units.set(unitKey(x.userId, x.promptId), { userId: x.userId, promptId: x.promptId });
    const pairs: SelectionPair[] = [];
    for (const u of units.values()) {
      const profile = profiles.get(u.userId);
      const text = prompts.get(u.promptId);
      if (!profile || text === undefined) continue;
      for (const a of profile.attributes) pairs.push({ userId: u.userId, promptId: u.promptId, attribute: a.text, promptText: text, profile });
    }
    if (pairs.length === 0) throw new InvalidArgumentError('--attributes', `dataset "${ds.name}" has no (user, prompt) units with a profile and a prompt text for --attributes selector:${source.spec}`);
    const selector = await makeSelector(source.spec, ds, { ...opts.selector, ...(opts.round !== undefined ? { round: opts.round } : {}) });
    if (selector.fit) {
      // Generation, not evaluation: a threshold is fitted on every labelled pair.
      const gold = new Map(labels.map((l) => [pairKey(l), l.relevant]));
      const train = pairs.filter((p) => gold.has(pairKey(p)));
      if (train.length === 0) throw new InvalidArgumentError('--attributes', `selector ${source.spec} needs labelled pairs to fit its threshold`);
      await selector.fit(train, train.map((p) => gold.get(pairKey(p))!));
    }
    const sel = await selector.select(pairs);
    pairs.forEach((p, i) => {
      if (sel[i]!.relevant && !sel[i]!.missing) add(p.userId, p.promptId, p.attribute);
    });
  }
  return out;
}

export async function buildTasks(ds: Dataset, mode: 'generic' | 'personalized', source: AttributeSource, opts: { round?: string; limit?: number; selector?: SelectorContext } = {}): Promise<GenerationTask[]> {
  const units = await unitAttributes(ds, source, opts);
  const prompts = new Map(ds.prompts.map((p) => [p.id, p.text]));
  const personalizedMode: ResponseMode = source.kind === 'human' ? 'personalized_human' : 'personalized_llm';
  const tasks: GenerationTask[] = [];
  for (const u of units.values()) {
    if (u.attributes.length === 0) continue;
    const promptText = prompts.get(u.promptId);
    if (promptText === undefined) throw new Error(`dataset "${ds.name}" has no text for prompt ${u.promptId} (user ${u.userId})`);
    tasks.push({ userId: u.userId, promptId: u.promptId, promptText, attributes: mode === 'generic' ? [] : u.attributes, mode: mode === 'generic' ? 'generic' : personalizedMode });
  }
  return opts.limit !== undefined ? tasks.slice(0, opts.limit) : tasks;
}

const ResponseOrPair = z.union([ResponsePair, Response]);

/** Responses (generic + personalized records) or ready pairs, from one or more JSONL files. */
export function readResponsePairs(files: readonly string[], ds: Dataset): { pairs: ResponsePair[]; unpaired: number; fromResponses: boolean } {
  const responses: Response[] = [];
  const ready: ResponsePair[] = [];
  for (const f of files) {
    for (const l of readJsonl(f, ResponseOrPair, f)) {
      if ('mode' in l.value) responses.push(l.value);
      else ready.push(l.value);
    }
  }
  const joined = pairResponses(responses, ds.labels);
  const pairs = [...ready, ...joined.pairs];
  const ids = new Set<string>();
  for (const p of pairs) {
    if (ids.has(p.id)) throw new DataError(files.join(','), undefined, 'id', `pair ${p.id} appears twice`);
    ids.add(p.id);
  }
  return { pairs, unpaired: joined.unpaired, fromResponses: responses.length > 0 };
}
