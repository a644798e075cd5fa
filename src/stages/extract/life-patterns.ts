/**
 * Patterns for everyday self-disclosure the core patterns miss: changes ("I moved to", "I quit", "I stopped",
 * "I gave up", "I started X again", "I'm a teacher now"), plans ("we're going to Japan in April"), budgets
 * ("I can spend about $800"), hobbies taken up ("I've gotten into bouldering", "I took up the cello"), ages
 * ("I'm 41,"), conditions had ("I've had asthma since ..."). Each gets the clause from its "I" onwards.
 * A change is emitted as the new value ("The user lives in Berlin") or as a negated attribute ("The user no
 * longer follows a keto diet"), which the memory's merge supersedes or retires on.
 */
import { ADV, PET_NOUN } from './vocabulary.js';
import { advs, clean, thirdSingular, toThirdPerson, trimObject, usable } from './text.js';
import type { Hit, Pattern } from './patterns.js';

/** Time phrases that end a moved-to or going-to object: "Berlin last month" -> "Berlin". */
const TIME_TAIL_RE = /\s+(?:last|this|next)\s+(?:week|month|year|summer|winter|spring|autumn|fall|weekend)\b.*$|\s+(?:a|two|three|four|five|six|\d+|a few|several|couple of)\s+(?:days?|weeks?|months?|years?)\s+ago\b.*$|\s+(?:recently|lately)\b.*$|\s+in\s+(?:\d{4}|(?:the\s+)?(?:spring|summer|autumn|fall|winter|new year)|January|February|March|April|May|June|July|August|September|October|November|December)\b.*$/i;

const DIETS = /^(?:(?:a|the)\s+)?(keto|paleo|whole30|atkins|low[- ]carb|low[- ]fat|carnivore|mediterranean|intermittent fasting|fasting|vegan|vegetarian|pescatarian|gluten[- ]free|dairy[- ]free|raw food)(?:\s+diet)?$/i;
const DRINKS = /^(?:coffee|caffeine|tea|alcohol|booze|beer|wine|soda|energy drinks|drinking)$/i;
const FOODS = /^(?:meat|red meat|sugar|dairy|gluten|bread|carbs|chocolate|sweets|fast food|junk food|pork|beef|fish)$/i;

/** "no pork", "no booze for me": a food or drink the user does not take, in the words of a diet ("does not eat pork"). */
export function avoided(obj: string): string | undefined {
  const o = clean(obj.replace(/\s+(?:for\s+me|obviously|either|ever|at all|please|thanks)\b.*$/i, ''));
  if (/^(?:alcohol|booze|drinking)$/i.test(o)) return 'does not drink alcohol';
  if (DRINKS.test(o)) return `does not drink ${o.toLowerCase()}`;
  if (FOODS.test(o) || /^(?:shellfish|seafood|lamb|eggs|nuts|peanuts|honey|gelatine?)$/i.test(o)) return `does not eat ${o.toLowerCase()}`;
  return undefined;
}

const JOB_ENDED_RE = new RegExp(`^I(?:'ve| have|'m| am| was| got)?\\s+(${ADV})(?:(?:just|recently|finally)\\s+)?(?:(?:got|been|was|were|have been|'ve been)\\s+)?(made redundant|laid off|let go|fired|sacked|lost my job|quit my job|left my job|resigned|(?:handed in|given|put in) my notice|(?:handed|put) my notice in|between jobs|out of work)\\b(?![^,.;!?]*\\b(?:first|old|summer|student|saturday|weekend)\\s+job\\b|[^,.;!?]*\\b(?:years ago|when I was|at (?:1[4-9]|2\\d)\\b))`, 'i');
const WORKPLACES = 'cafe|café|shop|bakery|restaurant|bar|pub|warehouse|office|firm|agency|hospital|school|nursery|salon|factory|call centre|call center|store|supermarket|hotel|gym|clinic|pharmacy|bank|startup|company';
const LEFT_WORKPLACE_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:quit|left|resigned from|walked out of)\\s+the\\s+(${WORKPLACES})\\b(?!\\s+(?:door|keys|lights|early|at|for|with)\\b)`, 'i');

/** "running" -> "run", "baking" -> "bake", "doing yoga" -> "do yoga"; undefined when not a gerund phrase. */
export function fromGerund(phrase: string): string | undefined {
  const [first, ...rest] = phrase.split(' ');
  if (!first || !/^[a-z]{3,}ing$/i.test(first) || /^(?:thing|nothing|something|anything|everything|morning|evening|spring|king|ring|wing|string|ceiling|sibling|wedding|pudding|building)$/i.test(first)) return undefined;
  let stem = first.slice(0, -3).toLowerCase();
  if (/([bdgmnprt])\1$/.test(stem)) stem = stem.slice(0, -1);
  else if (/^(?:bak|hik|smok|rid|writ|cod|danc|skat|rac|driv|mak|us|vap|bik|danc|sav|liv|cycl|juggl|paddl|wrestl|tak|giv|mov|serv|practic|exercis|shar|com)$/.test(stem)) stem = `${stem}e`;
  return [stem, ...rest].join(' ');
}

function simple(sg: string, conf: number, kind: string, end: number): Hit {
  const s = clean(sg);
  return { sg: s, pl: s, conf, kind, end };
}

/** What the user no longer does: "keto" -> "no longer follows a keto diet", "coffee" -> "no longer drinks coffee". */
export function stopped(obj: string): string | undefined {
  const o = clean(obj.replace(/^(?:doing|following|being|eating|drinking|on)\s+(?=\S)/i, (m) => (/^(?:eating|drinking)/i.test(m) ? m : '')));
  const diet = DIETS.exec(o);
  if (diet) {
    const d = diet[1]!.toLowerCase();
    return /^(?:vegan|vegetarian|pescatarian)$/.test(d) ? `is no longer ${d}` : `no longer follows a ${d.replace('intermittent fasting', 'intermittent fasting')} diet`;
  }
  // a slimming club is a programme done, not a gerund ("slimming world" is no "slims world")
  if (/^(?:slimming world|weight watchers|ww|noom)$/i.test(o)) return `no longer does ${o.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase()).replace(/^Ww$/, 'WW')}`;
  if (DRINKS.test(o)) return o.toLowerCase() === 'drinking' ? 'no longer drinks alcohol' : `no longer drinks ${o.toLowerCase()}`;
  if (FOODS.test(o)) return `no longer eats ${o.toLowerCase()}`;
  const verb = fromGerund(o);
  if (verb) return `no longer ${thirdSingular(toThirdPerson(verb))}`;
  return undefined;
}

const OCCUPATION_RE = /^(?:nurse|teacher|doctor|lawyer|engineer|developer|programmer|designer|chef|cook|barista|accountant|pharmacist|dentist|architect|writer|journalist|electrician|plumber|carpenter|firefighter|paramedic|pilot|driver|manager|consultant|analyst|scientist|researcher|professor|lecturer|tutor|librarian|mechanic|farmer|baker|cashier|waiter|waitress|therapist|social worker|student|freelancer|\w+ (?:developer|engineer|designer|teacher|nurse|manager|analyst|consultant|scientist|writer|worker|assistant))$/i;

// compiled once: the patterns run for every "I" of every clause
const L0 = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:just\\s+)?(?:moved|relocated)\\s+(?:(?:up|down|out|across|back)\\s+)?(?:in\\s+)?(?:to|into|with)\\s+(.+)`, 'i');
/** "moved back to my parents' in Swindon", "moved in with my mum in Hull", "back in with mum in Hull": the town is the home. */
const FAMILY_HOME_RE = /^(?:(?:my|our)\s+|(?=(?:mum|mom|dad|nan|gran)\b))(?:parents'?|mum's|mom's|dad's|folks'?|nan's|gran's|grandparents'?|mum and dad's|mom and dad's|mum|mom|dad|parents|nan|gran)\s+(?:(?:place|house|home)\s+)?(?:in|near)\s+/i;
/** "moved into the new flat in clapham": the place the new home is in. */
const NEW_HOME_RE = /^(?:the|a|our|my)\s+(?:new\s+|first\s+|own\s+)?(?:flat|house|place|apartment|home|houseshare|condo|bungalow)\s+in\s+/i;
const L1 = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:gotten|got|become|been)\\s+(${ADV})(?:really\\s+)?(?:into|hooked on|obsessed with)\\s+(.+)`, 'i');
const L3 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:on|doing|following)\\s+(.+)`, 'i');
const NOW_TAIL_RE = /\s+(?:at the moment|these days|right now|for now|now|currently|at present|this month|this year)$/i;
const L2 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(going|flying|traveling|travelling|heading|driving|off)\\s+to\\s+(.+)`, 'i');

/**
 * "I stay in Kano" (Indian, Nigerian and Scottish English for living there) and "staying in Hyderabad with my
 * parents": the home. A stay with a length or an end ("staying in Paris for a week", "till Friday") is a trip.
 */
const STAY_HOME_RE = /^I(?:'m| am)?\s+(stay|staying)\s+in\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)(?=\s+with\s+(?:my|our)\s+(?:parents|family|folks|mum|mom|dad|husband|wife|kids|children|in-laws|grandparents)\b|\s+(?:and|since|now)\b|\s*[,.;!?]|\s*$)/u;

/** "im her PA", "I'm his carer": a job done for one person, said by whose it is. */
const THEIR_ROLE_RE = /^I(?:'m| am)\s+(?:his|her|their)\s+(PA|EA|personal assistant|executive assistant|assistant|nanny|driver|secretary|chauffeur|bodyguard|housekeeper)\b/i;

/** "got my indefinite leave to remain today", "I was granted settled status": the right to stay the user now holds. */
const STATUS_GRANTED_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:just\\s+|finally\\s+|officially\\s+)?(?:got|been granted|was granted|received)\\s+(?:my\\s+|our\\s+)?(indefinite leave to remain|ilr|settled status|pre-settled status|permanent residency|permanent residence|(?:a\\s+)?green card|(?:[a-z]+\\s+)?citizenship)\\b`, 'i');

export const lifePatterns: Pattern[] = [
  (r) => {
    const m = STATUS_GRANTED_RE.exec(r);
    if (!m) return null;
    const status = m[2]!.toLowerCase().replace(/^ilr$/, 'indefinite leave to remain').replace(/^(?:a\s+)?green card$/, 'a green card')
      .replace(/^(\w+)(?= citizenship$)/, (w) => w[0]!.toUpperCase() + w.slice(1));
    return simple(`has ${status}`, 0.8, 'identity', m.index + m[0].length);
  },
  (r) => {
    const m = THEIR_ROLE_RE.exec(r);
    if (!m) return null;
    const role = /^(?:PA|EA)$/i.test(m[1]!) ? m[1]!.toUpperCase() : m[1]!.toLowerCase();
    return simple(`works as ${/^(?:EA|[aeiou])/i.test(role) ? 'an' : 'a'} ${role}`, 0.75, 'work', m.index + m[0].length);
  },
  (r) => {
    const m = STAY_HOME_RE.exec(r);
    // a bare "I'm staying in Rome." may be a holiday; with family or as "I stay in" it is home
    const after = r.slice(m?.index ?? 0).slice(m?.[0].length ?? 0);
    if (!m || (m[1] === 'staying' && !/^\s+with\b/.test(after)) || /^\s+with\s+\S+\s+\S+\s+(?:for|until|till|over|this|next)\b/i.test(after)) return null;
    return simple(`lives in ${m[2]!}`, 0.75, 'place', m.index + m[0].length);
  },
  // I moved to X (last month) -> lives in X
  (r) => {
    const m = L0.exec(r);
    if (!m) return null;
    // "Since I moved to Leeds I cycle everywhere": the next subject ends the place
    const family = FAMILY_HOME_RE.test(m[2]!) || NEW_HOME_RE.test(m[2]!);
    let o = trimObject(m[2]!.replace(FAMILY_HOME_RE, '').replace(NEW_HOME_RE, '')).replace(/\s+(?:I|I'm|I've|we|we're|we've)\s.*$/, '').replace(TIME_TAIL_RE, '').replace(/\s+(?:with|for)\s+.*$/i, '');
    // after "in with mum in" or "the new flat in" the word is a town even typed in lower case ("back in with mum in toowoomba")
    if (family) o = o.replace(/\s*,.*$/, '').replace(/\s+(?:now|at last|finally)$/i, '');
    if (family && /^(?!(?:the|a|an|my|our|their|this|that|town|bed)\b)[a-z][a-z'-]{2,}(?: [a-z][a-z'-]{2,})?$/.test(o)) o = o.replace(/\b[a-z]/g, (c) => c.toUpperCase());
    if (!usable(o) || !/^\p{Lu}/u.test(o)) return null;
    return simple(`lives in ${toThirdPerson(o)}`, 0.8, 'place', m.index + m[0].length);
  },
  // "I got made redundant", "I was laid off", "I lost my job", "I quit my job", "I've handed in my notice", "I'm between jobs":
  // the job held has ended (the merge's job slot takes each)
  (r) => {
    const m = JOB_ENDED_RE.exec(r);
    // "quit my job at Tesco", "left my job as a teacher": the rule below names the job
    if (!m || (/my job$/i.test(m[2]!) && /^\s+(?:at|as|with|in)\s+(?!the\s+(?:end|start|moment|weekend)\b)/i.test(r.slice(m.index + m[0].length)))) return null;
    const how = m[2]!.toLowerCase().replace(/\s+/g, ' ');
    const text = /^(?:made redundant|laid off|let go|fired|sacked)$/.test(how) ? `was ${how}`
      : /^lost/.test(how) ? 'lost their job'
      : /^(?:quit|left) my job$/.test(how) ? `has ${how.replace(/ my /, ' their ')}`
      : how === 'resigned' ? 'has quit their job'
      : /notice(?: in)?$/.test(how) ? `has ${how.replace(/ my notice in$/, ' in my notice').replace(/ my /, ' their ')}`
      : `is ${how}`;
    return simple(text, 0.75, 'change', m.index + m[0].length);
  },
  // "I quit the cafe", "I left the bakery last month": the workplace left
  (r) => {
    const m = LEFT_WORKPLACE_RE.exec(r);
    return m ? simple(`no longer works at the ${m[2]!.toLowerCase()}`, 0.7, 'change', m.index + m[0].length) : null;
  },
  // I quit my job at/as X -> no longer works at X
  (r) => {
    const m = /^I(?:'ve| have)?\s+(?:just\s+)?(?:quit|left)\s+my\s+(?:job|position|role|work)\s+(at|as|in|with)\s+(.+)/i.exec(r);
    if (!m) return null;
    const o = trimObject(m[2]!).replace(TIME_TAIL_RE, '');
    if (!usable(o)) return null;
    const prep = m[1]!.toLowerCase() === 'with' ? 'at' : m[1]!.toLowerCase();
    return simple(`no longer works ${prep} ${toThirdPerson(o)}`, 0.75, 'change', m.index + m[0].length);
  },
  // I'm a teacher now / I'm now a teacher -> works as a teacher (or is a X)
  (r) => {
    const m = /^I(?:'m| am)\s+(?:now\s+)?(an?)\s+([\w\s-]{2,40}?)\s+now\b|^I(?:'m| am)\s+now\s+(an?)\s+([\w\s-]{2,40}?)(?=[.,;!]|$)/i.exec(r);
    if (!m) return null;
    const art = (m[1] ?? m[3])!.toLowerCase();
    const what = clean((m[2] ?? m[4])!);
    if (!usable(what)) return null;
    return simple(OCCUPATION_RE.test(what) ? `works as ${art} ${what}` : `is ${art} ${what}`, 0.8, 'change', m.index + m[0].length);
  },
  // I'm on a keto diet (at the moment) / I'm doing keto these days -> follows a keto diet
  (r) => {
    const m = L3.exec(r);
    if (!m) return null;
    const o = trimObject(m[2]!).replace(TIME_TAIL_RE, '').replace(NOW_TAIL_RE, '');
    const diet = DIETS.exec(o);
    if (!diet) return null;
    const d = diet[1]!.toLowerCase();
    return simple(/^(?:vegan|vegetarian|pescatarian)$/.test(d) ? `is ${d}` : `follows a ${d} diet`, 0.75, 'diet', m.index + m[0].length);
  },
  // I stopped / quit / gave up / packed in X -> no longer ...
  (r) => {
    const m = /^I(?:'ve| have)?\s+(?:just\s+|recently\s+|finally\s+)?(?:stopped|quit|gave up|given up|dropped|packed in|jacked in)\s+(.+)/i.exec(r);
    if (!m) return null;
    const o = trimObject(m[1]!).replace(TIME_TAIL_RE, '').replace(/\s+(?:in|since|after|for)\s+\S+.*$/i, '').replace(/\s+(?:altogether|completely|entirely|for good)$/i, '');
    // "packed in weight watchers, too expensive": the reason after a comma is no part of what stopped
    const pred = stopped(o) ?? stopped(o.replace(/\s*,.*$/, ''));
    if (!pred) return null;
    return simple(pred, 0.75, 'change', m.index + m[0].length);
  },
  // I started running again / I've started doing yoga -> runs / does yoga
  (r) => {
    const m = /^I(?:'ve| have)?\s+(?:(?:also|just|recently|finally|now|actually)\s+){0,3}(?:started|began|begun|took up|taken up|picked up)\s+(.+)/i.exec(r);
    if (!m) return null;
    const raw = trimObject(m[1]!).replace(TIME_TAIL_RE, '').replace(/\s+again\b.*$/i, '');
    // "picked up watercolours instead": a hobby taken up in place of another ("picked up groceries" is an errand)
    const instead = /\s+(?:instead|as a hobby|on the side)$/i.test(raw);
    const o = raw.replace(/\s+(?:instead|as a hobby|on the side)$/i, '');
    // "I also started doing wedding photography": what is done ("doing" alone points nowhere)
    const doing = /^doing\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)(?:\s+(?:on|at|in|every|most)\s+[\w\s-]{1,30})?$/i.exec(o);
    if (doing && usable(doing[1]!) && !/^(?:it|this|that|stuff|things|something|nothing|the|a|an|my|some)\b/i.test(doing[1]!)) return simple(`does ${clean(doing[0].slice(6))}`, 0.7, 'hobby', m.index + m[0].length);
    // "started seeing someone" is a partner, not a pastime (timeline.ts reads it)
    if (!usable(o) || /^(?:to|a new|with|on|by|at|from|seeing|dating)\b/i.test(o)) return null;
    const verb = fromGerund(o);
    if (verb) return simple(thirdSingular(toThirdPerson(verb)), 0.7, 'hobby', m.index + m[0].length);
    // "I just started pottery classes on thursdays": a class taken is a hobby ("started a new job" is read elsewhere)
    const classes = /^((?:[a-z][\w-]*\s+){1,2}(?:classes|lessons))\b/i.exec(o);
    if (classes && !/^(?:my|our|the|some|these|those|new)\b/i.test(o)) return simple(`takes ${classes[1]!.toLowerCase()}`, 0.7, 'hobby', m.index + m[0].length);
    if (/^(?:the|a|an)\s+\w+/i.test(o) && /\b(?:took|taken|picked) up\b/i.test(m[0])) return simple(`took up ${toThirdPerson(o)}`, 0.7, 'hobby', m.index + m[0].length);
    const bare = /^[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}$/.test(o) && !/^(?:my|our|his|her|their|some|it|them|this|that)\b/i.test(o);
    if (bare && (/\b(?:took|taken) up\b/i.test(m[0]) || (instead && /\bpicked up\b/i.test(m[0])))) return simple(`took up ${o}`, 0.7, 'hobby', m.index + m[0].length);
    return null;
  },
  // I switched to / I'm switching to herbal tea -> has switched to herbal tea (what the user has now)
  (r) => {
    const m = /^I(?:'ve| have|'m| am)?\s+(?:just\s+|now\s+|finally\s+|recently\s+)?(?:switched|switching|changed|changing)\s+(?:over\s+)?to\s+(.+)/i.exec(r);
    if (!m) return null;
    const o = trimObject(m[1]!).replace(TIME_TAIL_RE, '').replace(/\s+instead$/i, '');
    if (!usable(o) || /^(?:a|the)\s+(?:new\s+)?(?:topic|subject|question|tab|chat)\b/i.test(o) || o.split(' ').length > 6) return null;
    return simple(`has switched to ${toThirdPerson(o)}`, 0.65, 'change', m.index + m[0].length);
  },
  // I've (really) gotten into X / I got into X lately
  (r) => {
    const m = L1.exec(r);
    if (!m) return null;
    const o = trimObject(m[3]!).replace(TIME_TAIL_RE, '');
    if (!usable(o)) return null;
    return simple(`has gotten into ${toThirdPerson(o)}`, 0.75, 'hobby', m.index + m[0].length);
  },
  // I'm going / flying / heading to <Place> (in April)
  (r) => {
    const m = L2.exec(r);
    if (!m || !/^\p{Lu}/u.test(m[3]!)) return null;
    const o = trimObject(m[3]!);
    if (!usable(o)) return null;
    return simple(`is ${advs(m[1])} ${m[2]!.toLowerCase()} to ${toThirdPerson(o)}`, 0.6, 'plan', m.index + m[0].length);
  },
  // I can spend / afford about $800
  (r) => {
    const m = /^I\s+(?:can|could)\s+(?:only\s+)?(spend|afford)\s+(.+)/i.exec(r);
    if (!m || !/\d/.test(m[2]!)) return null;
    const o = trimObject(m[2]!);
    return usable(o) ? simple(`can spend ${toThirdPerson(o)}`, 0.65, 'budget', m.index + m[0].length) : null;
  },
  // I'm 41, ... / I'm 41 and ... / I'm 58 so nothing too intense / I'm 23 not 32 (an age put right)
  (r) => {
    const m = /^I(?:'m| am)\s+(\d{2})(?=\s*(?:[,.;!]|$|\s+(?:and|so|btw|myself|now|lol|haha|tbh)\b|\s+not\s+\d{2}\b))/i.exec(r);
    return m ? simple(`is ${m[1]} years old`, 0.8, 'age', m.index + m[0].length) : null;
  },
  // I've had asthma since I was a kid / for years
  (r) => {
    const m = /^I(?:'ve| have)\s+had\s+([\w\s'-]{2,40}?)\s+(?:since|for)\s+/i.exec(r);
    if (!m) return null;
    const o = clean(m[1]!);
    if (!usable(o) || /^(?:a|an|the|this|that|my|enough|no|it)\b/i.test(o)) return null;
    return simple(`has ${toThirdPerson(o)}`, 0.75, 'possession', m.index + m[0].length);
  },
];

/** "My budget is around 1500 euros" -> "The user's budget is around 1500 euros"; "..., budget about £600 max" too. */
export function budgetFinding(clause: string): { text: string; conf: number } | null {
  // what the budget is for may come first ("my food budget is like £50 a week", "my monthly budget is 900 euros")
  const m = /(?:\bmy\s+|^(?:(?:and|but|so|also)\s+)?)((?:(?:food|grocery|weekly|monthly|yearly|annual|holiday|wedding|total)\s+)?(?:budget|price range|price limit|max(?:imum)?))(\s+(?:for|on)\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,3}?[\w-]+)?\s+(?:is|'s|would be|is about|is around|about|around|roughly|of|up to)\s+(?:like\s+)?(.+)/i.exec(clause);
  if (!m) return null;
  const o = trimObject(m[3]!.split(/,\s/)[0]!);
  // a bare amount is one too: "my budget is £600"
  if (!/\d/.test(o) || !(usable(o) || /^(?:[£$€]\s?)?\d[\d,.]*k?$/i.test(o))) return null;
  return { text: `The user's ${m[1]!.toLowerCase()}${m[2] ? ` ${toThirdPerson(clean(m[2]))}` : ''} is ${toThirdPerson(o)}`, conf: 0.65 };
}

const BODY_RE = /\bmy\s+(?:(left|right|lower|upper)\s+)?(knees?|back|hips?|shoulders?|ankles?|wrists?|neck|elbows?|foot|feet)(?:'s|\s+is|\s+are|\s+has|\s+have)\s+(?:been\s+|always\s+been\s+|still\s+)?(?:(?:really|quite|a bit|pretty|very|so|super|kind of|kinda|a little)\s+)?(dodgy|bad|sore|weak|injured|busted|stiff|painful|wonky|hurting|playing up|acting up|killing me|giving me (?:trouble|grief)|shot|knackered|terrible|awful|shocking)\b|\bmy\s+(?:(left|right|lower|upper)\s+)?(knees|back|hips|shoulders|ankles|wrists|neck|elbows|feet)\s+(?:aren't|isn't|are not|is not|have never been|has never been)\s+(?:(?:that|very|so|too)\s+)?(great|good|brilliant|the best|what (?:they|it) used to be)\b/i;

/** "my knee's been dodgy since a skiing accident", "my lower back is killing me", "my knees aren't great" -> "The user has a dodgy knee" (health). */
export function bodyFinding(clause: string): { text: string; conf: number } | null {
  const m = BODY_RE.exec(clause);
  if (!m) return null;
  const side = m[1] ?? m[4];
  const body = (m[2] ?? m[5])!;
  const part = `${side ? `${side.toLowerCase()} ` : ''}${body.toLowerCase()}`;
  // "my knees aren't great": a part that is not good is a bad one
  const how = (m[3] ?? 'bad').toLowerCase();
  const adj = /^(?:dodgy|bad|sore|weak|injured|busted|stiff|painful|wonky)$/.test(how) ? how : 'bad';
  const plural = /(?:s|feet)$/i.test(body);
  return { text: `The user has ${plural ? '' : 'a '}${adj} ${part}`.replace(/\s+/g, ' '), conf: 0.65 };
}

/** "we're a family of four", "I'm a household of two" -> "The user's household is four people". */
export function householdFinding(clause: string): { text: string; conf: number } | null {
  const m = /^(?:(?:and|but|so|well|yes|yeah|oh|also)[\s,]+)*I(?:'m| am)\s+a\s+(?:family|household)\s+of\s+(two|three|four|five|six|seven|eight|\d)\b/i.exec(clause.trim());
  return m ? { text: `The user's household is ${m[1]!.toLowerCase()} people`, conf: 0.65 } : null;
}

/** "Since moving to Berlin I've ...", "Ever since we moved to Perth, ...": a move told as the time since. */
// case-sensitive for the place's capital, so the lead words take either case by hand
const SINCE_MOVED_RE = /^(?:(?:[Aa]nd|[Bb]ut|[Ss]o|[Ww]ell|[Hh]onestly)[\s,]+)*(?:[Ee]ver\s+)?[Ss]ince\s+(?:(?:I|[Ww]e)\s+)?(?:moved|moving|relocated|relocating)\s+(?:back\s+|over\s+|here\s+|out\s+)?to\s+(\p{Lu}[\p{L}'-]+(?:\s+(?!I\b|I')\p{Lu}[\p{L}'-]+)?)/u;

/** "my flat in Leeds", "our house in Porto", "since moving to Berlin" -> "The user lives in Leeds" (a place named with a capital). */
export function homeFinding(clause: string): { text: string; conf: number } | null {
  const since = SINCE_MOVED_RE.exec(clause.trim());
  if (since) return { text: `The user lives in ${since[1]}`, conf: 0.75 };
  const m = /\b(?:my|our)\s+(?:little\s+|new\s+|tiny\s+|small\s+)?(?:flat|apartment|house|home|condo|studio|place)\s+in\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)/u.exec(clause);
  // not a home left, sold, let out or kept for holidays
  if (!m || /\b(?:sold|sell|selling|rent(?:ing)? out|let(?:ting)? out|left|leaving|moved|moving|holiday|vacation|summer|second|old|former|previous|parents'?)\b/i.test(clause)) return null;
  return { text: `The user lives in ${m[1]}`, conf: 0.7 };
}

const MY_CONDITION_RE = /\bmy\s+(depression|anxiety|adhd|ocd|ptsd|bipolar(?: disorder)?|diabetes|asthma|arthritis|migraines|ibs|crohn's|endometriosis|eczema|insomnia|epilepsy|celiac|coeliac|chronic pain|back pain|panic attacks)\b(?!\s+(?:about|over|around|for|when)\b)/i;

/** "my therapist suggested running for my depression" -> "The user has depression" (health, said in passing). */
export function conditionFinding(clause: string): { text: string; conf: number } | null {
  const m = MY_CONDITION_RE.exec(clause);
  if (!m) return null;
  const c = m[1]!.toLowerCase();
  const name = /^(?:adhd|ocd|ptsd|ibs)$/.test(c) ? c.toUpperCase() : c.replace(/^crohn's$/, "Crohn's");
  return { text: `The user has ${name}`, conf: 0.65 };
}

/** Dog breeds: a named breed is a dog ("The user has a dog named Biscuit (a golden retriever)"). */
const DOG_BREED_RE = /(?:retriever|labrador|lab|terrier|spaniel|poodle|beagle|collie|shepherd|husky|greyhound|whippet|dachshund|pug|bulldog|corgi|schnauzer)$/;
/** "a golden retriever ... ours is called Biscuit": the pet named with "ours"/"mine" is the user's. */
const OURS_NAMED_RE = new RegExp(`\\b(?:a|an)\\s+((?:[\\w-]+\\s+){0,2}?${PET_NOUN})\\b[^.!?\\n]{0,60}?[.!?]?\\s+(?:ours|mine)\\s+(?:is|'s)\\s+(?:called|named)\\s+([\\w'-]+)`, 'gi');

/** Named pets across a sentence break: "can I take a golden retriever on a car trip? ours is called Biscuit". */
export function oursNamedFindings(text: string): { text: string; conf: number; sentence: string }[] {
  const out: { text: string; conf: number; sentence: string }[] = [];
  OURS_NAMED_RE.lastIndex = 0;
  for (let m = OURS_NAMED_RE.exec(text); m; m = OURS_NAMED_RE.exec(text)) {
    if (!/^\p{Lu}/u.test(m[2]!)) continue;
    const pet = m[1]!.toLowerCase();
    const breed = DOG_BREED_RE.test(pet) ? ` (${/^[aeiou]/.test(pet) ? 'an' : 'a'} ${pet})` : '';
    out.push({ text: breed ? `The user has a dog named ${m[2]!}${breed}` : `The user has ${/^[aeiou]/.test(pet) ? 'an' : 'a'} ${pet} named ${m[2]!}`, conf: 0.65, sentence: m[0] });
  }
  return out;
}

/** "the two kids (4 and 7)": children listed with their ages in brackets are the user's own. */
const AGED_KIDS_RE = /\bthe\s+(two|three|four|five|[2-5])\s+(kids|children|boys|girls)\s+\((?:ages?\s+|aged\s+)?(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2}){1,4})\)/i;

/** "the kids are 4, 7 and 10", "my boys are 6 and 9": the user's children, counted by their ages. */
const KIDS_ARE_RE = /\b(?:my|our|the)\s+(kids|children|boys|girls)\s+are\s+(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2}){1,4})(?:\s+(?:years old|now))?(?=\s*[,.!?;)]|\s*$|\s+(?:and|but|so|now)\b)/i;
const COUNTS = ['', 'one', 'two', 'three', 'four', 'five'];

export function agedKidsFinding(clause: string): { text: string; conf: number } | null {
  const are = KIDS_ARE_RE.exec(clause);
  if (are && !/\b(?:his|her|their|he|she|they|friend|neighbou?r|sister|brother)\b/i.test(clause.slice(0, are.index))) {
    const ages = are[2]!.split(/\s*(?:,|and|&)\s*/).filter(Boolean);
    return { text: `The user has ${COUNTS[ages.length] ?? ages.length} ${are[1]!.toLowerCase()} (${are[2]!.replace(/\s+/g, ' ')})`, conf: 0.6 };
  }
  const m = AGED_KIDS_RE.exec(clause);
  // someone else named before them may be their parent: "my sister brought the two kids (4 and 7)"
  if (m && /\b(?:my|his|her|their|he|she|they|friend|neighbou?r|sister|brother)\b/i.test(clause.slice(0, m.index))) return null;
  return m ? { text: `The user has ${m[1]!.toLowerCase()} ${m[2]!.toLowerCase()} (${m[3]!.replace(/\s+/g, ' ')})`, conf: 0.6 } : null;
}
