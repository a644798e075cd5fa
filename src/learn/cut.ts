/**
 * Per-query cuts: instead of one probability threshold for every pair, each query (one user's profile against
 * one prompt) keeps its k best-scored rows, with k = round(scale x the sum of the query's calibrated
 * probabilities), i.e. the number of relevant attributes the model expects for this prompt and profile. The
 * selection rate then follows what the model expects of the prompt, not a share fixed by the training rows;
 * `scale` (chosen on out-of-fold scores, like a threshold) only corrects the probabilities' overall bias.
 */

/** Rows per query, in row order. */
function byQuery(queries: readonly string[]): number[][] {
  const m = new Map<string, number[]>();
  queries.forEach((q, i) => {
    const g = m.get(q);
    if (g) g.push(i);
    else m.set(q, [i]);
  });
  return [...m.values()];
}

/** Decisions of the expected-count cut: per query the round(scale * sum p) highest scores (ties: earlier row). */
export function expectedCountDecide(scores: readonly number[], queries: readonly string[], scale: number): boolean[] {
  if (scores.length !== queries.length) throw new Error(`expectedCountDecide: ${scores.length} scores for ${queries.length} queries`);
  const out = scores.map(() => false);
  for (const rows of byQuery(queries)) {
    const sum = rows.reduce((a, i) => a + scores[i]!, 0);
    const k = Math.max(0, Math.min(rows.length, Math.round(scale * sum)));
    const order = [...rows].sort((a, b) => scores[b]! - scores[a]! || a - b);
    for (let t = 0; t < k; t++) out[order[t]!] = true;
  }
  return out;
}

/**
 * The F1-best scale on labelled (out-of-fold) scores, from a grid of 0.3 to 3 in steps of 0.02, among scales
 * that select between lo and hi times the human YES count when bounds are given (all scales when none does).
 * Ties go to the smaller scale.
 */
export function chooseExpectedCountScale(scores: readonly number[], labels: readonly boolean[], queries: readonly string[], bounds?: readonly [number, number]): { scale: number; f1: number; selected: number } {
  const pos = labels.filter(Boolean).length;
  let best: { scale: number; f1: number; selected: number } | undefined;
  let free: { scale: number; f1: number; selected: number } | undefined;
  for (let step = 0; step <= 135; step++) {
    const scale = Math.round((0.3 + 0.02 * step) * 100) / 100;
    const d = expectedCountDecide(scores, queries, scale);
    let tp = 0;
    let sel = 0;
    d.forEach((v, i) => {
      if (v) {
        sel++;
        if (labels[i]) tp++;
      }
    });
    const f1 = tp ? (2 * tp) / (sel + pos) : 0;
    if (!free || f1 > free.f1) free = { scale, f1, selected: sel };
    if (bounds && (sel < bounds[0] * pos || sel > bounds[1] * pos)) continue;
    if (!best || f1 > best.f1) best = { scale, f1, selected: sel };
  }
  return (bounds ? best : undefined) ?? free!;
}
