import type { Embedder } from '../../../embed/embedder.js';
import { LogisticRegression } from '../../../learn/estimators/logistic.js';
import { projectPca, standardise, type Pca, type Standardisation } from '../../../learn/preprocess.js';
import type { FailureMode } from '../../../model/index.js';
import { HAND_FEATURES, rawFeatures, type RawFeatures } from './features.js';
import type { Verification, Verifier, VerifyItem } from './items.js';
import { VerifyModelError, type VerifyModelFile } from './model-file.js';

/** A fitted verifier: projections, standardisation, the flag model and the one-vs-rest mode models. */
export interface Fitted {
  pcaA: Pca;
  pcaE: Pca;
  std: Standardisation;
  flag: LogisticRegression;
  l2: number;
  modes: { mode: FailureMode; lr: LogisticRegression }[];
  defaultMode?: FailureMode;
}

export const emptyPca = (d: number): Pca => ({ mean: new Array<number>(d).fill(0), components: [], variance: [] });

export function design(raw: RawFeatures, pcaA: Pca, pcaE: Pca): number[] {
  const pa = pcaA.components.length ? Array.from(projectPca(pcaA, raw.attributeVec)) : [];
  const pe = pcaE.components.length ? Array.from(projectPca(pcaE, raw.evidenceVec)) : [];
  return [...raw.hand, ...pa, ...pe];
}

export function featureNames(pcaDims: number): string[] {
  return [...HAND_FEATURES, ...Array.from({ length: pcaDims }, (_, i) => `attribute_pc${i + 1}`), ...Array.from({ length: pcaDims }, (_, i) => `evidence_pc${i + 1}`)];
}

export function predictFitted(f: Fitted, raw: RawFeatures): { p: number; mode?: FailureMode; modeP?: number } {
  const x = standardise(f.std, design(raw, f.pcaA, f.pcaE));
  const p = f.flag.predictProba([x])[0]!;
  if (!f.modes.length) return { p, ...(f.defaultMode ? { mode: f.defaultMode } : {}) };
  let best = f.modes[0]!;
  let bestP = -1;
  for (const m of f.modes) {
    const q = m.lr.predictProba([x])[0]!;
    if (q > bestP) [best, bestP] = [m, q];
  }
  return { p, mode: best.mode, modeP: bestP };
}


const MODE_REASON: Record<FailureMode, string> = {
  overgeneralization: 'reads a lasting trait into what looks like a single request',
  missing_evidence: 'the cited turns do not say this',
  task_context_confusion: 'the evidence is task content (fiction, role-play, translation or writing for someone else), not the user',
  not_standalone: 'it only makes sense next to the conversation (points at "this", "the second one", ...)',
  other: 'people would likely reject it',
};

/** Scores attributes with a trained model file. */
export class TrainedVerifier implements Verifier {
  readonly name: string;
  private readonly fitted: Fitted;

  constructor(
    readonly model: VerifyModelFile,
    private readonly embedder: Embedder,
    name = 'verifier:trained',
    private readonly opts: { onProgress?: (done: number, total: number) => void } = {},
  ) {
    if (embedder.id !== model.embedder) throw new VerifyModelError(`model was trained with embedder "${model.embedder}", got "${embedder.id}"`);
    this.name = name;
    this.fitted = {
      pcaA: model.pcaAttribute, pcaE: model.pcaEvidence, std: model.standardisation, l2: model.flag.l2,
      flag: LogisticRegression.fromJSON({ kind: 'logistic', coef: model.flag.coef, intercept: model.flag.intercept }),
      modes: model.modes.map((m) => ({ mode: m.mode, lr: LogisticRegression.fromJSON({ kind: 'logistic', coef: m.coef, intercept: m.intercept }) })),
      ...(model.defaultMode ? { defaultMode: model.defaultMode } : {}),
    };
  }

  async verify(items: readonly VerifyItem[]): Promise<Verification[]> {
    const raw = await rawFeatures(items, this.embedder, this.opts.onProgress);
    return items.map((it, i) => {
      const r = predictFitted(this.fitted, raw[i]!);
      const flagged = r.p >= this.model.flag.threshold;
      const mode = flagged ? (r.mode ?? 'other') : undefined;
      return {
        userId: it.userId,
        attribute: it.attribute.text,
        flagged,
        verdict: !flagged ? 'makes_sense' : r.p >= 0.75 ? 'doesnt_make_sense' : 'maybe',
        ...(mode ? { failureMode: mode } : {}),
        reason: flagged ? `${mode!.replace(/_/g, ' ')}: ${MODE_REASON[mode!]} (p=${r.p.toFixed(2)})` : `plausible given the evidence (p=${r.p.toFixed(2)})`,
        score: r.p,
      };
    });
  }
}

