import { seededRandom, shuffled } from '../../util/random.js';

/**
 * Grouped k-fold: the fold index (0..k-1) of each row, with every row of a group in the same fold, so a
 * model (or a threshold) is never tested on a group it was fitted on.
 *
 * Groups are ordered by size (largest first; equal sizes in a seeded random order) and each goes to the fold
 * holding the fewest rows so far (ties: fewest groups, then lowest index). That greedy rule keeps folds within
 * one largest-group of each other in rows; the seed only decides which groups share a fold. Deterministic for
 * a given (groups, k, seed). Needs at least k distinct groups.
 */
export function groupKFold(groups: readonly string[], k = 5, seed = 0): number[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`groupKFold: k must be an integer >= 2, got ${k}`);
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  if (sizes.size < k) throw new Error(`groupKFold: ${sizes.size} distinct groups cannot fill ${k} folds`);

  const rand = seededRandom(seed);
  const order = shuffled([...sizes.keys()].sort(), rand);
  const rank = new Map(order.map((g, i) => [g, i]));
  order.sort((a, b) => sizes.get(b)! - sizes.get(a)! || rank.get(a)! - rank.get(b)!);

  const rows = new Array<number>(k).fill(0);
  const count = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const g of order) {
    let best = 0;
    for (let f = 1; f < k; f++) {
      if (rows[f]! < rows[best]! || (rows[f] === rows[best] && count[f]! < count[best]!)) best = f;
    }
    foldOf.set(g, best);
    rows[best]! += sizes.get(g)!;
    count[best]! += 1;
  }
  return groups.map((g) => foldOf.get(g)!);
}

/** One fold of a split: the positions trained on and the positions held out, each in row order. */
export interface Split {
  fold: number;
  train: number[];
  test: number[];
}

/** The k train/test splits of a fold assignment (fold f holds out the rows whose fold is f). */
export function splitsOf(folds: readonly number[], k: number): Split[] {
  return Array.from({ length: k }, (_, f) => ({
    fold: f,
    train: folds.flatMap((x, i) => (x === f ? [] : [i])),
    test: folds.flatMap((x, i) => (x === f ? [i] : [])),
  }));
}

/** A grouped k-fold split: {@link groupKFold}'s fold of every row, and the k splits it makes. */
export function groupSplits(groups: readonly string[], k: number, seed: number): { folds: number[]; splits: Split[] } {
  const folds = groupKFold(groups, k, seed);
  return { folds, splits: splitsOf(folds, Math.max(...folds) + 1) };
}
