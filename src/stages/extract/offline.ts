import type { Attribute, Conversation } from '../../model/index.js';
import type { Extractor } from './extractor.js';

/**
 * The offline extractor: self-disclosure patterns over the user's own turns, rewritten into "The user ..."
 * statements. No model, no network, deterministic.
 *
 * What it finds: literal first-person statements ("I'm a nurse", "I work as", "I live in", "I'm allergic to",
 * "I don't eat", "I'm vegetarian", "I love/like/prefer/hate/avoid", "I usually cook", "I have two kids",
 * "my wife/kids/dog", "I've been ...ing", "my favorite X is Y", "I want/need to ...", "I don't want X",
 * "I'd rather X", "I'm in the mood for X"), clauses led by "we" ("We like rom coms"), verbless constraints and
 * preferences ("nothing too spicy", "no meat", "X would be nice", "X is off limits"), and short replies to the
 * assistant's questions about the user ("What genres do you like?" -> "Comedy and drama"), worded by the kind
 * of question (likes, avoids, has, is with). A coordinated object becomes one attribute per item ("horror,
 * thrillers and action films" -> three), since a preference is one thing. What it cannot find: anything the
 * user implies rather than states (a choice among options the assistant listed, a taste shown by which film
 * they pick). See the README for measured figures.
 *
 * Guards against the paper's failure modes:
 * - task-context confusion: text after a writing/role-play instruction ("write a story where I am...",
 *   "pretend you are", "act as", "translate", "rewrite") is not read, and once a user starts a role-play every
 *   later turn of that conversation is skipped; quoted passages (4+ words), block quotes and code are removed;
 *   clauses led by a hypothetical or reported frame ("if I were", "imagine I'm", "she said I'm") are skipped;
 *   questions ("Am I ...?", "Should I ... if I'm ...?") are not read as statements.
 * - overgeneralization: one request ("I want to ...", "I'm looking for ...") is kept as what it is, with a low
 *   confidence (0.45) and a reason saying so; the statement is never widened into a trait.
 * - missing evidence: every attribute quotes its sentence and names its turn.
 * - not standalone: objects that point into the conversation ("I like it", "I love your idea", "I like the
 *   first one") are dropped.
 * - sensitive traits (health, religion, ethnicity, sexual orientation, politics) are never inferred: an
 *   attribute touching one is kept only when the user stated it outright (a direct pattern, confidence >= 0.7,
 *   no hedge), or never with `sensitive: 'never'`.
 * - user text is data: a reply that is an instruction or a request to the assistant ("ignore ...", "write ...",
 *   "can you ...") is not read as an answer, objects that address the assistant are dropped, and nothing the
 *   user writes is followed; attributes only rewrite the user's words into "The user ..." statements.
 * Hedges ("I think", "probably", "kind of", "sometimes") are kept in the text and lower the confidence (x0.75);
 * negations are kept ("The user does not eat pork").
 */

export type SensitiveCategory = 'health' | 'religion' | 'ethnicity' | 'sexual_orientation' | 'politics';

export interface OfflineExtractorOptions {
  /** 'stated' (default): sensitive attributes only when stated outright; 'never': drop them all. */
  sensitive?: 'stated' | 'never';
}

/** One pattern hit in a text, before it is tied to a conversation turn. */
export interface Finding {
  text: string;
  confidence: number;
  /** Which pattern family matched. */
  kind: string;
  /** The sentence it came from (after cleaning). */
  sentence: string;
  hedged: boolean;
  sensitive?: SensitiveCategory;
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary

const ADVERBS = [
  'really', 'also', 'just', 'absolutely', 'totally', 'definitely', 'actually', 'personally', 'especially', 'mostly',
  'mainly', 'generally', 'usually', 'often', 'always', 'normally', 'typically', 'still', 'truly', 'genuinely',
  'honestly', 'certainly', 'sometimes', 'occasionally', 'kind of', 'sort of', 'kinda', 'probably', 'maybe', 'even',
  'already', 'now', 'currently', 'both', 'all', 'deeply', 'strongly', 'especially', 'regularly', 'frequently',
  'do', 'rarely', 'seldom', 'mostly', 'pretty much', 'very much', 'quite', 'super', 'so',
];
const ADV = `(?:(?:${ADVERBS.map((a) => a.replace(/ /g, '\\s+')).join('|')})\\s+)*`;
const HEDGE_RE = /\b(?:think|guess|suppose|believe|reckon|probably|maybe|perhaps|kind of|sort of|kinda|sometimes|occasionally|might|may|could|not sure)\b/i;

const PREF_VERBS: Record<string, { conf: number; past?: boolean }> = {
  love: { conf: 0.8 }, adore: { conf: 0.8 }, hate: { conf: 0.8 }, detest: { conf: 0.8 }, despise: { conf: 0.8 },
  like: { conf: 0.75 }, enjoy: { conf: 0.75 }, prefer: { conf: 0.75 }, dislike: { conf: 0.75 }, avoid: { conf: 0.75 },
  loved: { conf: 0.6, past: true }, liked: { conf: 0.6, past: true }, enjoyed: { conf: 0.6, past: true },
};
const HABIT_VERBS = [
  'eat', 'drink', 'cook', 'bake', 'watch', 'play', 'read', 'listen to', 'use', 'own', 'drive', 'ride', 'run', 'swim',
  'hike', 'follow', 'practice', 'practise', 'collect', 'grow', 'knit', 'paint', 'draw', 'sing', 'travel', 'volunteer',
  'teach', 'study', 'speak', 'go to', 'walk', 'exercise', 'work out', 'meditate', 'take care of', 'care for', 'raise',
  'keep', 'wear', 'attend', 'visit', 'spend',
];
const STATES = [
  'retired', 'married', 'single', 'divorced', 'widowed', 'engaged', 'pregnant', 'self-employed', 'unemployed',
  'vegetarian', 'vegan', 'pescatarian', 'gluten-free', 'dairy-free', 'lactose intolerant', 'celiac', 'coeliac',
  'diabetic', 'colorblind', 'colourblind', 'deaf', 'blind', 'introverted', 'extroverted', 'shy', 'bilingual',
  'left-handed', 'right-handed', 'a student', 'a parent', 'a mom', 'a dad', 'an introvert', 'an extrovert',
  'an early riser', 'a night owl', 'a beginner', 'new to', 'on a budget', 'on a diet', 'into', 'passionate about',
  'interested in', 'obsessed with', 'fond of', 'keen on', 'crazy about', 'a fan of', 'a big fan of', 'a huge fan of',
  'based in', 'from', 'in the mood for', 'in (?:a|an) [\\w-]+ mood', 'craving', 'open to', 'okay with', 'ok with', 'fine with',
  'not the biggest fan of', 'the biggest fan of', 'looking forward to',
  // sensitive self-identifications: kept only because they are stated outright (see sensitiveCategory)
  'gay', 'lesbian', 'bisexual', 'queer', 'transgender', 'asexual', 'non-binary', 'christian', 'a christian', 'muslim', 'a muslim',
  'jewish', 'hindu', 'a hindu', 'buddhist', 'a buddhist', 'catholic', 'a catholic', 'atheist', 'an atheist', 'agnostic',
];
const DIET_STATES = new Set(['vegetarian', 'vegan', 'pescatarian', 'gluten-free', 'dairy-free', 'lactose intolerant', 'celiac', 'coeliac']);
const RELATIONS = [
  'wife', 'husband', 'partner', 'spouse', 'boyfriend', 'girlfriend', 'fiance', 'fiancee', 'fiancé', 'fiancée',
  'kids', 'kid', 'children', 'child', 'son', 'sons', 'daughter', 'daughters', 'baby', 'babies', 'toddler', 'twins',
  'mom', 'mother', 'dad', 'father', 'parents', 'brother', 'brothers', 'sister', 'sisters', 'siblings', 'grandma',
  'grandmother', 'grandpa', 'grandfather', 'grandparents', 'grandchildren', 'grandkids', 'grandson', 'granddaughter',
  'roommate', 'roommates', 'family', 'dog', 'dogs', 'cat', 'cats', 'puppy', 'puppies', 'kitten', 'kittens', 'horse',
  'horses', 'parrot', 'bird', 'birds', 'fish', 'hamster', 'rabbit', 'bunny', 'pets', 'pet',
];
const REL_ADJ = '(?:(?:little|older|younger|big|baby|new|old|elderly|teenage|teenaged|adult|grown|two|three|four|five|2|3|4|5|twin|\\d+-year-old|\\w+-year-old)\\s+)*';
const NUMBER_WORDS = new Set(['two', 'three', 'four', 'five', '2', '3', '4', '5']);

/** Objects that point into the conversation rather than describe the user. */
const DANGLING_RE = /^(?:or|and|ones|some more|more|it|its|it's|that|this|these|those|them|him|her|you|your|yours|here|there|so|too|well|what|how|when|where|why|if|whether|one|ones|both|all of them|the (?:idea|sound|suggestion|suggestions|recommendation|recommendations|option|options|first|second|third|last|one|ones|other|rest|list|above|same|answer|plan)|to (?:hear|know|see|try|ask|learn more|get|find out|check)|hearing|knowing|talking|chatting|doing|going|sure|glad|happy|sorry|afraid|not sure|okay|ok|fine|good|great|a (?:lot|little|bit|few|couple|question)|no idea)\b/i;

const SENSITIVE: [SensitiveCategory, RegExp][] = [
  ['health', /\b(?:depress\w*|anxiety|anxious|diabet\w*|cancer|adhd|autis\w*|bipolar|ptsd|hiv|aids|pregnan\w*|disorder|illness|disease|therapy|therapist|medication|surgery|transplant|disabilit\w*|disabled|chronic|ocd|mental health|schizo\w*|epilep\w*|asthma|migraine\w*|insomnia|celiac|coeliac|deaf|blind|wheelchair|addict\w*|alcoholi\w*|eating disorder|anorexi\w*|bulimi\w*)\b/i],
  ['religion', /\b(?:christian\w*|muslim|islam\w*|jewish|judaism|hindu\w*|buddhis\w*|catholic\w*|protestant|atheis\w*|agnostic|religio\w*|church|mosque|synagogue|temple|pray\w*|god|faith|bible|quran|koran|torah|kosher|halal|sikh\w*|mormon|ramadan|lent)\b/i],
  ['ethnicity', /\b(?:black|white|asian|latino|latina|latinx|hispanic|african[- ]american|caucasian|ethnic\w*|race|racial|native american|indigenous|biracial|mixed race)\b/i],
  ['sexual_orientation', /\b(?:gay|lesbian|bisexual|bi|queer|homosexual|heterosexual|lgbt\w*|transgender|trans|asexual|pansexual|straight|non-binary|nonbinary)\b/i],
  ['politics', /\b(?:democrat\w*|republican\w*|liberal|conservative|leftist|left-wing|right-wing|socialist|communist|libertarian|progressive|trump|biden|maga|labour|tory|tories|vote[ds]?|voting|political|politics)\b/i],
];

export function sensitiveCategory(text: string): SensitiveCategory | undefined {
  for (const [cat, re] of SENSITIVE) if (re.test(text)) return cat;
  return undefined;
}

// Task-context markers: what follows is content the user wants produced or handled, not facts about them.
const WRITING_TASK_RE = /\b(?:write|compose|draft|create|generate|make|give me|help me (?:write|with)|can you write|could you write)\b[^.?!\n]{0,40}?\b(?:story|stories|poem|poems|letter|cover letter|essay|email|e-mail|script|dialogue|dialog|song|lyrics|speech|post|tweet|review|monologue|scene|novel|chapter|fanfic|fan fiction|bio|biography|resume|résumé|cv|advert|advertisement|joke|rap|message|text|caption|description)\b/i;
const HANDLE_TASK_RE = /\b(?:translate|proofread|rewrite|re-write|paraphrase|summari[sz]e|rephrase|reword|correct (?:the |my |this )?(?:grammar|spelling|text|following)|edit (?:this|the following|my)|improve (?:this|the following)|continue (?:this|the) story|fix (?:this|the following))\b/i;
const ROLEPLAY_RE = /\b(?:pretend|role-?play|roleplay|act as|acting as|play the role|in character|imagine (?:you|that you|you're)|you are (?:now )?(?:a|an|my|the) |from the perspective of|in the voice of|as if you were|let's play|lets play|stay in character)\b/i;
/** Frames before a first-person clause that make it hypothetical, reported or about someone else. */
const LEAD_GUARD_RE = /\b(?:if|suppose|supposing|imagine|imagining|pretend|pretending|unless|whether|wish|when|whenever|once|as if|as though|said|says|told|tells|asks|asked|thinks|believes|claims|character|story|he|she|they|his|her|their|someone|somebody|friend|where)\b/i;
const QUESTION_START_RE = /^(?:am|do|does|did|should|shall|can|could|would|will|is|are|was|were|what|how|why|which|where|when|who|whom|whose|any|is it)\b/i;

// ---------------------------------------------------------------------------------------------------------
// Text helpers

/** Normalises apostrophes and the lowercase "i" of informal typing ("i think", "im", "ive"). */
export function normalizeFirstPerson(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\bi(?='m\b|'ve\b|'d\b|'ll\b|\b)/g, 'I')
    .replace(/\bim\b(?=\s+(?:a|an|the|not|so|very|really|from|in|into|interested|allergic|vegetarian|vegan|looking|trying|working|going|currently|also|just|\w+ing)\b)/gi, "I'm")
    .replace(/\bive\b(?=\s+(?:been|got|always|never|had|tried|just|also)\b)/gi, "I've")
    .replace(/\bI\s+m\b/g, "I'm")
    .replace(/\bdont\b/gi, "don't")
    .replace(/\bcant\b/gi, "can't");
}

/** Removes what the user quotes or pastes rather than says: code blocks, block quotes, quoted passages of 4+ words. */
export function stripQuoted(text: string): string {
  return text
    .replace(/```[\s\S]*?(?:```|$)/g, ' ')
    .split('\n')
    .filter((l) => !/^\s*>/.test(l))
    .join('\n')
    .replace(/"([^"\n]*)"|\u201c([^\u201d]*)\u201d/g, (m, a: string | undefined, b: string | undefined) => ((a ?? b ?? '').trim().split(/\s+/).length >= 4 ? ' ' : m));
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
}

/** Splits a sentence where a new first-person clause starts after a comma, semicolon or conjunction. */
function clauses(sentence: string): string[] {
  return sentence
    .split(/[,;:]\s*(?=(?:(?:and|but|so|because|since|while|although|though|plus|also|yet)\s+)?(?:I|I'm|I've|I'd|my|My|we|We|we're|We're)\b)|\s+(?:and|but|so|while|although|though|yet)\s+(?=(?:I|I'm|I've|I'd)\b)|\s+[-\u2013\u2014]\s+/)
    .map((c) => c.trim())
    .filter(Boolean);
}

/**
 * "We like rom coms" (the user and the people they do it with) is read as the user's own statement: a clause
 * that starts with "we" is rewritten to "I" before the patterns run.
 */
function weAsI(clause: string): string {
  return clause.replace(/^((?:(?:and|but|so|also|yes|yeah|well)[\s,]+)*)(we're|we are|we've|we have|we'd|we)\b(?:\s+(?:all|both))?/i, (_m, lead: string, we: string) => {
    const w = we.toLowerCase();
    const i = w === "we're" || w === 'we are' ? "I'm" : w === "we've" ? "I've" : w === 'we have' ? 'I have' : w === "we'd" ? "I'd" : 'I';
    return `${lead}${i}`;
  });
}

/** First person -> third person inside an object phrase ("my kids and me" -> "their kids and them"). */
export function toThirdPerson(s: string): string {
  return s
    .replace(/\bI am\b/g, 'they are')
    .replace(/\bI'm\b/g, "they're")
    .replace(/\bI was\b/g, 'they were')
    .replace(/\bI've\b/g, "they've")
    .replace(/\bI'd\b/g, "they'd")
    .replace(/\bI'll\b/g, "they'll")
    .replace(/\bI\b/g, 'they')
    .replace(/\bmyself\b/gi, 'themselves')
    .replace(/\bmine\b/gi, 'theirs')
    .replace(/\bmy\b/gi, 'their')
    .replace(/\bme\b/gi, 'them')
    .replace(/\bours\b/gi, 'theirs')
    .replace(/\bour\b/gi, 'their');
}

/** Trims an object phrase to its clause: stops at "but", "so", a parenthesis or 16 words; drops trailing punctuation. */
function trimObject(s: string): string {
  let o = s.split(/\s*(?:[.;!?()]|,\s*(?:but|so|which|and then|though|although)\b|\s(?:but|so that|although|though)\s)/i)[0] ?? '';
  o = o.replace(/\s+/g, ' ').trim();
  const words = o.split(' ');
  if (words.length > 16) o = words.slice(0, 16).join(' ');
  return o.replace(/[\s,:;\-\u2013\u2014]+$/, '').trim();
}

/** Objects that still refer to the chat partner ("show you around", "your recipe") are not standalone. */
const ADDRESSEE_RE = /\b(?:you|your|yours|you're|you've|u)\b/i;
/** In a request, "we"/"us" is the user and the assistant ("the ingredients we've discussed"). */
const WE_RE = /\b(?:we|we've|we're|us|let's)\b/i;

function usable(obj: string, request = false): boolean {
  return /\p{L}/u.test(obj) && !DANGLING_RE.test(obj) && !ADDRESSEE_RE.test(obj) && !(request && WE_RE.test(obj));
}

/** Third-person singular of an English verb phrase's first word (like -> likes, watch -> watches, have -> has). */
export function thirdSingular(verbPhrase: string): string {
  const [v, ...rest] = verbPhrase.split(' ');
  const w = v!;
  let out: string;
  if (w === 'have') out = 'has';
  else if (w === 'be') out = 'is';
  else if (w === 'do') out = 'does';
  else if (w === 'go') out = 'goes';
  else if (/[^aeiou]y$/.test(w)) out = `${w.slice(0, -1)}ies`;
  else if (/(?:s|sh|ch|x|z|o)$/.test(w)) out = `${w}es`;
  else out = `${w}s`;
  return [out, ...rest].join(' ');
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------------------
// Patterns. Each gets the clause from its "I" onwards and returns the predicate (after "The user") or null.

interface Hit {
  /** third-person singular predicate, e.g. "likes horror films" */
  sg: string;
  /** plural form for "they ..." after a hedge frame, e.g. "like horror films" */
  pl: string;
  conf: number;
  kind: string;
  /** characters of the clause consumed */
  end: number;
  /** statement about a single request rather than the user */
  request?: boolean;
  /** the predicate without its object, and the (third-person) object, when the pattern has one */
  head?: { sg: string; pl: string; obj: string };
}

type Pattern = (rest: string) => Hit | null;

const NEG = `(?:(don't|do not|didn't|did not|never|no longer|can't|cannot|won't|will not|wouldn't)\\s+)?`;

function negForms(neg: string | undefined, verb: string, past = false, mid = ''): { sg: string; pl: string } {
  const n = neg?.toLowerCase().replace(/\s+/g, ' ');
  const both = (x: string): { sg: string; pl: string } => ({ sg: clean(x), pl: clean(x) });
  if (!n) return past ? both(`${mid} ${verb}`) : { sg: clean(`${mid} ${thirdSingular(verb)}`), pl: clean(`${mid} ${verb}`) };
  if (n === "don't" || n === 'do not') return { sg: clean(`does not ${mid} ${verb}`), pl: clean(`do not ${mid} ${verb}`) };
  if (n === "didn't" || n === 'did not') return both(`did not ${mid} ${verb}`);
  if (n === "can't" || n === 'cannot') return both(`cannot ${mid} ${verb}`);
  if (n === "won't" || n === 'will not' || n === "wouldn't") return both(`will not ${mid} ${verb}`);
  return { sg: clean(`${n} ${mid} ${thirdSingular(verb)}`), pl: clean(`${n} ${mid} ${verb}`) };
}

function hit(m: RegExpExecArray, sg: string, pl: string, obj: string, conf: number, kind: string, request = false): Hit | null {
  const o = trimObject(obj);
  if (!usable(o, request)) return null;
  const third = toThirdPerson(o);
  const end = m.index + m[0].length - obj.length + o.length;
  return { sg: clean(`${sg} ${third}`), pl: clean(`${pl} ${third}`), conf, kind, end, ...(request ? { request } : {}), head: { sg: clean(sg), pl: clean(pl), obj: third } };
}

/** Trailing "etc." and the like: a list that says it is open adds no item. */
const OPEN_END_RE = /[\s,]*(?:etc\.?|and so on|and more|and stuff|or something|and things like that|or anything like that)\s*$/i;
/** Examples after a head phrase: "films based on real events like The Godfather", "snacks such as nuts". */
const EXAMPLES_RE = /\s*,?\s+(?:such as|including|especially|e\.g\.|for example|like(?=\s+(?:the\s+)?\p{Lu}))\s+/u;
const ITEM_SPLIT_RE = /\s*,\s*(?:and\/or|and|or|&)?\s*|\s+(?:and\/or|and|or|as well as|plus|&)\s+/i;

/**
 * The items of a coordinated object ("horror, thrillers and action films" -> three items; "real events like
 * The Godfather" -> the head and its example), so each becomes its own attribute. The object is kept whole when
 * it has one item or when an item is long or points back into the chat (then it is not a list).
 */
export function listItems(obj: string): string[] {
  const o = obj.replace(OPEN_END_RE, '').trim();
  const items = o.split(EXAMPLES_RE).flatMap((part) => part.split(ITEM_SPLIT_RE)).map((x) => x.replace(/^(?:also|even|maybe|some|any|too)\s+/i, '').trim()).filter(Boolean);
  if (items.length < 2 || items.some((x) => x.split(' ').length > 8 || !usable(x))) return [o || obj];
  return items;
}

/** The adverbs a pattern matched, minus emphatic "do" ("I do use" -> "uses"). */
const advs = (s: string | undefined): string => clean((s ?? '').replace(/\bdo\b/gi, ''));

const patterns: Pattern[] = [
  // I'm allergic / intolerant / sensitive to X
  (r) => {
    const m = new RegExp(`^I(?:'m| am)\\s+(${ADV})(not\\s+)?(${ADV})(allergic|intolerant|sensitive)\\s+to\\s+(.+)`, 'i').exec(r);
    if (!m) return null;
    const a = advs(`${m[1] ?? ''} ${m[2] ?? ''} ${m[3] ?? ''}`);
    return hit(m, `is ${a} ${m[4]!.toLowerCase()} to`, `are ${a} ${m[4]!.toLowerCase()} to`, m[5]!, 0.9, 'allergy');
  },
  // I'm N years old
  (r) => {
    const m = /^I(?:'m| am)\s+(\d{1,3})\s*(?:years?|yrs?|y\/o|yo)(?:\s+old)?/i.exec(r);
    if (!m) return null;
    return { sg: `is ${m[1]} years old`, pl: `are ${m[1]} years old`, conf: 0.85, kind: 'age', end: m.index + m[0].length };
  },
  // I work as / at / in / for X; I'm working as X
  (r) => {
    const m = new RegExp(`^I\\s+(${ADV})(work|worked)\\s+(as|at|in|for|on|with)\\s+(.+)`, 'i').exec(r)
      ?? new RegExp(`^I(?:'m| am)\\s+(${ADV})(working)\\s+(as|at|in|for|on|with)\\s+(.+)`, 'i').exec(r);
    if (!m) return null;
    const a = advs(m[1]);
    const v = m[2]!.toLowerCase();
    const past = v === 'worked';
    const sg = v === 'working' ? `is ${a} working` : past ? `${a} worked` : `${a} works`;
    const pl = v === 'working' ? `are ${a} working` : past ? `${a} worked` : `${a} work`;
    return hit(m, `${sg} ${m[3]!.toLowerCase()}`, `${pl} ${m[3]!.toLowerCase()}`, m[4]!, past ? 0.6 : 0.85, 'work');
  },
  // I live in / grew up in / was born in X
  (r) => {
    const m = new RegExp(`^I\\s+(${ADV})(live|grew up|was born|moved)\\s+(in|near|on|outside|outside of|to)\\s+(.+)`, 'i').exec(r);
    if (!m) return null;
    const v = m[2]!.toLowerCase();
    const a = advs(m[1]);
    const sg = v === 'live' ? `${a} lives` : v;
    const pl = v === 'live' ? `${a} live` : v === 'was born' ? 'were born' : v;
    return hit(m, `${sg} ${m[3]!.toLowerCase()}`, `${pl} ${m[3]!.toLowerCase()}`, m[4]!, v === 'live' ? 0.85 : 0.75, 'place');
  },
  // I've been a nurse for 15 years / I've been working as ... / I've been learning ...
  (r) => {
    const m = new RegExp(`^I(?:'ve| have)\\s+(${ADV})been\\s+(${ADV})((?:a|an)\\s+|\\w+ing\\b)(.*)`, 'i').exec(r);
    if (!m) return null;
    const lead = m[3]!.trim();
    if (/^(?:thinking|wondering|trying|looking|meaning|hoping|going)$/i.test(lead)) return null;
    const a = advs(`${m[1] ?? ''} been ${m[2] ?? ''}`);
    const isRole = /^an?$/i.test(lead);
    return hit(m, `has ${a} ${lead}`, `have ${a} ${lead}`, m[4]!, isRole ? 0.8 : 0.65, isRole ? 'identity' : 'ongoing');
  },
  // I'm (not) vegetarian / married / a student / into X / a fan of X / from X
  (r) => {
    const alts = STATES.map((s) => s.replace(/ /g, '\\s+')).join('|');
    const m = new RegExp(`^I(?:'m| am)\\s+(${ADV})(not\\s+)?(${ADV})(${alts})\\b(.*)`, 'i').exec(r);
    if (!m) return null;
    const state = clean(m[4]!.toLowerCase());
    const a = advs(`${m[1] ?? ''} ${m[2] ?? ''} ${m[3] ?? ''}`);
    const needsObject = /\b(?:into|about|in|with|of|on|to|from)$/.test(state);
    const conf = DIET_STATES.has(state) ? 0.9 : /^(?:interested in|new to)$/.test(state) ? 0.6 : needsObject ? 0.7 : 0.85;
    if (needsObject) return hit(m, `is ${a} ${state}`, `are ${a} ${state}`, m[5]!, conf, DIET_STATES.has(state) ? 'diet' : 'state');
    const tail = trimObject(m[5]!);
    const obj = /^(?:and|or|,)?\s*$/.test(tail) || usable(tail) ? tail : '';
    const third = toThirdPerson(obj);
    return { sg: clean(`is ${a} ${state} ${third}`), pl: clean(`are ${a} ${state} ${third}`), conf, kind: DIET_STATES.has(state) ? 'diet' : 'state', end: m.index + m[0].length - m[5]!.length + obj.length };
  },
  // I'm a/an X
  (r) => {
    const m = new RegExp(`^I(?:'m| am)\\s+(${ADV})(not\\s+)?(${ADV})(a|an)\\s+(.+)`, 'i').exec(r);
    if (!m) return null;
    if (/^(?:little|bit|lot|few|couple|question|good idea|great idea|quick question|moment)\b/i.test(m[5]!)) return null;
    const a = advs(`${m[1] ?? ''} ${m[2] ?? ''} ${m[3] ?? ''}`);
    const art = m[4]!.toLowerCase();
    return hit(m, `is ${a} ${art}`, `are ${a} ${art}`, m[5]!, 0.8, 'identity');
  },
  // I (don't) like / love / prefer / hate / avoid X; I can't stand X
  (r) => {
    const m = new RegExp(`^I\\s+(${ADV})${NEG}(${ADV})(love|adore|hate|detest|despise|like|enjoy|prefer|dislike|avoid|loved|liked|enjoyed|can't stand|cannot stand)\\s+(.+)`, 'i').exec(r);
    if (!m) return null;
    const verb = m[4]!.toLowerCase();
    const pre = advs(m[1]);
    const mid = advs(m[3]);
    let sg: string;
    let pl: string;
    let conf: number;
    if (verb === "can't stand" || verb === 'cannot stand') {
      sg = pl = `${pre} cannot ${mid} stand`;
      conf = 0.8;
    } else {
      const info = PREF_VERBS[verb]!;
      const f = negForms(m[2], verb, info.past, mid);
      sg = clean(`${pre} ${f.sg}`);
      pl = clean(`${pre} ${f.pl}`);
      conf = info.conf;
    }
    return hit(m, sg, pl, m[5]!, conf, 'preference');
  },
  // I (usually / don't) eat / cook / watch / use / play X
  (r) => {
    const alts = HABIT_VERBS.map((s) => s.replace(/ /g, '\\s+')).join('|');
    const m = new RegExp(`^I\\s+(${ADV})${NEG}(${ADV})(${alts})\\b\\s*(.*)`, 'i').exec(r);
    if (!m) return null;
    const verb = clean(m[4]!.toLowerCase());
    const pre = advs(m[1]);
    const mid = advs(m[3]);
    const f = negForms(m[2], verb, false, mid);
    const sg = `${pre} ${f.sg}`;
    const pl = `${pre} ${f.pl}`;
    const frequent = /\b(?:usually|often|always|regularly|normally|typically|frequently|generally)\b/i.test(`${pre} ${mid}`);
    const obj = m[5]!;
    if (!trimObject(obj)) {
      // "I don't eat." / "I knit." alone: keep only for verbs that stand without an object
      if (!/^(?:knit|cook|bake|run|swim|hike|paint|draw|sing|travel|volunteer|meditate|exercise|work out|drink)$/.test(verb)) return null;
      return { sg: clean(sg), pl: clean(pl), conf: m[2] ? 0.7 : 0.6, kind: 'habit', end: m.index + m[0].length - obj.length };
    }
    return hit(m, sg, pl, obj, m[2] || frequent ? 0.7 : 0.6, 'habit');
  },
  // I have (a / two / no) X; I don't have X
  (r) => {
    const m = new RegExp(`^I(?:\\s+(${ADV})(don't|do not|no longer)\\s+have|\\s+(${ADV})have(?!\\s+(?:to|been|got to|a question|no idea|a quick question|any idea|tried|heard|seen|read|watched|never|always|just|already|made|done|used|had|found|noticed|decided|started|learned|been)\\b))\\s+(.+)`, 'i').exec(r)
      ?? new RegExp(`^I(?:'ve| have)\\s+got\\s+(.+)`, 'i').exec(r);
    if (!m) return null;
    const obj = m[4] ?? m[1]!;
    if (m[4] === undefined && m[2] === undefined) {
      return hit(m, 'has', 'have', obj, 0.6, 'possession');
    }
    const neg = m[2];
    const a = advs(neg ? m[1] : m[3]);
    return neg
      ? hit(m, `${a} ${neg.toLowerCase() === 'no longer' ? 'no longer has' : 'does not have'}`, `${a} ${neg.toLowerCase() === 'no longer' ? 'no longer have' : 'do not have'}`, obj, 0.65, 'possession')
      : hit(m, `${a} has`, `${a} have`, obj, 0.65, 'possession');
  },
  // I don't want / don't need X; I would prefer / would rather X  (a constraint on what is wanted)
  (r) => {
    const m = new RegExp(`^I(?:\\s+(${ADV})(don't|do not|never)\\s+(${ADV})(want|need)|(?:\\s+would|'d)\\s+(${ADV})(prefer|rather))\\s+(.+)`, 'i').exec(r);
    if (!m) return null;
    const sg = m[2] ? `${advs(m[1])} ${m[2].toLowerCase() === 'never' ? `never ${thirdSingular(m[4]!.toLowerCase())}` : `does not ${advs(m[3])} ${m[4]!.toLowerCase()}`}` : `would ${advs(m[5])} ${m[6]!.toLowerCase()}`;
    const pl = sg.replace(/\bdoes not\b/, 'do not').replace(/\bnever (want|need)s\b/, 'never $1');
    return hit(m, clean(sg), clean(pl), m[7]!.replace(/^(?:to\s+(?:watch|eat|have|see|make|cook)\s+)?any\s+/i, ''), m[2] ? 0.6 : 0.55, 'constraint', true);
  },
  // I want / need / would like / am looking for / am planning to X  (one request: low confidence)
  (r) => {
    const m = new RegExp(`^I(?:\\s+(${ADV})(want|need|would like|would love|hope|plan|intend)|'d\\s+(${ADV})(like|love|prefer)|(?:'m| am)\\s+(${ADV})(looking for|planning|trying|hoping|thinking of|thinking about|going to))\\s+(.+)`, 'i').exec(r);
    if (!m) return null;
    const v = clean((m[2] ?? m[4] ?? m[6])!.toLowerCase());
    const a = advs(m[1] ?? m[3] ?? m[5]);
    const obj = m[7]!;
    if (/^(?:to\s+)?(?:know|ask|see|hear|understand|find out|check|say|make sure|thank|get some|be sure|confirm|clarify)\b/i.test(obj)) return null;
    let sg: string;
    let pl: string;
    if (m[4]) {
      sg = `would ${a} ${v}`;
      pl = sg;
    } else if (m[6]) {
      sg = `is ${a} ${v}`;
      pl = `are ${a} ${v}`;
    } else if (/^would /.test(v)) {
      sg = pl = `${a} ${v}`;
    } else {
      sg = `${a} ${thirdSingular(v)}`;
      pl = `${a} ${v}`;
    }
    const conf = m[4] === 'prefer' ? 0.5 : 0.45;
    return hit(m, sg, pl, obj, conf, 'request', true);
  },
];

/** "My favorite X is Y", "X is my passion/hobby/favorite". */
function favoriteFinding(clause: string): { text: string; conf: number } | null {
  let m = /\bmy\s+(?:all-time\s+|absolute\s+)?(?:favou?rite|fave)\s+([\w\s-]{1,30}?)\s+(is|are|was|has to be|would be)\s+(.+)/i.exec(clause);
  if (m) {
    const o = trimObject(m[3]!);
    if (!usable(o)) return null;
    const verb = m[2]!.toLowerCase() === 'are' ? 'are' : 'is';
    return { text: `The user's favorite ${clean(m[1]!.toLowerCase())} ${verb} ${toThirdPerson(o)}`, conf: 0.8 };
  }
  m = /^([\w\s'-]{2,40}?)\s+(?:is|are)\s+my\s+(passion|hobby|hobbies|favou?rite|favou?rite thing|thing|jam|life|calling|go-to)\b/i.exec(clause.trim());
  if (m) {
    const subject = clean(m[1]!);
    if (!usable(subject) || /^(?:and|but|so|this|that|it)\b/i.test(subject)) return null;
    const what = m[2]!.toLowerCase().replace('favourite', 'favorite');
    return { text: `The user's ${what} is ${toThirdPerson(subject.replace(/^(?:and|but|so|well|oh|yes|yeah)\s+/i, '').toLowerCase())}`, conf: 0.75 };
  }
  return null;
}

/** Verbless constraints and preferences at the start of a clause: "nothing too spicy", "no meat", "X would be nice", "X is off limits", "preferably X", "just me". */
function fragmentFindings(clause: string): { text: string; conf: number }[] {
  const c = clause.trim().replace(/^(?:(?:and|but|also|oh|well|so|yes|yeah|ideally|definitely|absolutely)[\s,]+)+/i, '').replace(/[.!]+$/, '');
  const items = (obj: string, verb: string, conf: number): { text: string; conf: number }[] => {
    const o = trimObject(obj);
    return usable(o) && o.split(' ').length <= 10 ? listItems(toThirdPerson(o)).map((x) => ({ text: capitalizeUser(`${verb} ${x}`), conf })) : [];
  };
  let m = /^(nothing|no|not)\s+(?!thanks|thank|problem|not|idea|particular|preference|preferences|really|at all|sure|one|worries|matter|way|doubt|longer|only|just|yet|much|many|exactly|quite|bad|a problem|big deal|rush|need|because|if|since|that|this|i\b)(too\s+)?([\w'-].*)$/i.exec(c);
  if (m) return items(m[3]!, `wants ${m[1]!.toLowerCase()}${m[2] ? ' too' : ''}`, 0.55);
  m = /^(?:preferably|ideally)\s+(.+)$/i.exec(c);
  if (m) return items(m[1]!, 'prefers', 0.5);
  m = /^(.{2,60}?)\s+(?:is|are)\s+(?:off[- ]limits|a no-go|a no go|not an option|a deal-?breaker|out of the question)\b/i.exec(c);
  if (m) return items(m[1]!, 'avoids', 0.6);
  m = /^(.{2,60}?)\s+(?:would be|is|are|sounds?)\s+(?:really\s+|very\s+|always\s+)?(?:nice|ideal|perfect|preferable|preferred|best|a plus|a must|essential|important|a bonus|great)\b(?!\s+(?:idea|suggestion|choice|option|pick|recommendation))/i.exec(c);
  if (m && !/[,;]|\b(?:I|we|they|he|she|it|this|that|these|those|which|what|everything|anything|all|both)\b|^the (?:first|second|third|last|one|other|idea|suggestion)\b/i.test(m[1]!)) return items(m[1]!, 'prefers', 0.5);
  if (/^(?:just|only)\s+(?:me|myself)\b|^(?:alone|by myself|on my own)\b/i.test(c)) return [{ text: 'The user is alone', conf: 0.5 }];
  return [];
}

/** "my wife", "my two kids", "my dog" anywhere in a clause -> "The user has a wife". */
function relationFindings(clause: string): { text: string; conf: number; at: number }[] {
  const out: { text: string; conf: number; at: number }[] = [];
  const re = new RegExp(`\\bmy\\s+(${REL_ADJ})(${RELATIONS.join('|')})\\b`, 'gi');
  for (let m = re.exec(clause); m; m = re.exec(clause)) {
    const adj = clean(m[1]!.toLowerCase());
    const rel = m[2]!.toLowerCase();
    if (rel === 'family' || rel === 'fish') continue;
    // "my baby" is often a term of endearment, "my child" in "as my child" ... keep both; "my pet" + noun is handled by the noun
    if (rel === 'pet' && /^\s+\w/.test(clause.slice(m.index + m[0].length))) continue;
    const count = adj.split(' ').find((w) => NUMBER_WORDS.has(w));
    const plural = /(?:s|children|twins)$/.test(rel) && !/^(?:boss)$/.test(rel);
    const words = adj.split(' ').filter((w) => w && !NUMBER_WORDS.has(w));
    const phrase = clean(`${words.join(' ')} ${rel}`);
    let text: string;
    if (count) text = `The user has ${count} ${phrase}`;
    else if (plural) text = `The user has ${phrase}`;
    else text = `The user has ${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
    out.push({ text, conf: 0.65, at: m.index });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Sentence-level extraction

function capitalizeUser(pred: string): string {
  return clean(`The user ${pred}`);
}

/**
 * All findings in one user message (no conversation context). `roleplay` is set when the message starts a
 * role-play, so the caller can skip the rest of the conversation.
 */
export function extractFromText(message: string, opts: OfflineExtractorOptions = {}): { findings: Finding[]; roleplay: boolean } {
  const { findings, roleplay } = findAll(message);
  const kept: Finding[] = [];
  for (const f of findings) {
    const sensitive = sensitiveCategory(f.text);
    if (sensitive) {
      if (opts.sensitive === 'never') continue;
      // stated outright: a direct pattern (not a request), not hedged, strong enough
      if (f.hedged || f.kind === 'request' || f.confidence < 0.7) continue;
      f.sensitive = sensitive;
    }
    kept.push(f);
  }
  return { findings: kept, roleplay };
}

const NEGATED_RE = /\b(?:not|no longer|never|no)\b|n't\b/i;

/** The sensitive category of a text and the word that puts it there (its first 5 letters, lower case). */
function sensitiveTerm(text: string): { category: SensitiveCategory; stem: string } | undefined {
  for (const [category, re] of SENSITIVE) {
    const m = re.exec(text);
    if (m) return { category, stem: m[0].toLowerCase().slice(0, 5) };
  }
  return undefined;
}

/**
 * True when a user message states the sensitive trait of `attribute` about the user themselves: one of its
 * first-person findings (not hedged, not a request, not inside a writing task, role-play or someone else's
 * clause) names the same trait word with the same polarity. "My mother is a devout Muslim", "Write a story
 * about my friend who has diabetes" and "I am not religious at all" state nothing of the kind.
 */
export function statesSensitiveTrait(message: string, attribute: string): boolean {
  const want = sensitiveTerm(attribute);
  if (!want) return false;
  const negated = NEGATED_RE.test(attribute);
  return findAll(message).findings.some((f) => {
    if (f.hedged || f.kind === 'request') return false;
    const got = sensitiveTerm(f.text);
    return got?.category === want.category && got.stem === want.stem && NEGATED_RE.test(f.text) === negated;
  });
}

/** Every finding in one user message before the sensitive-trait filter. */
function findAll(message: string): { findings: Finding[]; roleplay: boolean } {
  let text = normalizeFirstPerson(stripQuoted(message));
  const roleplayAt = text.search(ROLEPLAY_RE);
  const writingAt = text.search(WRITING_TASK_RE);
  const handleAt = text.search(HANDLE_TASK_RE);
  const cut = [roleplayAt, writingAt, handleAt].filter((i) => i >= 0);
  if (cut.length) text = text.slice(0, Math.min(...cut));
  const findings: Finding[] = [];
  for (const sentence of sentences(text)) {
    const isQuestion = /\?\s*$/.test(sentence);
    if (isQuestion && QUESTION_START_RE.test(sentence)) continue;
    // in a question only what precedes the asking part is a statement: "Since I'm vegan, what can I cook?"
    const statement = isQuestion ? sentence.slice(0, Math.max(0, sentence.lastIndexOf(','))) : sentence;
    const parts = clauses(statement).map(weAsI);
    parts.forEach((clause, ci) => {
      const sentenceHedge = HEDGE_RE.test(clause);
      const fav = favoriteFinding(clause);
      if (fav && !LEAD_GUARD_RE.test(clause.slice(0, Math.max(0, clause.search(/\bmy\b/i))))) {
        findings.push({ text: fav.text, confidence: fav.conf, kind: 'favorite', sentence, hedged: sentenceHedge });
      }
      if (!/^\s*(?:I|I'm|I've|I'd)\b/.test(clause)) {
        for (const fr of fragmentFindings(clause)) findings.push({ text: fr.text, confidence: fr.conf * (sentenceHedge ? 0.75 : 1), kind: 'fragment', sentence, hedged: sentenceHedge });
      }
      for (const rel of relationFindings(clause)) {
        if (LEAD_GUARD_RE.test(clause.slice(0, rel.at))) continue;
        findings.push({ text: rel.text, confidence: rel.conf, kind: 'relation', sentence, hedged: false });
      }
      // every "I" in the clause, skipping those inside an earlier match
      const subjRe = /\bI(?='m\b|'ve\b|'d\b|\b)/g;
      let consumedTo = -1;
      for (let sm = subjRe.exec(clause); sm; sm = subjRe.exec(clause)) {
        if (sm.index < consumedTo) continue;
        let lead = clause.slice(0, sm.index);
        let rest = clause.slice(sm.index);
        // "As a nurse, I ..." (the comma split left "As a nurse" in its own clause: handled below)
        // hedge frame: "I think (that) I'm ..." -> "The user thinks they are ..."
        const frame = /^I\s+(?:(really|honestly|kind of|sort of)\s+)?(think|guess|suppose|believe|reckon|feel like|feel that)\s+(?:that\s+)?(?=I\b)/i.exec(rest);
        let framePrefix = '';
        if (frame) {
          framePrefix = `${frame[1] ? `${frame[1].toLowerCase()} ` : ''}${thirdSingular(frame[2]!.toLowerCase())} they`;
          lead = `${lead}${frame[0]}`.replace(/I\s+(?:\w+\s+)*(?:think|guess|suppose|believe|reckon|feel like|feel that)\s+(?:that\s+)?$/i, '');
          rest = rest.slice(frame[0].length);
        }
        if (LEAD_GUARD_RE.test(lead)) continue;
        for (const p of patterns) {
          const h = p(rest);
          if (!h) continue;
          const hedged = Boolean(frame) || HEDGE_RE.test(rest.slice(0, h.end));
          const items = h.head ? listItems(h.head.obj) : [];
          const whole = framePrefix ? `${framePrefix} ${h.pl}` : h.sg;
          const preds = items.length > 1 ? items.map((o) => (framePrefix ? `${framePrefix} ${h.head!.pl} ${o}` : `${h.head!.sg} ${o}`)) : [whole];
          for (const p of preds) findings.push({ text: capitalizeUser(p), confidence: h.conf * (hedged ? 0.75 : 1), kind: h.kind, sentence, hedged });
          consumedTo = sm.index + (frame ? frame[0].length : 0) + h.end;
          break;
        }
      }
      // "As a nurse, I ..." / "As a vegetarian," at the start of a sentence
      const asA = /^(?:(?:and|but|so|well|yes|yeah|oh|also)\s*,?\s+)?as\s+(an?)\s+([\w\s-]{2,40})$/i.exec(clause);
      if (asA && ci < parts.length - 1 && /^(?:I|I'm|I've|I'd)\b/.test(parts[ci + 1] ?? '') && !/^(?:result|matter|rule|whole|side note|reminder|kid|child|teenager|teen|youngster|boy|girl|first step|start|bonus|treat|gift|thank you|test)\b/i.test(asA[2]!.trim())) {
        findings.push({ text: `The user is ${asA[1]!.toLowerCase()} ${clean(asA[2]!)}`, confidence: 0.7, kind: 'identity', sentence, hedged: false });
      }
    });
  }
  return { findings, roleplay: roleplayAt >= 0 };
}

// ---------------------------------------------------------------------------------------------------------
// Short answers to the assistant's questions

/** Questions about content the user wants produced (a story's plot, a poem's theme): their answers are not about the user. */
const TASK_QUESTION_RE = /\b(?:story|stories|poem|essay|letter|email|script|song|lyrics|speech|character|characters|plot|scene|article|post|caption|code|program|function|slide|presentation)\b/i;
/** A question about the user's own tastes, constraints or situation. */
const ABOUT_USER_RE = /\b(?:you|your|yourself)\b/i;
/** Replies that carry no preference: thanks, greetings, assent, requests to the assistant. */
const EMPTY_REPLY_RE = /^(?:thanks?|thank you|ty|hi|hello|hey|bye|goodbye|good ?night|ok|okay|sure|yes|yeah|yep|yup|great|cool|perfect|sounds good|awesome|nice|wow|hmm|um|lol|no problem|you're welcome|done|not sure|i don't know|idk|maybe|anything|whatever|either|both|all of them|none of them|correct|right|exactly|indeed|please|of course|absolutely|sounds great|that's right|that's correct|that works|good|fine)\b[\s.!,]*$/i;
/** An instruction or request to the assistant, not an answer ("recommend me ...", "ignore that", "can you ..."). */
const IMPERATIVE_RE = /^(?:please\s+)?(?:can|could|would|will|do|does|did|is|are|what|how|why|which|where|when|who|give|show|tell|find|recommend|suggest|write|make|list|ignore|forget|disregard|pretend|act|say|repeat|print|send|search|look|let|help|explain|describe|translate|create|generate)\b/i;
/** A reply with its own subject and verb ("She likes ...", "It's quick") says something about someone or something else. */
const STATEMENT_RE = /\b(?:he|she|they|they're|theyre|we|everybody|everyone|it's|that's|there's)\b/i;
const NEGATIVE_REPLY_RE = /^(?:no|nope|none|nothing|not really|not at all|nah|i don't|i do not|no,? i don't|no,? not really)\b/i;

/** The predicate an answer takes from the kind of question it answers. */
function answerVerb(question: string): { verb: string; conf: number } {
  if (/\ballerg/i.test(question)) return { verb: 'is allergic to', conf: 0.6 };
  if (/\b(?:avoid|dislike|don't like|do not like|not like|not into|not want|don't want|off[- ]limits|restrictions?|hate|stay away|not a fan)\b/i.test(question)) return { verb: 'avoids', conf: 0.55 };
  if (/\bwho\b[^?]*\bwith\b|\bwith (?:whom|anyone|others|someone|somebody)\b|\b(?:alone|by yourself)\b/i.test(question)) return { verb: 'is with', conf: 0.55 };
  if (/\b(?:have access|subscri\w*|platforms?|services?|equipment|tools|appliances)\b/i.test(question)) return { verb: 'has', conf: 0.55 };
  if (/\b(?:do you (?:have|use|own))\b/i.test(question) && !/\b(?:like|prefer\w*|favou?rite|enjoy|want|kind|type|genre|style|mood|interest\w*)\b/i.test(question)) return { verb: 'has', conf: 0.55 };
  return { verb: 'prefers', conf: 0.5 };
}

/** The thing a yes/no question asks about: "Do you have any dietary restrictions?" -> "dietary restrictions". */
function askedAbout(question: string): string | undefined {
  const m = /\b(?:any|some)\s+([\w\s-]{2,40}?)(?:\s+(?:that|which|you|to|in|for|or)\b|\?|$)/i.exec(question);
  return m ? clean(m[1]!.toLowerCase()) : undefined;
}

/** The last question in an assistant turn, when it asks about the user (not about a task's content). */
export function userQuestion(assistantText: string): string | undefined {
  const qs = sentences(assistantText).filter((q) => /\?\s*$/.test(q));
  const q = qs[qs.length - 1];
  if (!q || !ABOUT_USER_RE.test(q) || TASK_QUESTION_RE.test(q) || WRITING_TASK_RE.test(q) || ROLEPLAY_RE.test(q)) return undefined;
  return q;
}

/**
 * Findings in a short reply that answers a question about the user ("What genres do you like?" -> "Comedy and
 * drama" -> "The user prefers comedy", "The user prefers drama"; "Any allergies?" -> "None" -> "The user has no
 * allergies"). Only replies without first-person statements of their own (those are read as statements), of at
 * most 12 words, that are not requests or instructions to the assistant. The reply is rewritten, never followed.
 */
export function answerFindings(question: string, reply: string): Finding[] {
  const text = clean(normalizeFirstPerson(stripQuoted(reply)));
  const words = text.split(' ');
  if (!text || words.length > 12 || /\?\s*$/.test(text) || EMPTY_REPLY_RE.test(text) || IMPERATIVE_RE.test(text)) return [];
  if (WRITING_TASK_RE.test(text) || HANDLE_TASK_RE.test(text) || ROLEPLAY_RE.test(text) || /\b(?:I|I'm|I've|I'd|we|we're)\b/.test(text)) return [];
  const sentence = text;
  if (/^(?:just\s+)?(?:myself|me|me alone|alone|by myself|on my own)\b[\s.!]*$/i.test(text)) {
    return answerVerb(question).verb === 'is with' ? [{ text: 'The user is alone', confidence: 0.55, kind: 'answer', sentence, hedged: false }] : [];
  }
  const avoided = /^(?:no|nothing|not)\s+(?!thanks|thank|problem|not|idea|particular|preference|preferences|really|at all|sure|one|worries)([\w'-].*)$/i.exec(text);
  if (avoided && !/^\s*,/.test(avoided[1]!)) {
    const o = trimObject(avoided[1]!);
    const lead = text.slice(0, text.length - avoided[1]!.length).trim().toLowerCase();
    return usable(o) ? listItems(toThirdPerson(o)).map((item) => ({ text: capitalizeUser(`wants ${lead} ${item}`), confidence: 0.55, kind: 'answer', sentence, hedged: false })) : [];
  }
  if (STATEMENT_RE.test(text)) return [];
  if (NEGATIVE_REPLY_RE.test(text)) {
    const about = askedAbout(question);
    if (!about || !/^(?:do|does|are|is|have|any)\b/i.test(question.replace(/^.*?\b(?=(?:do|does|are|is|have|any)\b)/i, '')) || !usable(about)) return [];
    return [{ text: `The user has no ${toThirdPerson(about)}`, confidence: 0.55, kind: 'answer', sentence, hedged: false }];
  }
  const body = trimObject(text.replace(/^(?:(?:well|oh|um|uh|hmm|yes|yeah|sure|definitely|probably|maybe|just|only|mostly|i think|preferably)[\s,]+)+/i, '').replace(/[\s,]+(?:please|preferably|i think|i guess|probably|maybe|ideally|thanks|thank you)\s*[.!]*$/i, ''));
  if (!body || !usable(body) || EMPTY_REPLY_RE.test(body)) return [];
  const hedged = HEDGE_RE.test(text);
  const { verb, conf } = answerVerb(question);
  return listItems(toThirdPerson(body)).map((item) => ({
    text: capitalizeUser(verb === 'is with' && /^(?:with|alone|by themselves|on their own)\b/i.test(item) ? `is ${item}` : `${verb} ${item}`),
    confidence: conf * (hedged ? 0.75 : 1),
    kind: 'answer',
    sentence,
    hedged,
  }));
}

function quote(s: string, max = 200): string {
  const t = clean(s);
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

function reasonFor(f: Finding, turnIndex: number): string {
  const notes: string[] = [];
  if (f.kind === 'request') notes.push('one request in this conversation; may not hold beyond it');
  if (f.kind === 'answer') notes.push("a short answer to the assistant's question; the wording is the extractor's");
  if (f.hedged) notes.push('hedged by the user');
  if (f.sensitive) notes.push(`sensitive (${f.sensitive.replace('_', ' ')}): stated outright by the user`);
  return `The user said in turn ${turnIndex}: "${quote(f.sentence)}"${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/** The offline extractor; see the module comment for what it does and does not find. */
export class OfflineExtractor implements Extractor {
  readonly name = 'offline-patterns@2';

  constructor(private readonly opts: OfflineExtractorOptions = {}) {}

  async extract(conversation: Conversation): Promise<Attribute[]> {
    return this.extractSync(conversation);
  }

  /** Same as extract(), without the promise. */
  extractSync(conversation: Conversation): Attribute[] {
    const byText = new Map<string, Attribute>();
    let inRoleplay = false;
    let question: string | undefined;
    for (const turn of conversation.turns) {
      if (turn.role === 'assistant') question = userQuestion(turn.text);
      if (turn.role !== 'user' || inRoleplay) continue;
      const { findings, roleplay } = extractFromText(turn.text, this.opts);
      if (roleplay) inRoleplay = true;
      else if (!findings.length && question) findings.push(...answerFindings(question, turn.text).filter((f) => !sensitiveCategory(f.text)));
      question = undefined;
      for (const f of findings) {
        const key = f.text.toLowerCase();
        const ev = { conversationId: conversation.id, turnIndex: turn.index };
        const prev = byText.get(key);
        if (prev) {
          if (!prev.evidence.some((e) => e.turnIndex === turn.index)) prev.evidence.push(ev);
          prev.confidence = Math.max(prev.confidence ?? 0, round(f.confidence));
          continue;
        }
        byText.set(key, { text: f.text, reason: reasonFor(f, turn.index), confidence: round(f.confidence), evidence: [ev], source: this.name, members: [] });
      }
    }
    return [...byText.values()];
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
