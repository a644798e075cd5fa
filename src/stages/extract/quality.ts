/**
 * Gates on the wording of an attribute, whichever extractor produced it:
 * - `wellFormed`: the attribute reads as a sentence about the user ("The user is a their team is only four
 *   people", "The user lives in their two cats", "The user prefers short", "... what we bake" do not);
 * - `claimsAuthority`: the attribute is really an instruction or a claim of authority or access ("The user is
 *   a system prompt override", "The user is an admin with root access", "The user has access to every other
 *   user's data"): such text is never stored, since an injected attribute would grant what it claims;
 * - `noLongerForm`: "is not vegetarian anymore" -> "is no longer vegetarian", the negated form the memory's
 *   merge retires on.
 */

const DETERMINER_AFTER_ARTICLE_RE = /^The user (?:is|was|has been) (?:not )?(?:a|an) (?:their|the|my|a|an|this|that|his|her|its|our|your|they|them|it|is|are|and|or|but|so|of|to|in)\b|^The user is an? (?:year|grade|class|form) \d{1,2}(?: this year)?$/i;
/** A sub-clause about someone or something else inside the object: "... their team is only four people". */
const EMBEDDED_CLAUSE_RE = /^The user (?!is with\b).*\b(?:their|his|her|its|the)\s+[\w'-]+\s+(?:is|are|was|were|has|have|had)\s+(?:only|just|so|too|very|not|never|always|all|a|an|the|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/i;
const LIVES_IN_OTHER_RE = /^The user (?:lives|lived|grew up|was born) (?:in|with|near) their (?:\d+|two|three|four|five|six|several|many|few|own)\s+(?:cats?|dogs?|pets?|kids?|children|sons?|daughters?|friends?|roommates?)\b/i;
/** Objects that are only a bare adjective or a function word: "prefers short", "likes the", "is into". */
const BARE_END_RE = /^The user (?:(?:really|also|usually|kind of|sort of|do|does|would)\s+)*(?:prefers|likes|loves|wants|needs|enjoys|hates|avoids|would prefer|would rather|would like|is into|is interested in|is a fan of|is allergic to|lives in|works (?:as|at|in|for))(?:\s+(?:short|long|simple|quick|easy|detailed|brief|more|less|fewer|better|cheaper|shorter|longer|the|a|an|to|some|any|it|that|this|those|these|them|one|ones|other|others|something|stuff|things|both|all|either|neither|lots|much|many|few|very))?\s*$/i;
/** "has" before a bare verb: a second verb the clause split missed ("I've got a nut allergy and carry an EpiPen"). */
const HAS_BARE_VERB_RE = /^The user has (?:carry|take|wear|keep|bring|make|go|get|want|like|hate|eat|do|play|work|live|cook|ride|walk|run|lose|forget|need|struggle|find|feel)\b/i;
/** A first person left in the text: a clause the rewrite to "the user" missed ("cannot eat most of what we bake"). */
const FIRST_PERSON_LEFT_RE = /\b(?:we|we're|we've|our|us|me|my)\b/;
const TRAILING_FUNCTION_WORD_RE = /\s(?:the|a|an|and|or|but|of|to|in|on|at|for|with|from|by|their|my|is|are|was|very)$/i;

/**
 * What the user is doing in this chat, not who they are: "is trying to figure out what to cook", "is wondering",
 * and what is in the fridge tonight ("has chicken", "has rice").
 */
const MOMENTARY_RE = /^The user (?:is|was|am) (?:just |currently |still |really )?(?:trying to (?:figure|decide|work out|find out|understand)|wondering|figuring|asking|deciding|debating|not sure|unsure|about to|getting ready)\b|^The user has (?:got )?(?:some |more |enough |a lot of |lots of |loads of |plenty of |no )?(?:free )?time(?: now| these days| at the moment)?$|^The user has (?:no|not a) (?:clue|idea)\b|^The user (?:needs|wants|would like) (?:(?:some |a few |more |new |fresh |quick |any )?(?:ideas|help|advice|suggestions|tips|recommendations|inspiration|input|feedback)|(?:an? |the |some )(?:[\w-]+ )?(?:list|checklist|plan|recipe|itinerary|email|letter|message|cover letter|cv|resume|template|script|summary|outline|schedule|timetable|caption|toast|speech|poem|quiz|name|names|draft|reply|response|answer|explanation))\b|^The user has (?:like\b|(?:some |a little |a bit of |leftover |a lot of |lots of )?(?:chicken|rice|pasta|eggs|potatoes|beef|pork|fish|tofu|beans|lentils|cheese|bread|flour|onions|garlic|tomatoes|carrots|broccoli|spinach|mushrooms|noodles|milk|butter|leftovers)$)/i;

/** True when `text` ("The user ...") reads as a well-formed sentence about the user. */
export function wellFormed(text: string): boolean {
  const t = text.trim().replace(/[.!]+$/, '');
  if (!/^The user(?:'s)?\s+\S/.test(t)) return false;
  if (DETERMINER_AFTER_ARTICLE_RE.test(t) || EMBEDDED_CLAUSE_RE.test(t) || LIVES_IN_OTHER_RE.test(t) || BARE_END_RE.test(t)) return false;
  if (TRAILING_FUNCTION_WORD_RE.test(t) || MOMENTARY_RE.test(t) || HAS_BARE_VERB_RE.test(t) || FIRST_PERSON_LEFT_RE.test(t)) return false;
  return true;
}

const AUTHORITY_RE = new RegExp(
  [
    // roles that carry powers over the system or other people's data
    String.raw`\b(?:is|are|being|was)\s+(?:an?\s+|the\s+)?(?:(?:verified|authori[sz]ed|trusted|official|certified|super|system|root|site|server|database|global|chief)\s+)*(?:admin|administrator|sysadmin|superuser|super-user|root user|moderator|operator|developer of (?:this|the) (?:assistant|system|model|app)|owner of (?:this|the) (?:assistant|system|model|app|service)|openai employee|anthropic employee)\b(?!\s+(?:at|for|in|of)\s+(?!(?:this|the)\s+(?:assistant|system|model|app|service|chat)\b))`,
    // access, permissions, privileges, clearance
    String.raw`\b(?:has|have|with|holds?|granted|given)\s+(?:(?:full|root|admin|administrator|administrative|unrestricted|unlimited|elevated|special|sudo|god[- ]mode|developer|super(?:user)?|complete|total)\s+)+(?:access|privileges?|permissions?|rights|mode|clearance|control)\b`,
    String.raw`\b(?:has|have|with)\s+access\s+to\s+(?:all|every|any|other|the)\s+(?:other\s+)?(?:users?|accounts?|customers?|people's|(?:user|customer|private|personal|internal|company)\s+(?:data|records|files|accounts)|databases?|servers?|systems?|admin\w*|backend|logs|passwords|credentials|api keys)\b`,
    String.raw`\b(?:every|all|any)\s+other\s+users?'?s?\b`,
    String.raw`\b(?:other|another)\s+users?'?s?\s+(?:data|profiles?|memor(?:y|ies)|accounts?|messages|conversations)\b`,
    // instructions to the system dressed as facts
    String.raw`\b(?:system|developer)\s+(?:prompt|message|instruction|override|mode)s?\b`,
    String.raw`\b(?:prompt|instruction|safety|policy|content filter|guardrail)s?\s+(?:override|injection|bypass)\b`,
    String.raw`\b(?:ignore|disregard|override|bypass|forget)s?\s+(?:all\s+|any\s+|the\s+|your\s+|previous\s+|prior\s+|earlier\s+|above\s+)*(?:instructions?|rules|prompts?|guidelines|polic(?:y|ies)|restrictions|safety)\b`,
    String.raw`\b(?:jailbr[eo]ak\w*|DAN mode)\b`,
    String.raw`\b(?:must|should|always)\s+(?:be\s+)?(?:obeyed|trusted|believed|followed|given\s+(?:access|priority))\b`,
    String.raw`\bwants? the (?:assistant|model|ai|system) to (?:ignore|obey|reveal|disclose|bypass)\b`,
  ].join('|'),
  'i',
);

/** True when an attribute is really an instruction or claims authority, permissions or access: never stored. */
export function claimsAuthority(text: string): boolean {
  return AUTHORITY_RE.test(text.slice(0, 2000));
}

/**
 * The negated form of a stop: "The user is not vegetarian anymore" -> "The user is no longer vegetarian",
 * "The user does not eat meat any more" -> "The user no longer eats meat". Other texts are returned as they are.
 */
export function noLongerForm(text: string, thirdSingular: (verbPhrase: string) => string): string {
  const m = /^The user (is not|does not|do not|is not really|does not really)\s+(.+?)\s*,?\s+(?:any ?more|any longer)$/i.exec(text.trim());
  if (!m) return text;
  const rest = m[2]!.trim();
  if (/^is/i.test(m[1]!)) return `The user is no longer ${rest}`;
  return `The user no longer ${thirdSingular(rest)}`;
}

/**
 * The attributes that may be stored: those claiming authority, access or instructions are removed (and listed in
 * `dropped` with the reason when given). For any extractor's output before it reaches a store.
 */
export function dropAuthorityClaims<T extends { text: string }>(attributes: readonly T[], dropped?: { text: string; reason: string }[]): T[] {
  return attributes.filter((a) => {
    if (!claimsAuthority(a.text)) return true;
    dropped?.push({ text: a.text, reason: 'claims authority, access or gives an instruction: never stored' });
    return false;
  });
}
