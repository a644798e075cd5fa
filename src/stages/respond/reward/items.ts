/** What the reward model learns from: one (response pair, attribute) item with its human ratings. */
import { createHash } from 'node:crypto';
import type { Rating, ResponsePair } from '../../../model/index.js';
import { compositeKey } from '../../../model/key.js';
import { judgedAttributes } from '../judge.js';

export interface RewardInput {
  pairId: string;
  promptId: string;
  generator: string;
  attribute: string;
  promptText: string;
  generic: string;
  personalized: string;
  /** All judged attributes of the pair (for the share of other attributes named). */
  pairAttributes: readonly string[];
}

/** A training item: an input with its human ratings. */
export interface RewardItem extends RewardInput {
  key: string;
  human: number[];
}

/** Items of every (pair, attribute) with at least one human rating; judges' ratings are not used. */
export function rewardItems(pairs: readonly ResponsePair[], ratings: readonly Rating[], promptTexts: ReadonlyMap<string, string>): { items: RewardItem[]; unmatched: number } {
  const byId = new Map(pairs.map((p) => [p.id, p]));
  const items = new Map<string, RewardItem>();
  let unmatched = 0;
  for (const r of ratings) {
    if (r.raterKind !== 'human') continue;
    const pair = byId.get(r.pairId);
    if (!pair) {
      unmatched++;
      continue;
    }
    const key = compositeKey(r.pairId, r.attribute);
    let it = items.get(key);
    if (!it) {
      const promptText = promptTexts.get(pair.promptId);
      if (promptText === undefined) throw new Error(`no prompt text for prompt ${pair.promptId} (pair ${pair.id}): the dataset needs prompts.jsonl`);
      const attrs = judgedAttributes(pair);
      it = {
        key, pairId: pair.id, promptId: pair.promptId, generator: pair.generator, attribute: r.attribute, promptText,
        generic: pair.generic, personalized: pair.personalized, pairAttributes: attrs.includes(r.attribute) ? attrs : [...attrs, r.attribute], human: [],
      };
      items.set(key, it);
    }
    it.human.push(r.score);
  }
  return { items: [...items.values()], unmatched };
}

/** The group of an item in CV: its prompt text (hashed), so one prompt under two ids stays on one side. */
export const promptGroup = (promptText: string): string => createHash('sha256').update(promptText).digest('hex').slice(0, 16);

