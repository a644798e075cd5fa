/** The tokenizer lives in util/ (stage 2 and stage 3 both use it); this re-export keeps `attune/select`'s names. */
export * from '../../util/tokenize.js';
