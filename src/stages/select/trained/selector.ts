/** The trained selector at run time: a model file's featurizer, estimator, calibration and cut over new pairs. */
import type { Embedder } from '../../../embed/embedder.js';
import { LogisticRegression } from '../../../learn/estimators/logistic.js';
import { Mlp } from '../../../learn/estimators/mlp.js';
import { decide, scoreRows } from '../../../learn/model-selection/cross-validate.js';
import { promptHash, readModelFile, type ModelFile } from '../../../learn/model-file.js';
import type { Prediction } from '../../../model/index.js';
import { availableSystems, computePairRows, FeatureCache, PairFeaturizer } from './features.js';
import type { Selection, SelectionPair, Selector } from '../selector.js';
import { queryKey } from './train.js';

export interface TrainedSelectorOptions {
  embedder: Embedder;
  /** Recorded system outputs for offline+llm models (e.g. the dataset's predictions). */
  predictions?: readonly Prediction[];
  /**
   * Live LLM outputs for offline+llm models: called with the pairs to score and the model's systems, it returns
   * their votes (e.g. {@link liveLlmVotes} over the batched judge on the configured model). Used instead of `predictions`.
   */
  votes?: (pairs: readonly SelectionPair[], systems: readonly string[]) => Promise<Prediction[]>;
  round?: string;
  /**
   * Pairs whose prompt (or user, per the model's CV group) was in the training set: `mark` (default) returns
   * them as missing so an evaluation drops them, and throws when every pair is such a pair; `keep` scores them.
   */
  seen?: 'mark' | 'keep';
  name?: string;
  /** Told how many pairs were excluded as seen in training, per select() call. */
  onExclude?: (excluded: number, total: number) => void;
  /** For messages: where the model came from. */
  file?: string;
}

/** A selector loaded from a model file: score = calibrated probability, relevant = score >= the stored threshold. */
export class TrainedSelector implements Selector {
  readonly name: string;
  readonly protocol = 'trained model, no refit';
  readonly model: ModelFile;
  private readonly featurizer: PairFeaturizer;
  private readonly estimator: LogisticRegression | Mlp;
  private readonly seenPrompts: Set<string>;
  private readonly seenUsers: Set<string>;
  /** Profiles' prompt-independent features, kept between calls: scoring a prompt touches only the prompt's side. */
  private readonly cache = new FeatureCache();

  constructor(model: ModelFile, private readonly opts: TrainedSelectorOptions) {
    this.model = model;
    this.name = opts.name ?? `model:${opts.file ?? model.features.set}`;
    this.featurizer = new PairFeaturizer(model.features, { pca: model.pca, standardisation: model.standardisation });
    this.estimator = model.weights.kind === 'logistic' ? LogisticRegression.fromJSON(model.weights) : Mlp.fromJSON(model.weights);
    this.seenPrompts = new Set(model.trainedOn.promptHashes);
    this.seenUsers = new Set(model.trainedOn.users);
  }

  static load(file: string, opts: TrainedSelectorOptions): TrainedSelector {
    return new TrainedSelector(readModelFile(file), { ...opts, file });
  }

  get threshold(): number {
    return this.model.threshold;
  }

  /** True when the pair's prompt (or user, for a user-grouped model) was in the training set. */
  seen(p: SelectionPair): boolean {
    return this.model.trainedOn.group === 'prompt' ? this.seenPrompts.has(promptHash(p.promptText)) : this.seenUsers.has(p.userId);
  }

  /** Calibrated probabilities, for every pair (seen or not). */
  async score(pairs: SelectionPair[]): Promise<number[]> {
    if (pairs.length === 0) return [];
    const spec = this.model.features;
    const predictions = spec.set === 'offline+llm' && this.opts.votes ? await this.opts.votes(pairs, spec.systems) : this.opts.predictions;
    if (spec.set === 'offline+llm') {
      const { systems } = availableSystems(pairs, predictions ?? [], 1e-9);
      const absent = spec.systems.filter((s) => !systems.includes(s));
      if (absent.length) {
        throw new Error(`${this.name}: an offline+llm model needs recorded outputs of ${spec.systems.join(', ')}; none found for these pairs from ${absent.join(', ')}`);
      }
    }
    const rows = await computePairRows(pairs, spec, {
      embedder: this.opts.embedder, cache: this.cache, ...(predictions ? { predictions } : {}), ...(this.opts.round !== undefined ? { round: this.opts.round } : {}),
    });
    return scoreRows({ featurizer: this.featurizer, estimator: this.estimator, calibration: this.model.calibration }, rows);
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    const mark = (this.opts.seen ?? 'mark') === 'mark';
    const seenPrompt = new Map<string, boolean>(); // one hash per distinct prompt, not per pair
    const seen = (p: SelectionPair): boolean => {
      if (this.model.trainedOn.group !== 'prompt') return this.seen(p);
      let s = seenPrompt.get(p.promptText);
      if (s === undefined) seenPrompt.set(p.promptText, (s = this.seen(p)));
      return s;
    };
    const keep = pairs.map((p) => !mark || !seen(p));
    const use = pairs.filter((_, i) => keep[i]);
    const excluded = pairs.length - use.length;
    if (mark) this.opts.onExclude?.(excluded, pairs.length);
    if (pairs.length > 0 && use.length === 0) {
      const cv = this.model.cv;
      throw new Error(
        `${this.name} was trained on this data: all ${pairs.length} pairs have a ${this.model.trainedOn.group} from its training set ` +
          `(dataset "${this.model.trainedOn.dataset}"), so scoring them would not be a test. Its honest figures are the nested ` +
          `cross-validated ones that 'attune train select' printed and stored in the model file: F1 ${cv.f1.toFixed(3)} ` +
          `(95% CI ${cv.f1Ci.low.toFixed(3)}-${cv.f1Ci.high.toFixed(3)}, ${cv.folds} folds grouped by ${cv.group}).`,
      );
    }
    const scores = await this.score(use);
    const relevant = this.decide(use, scores);
    let j = 0;
    return keep.map((k) => {
      if (!k) return { relevant: false, missing: true };
      const s = scores[j];
      return { relevant: relevant[j++]!, score: s! };
    });
  }

  /**
   * Decisions for scored pairs by the model's cut. The expected-count cut decides within each user and prompt
   * among the pairs given together: pass all of a profile's attributes for a prompt in one call.
   */
  decide(pairs: readonly SelectionPair[], scores: readonly number[]): boolean[] {
    const cut = this.model.cut ?? { kind: 'threshold' };
    return decide(cut, this.model.threshold, scores, cut.kind === 'threshold' ? [] : pairs.map(queryKey));
  }
}
