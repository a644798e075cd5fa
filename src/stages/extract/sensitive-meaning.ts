/**
 * Sensitive categories by meaning: nearest neighbours over sentence embeddings of self-written examples
 * (sensitive-examples.ts), combined with the keyword list. An attribute is put in the category whose three
 * nearest examples are closest on average, when that beats the three nearest ordinary examples; the keyword
 * list decides first when it names a category. "The user has lupus", "The user goes to AA meetings", "The user
 * is a Jehovah's Witness" are caught though none of those words is in the keyword list or the examples.
 * Nothing is fitted: the examples are the model, embedded once per embedder (the vector cache keeps them).
 */
import type { Embedder } from '../../embed/embedder.js';
import { cosine } from '../../embed/embedder.js';
import { ORDINARY_EXAMPLES, SENSITIVE_EXAMPLES } from './sensitive-examples.js';
import { sensitiveCategory, type SensitiveCategory } from './sensitive.js';

const K = 3;

interface Prototypes {
  byClass: [SensitiveCategory | 'none', Float32Array[]][];
}

const built = new WeakMap<Embedder, Promise<Prototypes>>();

function prototypes(embedder: Embedder): Promise<Prototypes> {
  let p = built.get(embedder);
  if (!p) {
    p = (async () => {
      const classes: [SensitiveCategory | 'none', string[]][] = [...(Object.entries(SENSITIVE_EXAMPLES) as [SensitiveCategory, string[]][]), ['none', ORDINARY_EXAMPLES]];
      const vectors = await embedder.embed(classes.flatMap(([, xs]) => xs));
      let at = 0;
      return { byClass: classes.map(([c, xs]) => [c, xs.map(() => vectors[at++]!)] as [SensitiveCategory | 'none', Float32Array[]]) };
    })();
    built.set(embedder, p);
  }
  return p;
}

function topMean(v: Float32Array, xs: Float32Array[]): number {
  const sims = xs.map((x) => cosine(v, x)).sort((a, b) => b - a);
  const top = sims.slice(0, K);
  return top.reduce((s, x) => s + x, 0) / top.length;
}

export interface SensitiveByMeaningOptions {
  embedder: Embedder;
}

/** The sensitive category of each text (keyword list first, then by meaning), or undefined. */
export async function sensitiveByMeaning(texts: readonly string[], opts: SensitiveByMeaningOptions): Promise<(SensitiveCategory | undefined)[]> {
  const out: (SensitiveCategory | undefined)[] = texts.map((t) => sensitiveCategory(t));
  const rest = texts.map((t, i) => (out[i] ? -1 : i)).filter((i) => i >= 0);
  if (rest.length === 0) return out;
  const { byClass } = await prototypes(opts.embedder);
  const vectors = await opts.embedder.embed(rest.map((i) => texts[i]!));
  rest.forEach((i, j) => {
    let best: SensitiveCategory | 'none' = 'none';
    let bestScore = -Infinity;
    for (const [c, xs] of byClass) {
      const s = topMean(vectors[j]!, xs);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    out[i] = best === 'none' ? undefined : best;
  });
  return out;
}
