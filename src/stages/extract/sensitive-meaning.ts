/**
 * Sensitive categories by meaning: nearest neighbours over sentence embeddings of self-written examples
 * (sensitive-examples.ts), combined with the keyword list. An attribute is put in the category whose three
 * nearest examples are closest on average, when that beats the three nearest ordinary examples by a margin; the keyword
 * list decides first when it names a category. "The user has lupus", "The user goes to AA meetings", "The user
 * is a Jehovah's Witness" are caught though none of those words is in the keyword list or the examples.
 * Nothing is fitted: the examples are the model, embedded once per embedder (the vector cache keeps them).
 */
import { l2normalize, type Embedder } from '../../embed/embedder.js';
import { ORDINARY_EXAMPLES, SENSITIVE_EXAMPLES } from './sensitive-examples.js';
import { sensitiveCategory, type SensitiveCategory } from './sensitive.js';

const K = 3;
/**
 * How much nearer a sensitive class must be than the ordinary one. A near tie is noise of the embedding, and a
 * fact lost to it is gone ("is a freelance photographer" by 0.002 as sex life); the sensitive facts found by
 * meaning alone on our self-written probes win by 0.015-0.3.
 */
const MARGIN = 0.01;
/** Texts classified between two turns of the event loop: a long conversation must not stall a server. */
const YIELD_EVERY = 64;
/** Texts embedded per call (the vector cache's lookups run on the event loop too). */
const EMBED_EVERY = 256;

/** One class's examples as unit vectors, row after row. */
interface ClassMatrix {
  category: SensitiveCategory | 'none';
  rows: Float32Array;
  count: number;
}

const built = new WeakMap<Embedder, Promise<ClassMatrix[]>>();

function prototypes(embedder: Embedder): Promise<ClassMatrix[]> {
  let p = built.get(embedder);
  if (!p) {
    p = (async () => {
      const classes: [SensitiveCategory | 'none', string[]][] = [...(Object.entries(SENSITIVE_EXAMPLES) as [SensitiveCategory, string[]][]), ['none', ORDINARY_EXAMPLES]];
      const vectors = await embedder.embed(classes.flatMap(([, xs]) => xs));
      let at = 0;
      return classes.map(([category, xs]) => {
        const dim = vectors[at]!.length;
        const rows = new Float32Array(xs.length * dim);
        for (let r = 0; r < xs.length; r++) rows.set(l2normalize(vectors[at++]!), r * dim);
        return { category, rows, count: xs.length };
      });
    })();
    built.set(embedder, p);
  }
  return p;
}

/** Mean cosine of the K examples of a class nearest to `v` (a unit vector). */
function topMean(v: Float32Array, m: ClassMatrix): number {
  const dim = v.length;
  const top = [-Infinity, -Infinity, -Infinity];
  for (let r = 0; r < m.count; r++) {
    let dot = 0;
    const off = r * dim;
    for (let i = 0; i < dim; i++) dot += v[i]! * m.rows[off + i]!;
    if (dot > top[K - 1]!) {
      let j = K - 1;
      while (j > 0 && dot > top[j - 1]!) {
        top[j] = top[j - 1]!;
        j--;
      }
      top[j] = dot;
    }
  }
  const k = Math.min(K, m.count);
  let sum = 0;
  for (let j = 0; j < k; j++) sum += top[j]!;
  return sum / k;
}

export interface SensitiveByMeaningOptions {
  embedder: Embedder;
}

/** The sensitive category of each text (keyword list first, then by meaning), or undefined. */
export async function sensitiveByMeaning(texts: readonly string[], opts: SensitiveByMeaningOptions): Promise<(SensitiveCategory | undefined)[]> {
  const out: (SensitiveCategory | undefined)[] = texts.map((t) => sensitiveCategory(t));
  const rest = texts.map((t, i) => (out[i] ? -1 : i)).filter((i) => i >= 0);
  if (rest.length === 0) return out;
  const classes = await prototypes(opts.embedder);
  let vectors: Float32Array[] = [];
  for (const [j, i] of rest.entries()) {
    if (j % EMBED_EVERY === 0) vectors = await opts.embedder.embed(rest.slice(j, j + EMBED_EVERY).map((k) => texts[k]!));
    else if (j % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const v = l2normalize(vectors[j % EMBED_EVERY]!);
    let best: SensitiveCategory | undefined;
    let bestScore = -Infinity;
    let ordinary = -Infinity;
    for (const m of classes) {
      const s = topMean(v, m);
      if (m.category === 'none') ordinary = s;
      else if (s > bestScore) {
        bestScore = s;
        best = m.category;
      }
    }
    out[i] = bestScore > ordinary + MARGIN ? best : undefined;
  }
  return out;
}
