import { defaultEmbedder } from '../../../embed/default.js';
import type { Embedder } from '../../../embed/embedder.js';
import { resolveLlm, type ModelInput } from '../../../llm/client.js';
import type { Attribute, Conversation } from '../../../model/index.js';
import { LlmVerifier, readVerifyModel, TrainedVerifier, type Verification, type Verifier } from './index.js';
import { checkArray, checkModel, checkOneOf, checkOptionsObject, checkString } from '../../../model/options.js';

export interface VerifyAttributesOptions {
  userId: string;
  attributes: readonly Attribute[];
  /** The user's conversations, where the attributes' evidence turns live. */
  conversations: readonly Conversation[];
  /** A verifier, or the path of a model file from `attune train verify` (trained on people's verdicts). */
  verifier?: Verifier | string;
  /** Or a zero-shot LLM verifier on this model. */
  model?: ModelInput;
  /** For a trained verifier's features (default: attune's cached USE-lite embedder; must match the model file's). */
  embedder?: Embedder;
}

export interface VerifyAttributesResult {
  /** One per attribute, in order. */
  verifications: Verification[];
  /** The attributes the verifier did not flag. */
  accepted: Attribute[];
  flagged: Attribute[];
  verifier: string;
}

/** Stage 1's gate: flags attributes that overgeneralize, lack evidence or confuse the task with the person. */
export async function verifyAttributes(opts: VerifyAttributesOptions): Promise<VerifyAttributesResult> {
  checkVerifyAttributesOptions(opts);
  const verifier: Verifier =
    typeof opts.verifier === 'string' ? new TrainedVerifier(readVerifyModel(opts.verifier), opts.embedder ?? defaultEmbedder(), `verifier:${opts.verifier}`)
    : opts.verifier ?? new LlmVerifier(resolveLlm(opts.model!));
  const items = opts.attributes.map((attribute) => ({ userId: opts.userId, attribute, conversations: opts.conversations }));
  const verifications = await verifier.verify(items);
  return {
    verifications,
    accepted: opts.attributes.filter((_, i) => !verifications[i]!.flagged),
    flagged: opts.attributes.filter((_, i) => verifications[i]!.flagged),
    verifier: verifier.name,
  };
}

/** Every check of verifyAttributes' options, before anything runs (each throws an InvalidArgumentError naming the option). */
function checkVerifyAttributesOptions(opts: VerifyAttributesOptions): void {
  checkOptionsObject('verifyAttributes', opts);
  checkString('userId', opts.userId);
  checkArray('attributes', opts.attributes);
  checkArray('conversations', opts.conversations);
  checkOneOf(opts as unknown as Record<string, unknown>, ['verifier', 'model'], { required: true, detail: 'a Verifier, a model file from `attune train verify`, or a model for the LLM verifier' });
  if (typeof opts.verifier === 'string') checkString('verifier', opts.verifier);
  checkModel('model', opts.model, { optional: true });
}
