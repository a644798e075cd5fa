/**
 * Changes and disclosures found on the sixth held-out set (issue 20), each a general shape rather than a wording:
 * being off a food or drink ("I'm off dairy now", "I've cut out sugar"), a switch ("switched from iPhone to
 * Android"), a return ("went back to eating meat"), a job started ("I start at Shopify as a product manager", "started
 * as a lab technician at a biotech"), work described by what is done ("now I do UX research at a fintech"), a city
 * taken on ("we're Austin people now", "a Denver local"), a home left for another ("lived in Tokyo for ten years
 * before coming back to Toronto"), a partner left ("no longer with my girlfriend"), coming out ("coming out to my
 * parents as bi"), a vote ("I vote Green"), and, read from a whole clause, an activity ended ("knee surgery ended my
 * running days"), a pet or person who died ("my cat passed away"), a religious fast ("Ramadan starts next week and
 * I'll be fasting") and sarcasm ("yeah I'm a millionaire lol", "... /s"), which states nothing. Every regular
 * expression is anchored or bounded, with no nested quantifiers (linear in the input).
 */
import { ADV, DEMONYMS, TRANSITIONED } from './vocabulary.js';
import { clean, toThirdPerson, trimObject, usable } from './text.js';
import type { Hit, Pattern } from './patterns.js';

function simple(sg: string, conf: number, kind: string, end: number): Hit {
  const s = clean(sg);
  return { sg: s, pl: s, conf, kind, end };
}

const FOODS = 'dairy|gluten|meat|red meat|sugar|alcohol|booze|caffeine|coffee|carbs|bread|cheese|wheat|soy|eggs|pork|beef|fried food|junk food|sweets|processed food|soda|fizzy drinks|energy drinks';
const OFF_RE = new RegExp(`^I(?:'m| am|'ve| have)\\s+(${ADV})(?:off|cut out|given up|quit|ditched|dropped)\\s+(?:the\\s+|all\\s+)?(${FOODS})\\b(?!\\s+(?:for|from)\\s+(?:my|the|a|this)\\b)`, 'i');
// "I'm cutting back on red meat", "I'm meant to cut down on salt", "I have to limit sugar": a food or drink held in check (the object is trimmed in code)
const CUT_BACK_RE = new RegExp(`^I(?:'m| am)?\\s+(${ADV})(?:(?:meant|supposed|trying|told|advised|going|having)\\s+to\\s+|(?:have|need|got)\\s+to\\s+)?(cut(?:ting)?\\s+(?:back|down)\\s+on|limit(?:ing)?|reduc(?:e|ing))\\s+(?!(?:it|that|this|them|those|these)\\b)(.+)`, 'i');
const SWITCH_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:switched|changed|converted|migrated)\\s+(?:over\\s+)?from\\s+((?:an?\\s+|the\\s+)?[\\w+#.'-]+(?:\\s+[\\w+#.'-]+){0,2}?)\\s+to\\s+((?:an?\\s+|the\\s+)?[\\w+#.'-]+(?:\\s+[\\w+#.'-]+){0,2}?)(?=\\s+(?:last|this|a|two|three|recently|in|at|for|because|since|after|and|but|so|now|when|over|during|on|earlier|yesterday)\\b|[,.;:!?)]|$)`, 'i');
const BACK_TO_RE = new RegExp(`^I(?:'ve| have|'m| am)?\\s+(${ADV})(?:went|gone|got|am|'m)?\\s*back\\s+(?:to|on)\\s+(\\w+ing)\\s+((?:[\\w'-]+\\s+){0,3}?[\\w'-]+)(?=\\s+(?:after|since|because|and|but|now|for|when|again|this|last)\\b|[,.;:!?]|$)`, 'i');
const ROLE = '((?:an?|the\\s+new)\\s+[\\w-]+(?:\\s+[\\w-]+){0,3}?)';
const PLACE = '((?:an?\\s+|the\\s+)?[\\w&\'.-]+(?:\\s+[\\w&\'.-]+){0,2}?)';
const END = '(?=\\s+(?:on|next|this|last|in|from|starting|today|tomorrow|soon|after|and|but|so|since|for|now)\\b|[,.;:!?]|$)';
// "I start at Shopify as ...", "started as a lab technician at a biotech", "I joined Monzo as ..." (the employer's capital is checked in code: /iu folds \p{Lu})
const START_JOB_RE = new RegExp(`^I(?:'ll|'m| will| am|'ve| have)?\\s+(${ADV})(?:(?:start|starting|started|begin|beginning|began)\\s+(?:(?:work|working|a new job)\\s+)?(?:(?:at|with)\\s+|(?=as\\b))|(?:join|joining|joined)\\s+(?:(?:at|with)\\s+)?)(?:(\\p{Lu}[\\w&'.-]*(?:\\s+\\p{Lu}[\\w&'.-]*){0,2})\\s+)?as\\s+${ROLE}(?:\\s+(?:at|with|for)\\s+${PLACE})?${END}`, 'iu');
// "I'm starting work at Google in March": a new employer named without the role ("starting at Leeds" may be a university)
const START_AT_RE = new RegExp(`^I(?:'ll|'m| will| am)?\\s+(${ADV})(?:start|starting|begin|beginning)\\s+(?:work|working|(?:a|my|the)\\s+new\\s+(?:job|role|position))\\s+at\\s+(\\p{Lu}[\\w&'.-]*(?:\\s+\\p{Lu}[\\w&'.-]*){0,2})${END}`, 'u');
// "joined a startup in Berlin as head of product", "I'm now at a small charity as finance manager": an employer named by
// its kind (a capitalised one is START_JOB_RE's), with a role that may go without an article
const ORG_KINDS = 'startup|start-up|scale-?up|company|firm|agency|charity|non-?profit|NGO|bank|school|hospital|clinic|practice|consultancy|studio|lab|university|college|council|fintech|biotech|publisher|restaurant|hotel|retailer|brewery|bakery|nursery';
const EMPLOYER = `((?:an?|the)\\s+(?:[\\w-]+\\s+){0,2}?(?:${ORG_KINDS})(?:\\s+(?:in|near)\\s+\\p{Lu}[\\p{L}-]+)?)`;
const KIND_ROLE = '((?:an?\\s+)?[\\w-]+(?:\\s+[\\w-]+){0,3}?)';
const JOINED_KIND_RE = new RegExp(`^I(?:'ve| have|'m| am)?\\s+(${ADV})(?:joined|(?:started|starting|begun|began)\\s+(?:work\\s+|working\\s+)?at|(?:now\\s+)?(?:at|with|working\\s+at))\\s+${EMPLOYER}\\s+as\\s+${KIND_ROLE}${END}`, 'iu');
// "since I switched to nights", "I've gone part-time", "I moved onto earlies": the shift or hours now worked
const SHIFT_SWITCH_RE = new RegExp(`^I(?:'ve| have|'m| am)?\\s+(${ADV})(?:switched|moved|changed|gone|dropped)\\s+(?:over\\s+|back\\s+|down\\s+)*(?:(?:to|onto)\\s+)?(?:the\\s+)?(nights|night shifts?|night shift|days|day shifts?|day shift|earlies|lates|part[- ]time|full[- ]time|weekends)\\b(?!\\s+(?:out|away|off|of|trips?|in)\\b)`, 'i');
// "I've been in Toronto 12 years now", "I've been in Leeds since 2019": a place stayed in for a span is home
const BEEN_IN_RE = new RegExp(`^I(?:'ve| have)\\s+(${ADV})been\\s+in\\s+(\\p{Lu}[\\p{L}'-]+(?:\\s+\\p{Lu}[\\p{L}'-]+)?)\\s+(?:for\\s+)?(?:(?:about|almost|nearly|over|like|around)\\s+)?(?:(?:\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several|many)\\s+(?:years?|yrs?|months?|decades?)\\b|since\\s+(?:\\d{4}|I was)\\b)`, 'u');
// "I'm Irish so ...", "im polish": a nationality said of oneself (an ordinary fact, like "I'm from India"; descent and race are the sensitive gate's)
const NATIONALITY_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:(?:originally|proudly|half)\\s+)?(${DEMONYMS})(?=\\s*(?:$|[,.!;?:)\\u2013\\u2014]|(?:and|but|so|too|myself|btw|lol|haha|tbh|though|tho|originally|by birth|now|here|living|based|working|who)\\b))`, 'i');
const FIELD_WORK = '(?:research|design|consulting|analytics|engineering|development|marketing|sales|accounting|support|operations|recruiting|QA|testing|copywriting|bookkeeping|data science|data engineering|freelance work|contract work|IT)';
const DO_WORK_RE = new RegExp(`^I\\s+(${ADV})do\\s+((?:[\\w-]+\\s+){0,2}?${FIELD_WORK})\\s+(?:at|for|with)\\s+${PLACE}${END}`, 'i');
const CITY = '(\\p{Lu}[\\p{L}-]+(?:\\s+\\p{Lu}[\\p{L}-]+)?)';
const CITY_PEOPLE_RE = new RegExp(`^I(?:'m| am)\\s+(?:an?\\s+)?(?:(?:total|proper|real|full-time|official|true)\\s+)?${CITY}\\s+(?:(?:residents?|locals?)\\b|(?:people|person|folks)\\s+now\\b)`, 'u');
const CAME_BACK_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})lived\\s+in\\s+\\p{Lu}[\\p{L}'-]*(?:\\s+\\p{Lu}[\\p{L}'-]*){0,2}\\b[^,.;!?]{0,40}?\\b(?:before|until|then)\\s+(?:coming|moving|heading|going|getting|came|moved)\\s+(?:back|home)\\s+to\\s+${CITY}`, 'u');
const PARTNER = '(girlfriend|boyfriend|partner|wife|husband|fianc\\w*|spouse)';
/** "I'm no longer vegan", "I am no longer a student": a state the user has left (as "I'm not vegan anymore" is read). */
const NO_LONGER_STATE_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})no\\s+longer\\s+(?!(?:sure|able|allowed|interested|going|welcome|needed|available|with|together|seeing|dating|in touch|friends|speaking|talking|bothered|worried|scared|afraid|happy|sad|angry|the|that|this|it|so|as|in|at|on)\\b)((?:an?\\s+)?[\\w-]+(?:\\s+(?!(?:and|but|so|because|since|as|after|now|anymore|any more|though|tho|lol)\\b)[\\w-]+){0,2}?)(?=\\s*[,.;!?]|\\s*$|\\s+(?:and|but|so|because|since|as|after|now|anymore|any more|though|tho|lol)\\b)`, 'i');
const LEFT_PARTNER_RE = new RegExp(`^I(?:'m| am)?\\s+(${ADV})(?:(?:no longer|not)\\s+(?:with|together with|seeing|dating)|broke up with|split up with|split from|separated from)\\s+my\\s+${PARTNER}\\b`, 'i');
const ORIENTATIONS = '(gay|lesbian|bi|bisexual|queer|trans|transgender|non-binary|nonbinary|asexual|pansexual)';
const COMING_OUT_RE = new RegExp(`^I(?:'m| am|'ve| have)?\\s+(${ADV})(?:coming|came|come)\\s+out\\b[^,.;!?]{0,40}?\\bas\\s+${ORIENTATIONS}\\b`, 'i');
const VOTE_RE = new RegExp(`^(?:I\\s+)?(${ADV})(?:always\\s+)?(vote|voted)\\s+(?:for\\s+)?(?:the\\s+)?(\\p{Lu}[\\p{L}-]+(?:\\s+(?:Party|Democrats?))?)\\b`, 'u');

const GAVE_UP_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:gave up|given up|dropped)\\s+(?:on\\s+)?(?:learning\\s+|doing\\s+|playing\\s+)?((?:[\\w'-]+\\s+){0,2}?[\\w'-]+)(?=\\s+(?:after|because|since|and|but|now|for|when|last|this|in|at)\\b|[,.;:!?]|$)`, 'i');
/** Things owned that can be sold (a home sold is a move, read elsewhere). */
const SOLD_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:just\\s+|finally\\s+)?(?:sold|got rid of|scrapped|gave away)\\s+(?:my|the|our)\\s+(?!(?:house|home|flat|apartment|place|business|company|shares|stocks?)\\b)((?:[\\w'-]+\\s+){0,2}?[\\w'-]+)(?=\\s+(?:after|because|since|and|but|now|for|when|last|this|in|at|to|on)\\b|[,.;:!?]|$)`, 'i');
const EVENT_DONE_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:just\\s+|finally\\s+)?(?:did|done|finished|completed|ran)\\s+(?:the|my)\\s+((?:[\\w'-]+\\s+){0,2}?(?:half marathon|half-marathon|marathon|half|10k|5k|race|triathlon|ultra|swim|sportive|ride))\\b`, 'i');
const SWITCH_TO_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:switched|moved over|changed over)\\s+to\\s+(?:learning\\s+|doing\\s+|playing\\s+)?((?:[\\w'-]+\\s+){0,2}?[\\w'-]+)(?=\\s+(?:after|because|since|and|but|now|for|when|last|this|in|at|instead)\\b|[,.;:!?]|$)`, 'i');
const GRADUATED_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:just\\s+|finally\\s+|recently\\s+)?graduated\\b(?:\\s+from\\s+((?:[\\w'-]+\\s+){0,3}?[\\w'-]+)(?=\\s+(?:in|last|this|and|with)\\b|[,.;:!?]|$))?`, 'i');

/** First-person patterns (each gets the clause from its "I" onwards), tried before the older families. */
/** "actually we're in Stockport not Manchester": a home put right (not a trip: "in Paris, not London, this week"). */
const IN_NOT_RE = /^I(?:'m| am)\s+(?:actually\s+|really\s+)?(?:based\s+|living\s+)?in\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?),?\s+not\s+(?:in\s+)?\p{Lu}[\p{L}'-]+\b(?![^.!?]*\b(?:this|today|tonight|tomorrow|for the|right now|at the moment|visiting|trip|holiday|weekend)\b)/u;

/** "I've transitioned", "I have socially transitioned": the user is transgender (loose-talk reads the other wordings). */
const TRANSITIONED_SELF_RE = new RegExp(`^${TRANSITIONED}`, 'i');

export const changePatterns: Pattern[] = [
  (r) => {
    const m = TRANSITIONED_SELF_RE.exec(r);
    return m ? simple('is transgender', 0.75, 'identity', m.index + m[0].length) : null;
  },
  (r) => {
    const m = IN_NOT_RE.exec(r);
    return m ? simple(`lives in ${m[1]!}`, 0.75, 'place', m.index + m[0].length) : null;
  },
  (r) => {
    const m = OFF_RE.exec(r);
    if (!m) return null;
    const food = m[2]!.toLowerCase().replace(/^booze$/, 'alcohol');
    return simple(`avoids ${food}`, 0.8, 'diet', m.index + m[0].length);
  },
  (r) => {
    const m = CUT_BACK_RE.exec(r);
    if (!m) return null;
    const o = trimObject(m[3]!).replace(/\s+(?:(?:this|next|for (?:a|the|this))\s+(?:week|month|year|january|lent)|because|cos|cuz|since|as|after|for my|for the sake)\b.*$/i, '');
    if (!usable(o) || o.split(' ').length > 6) return null;
    return simple(`is cutting back on ${toThirdPerson(o.toLowerCase())}`, 0.7, 'diet', m.index + m[0].length);
  },
  (r) => {
    const m = SWITCH_RE.exec(r);
    return m ? simple(`switched from ${m[2]!} to ${m[3]!}`, 0.75, 'change', m.index + m[0].length) : null;
  },
  (r) => {
    const m = BACK_TO_RE.exec(r);
    return m ? simple(`is ${m[2]!.toLowerCase()} ${m[3]!} again`, 0.75, 'change', m.index + m[0].length) : null;
  },
  (r) => {
    const m = START_JOB_RE.exec(r);
    if (!m || (m[2] !== undefined && !/^\p{Lu}/u.test(m[2]))) return null;
    const at = m[2] ?? m[4];
    const role = m[3]!.replace(/^(an?)\s/i, (a) => a.toLowerCase()).replace(/^the\s+new\s+(?=(\S))/i, (_t, c: string) => (/[aeiou]/i.test(c) ? 'an ' : 'a '));
    return simple(`works as ${role}${at ? ` at ${at.replace(/[.']+$/, '')}` : ''}`, 0.75, 'work', m.index + m[0].length);
  },
  (r) => {
    const m = START_AT_RE.exec(r);
    return m ? simple(`works at ${m[2]!.replace(/[.']+$/, '')}`, 0.7, 'work', m.index + m[0].length) : null;
  },
  (r) => {
    const m = JOINED_KIND_RE.exec(r);
    if (!m || /^(?:an?\s+)?(?:member|volunteer|guest|customer|client|patient|inpatient|outpatient|visitor|student|intern)s?$/i.test(m[3]!)) return null;
    return simple(`works as ${m[3]!.replace(/^(an?)\s/i, (a) => a.toLowerCase())} at ${m[2]!}`, 0.75, 'work', m.index + m[0].length);
  },
  (r) => {
    const m = NATIONALITY_RE.exec(r);
    if (!m) return null;
    const n = DEMONYMS.split('|').find((d) => d.toLowerCase() === m[2]!.toLowerCase().replace(/\s+/g, ' '))!;
    return simple(`is ${n}`, 0.75, 'identity', m.index + m[0].length);
  },
  (r) => {
    const m = SHIFT_SWITCH_RE.exec(r);
    return m ? simple(`works ${m[2]!.toLowerCase().replace(/^(night|day) shift$/, '$1s').replace(/^(night|day) shifts$/, '$1s')}`, 0.75, 'work', m.index + m[0].length) : null;
  },
  (r) => {
    const m = DO_WORK_RE.exec(r);
    return m ? simple(`works in ${m[2]!} at ${m[3]!.replace(/[.']+$/, '')}`, 0.75, 'work', m.index + m[0].length) : null;
  },
  (r) => {
    const m = CITY_PEOPLE_RE.exec(r) ?? CAME_BACK_RE.exec(r) ?? BEEN_IN_RE.exec(r);
    return m ? simple(`lives in ${m[m.length - 1]!}`, 0.75, 'place', m.index + m[0].length) : null;
  },
  (r) => {
    const m = LEFT_PARTNER_RE.exec(r);
    return m ? simple(`is no longer with their ${m[2]!.toLowerCase()}`, 0.8, 'change', m.index + m[0].length) : null;
  },
  // I'm no longer vegan -> is no longer vegan
  (r) => {
    const m = NO_LONGER_STATE_RE.exec(r);
    return m && usable(m[2]!) ? simple(`is no longer ${toThirdPerson(m[2]!)}`, 0.8, 'change', m.index + m[0].length) : null;
  },
  (r) => {
    const m = COMING_OUT_RE.exec(r);
    if (!m) return null;
    const o = m[2]!.toLowerCase();
    return simple(`is ${o === 'bi' ? 'bisexual' : o}`, 0.8, 'identity', m.index + m[0].length);
  },
  (r) => {
    const m = SWITCH_TO_RE.exec(r);
    return m ? simple(`switched to ${m[2]!}`, 0.7, 'change', m.index + m[0].length) : null;
  },
  (r) => {
    const m = GAVE_UP_RE.exec(r);
    return m ? simple(`gave up on ${m[2]!}`, 0.75, 'change', m.index + m[0].length) : null;
  },
  (r) => {
    const m = SOLD_RE.exec(r);
    return m ? simple(`no longer has their ${m[2]!}`, 0.75, 'change', m.index + m[0].length) : null;
  },
  (r) => {
    const m = EVENT_DONE_RE.exec(r);
    return m ? simple(`completed the ${m[2]!.toLowerCase()}`, 0.75, 'change', m.index + m[0].length) : null;
  },
  (r) => {
    const m = GRADUATED_RE.exec(r);
    return m ? simple(`graduated${m[2] ? ` from ${m[2]}` : ''}`, 0.75, 'change', m.index + m[0].length) : null;
  },
  (r) => {
    const m = VOTE_RE.exec(r);
    return m ? simple(`${m[2] === 'voted' ? 'voted' : 'votes'} ${m[3]!}`, 0.75, 'habit', m.index + m[0].length) : null;
  },
];

/** "knee surgery ended my running days", "my climbing days are over": an activity the user no longer does. */
const ENDED_RE = /\b(?:ended|finished|over for)\s+my\s+(\w+ing)\s+(?:days|career)\b|\bmy\s+(\w+ing)\s+(?:days|career)\s+(?:is|are)\s+(?:over|done|behind me)\b/i;
const LIVING_THINGS = '(cat|dog|puppy|kitten|rabbit|bunny|hamster|parrot|budgie|horse|tortoise|guinea pig|pet|husband|wife|partner|mom|mum|mother|dad|father|grandma|grandmother|grandpa|grandfather)';
/** "my cat passed away", "my old dog Rex died": the user's pet or relative died. */
const DIED_RE = new RegExp(`\\bmy\\s+(?:(?:old|sweet|beloved|dear|lovely|little|\\w+-year-old)\\s+)?${LIVING_THINGS}(?:\\s+\\p{Lu}[\\p{Ll}'-]+)?\\s+(?:(?:just|recently|sadly|finally)\\s+)?(?:passed away|passed on|passed|died|was put down|had to be put down|crossed the rainbow bridge)\\b`, 'iu');

/** "my boyfriend just dumped me", "my wife left me last year": the partner has ended it (not "left me a voicemail"). */
const LEFT_BY_PARTNER_RE = new RegExp(`\\bmy\\s+(?:now\\s+)?${PARTNER}\\s+(?:(?:just|finally|suddenly|recently)\\s+)?(?:dumped|ditched|broke up with|split up with|walked out on|left(?=\\s+me\\s*(?:[,.;!?]|$|(?:for|after|last|in|on|and|when|because|over|out of|by)\\b)))\\s+me\\b`, 'i');

/** "keto didn't work for me", "the gym wasn't for me": something tried and given up. */
const NOT_FOR_ME_RE = /^(?:(?:honestly|tbh|so|well|yeah|but)\s*,?\s+)?(?:the\s+)?((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:didn't|did not|doesn't|does not|wasn't|was not|isn't|is not)\s+(?:really\s+)?(?:work(?:ing)?(?:\s+out)?\s+for me|for me)\b/i;

/** An activity ended or a pet or relative who died, read from a whole clause (no "I" needed). */
export function endedFinding(clause: string): { text: string; conf: number } | null {
  const n = NOT_FOR_ME_RE.exec(clause);
  if (n && !/^(?:it|that|this|he|she|they|which|what|nothing|something|anything|everything|one|that one|the first one)$/i.test(n[1]!)) return { text: `The user gave up on ${n[1]!}`, conf: 0.7 };
  const p = LEFT_BY_PARTNER_RE.exec(clause);
  if (p) return { text: `The user is no longer with their ${p[1]!.toLowerCase()}`, conf: 0.75 };
  const e = ENDED_RE.exec(clause);
  if (e) return { text: `The user has stopped ${(e[1] ?? e[2]!).toLowerCase()}`, conf: 0.7 };
  const d = DIED_RE.exec(clause);
  if (d) return { text: `The user's ${d[1]!.toLowerCase()} died`, conf: 0.75 };
  return null;
}

/** "my girlfriend" right after "no longer with", or right before "passed away" or "dumped me": the relation has ended. */
export function relationEnded(clause: string, at: number): boolean {
  return /(?:no longer with|not with|broke up with|split (?:up )?(?:with|from)|separated from|divorced|divorcing|left|lost)\s+$/i.test(clause.slice(Math.max(0, at - 25), at))
    || /^my\s+(?:[\w-]+\s+){0,2}?(?:passed away|passed on|passed|died|was put down)\b/i.test(clause.slice(at, at + 60))
    || LEFT_BY_PARTNER_RE.test(clause.slice(at, at + 60));
}

const OBSERVANCE_RE = /\b(Ramadan|Lent|Yom Kippur|Passover|Shabbat|Navratri|Vesak)\b/;
/** The festivals above typed in lower case, with a fast kept ("we keep navratri fast all nine days"). */
const OBSERVANCE_LOWER_RE = /\b(ramadan|navratri|yom kippur|lent)\b/;
const OBSERVING_RE = /\bI(?:'ll| will|'m| am)?\s+(?:be\s+)?(?:fasting|observing it|observing|keeping it|fast|observe)\b|\b(?:I|[Ww]e)(?:'ll| will|'re| are)?\s+(?:always\s+|still\s+)?(?:keep|keeping|do|doing|observe|observing)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:fast|fasts|vrat|roza)\b/;

/** "Ramadan starts next week and I'll be fasting": the user keeps a religious fast or observance. */
/** "given up chocolate for Lent", "I'm off booze for Lent": something the user does without for the season (their own clause, no one else's). */
const GIVEN_UP_FOR_RE = /(?:^\W*(?:(?:so|well|yeah|ok|okay|also|and|but|honestly)\s*,?\s+)*|\bI(?:'ve| have|'m| am)?\s+)(?:(?:just|already|also|officially)\s+)?(?:given up|giving up|gave up|give up|off|doing without|going without|cut out|cutting out)\s+(?:[\w'-]+\s+){1,4}?for\s+(Lent)\b/i;

export function observanceFinding(sentence: string): { text: string; conf: number; at: number } | null {
  const g = GIVEN_UP_FOR_RE.exec(sentence);
  if (g) return { text: `The user observes ${g[1]}`, conf: 0.75, at: g.index };
  const o = OBSERVANCE_RE.exec(sentence) ?? OBSERVANCE_LOWER_RE.exec(sentence)?.map((w) => w.replace(/\b[a-z]/g, (c) => c.toUpperCase())) as RegExpExecArray | undefined ?? null;
  const f = o ? OBSERVING_RE.exec(sentence) : null;
  return o && f ? { text: `The user observes ${o[1]}`, conf: 0.75, at: f.index } : null;
}

/** Sarcasm marks a sentence as saying nothing about the user: "/s", "yeah right", "yeah I'm a millionaire lol". */
const SARCASM_RE = /(?:^|\s)\/s\b|\byeah,? right\b|^\W*(?:yeah|yea|ya|oh yeah|oh sure|sure|oh totally|totally|oh right|right)\b[^.!?]{0,80}?\b(?:lol|lmao|rofl|haha\w*|jk|kidding)\b/i;

/** "oh yeah I just LOVE tax returns", "yeah I'm SUCH a morning person": a shouted word after a mock assent (case matters; "yeah I LOVE hiking" is keen, not ironic). */
const SHOUTED_ASSENT_RE = /^\W*(?:[Oo]h,?\s+)?(?:[Yy]eah|[Yy]ea|[Ss]ure|[Tt]otally|[Rr]ight|[Oo]h)\b[^.!?]{0,40}?(?:\bjust (?:LOVE|LOVES|ADORE|ADORES)|\bSUCH an?|\bSO (?:good|great|fun|much fun)|\bTOTALLY)\b/;
/** An eye-roll or upside-down face next to a liking or a boast: "I love Mondays 🙄", "great at maths me 🙃". */
const IRONIC_EMOJI_RE = /[\u{1F643}\u{1F644}\u{1F612}]/u;
/** A mock "oh yeah" before an upside-down face: "oh yeah I'm a billionaire, hence the budget question 🙃". */
const MOCK_ASSENT_RE = /^\W*(?:oh\s+)?(?:yeah|yea|sure|totally|right)\b/i;
const PRAISE_RE = /\b(?:love|loves|loving|adore|enjoy|enjoys|such an?|so good at|great at|favou?rite|best)\b/i;

export function sarcastic(sentence: string): boolean {
  return SARCASM_RE.test(sentence) || SHOUTED_ASSENT_RE.test(sentence) || (IRONIC_EMOJI_RE.test(sentence) && (PRAISE_RE.test(sentence) || MOCK_ASSENT_RE.test(sentence)));
}

/** A request for one occasion or for other people: "a lasagna recipe for 12 people", "a toast for my sister's wedding". */
const ONE_OFF_RE = /\bfor\s+(?:\d{1,3}|two|three|four|five|six|seven|eight|ten|twelve|fifteen|twenty|thirty)\s+(?:people|guests|adults|kids|children|persons)\b|\bfor\s+(?:a|an|the|their|this|our)\s+(?:[\w'-]+\s+){0,2}?(?:party|wedding|potluck|bbq|barbecue|shower|reunion|event|gathering|fundraiser|bake sale|funeral|christening)\b|'s\s+(?:[\w-]+\s+)?(?:party|wedding|birthday|funeral|shower)\b/i;

export function oneOffRequest(text: string): boolean {
  return ONE_OFF_RE.test(text);
}
