/**
 * Stage-1 verifier: flags extracted attributes people would reject, and says which failure mode.
 *
 * Two verifiers share one interface:
 * - `TrainedVerifier`: small models trained in TypeScript on human Makes sense / Maybe / Doesn't make sense
 *   judgments (AttributeJudgment records, from an attune JSONL dataset or the store). Features per attribute:
 *   hand-written signals (hedging, specificity, evidence count, whether the evidence is the user's own
 *   statement or only a request, word overlap between attribute and evidence, cues of fiction, role-play,
 *   translation and writing tasks in the evidence, deictic words that need the conversation, the extractor's
 *   confidence), the cosine between the attribute and its evidence turns, and a few principal components of
 *   each embedding. A class-balanced logistic regression decides "problematic"; a one-vs-rest logistic
 *   regression over the problematic rows names the failure mode. The L2 penalty is chosen by inner CV.
 * - `LlmVerifier`: the zero-shot alternative, one structured-output call per attribute.
 *
 * Label rule (documented, configurable by nobody yet): each verdict scores makes_sense 1, maybe 0.5,
 * doesnt_make_sense 0; an attribute is problematic when the mean over its annotators is <= 0.5, so "unsure"
 * counts against it, as the verify-and-refine loop wants. Its failure mode is the most frequent one among its
 * annotators' (ties: the paper's order of frequency).
 *
 * Evaluation: outer folds grouped by user (no user's attributes are both fitted and scored), every fitted
 * step (PCA, standardisation, L2 choice, both classifiers) refitted inside each training fold.
 */
export * from './items.js';
export * from './features.js';
export * from './model-file.js';
export * from './train.js';
export * from './trained-verifier.js';
export * from './llm-verifier.js';
export * from './report.js';
