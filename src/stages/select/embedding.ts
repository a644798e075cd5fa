import { cutPrompt, PROMPT_MAX_CHARS } from '../../model/prompt.js';
import { cosine, embedUnique, type Embedder } from '../../embed/embedder.js';
import type { SelectionPair } from './selector.js';
import { ThresholdSelector } from './threshold.js';

/**
 * Cosine cutoff of the default selector (USE-lite embedding similarity of prompt and attribute). Chosen as the
 * F1-best cut on the self-written demo set (examples/demo: 0.2196, rounded), not on licensed data; on the
 * recenter-pilot pairs it gives F1 0.387 (P 0.30, R 0.54) at 1.8x the human selection rate, where mem0's hybrid search gives 0.358 at 3.1x.
 */
export const DEFAULT_EMBEDDING_THRESHOLD = 0.22;

export interface EmbeddingSelectorOptions {
  /** Prompt text cut to this many characters before embedding (default 800). Attributes are used as is. */
  promptMaxChars?: number;
  /** A fixed cutoff; otherwise fit() chooses the F1-maximising one on training pairs. */
  threshold?: number;
  name?: string;
}

/** Stage 2 by meaning: cosine of the prompt's and the attribute's sentence embeddings. */
export class EmbeddingSelector extends ThresholdSelector {
  readonly name: string;
  private readonly maxChars: number;

  constructor(
    private readonly embedder: Embedder,
    opts: EmbeddingSelectorOptions = {},
  ) {
    super(opts.threshold);
    this.name = opts.name ?? 'embedding';
    this.maxChars = opts.promptMaxChars ?? PROMPT_MAX_CHARS;
  }

  async score(pairs: SelectionPair[]): Promise<number[]> {
    const prompts = pairs.map((p) => cutPrompt(p.promptText, this.maxChars));
    const vec = await embedUnique(this.embedder, [...prompts, ...pairs.map((p) => p.attribute)]);
    return pairs.map((p, i) => cosine(vec.get(prompts[i]!)!, vec.get(p.attribute)!));
  }
}
