/** The reward model's file: its schema, in the one model-file envelope (learn/model-io.ts). */
import { z } from 'zod';
import { checkFeatureShapes, ModelFileError, parseModel, readModel, writeModel, type ModelCodec } from '../../../learn/model-io.js';
import { SCALAR_NAMES } from './features.js';

export const REWARD_FORMAT = 'attune-reward-model';
export const REWARD_VERSION = 1;
export class RewardModelFileError extends ModelFileError {}

const nums = z.array(z.number());
const ThresholdSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('logistic'), coef: nums, intercept: z.number() }),
  z.object({ kind: z.literal('constant'), p: z.number().min(0).max(1) }),
]);
export type ThresholdWeights = z.infer<typeof ThresholdSchema>;

const Interval = z.object({ estimate: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() });

export const RewardCvSchema = z.object({
  group: z.literal('prompt'),
  folds: z.number().int().positive(),
  items: z.number().int().nonnegative(),
  prompts: z.number().int().nonnegative(),
  ratings: z.number().int().nonnegative(),
  spearman: Interval,
  /** Spearman of each outer fold's test items. */
  foldSpearman: z.array(z.number().nullable()),
  /** L2 chosen by the inner CV in each outer fold. */
  chosenL2: z.array(z.number()),
  /** The same CV with human item ratings permuted across items. */
  shuffledSpearman: z.number().nullable().optional(),
  judges: z.array(z.object({ judge: z.string(), items: z.number().int(), spearman: Interval, rewardOnSameItems: Interval })),
  /** Prompts that appear on both sides of a fold: 0 by construction, recorded as a check. */
  leakedPrompts: z.number().int().nonnegative(),
  iterations: z.number().int().positive(),
  seed: z.number().int(),
});
export type RewardCvReport = z.infer<typeof RewardCvSchema>;

export const RewardModelFileSchema = z.object({
  format: z.literal(REWARD_FORMAT),
  version: z.literal(REWARD_VERSION),
  features: z.object({ embedder: z.string().min(1), pcaDims: z.number().int().nonnegative(), mention: z.enum(['lexical', 'lexical+embedding']) }),
  featureNames: z.array(z.string()),
  pca: z.object({ mean: nums, components: z.array(nums), variance: nums }),
  standardisation: z.object({ mean: nums, std: nums }),
  loss: z.literal('ordinal-frank-hall'),
  /** P(rating > k) for k = 1..4. */
  thresholds: z.array(ThresholdSchema).length(4),
  l2: z.number().positive(),
  trainedOn: z.object({
    dataset: z.string(),
    items: z.number().int().nonnegative(),
    ratings: z.number().int().nonnegative(),
    prompts: z.array(z.string()),
    dataHash: z.string().regex(/^[0-9a-f]{64}$/),
    provenance: z.string().optional(),
  }),
  cv: RewardCvSchema.optional(),
  trainingSeconds: z.number().nonnegative(),
  createdAt: z.string(),
});
export type RewardModelFile = z.infer<typeof RewardModelFileSchema>;

const REWARD_CODEC: ModelCodec<RewardModelFile> = {
  format: REWARD_FORMAT,
  schema: RewardModelFileSchema,
  error: RewardModelFileError,
  check: (m, fail) => {
    checkFeatureShapes(fail, m, {
      coefficients: Object.fromEntries(m.thresholds.flatMap((t, i) => (t.kind === 'logistic' ? [[`thresholds.${i}.coef`, t.coef]] : []))),
      pca: { dims: m.features.pcaDims, components: { 'pca.components': m.pca.components } },
    });
    const names = SCALAR_NAMES.length + m.features.pcaDims;
    if (m.featureNames.length !== names) fail('featureNames', `expected ${names} names`);
  },
};

export const parseRewardModel = (json: unknown, file = '(reward model)'): RewardModelFile => parseModel(REWARD_CODEC, json, file);
export const readRewardModel = (file: string): RewardModelFile => readModel(REWARD_CODEC, file);
export const writeRewardModel = (file: string, model: RewardModelFile): void => writeModel(REWARD_CODEC, file, model);

