/**
 * Cues for the default selector, written for attune (not fitted to any labels): is a request impersonal (a fact
 * look-up, arithmetic, a translation, a definition, code explanation), and is an attribute an answer-style or
 * format preference (which can bear on any request) rather than a fact about the user's life.
 */

export type RequestKind = 'arithmetic' | 'translation' | 'writing-for-others' | 'factual' | 'definition' | 'code-explanation' | 'explanation' | 'open';

const ARITHMETIC = [
  /^\s*(?:what(?:'s| is)|calculate|compute|work out|how much is)\s+[-\d.,()+*/x×÷^%\s]+(?:[?.]\s*)?$/i,
  /\b\d+(?:\.\d+)?\s*%\s*(?:of|on)\s*\$?\d/i,
  /^\s*(?:what(?:'s| is)|calculate|compute)\s+[\d.,]+\s*(?:[-+*/x×÷^]|times|plus|minus|divided by)\s*[\d.,]+\s*\??\s*$/i,
  /\b(?:square root|cube root|derivative|integral|factorial) of\b/i,
  // "convert 30 degrees Celsius to Fahrenheit": up to two unit words before the target
  /^\s*(?:convert|how many)\s+[\d./]+\s*(?:\w+\s+){0,2}?(?:to|into|in)\s+\w+/i,
  /^\s*convert\s+\d+\/\d+\s+to\b/i,
  // a number in another form: "what is 3/4 as a decimal", "0.35 as a percentage"
  /^\s*(?:what(?:'s| is)\s+)?[\d.,/]+\s*%?\s+as\s+an?\s+(?:decimal|fraction|percent(?:age)?)\s*\??\s*$/i,
  /^\s*how do (?:i|you) convert \w+ to \w+/i,
  // a unit conversion asked without a number: "what's the conversion from fahrenheit to celsius?"
  /^\s*what(?:'s| is) the (?:conversion|formula|rate) (?:from |for (?:converting )?)\w+ (?:to|into) \w+\s*\??\s*$/i,
  // a unit inside another: "how many seconds are in a day?", "how many ounces in a pound"
  /^\s*how many [a-z]+ (?:are |is )?(?:there )?in (?:a|an|one|\d+) [a-z]+\s*\??\s*$/i,
];
const TRANSLATION = [
  /^\s*(?:please\s+)?translate\b/i, /\b[Hh]ow do (?:you|[Ii]) say\b.*\bin (?:[A-Z][a-z]+)\b/,
  // a given text to put right, as a translation is a given text to carry over: "correct my grammar: yesterday I go ..."
  /^\s*(?:(?:can|could) you\s+)?(?:please\s+)?(?:correct|fix|check|proofread)\s+(?:my\s+|the\s+|this\s+)?(?:grammar|spelling|punctuation|english|sentence)\b[^:\n]{0,30}:\s*\S/i,
  /^\s*is (?:this|the following) (?:sentence )?(?:grammatically )?correct\s*[:?]\s*\S/i,
];
/**
 * Writing for someone else from what the request says about them ("a product description for a client: ...", "a
 * birthday message for my colleague Sue, who ..."): their details are given, so the user's life facts do not apply;
 * wishes about the surface of any text (emojis, spelling, register) still do.
 */
const WRITING_FOR_OTHERS = [
  // a message for a named friend or colleague, described in the request: "a birthday message for my friend Ana who loves surfing"
  /^\s*(?:(?:[Cc]an|[Cc]ould) you\s+)?(?:[Pp]lease\s+)?(?:[Ww]rite|[Dd]raft)\s+(?:me\s+)?(?:a|an)\s+[\w -]{1,40}?\bfor\s+(?:my|our|a)\s+(?:friend|colleague|coworker|co-worker|boss|neighbou?r|client|teacher)\s+\p{Lu}[\p{L}'-]+,?\s+(?:who|whose|that)\b/u,
  // writing for someone else from the details given: "write a product description for a client: a steel bottle, 750ml, ..."
  /^\s*(?:(?:can|could) you\s+)?(?:please\s+)?(?:write|draft)\s+(?:me\s+)?(?:a|an)\s+[\w -]{1,40}?\bfor\s+(?:a|my|our|the)\s+(?:client|customer|friend|colleague|coworker|co-worker|boss|neighbou?r)\b[^:\n]{0,40}:\s*\S[^\n]{20,}/i,
];
const DEFINITION = [
  /^\s*(?:define|what(?:'s| is) the (?:meaning|definition) of|what does the (?:[a-z]+ )?(?:word|phrase|term|expression|idiom|abbreviation|acronym))\b/i,
  /^\s*what does ["'\u2018\u201c][^"'\u2019\u201d]{1,40}["'\u2019\u201d] mean\b/i,
  // a bare word or two: "what does tachycardia mean?" (not "what does it / this / my ... mean")
  /^\s*what does (?!(?:it|this|that|he|she|they|my|your|his|her|their)\b)[a-z][\w-]*(?: [a-z][\w-]*)? mean\s*\??\s*$/i,
  /^\s*what(?:'s| is) the (?:[a-z]+ )?(?:word|term) for\b/i,
  // an abbreviation spelled out: "what does SQL stand for?", "what does ISA stand for"
  /^\s*what\s+(?:does|do)\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+|letters\s+)?["'\u2018\u201c]?[A-Za-z][\w&.]{1,12}["'\u2019\u201d]?\s+stand\s+for\b/i,
  // a bare term to define: "what is repo rate?", "what's a roth IRA?" (one to three words, nothing about the asker or a choice)
  /^\s*what(?:'s| is| are) (?!(?:the |a |an )?(?:best|good|right|worst|cheapest|easiest|some|time|weather|date|price|plan|point|deal|matter|wrong|going|happening|next|up)\b|(?:my|your|our|this|that|it)\b)(?:an? |the )?[a-z0-9][\w-]*(?: [a-z0-9][\w-]*){0,2}\s*\?\s*$/i,
  /^\s*what is the plural of\b/i, /^\s*(?:synonyms?|antonyms?) (?:of|for)\b/i];
const FACTUAL = [
  // not advice on timing or a spot: "when is the right time to repot?", "where is a good place to stop?"
  /^\s*(?:who|when|where) (?!is (?:the |a )?(?:right|best|good|ideal|worst|safest) )(?:was|were|is|did|wrote|painted|invented|discovered|won|founded|composed|directed|designed|built|sang)\b/i,
  // a distance between two named places: "how many miles from Leeds to York?", "how far is it from Lyon to Nice?"
  /^\s*[Hh]ow (?:many (?:miles|km|kms|kilometres|kilometers)|far) (?:is it )?(?:from|between) \p{Lu}/u,
  // "how far is Leeds from York?": the first place named before "from"
  /^\s*[Hh]ow far (?:is|away is) \p{Lu}[\p{L}'-]*(?: \p{Lu}[\p{L}'-]*)? from \p{Lu}/u,
  /^\s*what (?:year|century)\b/i,
  /^\s*what(?:'s| is) the (?:current |today'?s )?exchange rate\b/i,
  // "what's" and "what was" too: "what's the capital of Australia?", "what's the tallest mountain in Europe?"
  /^\s*what(?:'s|\s+is|\s+was)\s+the (?:capital|population|top speed|lifespan|boiling|freezing|melting|speed|distance|tallest|largest|biggest|smallest|highest|longest|deepest|oldest|chemical|atomic)\b/i,
  /^\s*how (?:many|far|tall|old|long) (?:is|are|was|were|did)\b.*\b(?:the|a)\b/i,
  /^\s*(?:which|what) (?:country|planet|element|city|river|mountain)\b/i,
];
/** Given code to mend ("Fix this: for i in range(10) print(i)", "fix this JS: const x = ..."): the code is the request's data. */
const CODE_FIX = /^\s*(?:please\s+)?(?:fix|debug|correct)\s+(?:this|the following|my)\b[^:\n]{0,30}:\s*\S[\s\S]*[(){}[\];=<>]/i;
const CODE_EXPLANATION = [CODE_FIX, /\b(?:explain|what does)\b.*\b(?:this|the following)\s+(?:code|function|regex|snippet|query|script|line)\b/i, /\bwhat does (?:the )?(?:css|html|sql|python|javascript)?\s*(?:property|method|function|keyword|flag)\b/i];

/**
 * How something in the world works ("how does DNS work?", "explain how vaccines work", "why is the sky blue?", "what
 * causes inflation?"): the same answer whoever asks, unless it is about the asker ("why does my knee hurt?", "how do
 * I ...", "for me").
 */
const EXPLANATION = [
  // a comparison of two things in the world ("what's the difference between a mode and a scale?"): a topic fact still
  // counts (a guitarist), no fill; not when the asker is in it ("... for me", "... should I")
  /^\s*what(?:'s| is) the difference between\b(?!.*\b(?:my|me|i|i'm|we|our|should i|for me)\b)/i,
  /^\s*(?:(?:can|could) you\s+)?(?:please\s+)?explain\s+(?:to me\s+)?(?:how|why|what)\b/i,
  /^\s*how (?:does|do) (?!i\b|you\b|we\b)(?:an? |the )?[\w' -]{1,60}? work\s*\??\s*$/i,
  /^\s*why (?:is|are|do|does|did) (?!i\b|you\b|we\b)(?:an? |the )?[\w' -]{1,60}\??\s*$/i,
  /^\s*what (?:causes|caused) (?:an? |the )?[\w' -]{1,60}\??\s*$/i,
];
const ABOUT_THE_ASKER = /\b(?:my|me|i|i'm|i've|mine|we|our|us|should i|for me)\b/i;

/** The kind of a request, by surface cues; 'open' when none applies (most advice, planning and writing requests). */
export function requestKind(prompt: string): RequestKind {
  const p = prompt.trim();
  if (TRANSLATION.some((r) => r.test(p))) return 'translation';
  if (WRITING_FOR_OTHERS.some((r) => r.test(p))) return 'writing-for-others';
  if (CODE_EXPLANATION.some((r) => r.test(p))) return 'code-explanation';
  if (ARITHMETIC.some((r) => r.test(p))) return 'arithmetic';
  if (DEFINITION.some((r) => r.test(p))) return 'definition';
  if (FACTUAL.some((r) => r.test(p)) && !/\b(?:my|me|i|i'm|should i|for me)\b/i.test(p)) return 'factual';
  if (EXPLANATION.some((r) => r.test(p)) && !ABOUT_THE_ASKER.test(p)) return 'explanation';
  return 'open';
}

/** True for requests whose answer does not depend on who asks at all (only a style preference may still apply). */
export function isImpersonal(kind: RequestKind): boolean {
  // an explanation is scored like an open request but gets no fill slot (default.ts): a fact that matches its topic
  // ("interested in sailing" for how tides work) still shapes the examples; the best unrelated fact does not
  return kind !== 'open' && kind !== 'explanation';
}

/** Short creative or personal writing (a poem, a message, a note): answer-style preferences about explanations do not apply. */
export function isShortWriting(prompt: string): boolean {
  return /^\s*(?:please\s+)?(?:write|compose|draft)\s+(?:me\s+)?(?:a|an)\s+(?:short\s+|quick\s+|little\s+)?(?:poem|haiku|limerick|song|lyrics|message|note|card|toast|caption|slogan|tweet)\b/i.test(prompt);
}

const STYLE = [
  /\bprefers?\b.*\b(?:answers?|responses?|explanations?|replies|tone|language|format|bullet|lists?|summar|examples?|detail|concise|short|brief|step[- ]by[- ]step|casual|formal|friendly|direct|jargon|simple)\b/i,
  /\b(?:likes?|wants?|values?|appreciates?)\b.*\b(?:concise|brief|short|detailed|thorough|step[- ]by[- ]step|bullet[- ]point|plain|simple) (?:answers?|responses?|explanations?|language|instructions|format)/i,
  /\bnot comfortable with (?:technical )?jargon\b|\bdislikes? (?:jargon|long answers?|small talk)\b/i,
  /\b(?:prefers?|wants?|likes?)\b.*\b(?:no|without|fewer|lots of|plenty of) (?:emojis?|emoticons?)\b/i,
  /\b(?:answers?|responses?|explanations?) (?:that are|in) (?:short|concise|brief|detailed|bullet|plain|simple)/i,
  // wishes about every answer in other words: "wants answers kept short", metric units, British spelling, code examples, no pep talk
  /\b(?:answers?|responses?|replies|explanations?) (?:kept |to be |that are )?(?:short|brief|concise)\b/i,
  /\b(?:prefers?|wants?|likes?|asks? for|uses?|writes? in)\b.*\b(?:(?:metric|imperial) (?:units|measurements)|(?:british|american|uk|us) (?:spelling|english))\b/i,
  /\b(?:prefers?|wants?|likes?)\b.*\bcode examples?\b/i,
  /\b(?:prefers?|wants?)\b.*\b(?:no|without) (?:pep talks?|preamble|fluff|waffle|filler)\b|\bdislikes? (?:pep talks?|preamble|fluff|waffle)\b/i,
  // a dislike of long answers is a wish for short ones ("is not a fan of long answers", "hates long explanations"), a liking a wish for them
  /\b(?:likes?|loves?|prefers?|wants?|not a fan of|(?:does not|doesn't|do not|don't) like|hates?|dislikes?|can't stand|cannot stand)\s+(?:long|lengthy|wordy|rambling|waffly|detailed)\s+(?:answers?|responses?|replies|explanations?|messages?)\b/i,
  // the level, order and shape of every answer in other words: "explained as if they were new to it", "keep it short",
  // "the key point first", "tables for comparisons", "code in code blocks", "replies in formal English", "no jargon"
  /\b(?:explained|explanations?|answers?|replies|responses)\b.*\b(?:as if (?:they|he|she) (?:were|was|are|is) new|like (?:they|he|she) (?:are|is|were|was|'re|'s) (?:five|5|new|a beginner)|for (?:a )?beginners?|for dummies|in layman'?s terms)\b|\beli5\b/i,
  /\bkeep(?:s|ing)? (?:it|answers?|replies|responses) (?:short|brief|concise)\b/i,
  /\b(?:the )?(?:main|key|most important) (?:point|thing|takeaway) first\b|\bbottom line first\b/i,
  /\btables? for comparisons?\b|\bcomparisons? (?:as|in) (?:a )?tables?\b/i,
  /\bcode (?:in|as) (?:a )?code blocks?\b|\b(?:wants?|prefers?|likes?)\b.*\bcode blocks?\b/i,
  /\b(?:in|writes? in|uses?) formal (?:english|register|language)\b|\baddressed formally\b/i,
  /\b(?:no|without|avoid(?:s|ing)?) (?:technical )?jargon\b/i,
  // no time for long ones: "does not have time for long paragraphs", "has no time to read long replies"
  /\b(?:no|not have(?: the)?|(?:does not|doesn't|don't) have(?: the)?) time (?:for|to read) (?:long|lengthy) (?:paragraphs|answers?|responses?|replies|explanations?|texts?|messages?)\b/i,
  // wanting the reasons behind an answer: "likes to understand the why"
  /\b(?:likes?|wants?|prefers?|needs?)\b.*\bto understand (?:the )?(?:why|reasoning|reasons)\b/i,
];

/** True when the attribute states how the user wants answers (length, detail, tone, format, jargon). */
export function isStylePreference(attribute: string): boolean {
  return STYLE.some((r) => r.test(attribute));
}

const TONE = [
  /\b(?:values?|appreciates?|prefers?|likes?|wants?)\b.*\b(?:communication|directness|humou?r in|encouragement|positive feedback|practical advice|well-researched|thorough (?:answers|responses|explanations)|clarity|plain language)\b/i,
  /\b(?:formal|informal|casual|academic|professional) (?:writing )?(?:style|tone|language|communication)\b/i,
  // how at home the user is with technology shapes any how-to: "is not very good with technology", "isn't techy"
  /\bnot (?:very |that |too |at all )?(?:good|great|confident|comfortable) with (?:technology|tech|computers|gadgets|phones)\b|\b(?:hopeless|useless|rubbish|terrible|clueless|awful|bad) (?:with|at) (?:technology|tech|computers|gadgets|phones)\b|\bnot (?:very |that |at all )?tech(?:y|-savvy| savvy)\b/i,
  /\bnon-native (?:english )?speaker\b|\bspeaks english \((?!native|fluent|good|very good|pretty good|solid)|\bspeaks \w+ as a first language\b|\bis learning english\b|\blearning english for\b/i,
];

/** Tone and communication preferences, and the user's level of English: they can shape the wording of any answer (design 18). */
export function isTonePreference(attribute: string): boolean {
  return TONE.some((r) => r.test(attribute));
}

/** Hedged attributes ("may be", "possibly", "might") are weaker evidence about the user. */
export function isHedged(attribute: string): boolean {
  return /\b(?:may|might|possibly|perhaps|likely|probably|seems? to|could be|appears? to)\b/i.test(attribute);
}
