/** The trained verifier's model file: its schema, in the one model-file envelope (learn/model-io.ts). */
import { z } from 'zod';
import { checkFeatureShapes, ModelFileError, parseModel, readModel, writeModel, type ModelCodec } from '../../../learn/model-io.js';
import { FailureMode } from '../../../model/index.js';

export const VERIFY_MODEL_FORMAT = 'attune-verify-model';
export const VERIFY_MODEL_VERSION = 1;
export class VerifyModelError extends ModelFileError {}

const nums = z.array(z.number());
const Logistic = z.object({ coef: nums, intercept: z.number() });
const PcaSchema = z.object({ mean: nums, components: z.array(nums), variance: nums });

export const VerifyCvReportSchema = z.object({
  group: z.literal('user'),
  folds: z.number().int().positive(),
  n: z.number().int().nonnegative(),
  users: z.number().int().nonnegative(),
  f1: z.number(),
  f1Ci: z.object({ low: z.number(), high: z.number() }),
  precision: z.number(),
  recall: z.number(),
  accuracy: z.number(),
  problematicRate: z.number(),
  flaggedRate: z.number(),
  baselines: z.object({
    /** Accuracy of always predicting the majority class. */
    majorityAccuracy: z.number(),
    /** F1 of flagging everything (the majority baseline's F1 when "not problematic" is the majority is 0). */
    flagAllF1: z.number(),
    /** Failure-mode accuracy of always naming the training folds' most frequent mode. */
    majorityModeAccuracy: z.number(),
  }),
  /** On rows people call problematic with a failure mode: share whose mode the model names. */
  modeAccuracy: z.number(),
  modeN: z.number().int().nonnegative(),
  /** Chosen L2 per outer fold. */
  chosen: z.array(z.number()),
});
export type VerifyCvReport = z.infer<typeof VerifyCvReportSchema>;

export const VerifyModelFileSchema = z.object({
  format: z.literal(VERIFY_MODEL_FORMAT),
  version: z.literal(VERIFY_MODEL_VERSION),
  embedder: z.string().min(1),
  pcaDims: z.number().int().nonnegative(),
  featureNames: z.array(z.string()),
  pcaAttribute: PcaSchema,
  pcaEvidence: PcaSchema,
  standardisation: z.object({ mean: nums, std: nums }),
  flag: Logistic.extend({ l2: z.number(), threshold: z.number() }),
  modes: z.array(Logistic.extend({ mode: FailureMode })),
  /** Mode named when no mode classifier could be trained (a single mode, or none, in the labels). */
  defaultMode: FailureMode.optional(),
  labelRule: z.string(),
  trainedOn: z.object({
    dataset: z.string(),
    provenance: z.string(),
    n: z.number().int().nonnegative(),
    users: z.array(z.string()),
    dataHash: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  cv: VerifyCvReportSchema.optional(),
  createdAt: z.string(),
});
export type VerifyModelFile = z.infer<typeof VerifyModelFileSchema>;

const VERIFY_CODEC: ModelCodec<VerifyModelFile> = {
  format: VERIFY_MODEL_FORMAT,
  schema: VerifyModelFileSchema,
  error: VerifyModelError,
  check: (m, fail) =>
    checkFeatureShapes(fail, m, {
      coefficients: { 'flag.coef': m.flag.coef, ...Object.fromEntries(m.modes.map((c, i) => [`modes.${i}.coef`, c.coef])) },
      pca: { dims: m.pcaDims, components: { 'pcaAttribute.components': m.pcaAttribute.components, 'pcaEvidence.components': m.pcaEvidence.components } },
    }),
};

export const parseVerifyModel = (json: unknown, file = '(model)'): VerifyModelFile => parseModel(VERIFY_CODEC, json, file);
export const readVerifyModel = (file: string): VerifyModelFile => readModel(VERIFY_CODEC, file);
export const writeVerifyModel = (file: string, model: VerifyModelFile): void => writeModel(VERIFY_CODEC, file, model);

