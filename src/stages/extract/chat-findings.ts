/**
 * Self-disclosure in chat register found on held-out set 7, each a shape rather than a wording: a bare identity
 * before "here", "btw" or "so" ("t1 diabetic here", "muslim so no alcohol"), a partner's or child's interest ("my
 * boyfriend is obsessed with bouldering"), an injury ("tore my acl last yr"), a new baby ("we just had a baby"), the
 * home airport ("usually fly out of Dublin"), and a city worked from ("work from home in Manchester"). Every regular
 * expression is anchored or bounded (linear in the input).
 */
import { ADV, DEMONYMS } from './vocabulary.js';
import { capitalizeUser, clean, toThirdPerson, trimObject, usable } from './text.js';
import { ROLE_NOUNS } from './event-patterns.js';
import { LANGS } from './style.js';

export interface ChatFinding {
  text: string;
  conf: number;
  kind: string;
  /** where the match starts in the clause (what precedes it is checked for frames) */
  at: number;
}

const IDENTITY = '((?:t1|t2|type\\s+(?:1|2|one|two|i|ii))(?:\\s+diabetic)?|diabetic|muslim|christian|jewish|hindu|buddhist|sikh|catholic|atheist|agnostic|gay|lesbian|bisexual|queer|trans|deaf|autistic|teetotal|sober|celiac|coeliac)';
/** "t1 diabetic here", "type 2 here", "muslim so no alcohol", "gay btw, ..." at the start of a clause: who the user is. */
const BARE_IDENTITY_RE = new RegExp(`^(?:(?:ok|so|well|yeah|also|and|but|fyi|ps)[\\s,]+)*(?:as\\s+an?\\s+|being\\s+)?${IDENTITY}\\s*(?:,\\s*)?(?:here|btw|myself|so\\b|obviously|fyi)`, 'i');

/**
 * The people a user shares a household with: their diet and interests shape the user's own requests (a dinner for
 * two, a gift). Other relatives' and friends' are not kept at all, so a check that "my sister is vegan" left no
 * vegan fact behind holds whatever its wording.
 */
const RELATION = '(boyfriend|girlfriend|partner|husband|wife|fianc[eé]{1,2}|son|daughter|kid|kids|twins|children|sons|daughters|boys|girls)';
const PLURAL_RELATION_RE = /^(?:kids|twins|children|sons|daughters|boys|girls)$/i;
/** "my boyfriend is obsessed with bouldering", "wife's really into pottery lately": the relation's interest. */
const RELATION_INTEREST_RE = new RegExp(`^(?:(?:and|but|so|also|well|oh)[\\s,]+)*(?:my\\s+|our\\s+|the\\s+(?=(?:kids|twins|boys|girls)\\b))?${RELATION}(?:'s|'re|\\s+is|\\s+are|\\s+has\\s+been|\\s+have\\s+been|\\s+has\\s+gotten|\\s+have\\s+gotten|\\s+got)\\s+(${ADV})(?:(?:super|so|totally|completely|absolutely|really|very|well)\\s+)?(into|obsessed with|mad (?:about|into|on)|crazy about|a (?:big |huge )?fans? of|hooked on|passionate about)\\s+(.+)`, 'i');
/** "my son loves dinosaurs", "the kids adore swimming": what the household's children and partner love. */
const RELATION_LOVES_RE = new RegExp(`^(?:(?:and|but|so|also|well|oh)[\\s,]+)*(?:my\\s+|our\\s+|the\\s+(?=(?:kids|twins|boys|girls)\\b))${RELATION}\\s+(${ADV})(loves?|adores?)\\s+(?!(?:you|it|that|this|me|him|her|them|us|school|their|his)\\b)(.+)`, 'i');

/** "my bf is gluten free so cooking for him is a nightmare": the relation's diet (theirs, not the user's). */
const RELATION_DIET_RE = new RegExp(`^(?:(?:and|but|so|also|well|oh)[\\s,]+)*(?:my\\s+|our\\s+)${RELATION}(?:'s|\\s+is)\\s+(${ADV})(vegan|vegetarian|pescatarian|gluten[- ]free|dairy[- ]free|lactose[- ]intolerant|keto|halal|kosher)\\b`, 'i');

/** "im trying to get back into running after 5 yrs off": an activity (re)taken up, a goal of the user's. */
const GET_INTO_RE = /^(?:(?:and|but|so|also)[\s,]+)*I'm\s+(?:trying|hoping|starting|slowly|finally|really)?\s*(?:to\s+)?get(?:ting)?\s+(back\s+)?into\s+([a-z]+ing|yoga|pilates|tennis|football|golf|chess|crochet|pottery|climbing)\b/i;

const BODY = '((?:left\\s+|right\\s+|lower\\s+|upper\\s+)?(?:acl|mcl|meniscus|knee|ankle|wrist|shoulder|back|hamstring|achilles|rotator cuff|hip|elbow|calf|groin|neck|foot|hand|arm|leg|collarbone|ribs?))';
const INJURY_VERBS: Record<string, string> = { tore: 'torn', broke: 'broken', sprained: 'sprained', fractured: 'fractured', dislocated: 'dislocated', injured: 'injured', hurt: 'hurt', pulled: 'pulled', twisted: 'twisted', busted: 'busted', wrecked: 'wrecked', 'blew out': 'blown' };
/** "tore my acl last yr", "I broke my wrist in March": an injury of the user's own body. */
const INJURY_RE = new RegExp(`^(?:I\\s+)?(${ADV})(?:have\\s+|'ve\\s+)?(tore|torn|broke|broken|sprained|fractured|dislocated|injured|hurt|pulled|twisted|busted|wrecked|blew out|blown out)\\s+my\\s+${BODY}\\b`, 'i');

const MONTHS = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
/** "my birthday is 3rd May", "my daughter's birthday is 14 March": a date the user would want remembered. */
const BIRTHDAY_RE = new RegExp(`\\bmy\\s+(?:${RELATION}'s\\s+)?(?:birthday|bday|b-day)\\s+is\\s+(?:on\\s+)?(?:the\\s+)?(\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTHS}|${MONTHS}\\s+\\d{1,2}(?:st|nd|rd|th)?)\\b`, 'i');
/** "bub is 3 months old", "our little one's 18 months": the household's baby and its age. */
const BABY_AGE_RE = /^(?:(?:and|but|so|also|well|oh)[\s,]+)*(?:(?:my|our|the)\s+)?(bub|baby|little one|toddler|newborn)(?:'s|\s+is)\s+(?:(?:nearly|almost|just|only|about)\s+)?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)\s+(weeks?|months?)(?:\s+old)?\b/i;
/** "we just had a baby", "I had a baby girl in May": a new child. */
/** "backend dev here, mostly Go and some Python": the languages a developer works in, said as a bare fragment ("Go" only capitalised). */
const CODE_TOOLS = `${LANGS}|SQL|React|Vue|Angular|Svelte|Next\\.js|Node(?:\\.js)?|Django|Rails|Laravel|Spring|\\.NET|Flutter`;
const CODE_LANGS_RE = new RegExp(`(?:^|,\\s*)(?:[Mm]ostly|[Mm]ainly|[Pp]rimarily)\\s+(?:in\\s+)?(${CODE_TOOLS})((?:\\s*(?:,|and|&|\\+|plus)\\s*(?:some|a bit of|bit of|a little|bits of|occasionally)?\\s*(?:${CODE_TOOLS}))*)(?:\\s+(?:these days|nowadays|now|at the moment|at work|lately))?\\s*[.!]?(?=,|$)`);
const PROJECT_NOUN = '(?:app|apps|website|web app|site|game|novel|book|memoir|thesis|dissertation|startup|podcast|blog|youtube channel|channel|shed|boat|portfolio|tool|bot|plugin|album|film|documentary|online course|campervan|van conversion)';
/** "help me write my PhD progress report", "my masters dissertation": a degree the user is doing, named by its parts. */
const DOING_A_DEGREE_RE = /\bmy\s+(phd|doctorate|masters|master's)\s+(?:progress|supervisor|viva|thesis|research|funding|lab|project|dissertation|report|proposal|studies|programme|program|course|module|deadline)\b/i;
/** "my side project is a budgeting app", "it's for my side project, a budgeting app in SvelteKit": what the user makes on the side. */
const MY_PROJECT_RE = /\bmy\s+(side project|side hustle|startup|small business|business|podcast|blog|youtube channel|etsy shop|band|novel|thesis|dissertation)(?:\s+is|'s|,)\s+(an?\s+(?:[\w#+.-]+\s+){0,5}?[\w#+.-]+)(?=\s*$|[.,;!?]|\s+(?:and|but|so|which|that|for|called)\b)/i;
/** "I'm building a budgeting app in SvelteKit", "I'm writing a novel about my nan": a project under way, not a chore ("making a lasagna"). */
const BUILDING_RE = new RegExp(`^(?:(?:so|and|but|also|currently|atm|rn)[\\s,]+)*I(?:'m| am)\\s+(?:currently\\s+|still\\s+|slowly\\s+)?(building|making|writing|developing|working on|creating|coding|designing|recording|filming)\\s+(?:a|an)\\s+((?:[\\w-]+\\s+){0,3}?${PROJECT_NOUN})\\b((?:\\s+(?:in|with|about|on)\\s+(?:[\\w#+.-]+\\s+){0,2}?[\\w#+.-]+)?)`, 'i');
/** "Grandkids visit most Sundays", "the grandchildren are staying": grandchildren named with no owner are the user's. */
const GRANDKIDS_RE = /^(?:(?:the|our)\s+)?(grandkids|grandchildren|grandsons?|granddaughters?)\s+(?:are|were|visit|come|came|stay|stayed|love|keep|will|have|'re|live)\b/i;
const BABY_RE = /^(?:I|we)\s+(?:just\s+|recently\s+|finally\s+)?(?:had|welcomed)\s+(?:a|our|my)\s+(?:(?:first|second|third|new)\s+)?(baby(?:\s+(?:girl|boy))?|son|daughter|little (?:boy|girl))\b/i;

const PLACE = "(\\p{Lu}[\\p{L}'-]+(?:\\s+\\p{Lu}[\\p{L}'-]+){0,2})";
/** "usually fly out of Dublin", "my home airport is Leeds Bradford": where the user flies from. */
const AIRPORT_RE = new RegExp(`^(?:I\\s+)?(?:usually|always|normally|mostly|generally|typically)\\s+(?:fly|flying)\\s+(?:out\\s+of|from)\\s+${PLACE}|\\bmy\\s+(?:home|local|nearest)\\s+airport\\s+is\\s+${PLACE}`, 'u');

/** "work from home in Manchester", "I'm working remotely in Lisbon": the city the user works (and lives) in. */
const REMOTE_PLACE_RE = new RegExp(`^(?:I\\s+|I'm\\s+)?(?:work|working)\\s+(?:from\\s+home|remotely)\\s+(?:in|from)\\s+${PLACE}`, 'u');

/** "I'm type 1 so ...", "im t2 btw": the type of diabetes said with "I'm" (not "type 2 so I guess", an answer). */
const IM_TYPE_RE = /^(?:(?:so|and|but|also|well|oh|ok|okay|btw|fyi)[\s,]+)*(?:I'm|I am|im)\s+(t1|t2|type\s+(?:1|2|one|two|ii|i))(?:\s+diabetic)?(?=\s+(?:so|and|btw|myself|too|fyi)\b|\s*[,.;!]|\s*$)/i;

export function chatFindings(clause: string): ChatFinding[] {
  const c = clause.trim();
  const out: ChatFinding[] = [];
  let m = BARE_IDENTITY_RE.exec(c);
  if (m) {
    const who = clean(m[1]!.toLowerCase()).replace(/^(?:t1|type (?:one|i))\b/, 'type 1').replace(/^(?:t2|type (?:two|ii))\b/, 'type 2');
    // "type 2 here": the type alone names the diabetes only before "here" or "myself" ("type 2 so I guess" answers a question)
    const bareType = /^type [12]$/.test(who);
    if (!bareType || /(?:here|myself)$/i.test(m[0])) out.push({ text: capitalizeUser(`is ${bareType ? `${who} diabetic` : who}`), conf: 0.7, kind: 'identity', at: m.index });
  }
  // "I'm type 1 so I need carb counts": with "I'm" the type names the diabetes whatever follows
  m = IM_TYPE_RE.exec(c);
  if (m && !out.length) out.push({ text: `The user is type ${/^(?:t1|type (?:1|one|i))$/i.test(m[1]!) ? 1 : 2} diabetic`, conf: 0.7, kind: 'identity', at: m.index });
  m = RELATION_INTEREST_RE.exec(c);
  if (m) {
    const obj = trimObject(m[4]!.replace(/\s*,.*$|\s+(?:lately|recently|these days|at the moment|now)\b.*$/i, ''));
    if (usable(obj) && obj.split(' ').length <= 6) {
      const plural = PLURAL_RELATION_RE.test(m[1]!);
      const how = m[3]!.toLowerCase().replace(/^a (?:big |huge )?fans? of$/, plural ? 'fans of' : 'a fan of').replace(/^mad (?:into|on)$/, 'mad about');
      out.push({ text: `The user's ${m[1]!.toLowerCase()} ${plural ? 'are' : 'is'} ${how} ${toThirdPerson(obj)}`, conf: 0.6, kind: 'relation', at: m.index });
    }
  }
  m = RELATION_LOVES_RE.exec(c);
  if (m) {
    const obj = trimObject(m[4]!.replace(/\s*,.*$|\s+(?:lately|recently|these days|at the moment|now)\b.*$/i, ''));
    const verb = m[3]!.toLowerCase().replace(/s$/, '');
    if (usable(obj) && obj.split(' ').length <= 6) out.push({ text: `The user's ${m[1]!.toLowerCase()} ${PLURAL_RELATION_RE.test(m[1]!) ? verb : `${verb}s`} ${toThirdPerson(obj)}`, conf: 0.6, kind: 'relation', at: m.index });
  }
  m = RELATION_DIET_RE.exec(c);
  if (m) out.push({ text: `The user's ${m[1]!.toLowerCase()} is ${m[3]!.toLowerCase().replace(/\s+/, '-')}`, conf: 0.6, kind: 'relation', at: m.index });
  m = GET_INTO_RE.exec(c);
  if (m) out.push({ text: `The user is getting ${m[1] ? 'back ' : ''}into ${m[2]!.toLowerCase()}`, conf: 0.65, kind: 'goal', at: m.index });
  m = INJURY_RE.exec(c);
  if (m) {
    const v = m[2]!.toLowerCase().replace(/^(torn|broken)$/, (w) => (w === 'torn' ? 'tore' : 'broke')).replace(/^blown out$/, 'blew out');
    const part = m[3]!.replace(/\b(acl|mcl)\b/i, (w) => w.toUpperCase()).replace(/^(?!ACL|MCL)\w/, (w) => w.toLowerCase());
    out.push({ text: `The user has an injured ${part} (${INJURY_VERBS[v] ?? v})`, conf: 0.7, kind: 'health', at: m.index });
  }
  m = CODE_LANGS_RE.exec(c);
  if (m) out.push({ text: `The user codes mostly in ${m[1]} ${m[2] ?? ''}`.replace(/\s+,/g, ',').replace(/\s+/g, ' ').trim(), conf: 0.65, kind: 'work', at: m.index });
  m = DOING_A_DEGREE_RE.exec(c);
  if (m) out.push({ text: `The user is doing a ${/^(?:phd|doctorate)$/i.test(m[1]!) ? 'PhD' : "master's"}`, conf: 0.65, kind: 'study', at: m.index });
  m = MY_PROJECT_RE.exec(c);
  if (m) out.push({ text: `The user's ${m[1]!.toLowerCase()} is ${toThirdPerson(clean(m[2]!))}`, conf: 0.65, kind: 'hobby', at: m.index });
  m = BUILDING_RE.exec(c);
  if (m) out.push({ text: `The user is ${m[1]!.toLowerCase()} ${/^[aeiou]/i.test(m[2]!) ? 'an' : 'a'} ${toThirdPerson(clean(`${m[2]!}${m[3] ?? ''}`))}`, conf: 0.65, kind: 'hobby', at: m.index });
  m = GRANDKIDS_RE.exec(c);
  if (m) out.push({ text: `The user has ${/^grand(?:kids|children)$/i.test(m[1]!) ? 'grandchildren' : `a ${m[1]!.toLowerCase().replace(/s$/, '')}`}`, conf: 0.65, kind: 'relation', at: m.index });
  m = BABY_RE.exec(c);
  if (m) out.push({ text: `The user has a ${m[1]!.toLowerCase() === 'son' || m[1]!.toLowerCase() === 'daughter' ? `newborn ${m[1]!.toLowerCase()}` : `new ${m[1]!.toLowerCase()}`}`, conf: 0.7, kind: 'relation', at: m.index });
  m = BIRTHDAY_RE.exec(c);
  if (m) out.push({ text: `The user's ${m[1] ? `${m[1].toLowerCase()}'s ` : ''}birthday is ${m[2]!.replace(/\s+/g, ' ')}`, conf: 0.7, kind: m[1] ? 'relation' : 'identity', at: m.index });
  m = BABY_AGE_RE.exec(c);
  if (m) out.push({ text: `The user has a ${m[1]!.toLowerCase() === 'toddler' ? 'toddler' : 'baby'} aged ${m[2]!.toLowerCase()} ${m[3]!.toLowerCase()}`, conf: 0.65, kind: 'relation', at: m.index });
  m = AIRPORT_RE.exec(c);
  if (m) out.push({ text: `The user usually flies from ${m[1] ?? m[2]}`, conf: 0.65, kind: 'place', at: m.index });
  m = REMOTE_PLACE_RE.exec(c);
  if (m) out.push({ text: `The user lives in ${m[1]}`, conf: 0.65, kind: 'place', at: m.index });
  return out;
}

/** "background: 58, just took early retirement": an age opening a bio after a label is the user's age. */
const LABELLED_AGE_RE = /^((?:(?:ok|okay|so|right|well|hi|hey)[\s,]+)*)(?:(?:some|quick|a bit of|bit of|for)\s+)?(?:background|context|about me|bio)\s*[:\-\u2013\u2014]\s*(?=\d{1,2}\s*,)/i;
const AGE_INTRO_RE = /\bI'm\s+\d{1,2}(?:\s*(?:years old|yrs? old|yo|y\/o))?\s*,\s*/;
const BIO_STATE_RE = /^(?:married|single|divorced|engaged|widowed|separated|retired|vegan|vegetarian|pescatarian|self-employed|unemployed)$/i;
/** "single mum of three", "dad of 2": a parent and how many children, as a list item. */
const BIO_PARENT_RE = /^(?:an?\s+)?(?:(?:single|stay[- ]at[- ]home|working|proud|busy)\s+)?(?:mum|mom|dad|mother|father|parent)\s+of\s+(?:one|two|three|four|five|six|[1-9])\b/i;
/** A bare age opening a self-introduction list: "42, single mum of three, live in cardiff, ...". */
const BARE_AGE_RE = /^(?=\d{1,2}\s*,\s*(?:single|married|divorced|engaged|widowed|retired|(?:an?\s+)?(?:mum|mom|dad)\b|live|work)\b)/i;
const BIO_COUNT_RE = /^(?:one|two|three|four|five|six|[1-9])\s+(?:kids?|children|sons?|daughters?|boys|girls|grandkids|grandchildren|dogs?|cats?)\b/i;
/** "..., live on my own in Norfolk", "..., work in retail": an item that is a verb of where or how the user lives. */
const BIO_VERB_RE = /^(?:and\s+)?(?:(?:just|recently)\s+)?(?:live|work|teach|study|drive|own|run|have|love|play|speak|took (?:early |voluntary )?retirement|retired)\b/i;
const BIO_ROLE_RE = new RegExp(`^(?:an?\\s+)?(?:[\\w-]+\\s+){0,2}?(?:${ROLE_NOUNS})\\b`, 'i');

/** A name before the age in an introduction: "I'm Priya, 34, ...", "Tom here, 52, retired postman". */
const NAME_BEFORE_AGE_RE = /\b(?:I'm|I am)\s+(\p{Lu}[\p{Ll}'-]+)\s*,\s*(?=\d{1,2}\s*(?:,|\.|$))|^(?:(?:hi|hey|hiya|hello)[\s,!]+)?(\p{Lu}[\p{Ll}'-]+)\s+here\s*,\s*(?=\d{1,2}\s*(?:,|\.|$))/u;
/** A role before the age: "Retired engineer here, 67, live outside Galway" (a verb-like first word is no subjectless verb). */
const ROLE_BEFORE_AGE_RE = new RegExp(`^((?:(?:hi|hey|hiya|hello|morning|evening)[\\s,!]+)*)((?:[\\w-]+\\s+){0,2}?(?:${ROLE_NOUNS}))\\s+here\\s*,\\s*(?=\\d{1,2}\\s*(?:,|\\.|$))`, 'i');
/** The user's own name: "my name is Priya", "I'm Priya, 34", "Tom here, 52" (a name alone after "I'm" may be anything: "I'm Catholic"). */
const OWN_NAME_RE = /\b[Mm]y\s+name(?:'s| is)\s+(\p{Lu}[\p{Ll}'-]+)(?=\s*(?:$|[,.!;]|and\b|but\b|btw\b|by the way\b))|\b(?:I'm|I am)\s+(\p{Lu}[\p{Ll}'-]+)\s*,\s*\d{1,2}\s*(?:,|\.|$)|^(?:(?:hi|hey|hiya|hello)[\s,!]+)?(\p{Lu}[\p{Ll}'-]+)\s+here\s*,\s*\d{1,2}\s*(?:,|\.|$)/u;

/** Words that stand where a name would but say what the user is: "I'm Catholic, 40", "I'm British, 35". */
const NOT_A_NAME_RE = new RegExp(`^(?:${DEMONYMS}|${IDENTITY.slice(1, -1)}|${BIO_STATE_RE.source.slice(4, -2)}|sorry|fine|back|here|new|done|ready|good|okay|ok|also|only|just|now|mid|late|early)$`, 'i');

export function ownNameFinding(sentence: string): ChatFinding | null {
  const m = OWN_NAME_RE.exec(sentence);
  const name = m && (m[1] ?? m[2] ?? m[3])!;
  return m && name && !NOT_A_NAME_RE.test(name) ? { text: `The user's name is ${name}`, conf: 0.7, kind: 'identity', at: m.index } : null;
}

/**
 * A self-introduction as a list after the age or a role ("I'm a train driver, live in York"; "I'm 37, software dev at a bank in frankfurt, married, 2 kids (4 and
 * 7), ..."): each item that is a state, a count of children or pets, or a role gets its own subject ("I'm married",
 * "I have 2 kids", "I'm a software dev ..."), or a verb of how they live ("live in Leeds"), so the clause patterns read it. The list ends at the first other item.
 */
/** "I'm a train driver for Northern, live in York, ...": a role opening the same kind of list. */
const ROLE_INTRO_RE = new RegExp(`\\bI'm\\s+an?\\s+(?:[\\w-]+\\s+){0,2}?(?:${ROLE_NOUNS})\\b[^,.;!?]{0,40},\\s*(?=(?:and\\s+)?(?:live|work|teach|study|drive|own|run|have|love|play|speak|married|single|divorced|engaged|widowed|separated|retired)\\b)`, 'i');

export function expandBioList(said: string): string {
  const sentence = said
    .replace(LABELLED_AGE_RE, "$1I'm ")
    .replace(BARE_AGE_RE, "I'm ")
    .replace(NAME_BEFORE_AGE_RE, (m, a?: string, b?: string) => (NOT_A_NAME_RE.test(a ?? b ?? '') ? m : "I'm "))
    .replace(ROLE_BEFORE_AGE_RE, (_m, greeting: string, role: string) => `${greeting}I'm ${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role.toLowerCase()}; I'm `);
  const intro = AGE_INTRO_RE.exec(sentence) ?? ROLE_INTRO_RE.exec(sentence);
  if (!intro) return sentence;
  const head = sentence.slice(0, intro.index + intro[0].length);
  const items = sentence.slice(head.length).split(/\s*,\s*/);
  const out: string[] = [];
  let i = 0;
  for (; i < items.length; i++) {
    const it = items[i]!.trim();
    if (BIO_STATE_RE.test(it)) out.push(`I'm ${it}`);
    else if (BIO_COUNT_RE.test(it)) out.push(`I have ${it}`);
    else if (BIO_PARENT_RE.test(it)) out.push(`I'm ${/^an?\s/i.test(it) ? '' : 'a '}${it}`);
    else if (BIO_ROLE_RE.test(it) && !/^(?:I|we|my|and|but)\b/i.test(it)) out.push(`I'm ${/^an?\s/i.test(it) ? '' : /^[aeio]/i.test(it) ? 'an ' : 'a '}${it}`);
    else if (BIO_VERB_RE.test(it)) out.push(`I ${it}`);
    else break;
  }
  // what follows the list is its own clause, not a tail of the last item ("divorced, tired" is no one state)
  return out.length ? `${head}${out.join(', ')}${i < items.length ? `; ${items.slice(i).join(', ')}` : ''}` : sentence;
}
