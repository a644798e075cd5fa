/**
 * The special categories of personal data (GDPR art. 9 and 10; immigration status as in the CCPA's sensitive
 * personal information) the extractors keep only when the user states them. Trade union membership is filed
 * under politics, gender identity under sexual orientation.
 */
export type SensitiveCategory = 'health' | 'religion' | 'ethnicity' | 'sexual_orientation' | 'politics' | 'sex_life' | 'criminal_record' | 'immigration_status';

export const SENSITIVE: [SensitiveCategory, RegExp][] = [
  ['health', /\b(?:depress\w*|in recovery|sober|sobriety|alcoholism|alcoholic|addiction|rehab|meds|antidepressants?|ssris?|sertraline|zoloft|prozac|fluoxetine|citalopram|escitalopram|lexapro|wellbutrin|bupropion|venlafaxine|effexor|lithium|adderall|ritalin|methylphenidate|vyvanse|xanax|valium|insulin|metformin|ozempic|wegovy|semaglutide|mounjaro|statins?|atorvastatin|simvastatin|levothyroxine|amlodipine|ramipril|propranolol|inhalers?|antipsychotics?|beta[- ]blockers?|blood thinners?|warfarin|chemo\w*|anxiety|anxious|diabet\w*|cancer|adhd|autis\w*|dyslex\w*|dysprax\w*|neurodivergent|asthmatic|bipolar|ptsd|hiv|aids|pregnan\w*|disorder|illness|disease|therapy|therapist|medication|surgery|transplant|disabilit\w*|disabled|chronic|ocd|mental health|schizo\w*|epilep\w*|asthma|migraine\w*|insomnia|celiac|coeliac|deaf|blind|wheelchair|addict\w*|alcoholi\w*|eating disorder|anorexi\w*|bulimi\w*|injur\w*|arthriti\w*|sprain\w*|fractur\w*|(?:dodgy|bad|sore|weak|injured|busted|stiff|painful|wonky|arthritic) (?:(?:left|right|lower|upper) )?(?:knees?|back|hips?|shoulders?|ankles?|wrists?|neck|elbows?|foot|feet)|(?:knee|back|hip|shoulder|ankle|wrist|neck) (?:pain|problems?|injury|surgery|replacement)|prediabet\w*|psoria\w*|multiple sclerosis|miscarriage|crohn\w*|colitis|lupus|fibromyalgia|endometriosis|pcos|long covid|chronic fatigue|parkinson\w*|ivf|hrt|dialysis|radiotherapy|hepatitis|sickle cell|cystic fibrosis|stoma|pacemaker|hypertension|high blood pressure|high cholesterol|high blood sugar|heart (?:attack|condition|disease)|(?<=(?:\ba|\bmy|\btheir|'s|\bmajor|\bminor|\bmini) )stroke(?!\s+(?:ward|unit|nurse|team|patients?|clinic|rehab|service|specialist|consultant|research))|abortion|mastectomy|hysterectomy|(?:nervous|mental) breakdown|infertil\w*|fertility (?:clinics?|treatment|specialists?|doctor|issues|problems)|hard of hearing|partially sighted|thyroid|tinnitus|sleep apno?ea|signed off(?= (?:work|sick|with))|sick leave|off sick|ibs|eczema|schizophreni\w*|hiv positive|on the (?:autism |autistic )?spectrum|remission|lymphoma|leuka?emia|melanoma|tumou?r|t[12]d|type [12] diabetic|panic attacks?)\b/i],
  ['religion', /\b(?:christian\w*|muslim|islam\w*|jewish|judaism|hindu\w*|buddhis\w*|catholic\w*|protestant|atheis\w*|agnostic|religio\w*|church|mosque|synagogue|temple|pray\w*|god|faith|bible|quran|koran|torah|kosher|halal|sikh\w*|jain(?:s|ism)?|parsi|zoroastrian\w*|gurdwaras?|mandirs?|mormon|ramadan|lent|navratri|yom kippur|passover|shabbat|vesak|(?<=(?:go|goes|went|going|attends?|attending) to )mass)\b/i],
  ['ethnicity', /\b(?:black|white|asian|latino|latina|latinx|hispanic|african[- ]american|caucasian|ethnic\w*|race|racial|native american|indigenous|biracial|mixed race|mixed heritage|half (?:[a-z]+(?:an|ese|ish|i|ch|ic)|thai|greek|swiss|french|dutch|welsh|scots|czech|lao|khmer),? (?:and |& )?half (?:[a-z]+(?:an|ese|ish|i|ch|ic)|thai|greek|swiss|french|dutch|welsh|scots|czech|lao|khmer)|of (?:[\w-]+ ){1,3}(?:descent|heritage|ancestry|origin)|(?:british|american|canadian|australian|irish|scottish|welsh|english)[- ](?:asian|pakistani|indian|bangladeshi|sri lankan|chinese|nigerian|ghanaian|somali|jamaican|caribbean|african|arab|iranian|turkish|kurdish|korean|japanese|vietnamese|filipino|mexican|cuban|puerto rican|italian|polish|jewish))\b/i],
  ['sexual_orientation', /\b(?:same[- ]sex|gay|lesbian|bisexual|bi|queer|homosexual|heterosexual|lgbt\w*|transgender|trans|asexual|pansexual|straight|non-binary|nonbinary|genderqueer|genderfluid|they\/them|she\/they|he\/they|they\/she|they\/he|she\/her|he\/him)(?![\w/])/i],
  ['politics', /\b(?:(?:green|labour|conservative|democratic|republican|libertarian|reform|pirate|socialist|communist|independence) party|lib dems?|snp|gop|canvass\w*|democrat\w*|republican\w*|liberal|conservative|leftist|left-wing|right-wing|socialist|communist|libertarian|progressive|trump|biden|maga|labour|tory|tories|vote[ds]?|voting|political|politics|(?:trade|labou?r) unions?|union (?:rep|reps|representative|member|members|membership|steward|organi[sz]er|activist|branch)|unioni[sz]ed|unison|teamsters|shop steward)\b/i],
  ['sex_life', /\b(?:prostitut\w*|escort(?:ing)?|sex work\w*|porn\w*|fetish\w*|kink\w*|bdsm|polyamor\w*|swinger\w*)\b/i],
  ['criminal_record', /\b(?:felon\w*|convict\w*|incarcerat\w*|parole|probation|(?:in|from|to|out of) (?:prison|jail)|prison (?:sentence|time|term)|inmate|criminal record|arrested|dui|dwi)\b/i],
  ['immigration_status', /\b(?:immigration status|visas?|h-?1b|asylum|refugee(?!\s+(?:charit\w*|cent(?:re|er)s?|camps?|council|organi[sz]ations?))|undocumented|illegal immigrant|green card|residence permit|work permit|daca|deport\w*|overstay\w*|leave to remain|settled status)\b/i],
];

export function sensitiveCategory(text: string): SensitiveCategory | undefined {
  for (const [cat, re] of SENSITIVE) if (re.test(text)) return cat;
  return undefined;
}

/** Where the first sensitive term of a text is, and its category. */
export function sensitiveMatch(text: string): { category: SensitiveCategory; index: number; end: number } | undefined {
  for (const [category, re] of SENSITIVE) {
    const m = re.exec(text);
    if (m) return { category, index: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

export const NEGATED_RE = /\b(?:not|no longer|never|no)\b|n't\b/i;

/** The sensitive category of a text and the word that puts it there (its first 5 letters, lower case). */
export function sensitiveTerm(text: string): { category: SensitiveCategory; stem: string } | undefined {
  for (const [category, re] of SENSITIVE) {
    const m = re.exec(text);
    if (m) return { category, stem: m[0].toLowerCase().slice(0, 5) };
  }
  return undefined;
}
