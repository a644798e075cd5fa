// Self-written attribute texts for the benchmarks (illustrative, no real user): "The user ..." as stage 1
// phrases them, some hedged ("may be", "seems to") as real extractions are.

const STEMS = [
  'enjoys hiking in the mountains', 'is learning to play the piano', 'works as a software engineer', 'follows a vegetarian diet',
  'has two young children', 'lives in a small apartment in the city', 'prefers concise answers', 'is studying for a nursing exam',
  'is interested in personal finance', 'plays chess online', 'is training for a marathon', 'writes fantasy short stories',
  'is allergic to peanuts', 'speaks Spanish as a second language', 'is renovating an old house', 'likes detailed technical explanations',
  'keeps a vegetable garden', 'is planning a trip to Japan', 'works night shifts', 'collects vintage vinyl records',
  'is a beginner at Python programming', 'cares about sustainability', 'has a dog that needs training', 'may be a graduate student',
  'seems to prefer formal writing', 'is preparing for job interviews', 'enjoys cooking Italian food', 'is managing a small team',
  'is recovering from a knee injury', 'reads science fiction novels', 'is interested in photography', 'is saving to buy a car',
  'might be living in Canada', 'uses Linux at home', 'volunteers at an animal shelter', 'is learning about machine learning',
  'likes board games with friends', 'has trouble sleeping', 'is a high school teacher', 'prefers step-by-step instructions',
];
const QUALIFIERS = [
  '', ' on weekends', ' since last year', ' with friends', ' in the evenings', ' for fun', ' most days', ' this year', ' again', ' at home',
  ' with family', ' in winter', ' in summer', ' every month', ' for work', ' lately', ' a lot', ' whenever possible', ' as a hobby', ' seriously',
  ' with a partner', ' on holidays', ' before work', ' after work', ' online',
];

/** `n` distinct attribute texts (up to 1,000): every stem, then every stem with the next qualifier. */
export function attributeTexts(n: number): string[] {
  if (n > STEMS.length * QUALIFIERS.length) throw new Error(`attributeTexts: at most ${STEMS.length * QUALIFIERS.length} distinct texts, asked for ${n}`);
  return Array.from({ length: n }, (_, i) => `The user ${STEMS[i % STEMS.length]}${QUALIFIERS[Math.floor(i / STEMS.length)]}`);
}
