/**
 * A stage-3 reward model trained in TypeScript on human ratings: for one (pair, attribute) item it predicts
 * the human 1-5 rating of the personalized response against the generic one.
 *
 * Features (per item, offline):
 * - embeddings (any Embedder, USE-lite by default) of the prompt, the attribute and both responses:
 *   cos(attr, personalized) - cos(attr, generic), both cosines, cos(prompt, personalized) - cos(prompt,
 *   generic), cos(generic, personalized), cos(attr, prompt), and the top `pcaDims` principal components of
 *   the difference personalized - generic (PCA fitted on the training items only);
 * - explicit mention (MentionDetector): does the personalized / the generic response name this attribute,
 *   and the share of the pair's other attributes the personalized response names;
 * - length and structure differences: log word ratio, words, sentences, paragraphs, headings, bullet and
 *   numbered lines (personalized - generic), and the number of attributes of the pair.
 * Features are standardised on the training items.
 *
 * Loss: ordinal, by the Frank & Hall (2001) decomposition: four L2-regularised logistic regressions
 * (src/learn) for P(rating > k), k = 1..4, each fitted on every human rating of the training items (one row
 * a rating, so an item's disagreeing raters all count); the score is the expected rating
 * 1 + sum_k P(rating > k). A threshold no training rating crosses is a constant. The L2 penalty is chosen
 * per outer fold by an inner cross-validation grouped by prompt (Spearman).
 *
 * Scoring: Spearman of the out-of-fold scores against the held-out items' human mean rating, folds grouped
 * by prompt (by prompt text, so one prompt under two ids never straddles folds): no item of a test prompt,
 * and no other generator's response to it, is seen in training. 95% bootstrap interval resampling prompts.
 * Beside it: each LLM judge's Spearman on the items it rated, and a shuffled-label baseline (human item
 * ratings permuted across items before the same CV).
 */
export * from './items.js';
export * from './features.js';
export * from './model-file.js';
export * from './train.js';
export * from './model.js';
