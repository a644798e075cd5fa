import type { Conversation } from './conversation.js';
import type { AttributeJudgment, GoldAttribute, Profile } from './attribute.js';
import type { AnnotatorLabel, Prediction, Prompt, RelevanceLabel } from './relevance.js';
import type { Rating, Response, ResponsePair } from './response.js';

/** Who wrote the data: it decides what a result on it can claim. */
export type Provenance = 'human' | 'synthetic' | 'mixed' | 'illustrative';

/** Everything an adapter can load, in attune's own shapes. Any part may be empty. */
export interface Dataset {
  name: string;
  format: string;
  provenance: Provenance;
  /** Files actually read, relative to the dataset directory. */
  files: string[];
  conversations: Conversation[];
  profiles: Profile[];
  prompts: Prompt[];
  goldAttributes: GoldAttribute[];
  /** Aggregated (human-majority) relevance labels. */
  labels: RelevanceLabel[];
  /** Per-annotator relevance labels. */
  annotations: AnnotatorLabel[];
  /** Recorded system outputs, e.g. zero-shot LLM votes. */
  predictions: Prediction[];
  responses: Response[];
  responsePairs: ResponsePair[];
  ratings: Rating[];
  attributeJudgments: AttributeJudgment[];
}

export function emptyDataset(name: string, format: string, provenance: Provenance): Dataset {
  return {
    name, format, provenance, files: [],
    conversations: [], profiles: [], prompts: [], goldAttributes: [],
    labels: [], annotations: [], predictions: [],
    responses: [], responsePairs: [], ratings: [], attributeJudgments: [],
  };
}
