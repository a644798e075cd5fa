import { defaultEmbedder } from '../../embed/default.js';
import type { Embedder } from '../../embed/embedder.js';
import { resolveLlm, type ModelInput } from '../../llm/client.js';
import type { Attribute, Profile } from '../../model/index.js';
import { LlmJudgeSelector } from './llm-judge.js';
import { DEFAULT_EMBEDDING_THRESHOLD, EmbeddingSelector } from './embedding.js';
import type { Selector } from './selector.js';
import { TrainedSelector } from './trained.js';

export interface SelectAttributesOptions {
  /** The request to answer. */
  prompt: string;
  /** The user's attributes (texts or records), or their whole profile. */
  attributes?: readonly (string | Attribute)[];
  profile?: Profile;
  userId?: string;
  /**
   * A selector, or the path of a model file from `attune train select` (trained on people's relevance
   * labels; it keeps its stored threshold). Default: USE-lite cosine >= DEFAULT_EMBEDDING_THRESHOLD, the same
   * label-free rule as createAttune's; it over-selects (about 1.8x people's rate on the paper's data): train one.
   */
  selector?: Selector | string;
  /** Or the paper's zero-shot LLM judge, one call per attribute, on this model. */
  model?: ModelInput;
  /** Default: attune's cached USE-lite embedder (offline). */
  embedder?: Embedder;
}

export interface SelectAttributesResult {
  /** The attributes judged relevant, in profile order. Empty means: answer generically. */
  attributes: string[];
  /** Score per input attribute, in order (undefined for a selector that only votes). */
  scores: (number | undefined)[];
  /** The selector's cut, when it has one. */
  threshold?: number;
  selector: string;
}

/** Stage 2: which of a user's attributes a request can use. */
export async function selectAttributes(opts: SelectAttributesOptions): Promise<SelectAttributesResult> {
  if (opts.selector !== undefined && opts.model !== undefined) throw new TypeError('selectAttributes: give `selector` or `model`, not both');
  const texts = opts.attributes ? opts.attributes.map((a) => (typeof a === 'string' ? a : a.text)) : (opts.profile?.attributes.map((a) => a.text) ?? []);
  const userId = opts.userId ?? opts.profile?.userId ?? 'user';
  const profile: Profile = opts.profile ?? { userId, attributes: texts.map((text) => ({ text, evidence: [], members: [] })) };
  const embedder = opts.embedder ?? defaultEmbedder();
  const selector: Selector =
    typeof opts.selector === 'string' ? TrainedSelector.load(opts.selector, { embedder, seen: 'keep' })
    : opts.selector ?? (opts.model !== undefined ? new LlmJudgeSelector(resolveLlm(opts.model)) : new EmbeddingSelector(embedder, { threshold: DEFAULT_EMBEDDING_THRESHOLD }));
  if (texts.length === 0) return { attributes: [], scores: [], ...thresholdOf(selector), selector: selector.name };
  const pairs = texts.map((attribute, i) => ({ userId, promptId: 'prompt', attribute: attribute, promptText: opts.prompt, profile, i }));
  const decisions = await selector.select(pairs);
  return {
    attributes: texts.filter((_, i) => decisions[i]!.relevant && !decisions[i]!.missing),
    scores: decisions.map((d) => d.score),
    ...thresholdOf(selector),
    selector: selector.name,
  };
}

function thresholdOf(s: Selector): { threshold?: number } {
  const t = (s as { threshold?: unknown }).threshold;
  return typeof t === 'number' && Number.isFinite(t) ? { threshold: t } : {};
}
