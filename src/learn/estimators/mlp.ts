import { seededRandom, shuffled } from '../../util/random.js';
import { assertMatrix, classWeights, sigmoid } from '../linalg.js';

export interface MlpParams {
  /** Hidden ReLU units (default 16). */
  hidden?: number;
  /** Decoupled weight decay (AdamW) on the weights, not the biases (default 1e-3). */
  weightDecay?: number;
  learningRate?: number;
  /** Upper bound on epochs (default 300). */
  maxEpochs?: number;
  batchSize?: number;
  /** Epochs without improvement of the validation loss before stopping (default 20). */
  patience?: number;
  /** Share of groups held out for early stopping (default 0.2). With no groups, rows are held out. */
  validationShare?: number;
  classWeight?: 'balanced' | 'none' | { pos: number; neg: number };
  seed?: number;
}

export interface MlpWeights {
  kind: 'mlp';
  /** hidden x inputs */
  w1: number[][];
  b1: number[];
  w2: number[];
  b2: number;
}

export interface MlpFitOptions {
  /** Group of each row (e.g. prompt): early stopping holds out whole groups, so it measures transfer to new ones. */
  groups?: readonly string[];
}

/**
 * One hidden layer of ReLU units and a sigmoid output, trained with AdamW on the class-weighted log loss.
 * Early stopping: a seeded share of the groups is held out, training stops when its loss has not improved for
 * `patience` epochs, and the weights of the best epoch are kept. He-normal initialisation from a seeded PRNG:
 * the same data, params and seed give the same model.
 */
export class Mlp {
  readonly params: Required<MlpParams>;
  w1: Float64Array[] = [];
  b1 = new Float64Array(0);
  w2 = new Float64Array(0);
  b2 = 0;
  /** Epoch whose weights were kept, and epochs run. */
  bestEpoch = 0;
  epochs = 0;

  constructor(params: MlpParams = {}) {
    this.params = {
      hidden: params.hidden ?? 16, weightDecay: params.weightDecay ?? 1e-3, learningRate: params.learningRate ?? 0.01,
      maxEpochs: params.maxEpochs ?? 300, batchSize: params.batchSize ?? 64, patience: params.patience ?? 20,
      validationShare: params.validationShare ?? 0.2, classWeight: params.classWeight ?? 'balanced', seed: params.seed ?? 0,
    };
  }

  fit(x: readonly ArrayLike<number>[], y: readonly boolean[], opts: MlpFitOptions = {}): this {
    if (x.length !== y.length) throw new Error(`Mlp.fit: ${x.length} rows for ${y.length} labels`);
    const d = assertMatrix(x, 'Mlp.fit');
    const { hidden: h, seed } = this.params;
    const rand = seededRandom(seed);
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

    // Validation split by group.
    const groups = opts.groups ?? x.map((_, i) => String(i));
    const distinct = shuffled([...new Set(groups)].sort(), rand);
    const nVal = Math.max(1, Math.round(distinct.length * this.params.validationShare));
    const valGroups = new Set(distinct.length > 1 ? distinct.slice(0, nVal) : []);
    const trainIdx: number[] = [];
    const valIdx: number[] = [];
    groups.forEach((g, i) => (valGroups.has(g) ? valIdx : trainIdx).push(i));
    const cw = classWeights(y, this.params.classWeight);

    this.w1 = Array.from({ length: h }, () => Float64Array.from({ length: d }, () => normal() * Math.sqrt(2 / d)));
    this.b1 = new Float64Array(h);
    this.w2 = Float64Array.from({ length: h }, () => normal() * Math.sqrt(1 / h));
    this.b2 = 0;

    const nParams = h * d + h + h + 1;
    const m = new Float64Array(nParams);
    const v = new Float64Array(nParams);
    const grad = new Float64Array(nParams);
    const { learningRate: lr, weightDecay: wd, batchSize } = this.params;
    const b1m = 0.9;
    const b2m = 0.999;
    let step = 0;
    const act = new Float64Array(h);
    let best = Infinity;
    let bestState = this.snapshot();
    let since = 0;
    this.bestEpoch = 0;
    for (let epoch = 1; epoch <= this.params.maxEpochs; epoch++) {
      const order = shuffled(trainIdx, rand);
      for (let s = 0; s < order.length; s += batchSize) {
        const batch = order.slice(s, s + batchSize);
        grad.fill(0);
        let wsum = 0;
        for (const i of batch) wsum += cw[i]!;
        if (wsum === 0) continue;
        for (const i of batch) {
          const r = x[i]!;
          let z = this.b2;
          for (let k = 0; k < h; k++) {
            const wk = this.w1[k]!;
            let a = this.b1[k]!;
            for (let j = 0; j < d; j++) a += wk[j]! * r[j]!;
            act[k] = a > 0 ? a : 0;
            z += this.w2[k]! * act[k]!;
          }
          const dz = (cw[i]! / wsum) * (sigmoid(z) - (y[i] ? 1 : 0));
          for (let k = 0; k < h; k++) {
            grad[h * d + h + k]! += dz * act[k]!;
            if (act[k]! > 0) {
              const da = dz * this.w2[k]!;
              grad[h * d + k]! += da;
              const off = k * d;
              for (let j = 0; j < d; j++) grad[off + j]! += da * r[j]!;
            }
          }
          grad[nParams - 1]! += dz;
        }
        step++;
        const c1 = 1 - b1m ** step;
        const c2 = 1 - b2m ** step;
        const update = (idx: number, value: number, decay: boolean): number => {
          const g = grad[idx]!;
          m[idx] = b1m * m[idx]! + (1 - b1m) * g;
          v[idx] = b2m * v[idx]! + (1 - b2m) * g * g;
          let nv = value - (lr * (m[idx]! / c1)) / (Math.sqrt(v[idx]! / c2) + 1e-8);
          if (decay) nv -= lr * wd * value;
          return nv;
        };
        for (let k = 0; k < h; k++) {
          const wk = this.w1[k]!;
          for (let j = 0; j < d; j++) wk[j] = update(k * d + j, wk[j]!, true);
          this.b1[k] = update(h * d + k, this.b1[k]!, false);
          this.w2[k] = update(h * d + h + k, this.w2[k]!, true);
        }
        this.b2 = update(nParams - 1, this.b2, false);
      }
      this.epochs = epoch;
      if (valIdx.length === 0) continue;
      const loss = this.loss(valIdx.map((i) => x[i]!), valIdx.map((i) => y[i]!), valIdx.map((i) => cw[i]!));
      if (loss < best - 1e-6) {
        best = loss;
        bestState = this.snapshot();
        this.bestEpoch = epoch;
        since = 0;
      } else if (++since >= this.params.patience) {
        break;
      }
    }
    if (valIdx.length > 0) this.restore(bestState);
    else this.bestEpoch = this.epochs;
    return this;
  }

  private loss(x: ArrayLike<number>[], y: boolean[], w: number[]): number {
    const p = this.predictProba(x);
    let s = 0;
    let tw = 0;
    for (let i = 0; i < y.length; i++) {
      const q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]!));
      s -= w[i]! * (y[i] ? Math.log(q) : Math.log(1 - q));
      tw += w[i]!;
    }
    return tw ? s / tw : 0;
  }

  private snapshot(): MlpWeights {
    return this.toJSON();
  }

  private restore(s: MlpWeights): void {
    this.w1 = s.w1.map((r) => Float64Array.from(r));
    this.b1 = Float64Array.from(s.b1);
    this.w2 = Float64Array.from(s.w2);
    this.b2 = s.b2;
  }

  decisionFunction(x: readonly ArrayLike<number>[]): Float64Array {
    const h = this.w1.length;
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const r = x[i]!;
      if (h && r.length !== this.w1[0]!.length) throw new Error(`Mlp: row ${i} has ${r.length} features, model has ${this.w1[0]!.length}`);
      let z = this.b2;
      for (let k = 0; k < h; k++) {
        const wk = this.w1[k]!;
        let a = this.b1[k]!;
        for (let j = 0; j < r.length; j++) a += wk[j]! * r[j]!;
        if (a > 0) z += this.w2[k]! * a;
      }
      out[i] = z;
    }
    return out;
  }

  predictProba(x: readonly ArrayLike<number>[]): Float64Array {
    return this.decisionFunction(x).map(sigmoid);
  }

  toJSON(): MlpWeights {
    return { kind: 'mlp', w1: this.w1.map((r) => [...r]), b1: [...this.b1], w2: [...this.w2], b2: this.b2 };
  }

  static fromJSON(w: MlpWeights): Mlp {
    const m = new Mlp({ hidden: w.b1.length });
    m.w1 = w.w1.map((r) => Float64Array.from(r));
    m.b1 = Float64Array.from(w.b1);
    m.w2 = Float64Array.from(w.w2);
    m.b2 = w.b2;
    return m;
  }
}
