/**
 * A trained selector that trains itself in fit(): `trainSelector` on the subset of the dataset holding only
 * the training pairs (their labels as given), then a {@link TrainedSelector} over the model fitted on all of
 * them. Made for cross-validation by someone else (a cascade curve, `evaluateSelector`): each outer fold
 * fits it on the other folds' pairs, so no scored pair, nor any pair of its prompt, reaches the model.
 *
 * On the very pairs it was trained on, select() returns by default the scores from trainSelector's own nested
 * CV (each from a model that did not see the pair's prompt or user), decided at the final model's threshold:
 * in-sample scores of the final model would be optimistic, and a cascade that places its LLM band on training
 * scores would place it where the base looks surer than it is.
 */
import { createHash } from 'node:crypto';
import { pairKey, type Dataset, type RelevanceLabel } from '../../../model/index.js';
import { labelledPairs } from '../pairs.js';
import type { Selection, SelectionPair, Selector } from '../selector.js';
import { trainSelector, type TrainSelectorOptions, type TrainSelectorResult } from './train.js';
import { TrainedSelector } from './selector.js';
import { compositeKey } from '../../../model/key.js';

export interface FittingTrainedSelectorOptions extends Omit<TrainSelectorOptions, 'cvOnly' | 'extraRounds' | 'round'> {
  /** The dataset the pairs come from (its profiles, prompts and recorded LLM outputs are features). */
  dataset: Dataset;
  /** Round of the pairs (default: the dataset's largest). */
  round?: string;
  name?: string;
  /** Scores on the training pairs: nested out-of-fold (default) or the final model's in-sample ones. */
  trainingScores?: 'out-of-fold' | 'in-sample';
  /** Told after each fit, e.g. to log the nested CV figures or the time taken. */
  onFit?: (result: TrainSelectorResult) => void;
}

export class FittingTrainedSelector implements Selector {
  readonly name: string;
  readonly protocol = 'trained in fit() on the training pairs only';
  private model: TrainedSelector | undefined;
  private oof = new Map<string, number>();
  /** Fits by training set: fitting again on the same pairs and labels (a second judge over the same folds) reuses them. */
  private readonly memo = new Map<string, { model: TrainedSelector; oof: Map<string, number>; result: TrainSelectorResult }>();
  /** The last fit's result (nested CV report, model, seconds). */
  last: TrainSelectorResult | undefined;
  fits = 0;

  constructor(private readonly opts: FittingTrainedSelectorOptions) {
    this.name = opts.name ?? `trained:${opts.features ?? 'offline'}`;
  }

  get threshold(): number {
    if (!this.model) throw new Error(`${this.name}: fit() first`);
    return this.model.threshold;
  }

  async fit(pairs: SelectionPair[], labels: boolean[]): Promise<void> {
    if (pairs.length !== labels.length) throw new Error(`${this.name}: ${pairs.length} pairs, ${labels.length} labels`);
    const memoKey = createHash('sha256').update(pairs.map((p, i) => compositeKey(pairKey(p), labels[i] ? 1 : 0)).join('\n')).digest('hex');
    const hit = this.memo.get(memoKey);
    if (hit) {
      ({ model: this.model, oof: this.oof, result: this.last } = hit);
      return;
    }
    const { dataset: ds, name: _n, trainingScores: _t, onFit: _f, round: r, ...train } = this.opts;
    const round = r ?? labelledPairs(ds).round;
    const stored = new Map(ds.labels.filter((l) => l.round === round).map((l) => [pairKey(l), l]));
    const subset: RelevanceLabel[] = pairs.map((p, i) => ({
      ...(stored.get(pairKey(p)) ?? { userId: p.userId, promptId: p.promptId, attribute: p.attribute }),
      ...(round !== undefined ? { round } : {}),
      relevant: labels[i]!,
    }));
    const sub: Dataset = { ...ds, labels: subset, annotations: [] };
    const result = await trainSelector(sub, { ...train, ...(round !== undefined ? { round } : {}) });
    this.model = new TrainedSelector(result.model!, {
      embedder: this.opts.embedder, predictions: ds.predictions, seen: 'keep', name: this.name, ...(round !== undefined ? { round } : {}),
    });
    this.oof = new Map();
    if ((this.opts.trainingScores ?? 'out-of-fold') === 'out-of-fold') {
      // trainSelector scores its round's pairs first and in order: result.pairs[i] has nested.scores[i].
      result.pairs.forEach((p, i) => this.oof.set(pairKey(p), result.nested.scores[i]!));
    }
    this.last = result;
    this.memo.set(memoKey, { model: this.model, oof: this.oof, result });
    this.fits++;
    this.opts.onFit?.(result);
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    const model = this.model;
    if (!model) throw new Error(`${this.name}: fit() first`);
    const rest = pairs.flatMap((p, i) => (this.oof.has(pairKey(p)) ? [] : [i]));
    const fresh = await model.score(rest.map((i) => pairs[i]!));
    const score = pairs.map((p) => this.oof.get(pairKey(p)) ?? NaN);
    rest.forEach((i, j) => (score[i] = fresh[j]!));
    const relevant = model.decide(pairs, score);
    return score.map((s, i) => ({ relevant: relevant[i]!, score: s }));
  }
}
