/**
 * Tokenizer for lexical matching: NFKC + lowercase, Unicode word split (letters, marks and digits, with
 * inner apostrophes), possessive 's dropped, English stopwords removed, then light stemming.
 *
 * The stemmer is Porter's step 1 only (1a plurals, 1b -ed/-ing with its e-restoration and double-consonant
 * rules, 1c y -> i): it conflates inflections ("hobbies"/"hobby" -> "hobbi", "running" -> "run",
 * "coding" -> "code") without Porter's derivational steps, which merge unrelated words ("general"/"generous").
 */

/** A common English stopword list (function words only; no content words). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are aren\'t as at be because been before being below ' +
    'between both but by can can\'t cannot could couldn\'t did didn\'t do does doesn\'t doing don\'t down during each ' +
    'few for from further had hadn\'t has hasn\'t have haven\'t having he he\'d he\'ll he\'s her here here\'s hers herself ' +
    'him himself his how how\'s i i\'d i\'ll i\'m i\'ve if in into is isn\'t it it\'s its itself let\'s me more most ' +
    'mustn\'t my myself no nor not of off on once only or other ought our ours ourselves out over own same shan\'t she ' +
    'she\'d she\'ll she\'s should shouldn\'t so some such than that that\'s the their theirs them themselves then there ' +
    'there\'s these they they\'d they\'ll they\'re they\'ve this those through to too under until up very was wasn\'t we ' +
    'we\'d we\'ll we\'re we\'ve were weren\'t what what\'s when when\'s where where\'s which while who who\'s whom why ' +
    'why\'s will with won\'t would wouldn\'t you you\'d you\'ll you\'re you\'ve your yours yourself yourselves ' +
    'also just may might must shall would s t'
  ).split(/\s+/),
);

const WORD = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;

export interface TokenizeOptions {
  /** Drop stopwords (default true). */
  stopwords?: boolean;
  /** Apply the light stemmer (default true). */
  stem?: boolean;
}

/** Lowercased word tokens, in order, duplicates kept (BM25 needs term frequencies). */
export function tokenize(text: string, opts: TokenizeOptions = {}): string[] {
  const dropStop = opts.stopwords ?? true;
  const stem = opts.stem ?? true;
  const norm = text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  const out: string[] = [];
  for (const m of norm.matchAll(WORD)) {
    let w = m[0];
    if (dropStop && STOPWORDS.has(w)) continue;
    if (w.endsWith("'s")) w = w.slice(0, -2);
    w = w.replace(/'/g, '');
    if (!w || (dropStop && STOPWORDS.has(w))) continue;
    out.push(stem ? lightStem(w) : w);
  }
  return out;
}

const isAsciiWord = (w: string): boolean => /^[a-z]+$/.test(w);

function isConsonant(w: string, i: number): boolean {
  const c = w[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
  if (c === 'y') return i === 0 ? true : !isConsonant(w, i - 1);
  return true;
}

/** Porter's measure m: the number of VC sequences in the stem. */
function measure(stem: string): number {
  let m = 0;
  let i = 0;
  const n = stem.length;
  while (i < n && isConsonant(stem, i)) i++;
  while (i < n) {
    while (i < n && !isConsonant(stem, i)) i++;
    if (i >= n) break;
    while (i < n && isConsonant(stem, i)) i++;
    m++;
  }
  return m;
}

const hasVowel = (stem: string): boolean => [...stem].some((_, i) => !isConsonant(stem, i));

const endsDoubleConsonant = (w: string): boolean =>
  w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1);

/** consonant-vowel-consonant ending, the last not w, x or y ("hop", "writ"). */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n < 3) return false;
  const last = w[n - 1]!;
  return isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1) && !'wxy'.includes(last);
}

/** Porter step 1 (1a, 1b, 1c) on ASCII words; other scripts and words of <= 2 letters pass through. */
export function lightStem(word: string): string {
  if (word.length <= 2 || !isAsciiWord(word)) return word;
  let w = word;
  // 1a
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('ss')) {
    /* keep */
  } else if (w.endsWith('s')) w = w.slice(0, -1);
  // 1b
  let restore = false;
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    restore = true;
  } else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3);
    restore = true;
  }
  if (restore) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
    else if (endsDoubleConsonant(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
    else if (measure(w) === 1 && endsCvc(w)) w += 'e';
  }
  // 1c
  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + 'i';
  return w;
}
