/**
 * Features of a stage-2 pair (user, prompt, attribute) for trained selectors. Everything here can be computed
 * for a pair never seen in training: it depends on the pair's texts, the user's profile and (for
 * `offline+llm`) recorded LLM outputs for that pair, never on labels.
 *
 * Two steps:
 * 1. {@link computePairRows} (no fitting): per pair, the prompt's and attribute's USE-lite vectors and a list
 *    of named scalars (below).
 * 2. {@link fitFeaturizer} (fitted on training rows only): a PCA basis fitted on the distinct prompt and
 *    attribute vectors of the training rows projects both texts to `pcaDims` dimensions; the features are the
 *    scalars, the attribute's and the prompt's projections, their elementwise product (a learnable weighted
 *    dot product) and |difference|, standardised with the training rows' means and deviations.
 *
 * Scalars (offline):
 * - `cos`: cosine of prompt (cut to 800 chars, as the paper's judge sees it) and attribute.
 * - `jaccard`, `bm25`, `shared`: token Jaccard, log(1 + BM25) of the prompt against the user's profile as the
 *   corpus (see bm25.ts), and whether any content token is shared.
 * - attribute: `hedges` (may, might, possibly, likely, perhaps, ... count), `or_count`, `confidence` (0.5 and
 *   `confidence_missing` = 1 when absent), `members` (log 1 + merged members), `attr_tokens` (log), and three
 *   keyword flags: `attr_style` (preferences about answers: concise, detailed, tone, format, ...),
 *   `attr_interest` (interested in, enjoys, ...), `attr_identity` (job, studies, location, family, ...).
 * - prompt: `prompt_chars` (log), request type as cosines to five prototype centroids (`type_factual`,
 *   `type_technical`, `type_creative`, `type_advice`, `type_other`; each centroid is the mean USE-lite vector of
 *   the invented example requests in {@link REQUEST_TYPE_PROTOTYPES}, none taken from any dataset), and regex
 *   cues `has_code` (code fences, braces, semicolons, programming keywords), `has_math` (LaTeX or arithmetic),
 *   `creative_verb` (write/compose a story, poem, letter, ...), `how_to`, `should_i`, `first_person` (log count
 *   of I/my/me).
 * - profile context: among the user's profile attributes for this prompt, the pair's cosine rank (0 = most
 *   similar, 1 = least), its z-score, the gap to the best cosine, and `profile_size` (log).
 *
 * Scalars (offline+llm), per system listed in the spec (systems with recorded outputs on most training pairs):
 * `vote:<s>` (+1 YES, -1 NO, 0 missing), `missing:<s>`, `score:<s>` when the system records scores, and from its
 * reasoning text `out_words:<s>` (log), `out_hedges:<s>` (slightly, could, might, not directly, ...) and
 * `out_neg:<s>` (would not, irrelevant, generic, ...); across systems `yes_share` (YES votes / votes present)
 * and `unanimous`.
 */
export { type FeatureSet, type FeatureSpec, PHRASE_SCALARS, promptSentences, keyPhrase, REQUEST_TYPE_PROTOTYPES, REQUEST_TYPES } from './spec.js';
export { type PairRow, scalarNames, type PairRowContext, availableSystems, computePairRows } from './pair-rows.js';
export { type ProfileFeatures } from './profile.js';
export { FeatureCache } from './cache.js';
export { type FeaturizerState, featureNames, PairFeaturizer, fitFeaturizer, defaultFeatureSpec } from './featurizer.js';
