import { InvalidArgumentError } from '../../model/errors.js';
import type { Dataset, RelevanceLabel } from '../../model/index.js';
import type { SelectionPair } from './selector.js';

/** The labelled stage-2 pairs of one round of a dataset, with the text selectors need. */
export interface LabelledPairs {
  round: string | undefined;
  pairs: SelectionPair[];
  labels: boolean[];
}

/** Rounds of aggregated labels with their sizes, largest first. */
export function labelRounds(ds: Dataset): { round: string | undefined; n: number }[] {
  const counts = new Map<string | undefined, number>();
  for (const l of ds.labels) counts.set(l.round, (counts.get(l.round) ?? 0) + 1);
  return [...counts].map(([round, n]) => ({ round, n })).sort((a, b) => b.n - a.n);
}

/** Picks the labelled pairs of `round`, or of the largest round when none is named. */
export function labelledPairs(ds: Dataset, round?: string): LabelledPairs {
  const rounds = labelRounds(ds);
  if (rounds.length === 0) throw new InvalidArgumentError('dataset', `"${ds.name}" has no relevance labels: stage-2 evaluation needs human labels`);
  const chosen = round ?? rounds[0]!.round;
  if (round !== undefined && !rounds.some((r) => r.round === round)) {
    throw new InvalidArgumentError('round', `dataset "${ds.name}" has no labels in round "${round}"; rounds: ${rounds.map((r) => `${r.round ?? '(none)'} (${r.n})`).join(', ')}`);
  }
  const promptText = new Map(ds.prompts.map((p) => [p.id, p.text]));
  const profiles = new Map(ds.profiles.map((p) => [p.userId, p]));
  const rows: RelevanceLabel[] = ds.labels.filter((l) => l.round === chosen);
  const pairs: SelectionPair[] = rows.map((l) => {
    const text = promptText.get(l.promptId);
    if (text === undefined) throw new Error(`dataset "${ds.name}": label for prompt "${l.promptId}" but no such prompt`);
    const profile = profiles.get(l.userId);
    return { userId: l.userId, promptId: l.promptId, attribute: l.attribute, promptText: text, ...(profile ? { profile } : {}) };
  });
  return { round: chosen, pairs, labels: rows.map((l) => l.relevant) };
}
