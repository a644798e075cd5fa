import { createHash } from 'node:crypto';
import { z } from 'zod';
import { checkFeatureShapes, ModelFileError, parseModel, readModel, writeModel, type ModelCodec } from './model-io.js';

export const MODEL_FORMAT = 'attune-select-model';
export const MODEL_VERSION = 1;

const nums = z.array(z.number());

export const FeatureSpecSchema = z.object({
  version: z.literal(1),
  set: z.enum(['offline', 'offline+llm']),
  embedder: z.string().min(1),
  promptMaxChars: z.number().int().positive(),
  pcaDims: z.number().int().nonnegative(),
  systems: z.array(z.string()),
  scoredSystems: z.array(z.string()),
  phrase: z.boolean().optional(),
});

export const WeightsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('logistic'), coef: nums, intercept: z.number() }),
  z.object({ kind: z.literal('mlp'), w1: z.array(nums), b1: nums, w2: nums, b2: z.number() }),
]);

const Interval = z.object({ low: z.number(), high: z.number() });

/** One outer fold's figures: the rate ratio is the fold's system YES rate over its human YES rate. */
export const CvFoldSchema = z.object({
  fold: z.number().int().nonnegative(),
  /** Groups (prompts or users) held out. */
  groups: z.number().int().nonnegative(),
  n: z.number().int().nonnegative(),
  f1: z.number(),
  humanRate: z.number(),
  selectionRate: z.number(),
  rateRatio: z.number(),
});
export type CvFold = z.infer<typeof CvFoldSchema>;

export const CvReportSchema = z.object({
  group: z.enum(['prompt', 'user']),
  folds: z.number().int().positive(),
  /** Pairs scored (the round's labelled pairs). */
  n: z.number().int().nonnegative(),
  f1: z.number(),
  f1Ci: Interval,
  precision: z.number(),
  recall: z.number(),
  accuracy: z.number(),
  selectionRate: z.number(),
  humanRate: z.number(),
  rateRatio: z.number(),
  /** Hyperparameters chosen in each outer fold. */
  chosen: z.array(z.string()),
  /** Per outer fold: F1, human and system YES rate and their ratio (absent in files written before it). */
  perFold: z.array(CvFoldSchema).optional(),
});
export type CvReport = z.infer<typeof CvReportSchema>;

export const ModelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  features: FeatureSpecSchema,
  featureNames: z.array(z.string()),
  pca: z.object({ mean: nums, components: z.array(nums), variance: nums }),
  standardisation: z.object({ mean: nums, std: nums }),
  weights: WeightsSchema,
  /** Platt scaling of the model's logit. */
  calibration: z.object({ kind: z.literal('platt'), a: z.number(), b: z.number() }),
  /** Relevant when the calibrated probability >= threshold. */
  threshold: z.number(),
  /**
   * The decision rule when it is not the threshold: `expected-count` keeps, per user and prompt, the
   * round(scale x sum of calibrated probabilities) best-scored attributes (learn/model-selection/threshold.ts).
   */
  cut: z.discriminatedUnion('kind', [z.object({ kind: z.literal('threshold') }), z.object({ kind: z.literal('expected-count'), scale: z.number().positive() })]).optional(),
  candidate: z.string(),
  params: z.record(z.string(), z.unknown()),
  trainedOn: z.object({
    dataset: z.string(),
    round: z.string().optional(),
    extraRounds: z.array(z.string()),
    n: z.number().int().nonnegative(),
    dataHash: z.string().regex(/^[0-9a-f]{64}$/),
    prompts: z.array(z.string()),
    /** sha256 (hex, first 16) of each training prompt's text: a prompt is "seen" by text, not by id. */
    promptHashes: z.array(z.string()),
    users: z.array(z.string()),
    group: z.enum(['prompt', 'user']),
  }),
  cv: CvReportSchema,
  trainingSeconds: z.number().nonnegative(),
  createdAt: z.string(),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** Short stable hash of a prompt text (the id of a "seen" prompt across datasets). */
export function promptHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** sha256 of the sorted lines `user \t prompt \t attribute \t 0|1`: the identity of a training set. */
export function dataHash(rows: readonly { userId: string; promptId: string; attribute: string; relevant: boolean }[]): string {
  const lines = rows.map((r) => `${r.userId}\t${r.promptId}\t${r.attribute}\t${r.relevant ? 1 : 0}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export { ModelFileError };

const SELECT_CODEC: ModelCodec<ModelFile> = {
  format: MODEL_FORMAT,
  schema: ModelFileSchema,
  check: (m, fail) => {
    checkFeatureShapes(fail, m, {
      coefficients: m.weights.kind === 'logistic' ? { 'weights.coef': m.weights.coef } : {},
      pca: { dims: m.features.pcaDims, components: { 'pca.components': m.pca.components } },
    });
    const d = m.featureNames.length;
    if (m.weights.kind === 'mlp' && !m.weights.w1.every((r) => r.length === d)) fail('weights.w1', `every row needs ${d} weights`);
  },
};

/** Validates a parsed model file; errors name the file and the first bad field. */
export const parseModelFile = (json: unknown, file = '(model)'): ModelFile => parseModel(SELECT_CODEC, json, file);
export const readModelFile = (file: string): ModelFile => readModel(SELECT_CODEC, file);
export const writeModelFile = (file: string, model: ModelFile): void => writeModel(SELECT_CODEC, file, model);
