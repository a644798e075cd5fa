import { type Embedder } from '../../../embed/embedder.js';
import { fitPca, fitStandardisation, projectPca, standardise, type Pca, type Standardisation } from '../../../learn/preprocess.js';
import type { FittedFeaturizer } from '../../../learn/model-selection/cross-validate.js';
import { PROMPT_MAX_CHARS } from '../../../model/prompt.js';
import { type PairRow, scalarNames } from './pair-rows.js';
import { type FeatureSet, type FeatureSpec } from './spec.js';

/** The fitted part of the features: stored in the model file. */
export interface FeaturizerState {
  pca: Pca;
  standardisation: Standardisation;
}

export function featureNames(spec: FeatureSpec): string[] {
  const k = spec.pcaDims;
  const block = (p: string): string[] => Array.from({ length: k }, (_, i) => `${p}${i}`);
  return [...scalarNames(spec), ...block('attr_pc'), ...block('prompt_pc'), ...block('prod_pc'), ...block('absdiff_pc')];
}

export class PairFeaturizer implements FittedFeaturizer<PairRow> {
  /** Each vector's projection, computed once: rows share prompt and attribute vectors. */
  private readonly projected = new WeakMap<Float32Array, Float64Array>();

  constructor(
    readonly spec: FeatureSpec,
    readonly state: FeaturizerState,
  ) {}

  private project(v: Float32Array): Float64Array {
    let z = this.projected.get(v);
    if (!z) this.projected.set(v, (z = projectPca(this.state.pca, v)));
    return z;
  }

  /** Features before standardisation, into `out` when given. */
  raw(r: PairRow, out?: Float64Array): Float64Array {
    const a = this.project(r.attribute);
    const p = this.project(r.prompt);
    const k = a.length;
    out ??= new Float64Array(r.scalars.length + 4 * k);
    out.set(r.scalars, 0);
    let o = r.scalars.length;
    out.set(a, o);
    out.set(p, (o += k));
    o += k;
    for (let i = 0; i < k; i++) {
      out[o + i] = a[i]! * p[i]!;
      out[o + k + i] = Math.abs(a[i]! - p[i]!);
    }
    return out;
  }

  transform(rows: readonly PairRow[]): Float64Array[] {
    // one buffer for all rows: a typed array per row costs more to allocate than its arithmetic
    const width = this.state.standardisation.mean.length;
    const buf = new ArrayBuffer(rows.length * width * 8);
    return rows.map((r, i) => {
      if (r.scalars.length + 4 * this.state.pca.components.length !== width) {
        throw new Error(`standardise: row has ${r.scalars.length + 4 * this.state.pca.components.length} values, standardisation has ${width}`);
      }
      const x = this.raw(r, new Float64Array(buf, i * width * 8, width));
      return standardise(this.state.standardisation, x, x);
    });
  }
}

/**
 * Fits the PCA basis (on the distinct prompt and attribute vectors of `rows`) and the standardisation (on
 * `rows`' features): call it with training rows only.
 */
export function fitFeaturizer(spec: FeatureSpec, rows: readonly PairRow[]): PairFeaturizer {
  const seen = new Set<Float32Array>();
  const vectors: Float32Array[] = [];
  for (const r of rows) {
    for (const v of [r.prompt, r.attribute]) {
      if (!seen.has(v)) {
        seen.add(v);
        vectors.push(v);
      }
    }
  }
  const pca = fitPca(vectors, spec.pcaDims);
  const partial = new PairFeaturizer(spec, { pca, standardisation: { mean: [], std: [] } });
  const standardisation = fitStandardisation(rows.map((r) => partial.raw(r)));
  return new PairFeaturizer(spec, { pca, standardisation });
}

export function defaultFeatureSpec(
  set: FeatureSet, embedder: Embedder, systems: { systems: string[]; scoredSystems: string[] } = { systems: [], scoredSystems: [] }, opts: { phrase?: boolean } = {},
): FeatureSpec {
  return {
    version: 1, set, embedder: embedder.id, promptMaxChars: PROMPT_MAX_CHARS, pcaDims: 16,
    systems: set === 'offline+llm' ? systems.systems : [], scoredSystems: set === 'offline+llm' ? systems.scoredSystems : [],
    ...(opts.phrase ? { phrase: true } : {}),
  };
}
