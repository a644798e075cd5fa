import type { PairKey, Prompt, Profile } from '../../model/index.js';

/** One pair to decide, with the text a selector needs. */
export interface SelectionPair extends PairKey {
  promptText: string;
  /** The other attributes of the same user's profile, for selectors that use context. */
  profile?: Profile;
}

export interface Selection {
  relevant: boolean;
  /** Higher = more relevant; absent for selectors that only vote. */
  score?: number;
  /** True when the selector has no decision for this pair (e.g. no recorded vote); `relevant` is then meaningless. */
  missing?: boolean;
  /** Why the selector decided so, in words (e.g. "matches request topic: food"); optional. */
  why?: string;
}

/**
 * Stage 2: decide which attributes are relevant to a prompt.
 * A score-based selector must be fitted (threshold chosen on training pairs) before select();
 * a voting selector ignores fit.
 */
export interface Selector {
  name: string;
  /** How a selector without fit() decides, for reports, e.g. "recorded votes", "fixed rule", "LLM judge". */
  protocol?: string;
  /** Learns whatever it needs (a threshold) from labelled training pairs; never sees the pairs it will score. */
  fit?(pairs: SelectionPair[], labels: boolean[]): Promise<void>;
  select(pairs: SelectionPair[]): Promise<Selection[]>;
}

export type { Prompt };
