import { resolveLlm, type ModelInput } from '../../llm/client.js';
import type { TokenUsage } from '../../llm/usage.js';
import type { Attribute } from '../../model/index.js';
import { GENERIC_SYSTEM, personalizedSystem } from './generator.js';
import { checkAttributeList, checkModel, checkNumber, checkOptionsObject, checkString } from '../../model/options.js';

export interface GenerateResponseOptions {
  model: ModelInput;
  prompt: string;
  /**
   * The attributes selected for this request (say, selectAttributes' output). With none the answer is
   * generic; with some it follows the paper's lesson: use an attribute where it changes what helps, do not name it.
   */
  attributes?: readonly (string | Attribute)[];
  temperature?: number;
  maxTokens?: number;
  abortSignal?: AbortSignal;
}

export interface GenerateResponseResult {
  text: string;
  /** The attributes the response was given (empty: generic). */
  attributes: string[];
  personalized: boolean;
  usage: TokenUsage;
}

/** Stage 3: answers the request, personalized by the given attributes only. */
export async function generateResponse(opts: GenerateResponseOptions): Promise<GenerateResponseResult> {
  checkGenerateResponseOptions(opts);
  const attributes = (opts.attributes ?? []).map((a) => (typeof a === 'string' ? a : a.text));
  const personalized = attributes.length > 0;
  const r = await resolveLlm(opts.model).text({
    messages: [{ role: 'system', content: personalized ? personalizedSystem(attributes) : GENERIC_SYSTEM }, { role: 'user', content: opts.prompt }],
    temperature: opts.temperature ?? 0,
    ...(opts.maxTokens !== undefined ? { maxTokens: opts.maxTokens } : {}),
    ...(opts.abortSignal ? { signal: opts.abortSignal } : {}),
  });
  return { text: r.text.trim(), attributes, personalized, usage: r.usage };
}

/** Every check of generateResponse's options, before the model is called (each throws an InvalidArgumentError naming the option). */
function checkGenerateResponseOptions(opts: GenerateResponseOptions): void {
  checkOptionsObject('generateResponse', opts);
  checkModel('model', opts.model);
  checkString('prompt', opts.prompt);
  checkAttributeList('attributes', opts.attributes, { optional: true });
  checkNumber('temperature', opts.temperature, { optional: true, min: 0, max: 2 });
  checkNumber('maxTokens', opts.maxTokens, { optional: true, integer: true, min: 1 });
}
