

export type FeatureSet = 'offline' | 'offline+llm';

/** Everything needed to recompute the features of a new pair; stored in the model file. */
export interface FeatureSpec {
  version: 1;
  set: FeatureSet;
  embedder: string;
  promptMaxChars: number;
  pcaDims: number;
  /** Systems whose recorded outputs are features (offline+llm only), and which of them carry scores. */
  systems: string[];
  scoredSystems: string[];
  /** Phrase-level matching scalars (see {@link PHRASE_SCALARS}); absent in specs written before them. */
  phrase?: boolean;
}

/**
 * Phrase-level matching: the prompt's sentences (code blocks dropped, sentences of 3+ words) and the
 * attribute's key phrase (the attribute without its "The user may be" opening) each get a vector;
 * `sent_max_cos` is the best attribute-sentence cosine, `key_cos` the key phrase against the whole prompt,
 * `key_sent_max` the best key-phrase-sentence cosine, `sent_gain` = sent_max_cos - cos (a match that one
 * vector for the whole prompt dilutes), `n_sentences` (log).
 */
export const PHRASE_SCALARS = ['sent_max_cos', 'key_cos', 'key_sent_max', 'sent_gain', 'n_sentences'];

/** The sentences of a (cut) prompt that phrase matching compares against; the whole cut when none qualifies. */
export function promptSentences(cut: string): string[] {
  const t = cut.replace(/```[\s\S]*?(```|$)/g, ' . ');
  const s = t.split(/(?<=[.?!])\s+|\n+/).map((x) => x.trim()).filter((x) => x.split(/\s+/).length >= 3);
  return s.length ? s : [cut];
}

/** An attribute's key phrase: "The user may be interested in chess." -> "interested in chess". */
export function keyPhrase(attribute: string): string {
  const k = attribute
    .replace(/^the user\s+(?:(?:may|might|could|likely|possibly|probably|seems to|appears to|is likely to|also)\s+)*(?:(?:be|is|has|have|was)\s+)?/i, '')
    .replace(/\.$/, '')
    .trim();
  return k || attribute;
}

/** Invented example requests per type; the centroid of each type's vectors is its prototype. */
export const REQUEST_TYPE_PROTOTYPES: Record<string, string[]> = {
  factual: [
    'What year did the Second World War end?', 'Why is the sky blue?', 'How many bones are in the human body?',
    'What is the boiling point of water at high altitude?', 'Who wrote the novel Moby Dick?', 'How do volcanoes form?',
    'Is 97 a prime number?', 'Convert 3 kilometres to miles.',
  ],
  technical: [
    'How do I fix a null pointer exception in Java?', 'Write a SQL query that joins two tables on a key.',
    'What is the difference between TCP and UDP?', 'How can I configure nginx as a reverse proxy?',
    'Why does my Python loop not modify the list?', 'Explain how git rebase works.',
    'How do I center a div with CSS?', 'What does this regular expression match?',
  ],
  creative: [
    'Write a short story about a dragon who is afraid of fire.', 'Compose a poem about autumn leaves.',
    'Write a letter to my future self.', 'Create a dialogue between a detective and a suspect.',
    'Write song lyrics about a road trip.', 'Invent a fairy tale for children about a brave mouse.',
    'Write a funny limerick about a cat.', 'Draft a speech for a fictional king.',
  ],
  advice: [
    'How should I prepare for a job interview?', 'What can I do to save more money each month?',
    'How do I deal with a difficult coworker?', 'Should I buy or lease my next car?',
    'How can I sleep better at night?', 'What is a good way to start running as a beginner?',
    'How do I make friends in a new city?', 'How to plan a budget trip to Europe?',
  ],
  other: [
    'Tell me a joke.', 'What do you think about modern art?', 'Summarize this paragraph for me.',
    'Translate this sentence into Spanish.', 'Hello, how are you today?', 'Give me a random fun fact.',
    'Rewrite this sentence to sound more formal.', 'What is your opinion on pineapple pizza?',
  ],
};
export const REQUEST_TYPES = Object.keys(REQUEST_TYPE_PROTOTYPES);

export const ATTR_HEDGES = /\b(may|might|possibly|possible|likely|perhaps|potentially|could|seems?|suggests?|probably|some|appears?|indicat\w*)\b/gi;
export const ATTR_STYLE = /\b(prefer\w*|values?|appreciat\w*|communicat\w*|concise|detail\w*|clear|clarity|structured|tone|format\w*|explanations?|responses?|answers?|style|direct|step-by-step|examples?)\b/i;
export const ATTR_INTEREST = /\b(interest\w*|enjoy\w*|passion\w*|hobb\w*|fan|likes?|curious|fascinat\w*|love\w*)\b/i;
export const ATTR_IDENTITY = /\b(works?|working|profession\w*|student|stud(?:y|ies|ying)|job|career|business|developer|engineer|teacher|writer|parent|mother|father|lives?|living|located|based|from|family|married|age|years? old|owns?)\b/i;
export const OUT_HEDGES = /\b(slightly|slight|could|might|may|possibly|not directly|indirectly|subtle|subtly|somewhat|minor|marginal\w*|perhaps|potentially|tangential\w*)\b/gi;
export const OUT_NEG = /\b(would not|wouldn't|does not|doesn't|not relevant|irrelevant|no impact|unrelated|generic|regardless|factual|objective|no bearing|not change|unchanged)\b/gi;

export const count = (re: RegExp, text: string): number => text.match(re)?.length ?? 0;
export const log1p = Math.log1p;
