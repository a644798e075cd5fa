import { defaultEmbedder } from '../../embed/default.js';
import type { Embedder } from '../../embed/embedder.js';
import { resolveLlm, type ModelInput } from '../../llm/client.js';
import type { Attribute, Profile } from '../../model/index.js';
import { LlmJudgeSelector } from './llm-judge.js';
import { resolveSelector } from './resolve.js';
import type { Selector } from './selector.js';
import { InvalidArgumentError } from '../../model/errors.js';
import { checkAttributeList, checkModel, checkOptionsObject, checkString } from '../../model/options.js';

export interface SelectAttributesOptions {
  /** The request to answer. */
  prompt: string;
  /** The user's attributes (texts or records), or their whole profile. */
  attributes?: readonly (string | Attribute)[];
  profile?: Profile;
  userId?: string;
  /**
   * A selector, or a selector string (the grammar of resolveSelector: 'default' | 'embedding' | 'mem0' | 'bm25' |
   * 'llm:<provider/model>' | 'llm-batch' | 'llm-batch:<provider/model>' | a model file from `attune train select`).
   * Default: 'default', the same label-free selector as createAttune's (DefaultSelector).
   */
  selector?: Selector | string;
  /**
   * With a selector string: the configured model, which 'llm-batch' (the LLM-assisted selector) and offline+llm
   * model files use. Alone: the paper's zero-shot LLM judge, one call per attribute, on this model.
   */
  model?: ModelInput;
  /** Default: attune's cached USE-lite embedder (offline). */
  embedder?: Embedder;
}

export interface SelectAttributesResult {
  /** The attributes judged relevant, in profile order. Empty means: answer generically. */
  attributes: string[];
  /** Score per input attribute, in order (undefined for a selector that only votes). */
  scores: (number | undefined)[];
  /** Why, per input attribute, in order, when the selector says (the default selector does). */
  reasons?: (string | undefined)[];
  /** The selector's cut, when it has one. */
  threshold?: number;
  selector: string;
}

/** Stage 2: which of a user's attributes a request can use. */
export async function selectAttributes(opts: SelectAttributesOptions): Promise<SelectAttributesResult> {
  checkSelectAttributesOptions(opts);
  const texts = opts.attributes ? opts.attributes.map((a) => (typeof a === 'string' ? a : a.text)) : (opts.profile?.attributes.map((a) => a.text) ?? []);
  const userId = opts.userId ?? opts.profile?.userId ?? 'user';
  const profile: Profile = opts.profile ?? { userId, attributes: texts.map((text) => ({ text, evidence: [], members: [] })) };
  const embedder = opts.embedder ?? defaultEmbedder();
  const selector: Selector = opts.selector !== undefined
    ? resolveSelector(opts.selector, { embedder, llm: (m) => resolveLlm(m), ...(opts.model !== undefined ? { model: resolveLlm(opts.model) } : {}) })
    : opts.model !== undefined ? new LlmJudgeSelector(resolveLlm(opts.model)) : resolveSelector('default', { embedder });
  if (texts.length === 0) return { attributes: [], scores: [], ...thresholdOf(selector), selector: selector.name };
  const pairs = texts.map((attribute, i) => ({ userId, promptId: 'prompt', attribute: attribute, promptText: opts.prompt, profile, i }));
  const decisions = await selector.select(pairs);
  return {
    attributes: texts.filter((_, i) => decisions[i]!.relevant && !decisions[i]!.missing),
    scores: decisions.map((d) => d.score),
    ...(decisions.some((d) => d.why !== undefined) ? { reasons: decisions.map((d) => d.why) } : {}),
    ...thresholdOf(selector),
    selector: selector.name,
  };
}

function thresholdOf(s: Selector): { threshold?: number } {
  const t = (s as { threshold?: unknown }).threshold;
  return typeof t === 'number' && Number.isFinite(t) ? { threshold: t } : {};
}

/** Every check of selectAttributes' options, before anything runs (each throws an InvalidArgumentError naming the option). */
function checkSelectAttributesOptions(opts: SelectAttributesOptions): void {
  checkOptionsObject('selectAttributes', opts);
  checkString('prompt', opts.prompt, { allowEmpty: true });
  checkAttributeList('attributes', opts.attributes, { optional: true });
  if (opts.profile !== undefined) checkAttributeList('profile.attributes', (opts.profile as { attributes?: unknown } | null)?.attributes);
  checkString('userId', opts.userId, { optional: true });
  // A selector string may name the model's role ('llm-batch' on `model`); a Selector object brings its own.
  if (typeof opts.selector === 'object' && opts.selector !== null && opts.model !== undefined) throw new InvalidArgumentError('model', 'give a Selector object or `model`, not both');
  checkModel('model', opts.model, { optional: true });
}
