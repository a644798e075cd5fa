import { InvalidArgumentError } from '../../model/errors.js';
import { pairKey, type PairKey, type Prediction } from '../../model/index.js';
import type { Selection, SelectionPair, Selector } from './selector.js';

export interface VoteCoverage {
  /** Pairs with a recorded vote. */
  covered: number;
  total: number;
  /** covered / total (1 for no pairs). */
  rate: number;
  /** Up to 5 pairs without a vote, for messages. */
  examples: PairKey[];
}

export interface VoteSelectorOptions {
  /** Only predictions of this round. */
  round?: string;
  /**
   * A pair without a vote: `throw` (default) names it and how many are missing; `mark` returns
   * `{ relevant: false, missing: true }` so an evaluation can drop it and report coverage.
   */
  onMissing?: 'throw' | 'mark';
  name?: string;
}

/**
 * Replays recorded decisions of one system (e.g. a zero-shot LLM's YES/NO votes) as a selector, looked up by
 * (user, prompt, attribute). Votes need no fit. If a pair was voted twice, the later record wins.
 */
export class VoteSelector implements Selector {
  readonly name: string;
  readonly protocol = 'recorded votes';
  readonly system: string;
  /** Records of this system (and round) that repeated an earlier pair. */
  readonly duplicates: number;
  private readonly votes = new Map<string, Prediction>();
  private readonly onMissing: 'throw' | 'mark';

  constructor(predictions: readonly Prediction[], system: string, opts: VoteSelectorOptions = {}) {
    this.system = system;
    this.name = opts.name ?? `votes:${system}`;
    this.onMissing = opts.onMissing ?? 'throw';
    let dup = 0;
    for (const p of predictions) {
      if (p.system !== system) continue;
      if (opts.round !== undefined && p.round !== opts.round) continue;
      const k = pairKey(p);
      if (this.votes.has(k)) dup++;
      this.votes.set(k, p);
    }
    this.duplicates = dup;
    if (this.votes.size === 0) {
      const systems = [...new Set(predictions.map((p) => p.system))].sort();
      throw new InvalidArgumentError(
        'system',
        `no recorded predictions for system "${system}"${opts.round !== undefined ? ` in round "${opts.round}"` : ''}; ` +
          `systems present: ${systems.length ? systems.join(', ') : '(none)'}`,
      );
    }
  }

  /** Number of pairs with a vote. */
  get size(): number {
    return this.votes.size;
  }

  has(pair: PairKey): boolean {
    return this.votes.has(pairKey(pair));
  }

  coverage(pairs: readonly PairKey[]): VoteCoverage {
    const missing = pairs.filter((p) => !this.votes.has(pairKey(p)));
    const total = pairs.length;
    return {
      covered: total - missing.length,
      total,
      rate: total ? (total - missing.length) / total : 1,
      examples: missing.slice(0, 5).map(({ userId, promptId, attribute }) => ({ userId, promptId, attribute })),
    };
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    if (this.onMissing === 'throw') {
      const c = this.coverage(pairs);
      if (c.covered < c.total) {
        const e = c.examples[0]!;
        throw new InvalidArgumentError(
          'onMissing',
          `${this.name}: ${c.total - c.covered} of ${c.total} pairs have no recorded vote ` +
            `(first: user ${e.userId}, prompt ${e.promptId}, attribute "${e.attribute}"); ` +
            `use onMissing: 'mark' to skip them`,
        );
      }
    }
    return pairs.map((p) => {
      const v = this.votes.get(pairKey(p));
      if (!v) return { relevant: false, missing: true };
      return v.score !== undefined ? { relevant: v.relevant, score: v.score } : { relevant: v.relevant };
    });
  }
}
