/**
 * Synthetic, self-written stage-3 data with a known signal, for the reward-model tests (no person rated
 * any of it). Also a tiny deterministic bag-of-words embedder, so the tests need no model download.
 */
import { createHash } from 'node:crypto';
import type { Embedder } from '../../src/embed/embedder.js';
import { seededRandom } from '../../src/util/random.js';
import type { Prompt, Rating, ResponsePair } from '../../src/model/index.js';

/** Each word hashed to a signed coordinate of a 256-dim vector (word order ignored). */
export class HashEmbedder implements Embedder {
  readonly id = 'test-hash-bow-256';
  readonly dim = 256;
  calls = 0;
  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls += texts.length;
    return texts.map((t) => {
      const v = new Float32Array(this.dim);
      for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) {
        if (w.length < 3) continue;
        const h = createHash('md5').update(w).digest();
        v[h.readUInt16LE(0) % this.dim]! += h[1]! % 2 ? 1 : -1;
      }
      return v;
    });
  }
}

export const TOPICS: Record<string, string[]> = {
  cooking: ['recipe', 'kitchen', 'ingredients', 'oven'],
  running: ['pace', 'marathon', 'stride', 'training'],
  finance: ['budget', 'savings', 'spreadsheet', 'interest'],
  music: ['guitar', 'chords', 'melody', 'rhythm'],
  gardening: ['soil', 'seeds', 'compost', 'watering'],
  travel: ['itinerary', 'flights', 'luggage', 'hostel'],
};
const FILLER = ['start', 'small', 'steps', 'each', 'week', 'review', 'progress', 'plan', 'simple', 'goals', 'notes', 'check'];

export interface SyntheticData {
  pairs: ResponsePair[];
  prompts: Prompt[];
  ratings: Rating[];
  /** The true use level of each item (0-2), by `pairId \0 attribute`. */
  level: Map<string, number>;
}

/**
 * `nPrompts` prompts, one pair each with two attributes. The personalized response uses each attribute at
 * a level 0-2 (sentences with the topic's words) and, independently, names it or not ("as someone who
 * ..."). Three invented raters score 3 + level (+-1 noise, clipped): use helps, naming does not.
 */
export function syntheticRewardData(nPrompts = 36, seed = 1): SyntheticData {
  const rand = seededRandom(seed);
  const topics = Object.keys(TOPICS);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const sentence = (words: string[]) => `${words.join(' ')}.`;
  const pairs: ResponsePair[] = [];
  const prompts: Prompt[] = [];
  const ratings: Rating[] = [];
  const level = new Map<string, number>();
  for (let p = 0; p < nPrompts; p++) {
    const promptId = String(p + 1);
    prompts.push({ id: promptId, text: `How should I ${pick(FILLER)} my ${pick(FILLER)} ${pick(FILLER)} routine, question ${p + 1}?` });
    const [t1, t2] = shuffleTwo(topics, rand);
    const generic = [0, 1, 2].map(() => sentence([pick(FILLER), pick(FILLER), pick(FILLER), pick(FILLER)])).join(' ');
    const parts = [generic];
    const attrs = [t1, t2].map((t) => `The user is into ${t}.`);
    const levels = [Math.floor(rand() * 3), Math.floor(rand() * 3)];
    [t1, t2].forEach((t, i) => {
      for (let s = 0; s < levels[i]!; s++) parts.push(sentence([pick(FILLER), ...[0, 1, 2].map(() => pick(TOPICS[t]!))]));
      if (rand() < 0.5) parts.push(`As someone who is into ${t}, you will like this.`);
    });
    const id = `gen:u${p}_${promptId}`;
    pairs.push({ id, userId: `u${p}`, promptId, generator: 'gen', generic, personalized: parts.join(' '), attributes: attrs.map((text) => ({ text, relevant: true })) });
    attrs.forEach((a, i) => {
      level.set(`${id}\u0000${a}`, levels[i]!);
      for (let r = 0; r < 3; r++) {
        const noise = rand() < 0.25 ? (rand() < 0.5 ? -1 : 1) : 0;
        ratings.push({ rater: `person-${r + 1}`, raterKind: 'human', pairId: id, attribute: a, score: Math.max(1, Math.min(5, 3 + levels[i]! + noise)) });
      }
    });
  }
  return { pairs, prompts, ratings, level };
}

function shuffleTwo(xs: readonly string[], rand: () => number): [string, string] {
  const i = Math.floor(rand() * xs.length);
  let j = Math.floor(rand() * (xs.length - 1));
  if (j >= i) j++;
  return [xs[i]!, xs[j]!];
}
