import type { Embedder } from '../../../embed/embedder.js';
import { ordinalExpected } from '../../../learn/estimators/ordinal.js';
import { projectPca, standardise, type Pca, type Standardisation } from '../../../learn/preprocess.js';
import { computeRewardRows, detectorFor, type RawRewardRow } from './features.js';
import type { RewardInput } from './items.js';
import type { RewardModelFile, ThresholdWeights } from './model-file.js';

/** A fitted reward model: PCA, standardisation and the ordinal cut models. */
export interface Fitted {
  pca: Pca;
  standardisation: Standardisation;
  thresholds: ThresholdWeights[];
  l2: number;
}

export function featureVector(f: Pick<Fitted, 'pca' | 'standardisation'>, row: RawRewardRow): Float64Array {
  const z = f.pca.components.length ? projectPca(f.pca, row.diff) : new Float64Array(0);
  const full = new Float64Array(row.scalars.length + z.length);
  full.set(row.scalars, 0);
  full.set(z, row.scalars.length);
  return standardise(f.standardisation, full);
}

export function expectedScore(thresholds: readonly ThresholdWeights[], x: Float64Array): number {
  return ordinalExpected(thresholds, x);
}


/** A loaded reward model: scores (pair, attribute) inputs with the features it was trained on. */
export class RewardModel {
  constructor(
    readonly file: RewardModelFile,
    private readonly embedder: Embedder,
  ) {
    if (embedder.id !== file.features.embedder) throw new Error(`reward model was trained with embedder ${file.features.embedder}, got ${embedder.id}`);
  }

  /** Expected human rating (1-5) of each input. */
  async score(inputs: readonly RewardInput[]): Promise<number[]> {
    const rows = await computeRewardRows(inputs, { embedder: this.embedder, detector: detectorFor(this.file.features.mention, this.embedder) });
    return this.scoreRows(rows);
  }

  scoreRows(rows: readonly RawRewardRow[]): number[] {
    const f = { pca: this.file.pca, standardisation: this.file.standardisation };
    return rows.map((r) => expectedScore(this.file.thresholds, featureVector(f, r)));
  }
}
