import { crossValidate } from '../../learn/model-selection/cross-validate.js';
import { prf1, tuneThreshold, type ChooseThresholdOptions, type PrF1 } from '../../learn/model-selection/threshold.js';
import type { Selection, SelectionPair, Selector } from './selector.js';

export interface CrossValidatedSelection {
  /** Decision per row, each made with a threshold chosen on the other folds. */
  predictions: boolean[];
  /** Fold of each row. */
  folds: number[];
  /** Threshold used for each fold. */
  thresholds: number[];
  /** Precision / recall / F1 of the pooled held-out decisions. */
  metrics: PrF1;
}

/**
 * Evaluates a score with a fitted cutoff honestly: rows are split into k folds by group (e.g. prompt); for
 * each fold the threshold is chosen (max F1) on the other folds' rows and applied to that fold. No row is
 * decided by a threshold that saw it or any row of its group.
 */
export function crossValidatedSelect(
  scores: readonly number[],
  labels: readonly boolean[],
  groups: readonly string[],
  k = 5,
  seed = 0,
  opts: ChooseThresholdOptions = {},
): CrossValidatedSelection {
  if (scores.length !== labels.length || scores.length !== groups.length) {
    throw new Error(`crossValidatedSelect: ${scores.length} scores, ${labels.length} labels, ${groups.length} groups`);
  }
  const cv = crossValidate({
    cv: { groups, k, seed },
    fit: ({ train }) => tuneThreshold(train.map((i) => scores[i]!), train.map((i) => labels[i]!), opts).threshold,
    predict: (threshold, test) => test.map((i) => scores[i]! >= threshold),
  });
  const { folds } = cv;
  const predictions = cv.oof.map((d) => d ?? false);
  const thresholds = cv.models;
  return { predictions, folds, thresholds, metrics: prf1(predictions, labels) };
}

/** A selector built on a continuous score: fit() picks the F1-maximising cutoff, select() applies it. */
export interface ScoringSelector extends Selector {
  /** Higher = more relevant. Unsupervised: needs no fit. */
  score(pairs: SelectionPair[]): Promise<number[]>;
  /** The cutoff in use (undefined until fitted or given). */
  readonly threshold: number | undefined;
  fit(pairs: SelectionPair[], labels: boolean[]): Promise<void>;
}

/** Shared fit/select for score-based selectors. Subclasses implement score(). */
export abstract class ThresholdSelector implements ScoringSelector {
  abstract readonly name: string;
  protected cutoff: number | undefined;
  protected readonly choice: ChooseThresholdOptions;

  constructor(threshold?: number, choice: ChooseThresholdOptions = {}) {
    this.cutoff = threshold;
    this.choice = choice;
  }

  get threshold(): number | undefined {
    return this.cutoff;
  }

  abstract score(pairs: SelectionPair[]): Promise<number[]>;

  async fit(pairs: SelectionPair[], labels: boolean[]): Promise<void> {
    if (pairs.length !== labels.length) throw new Error(`${this.name}.fit: ${pairs.length} pairs for ${labels.length} labels`);
    this.cutoff = tuneThreshold(await this.score(pairs), labels, this.choice).threshold;
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    const cutoff = this.cutoff;
    if (cutoff === undefined) {
      throw new Error(`${this.name}: no threshold; call fit(pairs, labels) on training pairs or pass a threshold`);
    }
    const scores = await this.score(pairs);
    return scores.map((score) => ({ relevant: score >= cutoff, score }));
  }
}
