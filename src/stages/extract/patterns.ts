/** First-person patterns of the offline extractor: each gets a clause from its "I" onwards. */
import { ADV, DIET_STATES, HABIT_VERBS, NUMBER_WORDS, PREF_VERBS, REL_ADJ, RELATIONS, STATES } from './vocabulary.js';
import { avoided, stopped } from './life-patterns.js';
import { advs, capitalizeUser, clean, listItems, thirdSingular, toThirdPerson, trimObject, usable } from './text.js';

// ---------------------------------------------------------------------------------------------------------
// Patterns. Each gets the clause from its "I" onwards and returns the predicate (after "The user") or null.

export interface Hit {
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

export type Pattern = (rest: string) => Hit | null;

export const NEG = `(?:(don't|do not|didn't|did not|never|no longer|can't|cannot|won't|will not|wouldn't)\\s+)?`;

export function negForms(neg: string | undefined, verb: string, past = false, mid = ''): { sg: string; pl: string } {
  const n = neg?.toLowerCase().replace(/\s+/g, ' ');
  const both = (x: string): { sg: string; pl: string } => ({ sg: clean(x), pl: clean(x) });
  if (!n) return past ? both(`${mid} ${verb}`) : { sg: clean(`${mid} ${thirdSingular(verb)}`), pl: clean(`${mid} ${verb}`) };
  if (n === "don't" || n === 'do not') return { sg: clean(`does not ${mid} ${verb}`), pl: clean(`do not ${mid} ${verb}`) };
  if (n === "didn't" || n === 'did not') return both(`did not ${mid} ${verb}`);
  if (n === "can't" || n === 'cannot') return both(`cannot ${mid} ${verb}`);
  if (n === "won't" || n === 'will not' || n === "wouldn't") return both(`will not ${mid} ${verb}`);
  return { sg: clean(`${n} ${mid} ${thirdSingular(verb)}`), pl: clean(`${n} ${mid} ${verb}`) };
}

/** `objLen`: the length of the object in the match when `obj` is a cut of it (default obj.length). */
export function hit(m: RegExpExecArray, sg: string, pl: string, obj: string, conf: number, kind: string, request = false, objLen = obj.length): Hit | null {
  const o = trimObject(obj);
  if (!usable(o, request)) return null;
  const third = toThirdPerson(o);
  const end = m.index + m[0].length - objLen + o.length;
  return { sg: clean(`${sg} ${third}`), pl: clean(`${pl} ${third}`), conf, kind, end, ...(request ? { request } : {}), head: { sg: clean(sg), pl: clean(pl), obj: third } };
}


// compiled once: the patterns run for every "I" of every clause
const STATE_ALTS = STATES.map((s) => s.replace(/ /g, '\\s+')).join('|');
const HABIT_ALTS = HABIT_VERBS.map((s) => s.replace(/ /g, '\\s+')).join('|');
const P0 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(not\\s+)?(${ADV})(allergic|intolerant|sensitive)\\s+to\\s+(.+)`, 'i');
const DURATION_RE = /\s(?:for|since)\s+(?:about\s+|almost\s+|over\s+|nearly\s+)?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|many|several|a few|the (?:last|past))\b.*$/i;
const P1 = new RegExp(`^I(?:'ve|\\s+have)?\\s+(${ADV})(work|worked)\\s+(as|at|in|for|on|with)\\s+(.+)`, 'i');
const P2 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(working)\\s+(as|at|in|for|on|with)\\s+(.+)`, 'i');
/** Hours worked: "7-3", "9 to 5", "8am till 4", "nine to five". */
const HOURS = '(?:\\d{1,2}(?::\\d{2})?(?:\\s*(?:am|pm))?\\s*(?:-|\u2013|to|till|til|until)\\s*\\d{1,2}(?::\\d{2})?(?:\\s*(?:am|pm))?|nine to five)';
const P3 = new RegExp(`^I\\s+(${ADV})(work)\\s+((?:the\\s+)?(?:night|day|late|early|evening|weekend|12-hour|long|double|split)\\s+shifts?|nights|days|earlies|lates|weekends|shifts|remotely|from home|part[- ]time|full[- ]time|long hours|overtime|${HOURS})(\\s+(?:at|in|for)\\s+(?:an?|the)\\s+(?!moment\\b|minute\\b|weekends?\\b|summer\\b|winter\\b|evenings?\\b|mornings?\\b)[\\w'-]+(?:\\s+(?!and\\b|but\\b|so\\b|because\\b|mon\\w*|tue\\w*|wed\\w*|thu\\w*|fri\\w*|sat\\w*|sun\\w*|to\\b|till\\b|until\\b|from\\b|on\\b|every\\b|each\\b|most\\b|during\\b|\\d)[\\w'-]+){0,2})?\\b`, 'i');
const LIVE_WHO_TAIL_RE = /,\s*(?:(?:just|only)\s+(?!outside|off|north|south|east|west|by|near|round|past)|me\b|us\b|the\s+(?:two|three|four)\s+of\s+us\b).*$/i;
const LIVED_BEFORE_RE = /^\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*)?\s+(?:before|previously|in the past|back then)\b(?!\s+(?:that|this|then|work|school|uni|college|\w+ing)\b)/u;
/** "I rent a flat in Salford" is where the user lives: a home rented is a home (a garage or a car rented is not). */
const RENT_HOME = 'rent(?:\\s+(?:a|an|our|my)\\s+(?:(?:small|tiny|little|shared|one[- ]bed|two[- ]bed|[1-4][- ]?bed(?:room)?)\\s+)?(?:flat|house|room|place|apartment|studio|bedsit|cottage|terrace|bungalow|condo))?(?=\\s+in\\b)';
const P4 = new RegExp(`^I\\s+(${ADV})(live|grew up|was born|moved|${RENT_HOME})\\s+(?:(?:alone|on my own|by myself|together)\\s+)?(in|near|on|outside|outside of|to|with)\\s+(.+)`, 'i');
const P5 = new RegExp(`^I(?:'ve| have)\\s+(${ADV})been\\s+(${ADV})((?:a|an)\\s+|\\w+ing\\b)(.*)`, 'i');
const P6 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(not\\s+)?(${ADV})(${STATE_ALTS})\\b(.*)`, 'i');
const P7 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(not\\s+)?(${ADV})(a|an)\\s+(.+)`, 'i');
const P8 = new RegExp(`^I\\s+(${ADV})${NEG}(${ADV})(love|adore|hate|detest|despise|like|enjoy|prefer|dislike|avoid|loved|liked|enjoyed|can't stand|cannot stand)\\s+(.+)`, 'i');
const P9 = new RegExp(`^I\\s+(${ADV})${NEG}(${ADV})(${HABIT_ALTS})\\b\\s*(.*)`, 'i');
const P10 = new RegExp(`^I(?:\\s+(${ADV})(don't|do not|no longer)\\s+have|\\s+(${ADV})have(?!\\s+(?:to|been|got to|a question|no idea|a quick question|any idea|tried|heard|seen|read|watched|never|ever|always|just|already|made|done|used|had|found|noticed|decided|started|learned|been)\\b))\\s+(.+)`, 'i');
const P11 = new RegExp(`^I(?:'ve| have)\\s+got\\s+(.+)`, 'i');
/** "I only got a pair of dumbbells": British 'have only got', typed without 'have'. */
const P11B = /^I\s+only\s+(?:have\s+)?got\s+(.+)/i;
/** British and Irish "I've" for "I have": "I've two greyhounds", "I've a dog called Rex" (not "I've a feeling", "I've a question"). */
const P11C = /^I've\s+((?:a|an|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?!(?:feeling|question|quick|few|bit|lot|couple|sense|hunch|go|look|think|chance|moment|minute|second|meeting|call|appointment|deadline|idea|problem|issue)\b).+)/i;
const P12 = new RegExp(`^I(?:\\s+(${ADV})(don't|do not|never)\\s+(${ADV})(want|need)|(?:\\s+would|'d)\\s+(${ADV})(prefer|rather))\\s+(.+)`, 'i');
const P13 = new RegExp(`^I(?:\\s+(${ADV})(want|need|would like|would love|hope|plan|intend)|'d\\s+(${ADV})(like|love|prefer)|(?:'m| am)\\s+(${ADV})(looking for|planning|trying|hoping|thinking of|thinking about|going to))\\s+(.+)`, 'i');

const COUNTED_KIDS_AGES_RE = /\b((?:two|three|four|five|six|[2-9])\s+(?:kids|children|boys|girls|sons|daughters)|twins|triplets|an?\s+(?:son|daughter|boy|girl|toddler))\s*\((?:ages?\s+|aged\s+)?(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2}){0,5})\)/i;

export const patterns: Pattern[] = [
  // I'm allergic / intolerant / sensitive to X
  (r) => {
    const m = P0.exec(r);
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
    const m = P1.exec(r)
      ?? P2.exec(r);
    if (!m) {
      const n = P3.exec(r);
      // "I work nights at a warehouse": the workplace stays with the shift
      const at = n?.[4] ?? '';
      return n ? { sg: clean(`${advs(n[1])} works ${n[3]!.toLowerCase()}${at}`), pl: clean(`${advs(n[1])} work ${n[3]!.toLowerCase()}${at}`), conf: 0.8, kind: 'work', end: n.index + n[0].length } : null;
    }
    const a = advs(m[1]);
    const v = m[2]!.toLowerCase();
    // "I've worked as a paralegal for almost a decade": a perfect with a duration still holds
    const held = v === 'worked' && /^I(?:'ve|\s+have)\s/i.test(m[0]) && DURATION_RE.test(m[4]!) && !/\b(?:before|previously|in the past|once|back then|ago)\b/i.test(m[4]!);
    const past = v === 'worked' && !held;
    const sg = v === 'working' ? `is ${a} working` : past ? `${a} worked` : `${a} works`;
    const pl = v === 'working' ? `are ${a} working` : past ? `${a} worked` : `${a} work`;
    // "a developer at a startup, mostly backend stuff": a comma ends a job (what follows elaborates, it is not a second job)
    // ... unless it says what the work is: "at a startup, mostly backend stuff in rust" is one fact
    const [first, second] = m[4]!.split(',');
    const what = second !== undefined && /^\s*(?:mostly|mainly|primarily|largely|focusing on|focused on)\s+[^.;!?]{2,60}[.;!?]*$/i.exec(second.split(/\s+(?:so|but|and I|which|because)\s/i)[0]!);
    const obj = what ? `${first!}, ${what[0].trim().replace(/[.;!?]+$/, '')}` : first!;
    const h = hit(m, `${sg} ${m[3]!.toLowerCase()}`, `${pl} ${m[3]!.toLowerCase()}`, held ? obj.replace(DURATION_RE, '') : obj, past ? 0.6 : 0.85, 'work', false, m[4]!.length);
    if (h && what) delete h.head;
    return h;
  },
  // I live in / grew up in / was born in X
  (r) => {
    const m = P4.exec(r);
    if (!m) return null;
    const v = /^rent\b/i.test(m[2]!) ? 'live' : m[2]!.toLowerCase();
    // "I live in Poznań before, now I move to Dublin": a home left, said in the present tense
    if (v === 'live' && LIVED_BEFORE_RE.test(m[4]!)) return null;
    const a = advs(m[1]);
    const sg = v === 'live' ? `${a} lives` : v;
    const pl = v === 'live' ? `${a} live` : v === 'was born' ? 'were born' : v;
    // "I live in Lisbon with two roommates and a parrot": a list after "with" is who, not a second place
    // ("... and a very loud parrot": another who, kept in the one attribute; "... and work from home": another clause, cut)
    // "I live in Dundee, just me and mum": who the user lives with after a comma is not a second place
    const obj = v === 'live' && m[3]!.toLowerCase() !== 'with' ? m[4]!.replace(LIVE_WHO_TAIL_RE, '').replace(/^([^,]*?\swith\s[^,]*?)\s+(?:and|&)\s(?!(?:an?|my|our|two|three|four|five|\d+)\s).*$/i, '$1') : m[4]!;
    const h = hit(m, `${sg} ${m[3]!.toLowerCase()}`, `${pl} ${m[3]!.toLowerCase()}`, obj, v === 'live' ? 0.85 : 0.75, 'place', false, m[4]!.length);
    // a place and who lives there is one fact, not a list of places
    if (h && /\swith\s.*\s(?:and|&)\s/i.test(h.head!.obj)) delete h.head;
    return h;
  },
  // I've been a nurse for 15 years / I've been working as ... / I've been learning ...
  (r) => {
    const m = P5.exec(r);
    if (!m) return null;
    const lead = m[3]!.trim();
    if (/^(?:thinking|wondering|trying|looking|meaning|hoping|going)$/i.test(lead)) return null;
    const a = advs(`${m[1] ?? ''} been ${m[2] ?? ''}`);
    const isRole = /^an?$/i.test(lead);
    return hit(m, `has ${a} ${lead}`, `have ${a} ${lead}`, m[4]!, isRole ? 0.8 : 0.65, isRole ? 'identity' : 'ongoing');
  },
  // I'm (not) vegetarian / married / a student / into X / a fan of X / from X
  (r) => {
    const m = P6.exec(r);
    if (!m) return null;
    const state = clean(m[4]!.toLowerCase());
    const a = advs(`${m[1] ?? ''} ${m[2] ?? ''} ${m[3] ?? ''}`);
    const needsObject = /\b(?:into|about|in|with|of|on|to|from)$/.test(state);
    const conf = DIET_STATES.has(state) ? 0.9 : /^(?:interested in|new to)$/.test(state) ? 0.6 : needsObject ? 0.7 : 0.85;
    // "from india, software tester": one is from one place, so a comma ends it (a list would supersede the place)
    if (needsObject) return hit(m, `is ${a} ${state}`, `are ${a} ${state}`, state === 'from' ? m[5]!.split(',')[0]! : m[5]!, conf, DIET_STATES.has(state) ? 'diet' : 'state', false, m[5]!.length);
    const tail = trimObject(m[5]!);
    const obj = /^(?:and|or|,)?\s*$/.test(tail) || usable(tail) ? tail : '';
    const third = toThirdPerson(obj);
    return { sg: clean(`is ${a} ${state} ${third}`), pl: clean(`are ${a} ${state} ${third}`), conf, kind: DIET_STATES.has(state) ? 'diet' : 'state', end: m.index + m[0].length - m[5]!.length + obj.length };
  },
  // I'm a/an X
  (r) => {
    const m = P7.exec(r);
    if (!m) return null;
    if (/^(?:little|bit|lot|few|couple|question|good idea|great idea|quick question|moment)\b/i.test(m[5]!)) return null;
    // "we're a family of four plus a beagle and two guinea pigs": the household is read by householdFinding, the pets here
    const family = /^(?:family|household) of \w+(?:\s+(?:people|adults))?(?:\s+(?:plus|with|and)\s+((?:an?|two|three|four|five|six|\d+|my|our)\s+(?!half\b|bit\b).+))?/i.exec(m[5]!);
    if (family) return family[1] ? hit(m, 'has', 'have', family[1], 0.65, 'possession', false, family[1].length) : null;
    const a = advs(`${m[1] ?? ''} ${m[2] ?? ''} ${m[3] ?? ''}`);
    const art = m[4]!.toLowerCase();
    // "a nurse in Leeds, mostly nights": when or how much, not a second role
    // ... and "a junior dev, mostly React and TypeScript, at a fintech": what the work is, said between the role and its place
    // (the tools are read by chat-findings), not more roles
    const role = m[5]!.replace(COUNTED_KIDS_AGES_RE, '$1 aged $2').replace(/,\s*((?:mostly|usually|mainly|often|sometimes|generally|normally|typically)\s+[\w-]+(?:\s+[\w-]+){0,2})\s*$/i, ' ($1)').replace(/,\s*(?:mostly|mainly|primarily|largely)\s+[^,]{2,60}(?=,)/i, '');
    return hit(m, `is ${a} ${art}`, `are ${a} ${art}`, role, 0.8, 'identity');
  },
  // I (don't) like / love / prefer / hate / avoid X; I can't stand X
  (r) => {
    const m = P8.exec(r);
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
    const m = P9.exec(r);
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
      if (!/^(?:knit|cook|bake|run|swim|hike|paint|draw|sing|travel|volunteer|meditate|exercise|work out|drink|kayak|surf|ski|snowboard|climb|cycle|skate|dance|sail|garden|golf|jog|crochet|sew|quilt|camp)$/.test(verb)) return null;
      return { sg: clean(sg), pl: clean(pl), conf: m[2] ? 0.7 : 0.6, kind: 'habit', end: m.index + m[0].length - obj.length };
    }
    return hit(m, sg, pl, obj, m[2] || frequent ? 0.7 : 0.6, 'habit');
  },
  // I have (a / two / no) X; I don't have X
  (r) => {
    const m = P10.exec(r)
      ?? P11.exec(r)
      ?? P11B.exec(r)
      ?? P11C.exec(r);
    if (!m) return null;
    // "two boys (6 and 9)": ages in brackets stay with the count, as in "3 kids aged 4, 7 and 10"
    const obj = (m[4] ?? m[1]!).replace(COUNTED_KIDS_AGES_RE, '$1 aged $2');
    // "I've got a list of things to do", "I have a few questions": today's business, not a possession
    if (/^(?:an?|some|a few|a couple of|a bunch of|a lot of|lots of|loads of|so many|too many)\s+(?:(?:long|short|quick|few|little)\s+)?(?:list|things|stuff|questions?|ideas?|problems?|tasks?|jobs|errands|chores|to-?dos?)\b/i.test(obj.trim())) return null;
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
    const m = P12.exec(r);
    if (!m) return null;
    const sg = m[2] ? `${advs(m[1])} ${m[2].toLowerCase() === 'never' ? `never ${thirdSingular(m[4]!.toLowerCase())}` : `does not ${advs(m[3])} ${m[4]!.toLowerCase()}`}` : `would ${advs(m[5])} ${m[6]!.toLowerCase()}`;
    const pl = sg.replace(/\bdoes not\b/, 'do not').replace(/\bnever (want|need)s\b/, 'never $1');
    return hit(m, clean(sg), clean(pl), m[7]!.replace(/^(?:to\s+(?:watch|eat|have|see|make|cook)\s+)?any\s+/i, ''), m[2] ? 0.6 : 0.55, 'constraint', true);
  },
  // I want / need / would like / am looking for / am planning to X  (one request: low confidence)
  (r) => {
    const m = P13.exec(r);
    if (!m) return null;
    const v = clean((m[2] ?? m[4] ?? m[6])!.toLowerCase());
    const a = advs(m[1] ?? m[3] ?? m[5]);
    const obj = m[7]!;
    if (/^(?:to\s+)?(?:know|ask|see|hear|understand|find out|check|say|make sure|thank|get some|be sure|confirm|clarify)\b/i.test(obj)) return null;
    // a wish for some day ("I'd love to run a marathon someday") is a daydream, not a fact or a request
    if (/\b(?:some ?day|one day|eventually|at some point|in the (?:distant )?future|before I die|when I retire|in another life)\b/i.test(trimObject(obj))) return null;
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
export function favoriteFinding(clause: string): { text: string; conf: number } | null {
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

const NOT_REMARK_RE = /^(?:(?:a|an|one|a single|even|once|ever)\b|.*\b(?:of|about|with)\s+(?:it|that|this|them|myself)\b)/i;

/** Verbless constraints and preferences at the start of a clause: "nothing too spicy", "no meat", "X would be nice", "X is off limits", "preferably X", "just me". */
export function fragmentFindings(clause: string): { text: string; conf: number; kind?: string }[] {
  const c = clause.trim().replace(/^(?:(?:and|but|also|oh|well|so|yes|yeah|ideally|definitely|absolutely|still)[\s,]+)+/i, '').replace(/[.!]+$/, '');
  // a bare diet, alone or before more ("vegan since 2019", "Vegetarian, and no mushrooms."): the user's own diet
  const diet = BARE_DIET_RE.exec(c.replace(EMOJI_RE, ' ').replace(/\s+/g, ' ').trim());
  if (diet) return [{ text: `The user is ${diet[1]!.toLowerCase().replace(/\s+/g, ' ')}`, conf: 0.7, kind: 'diet' }, ...(diet[2] ?? diet[3] ? fragmentFindings((diet[2] ?? diet[3])!) : [])];
  const items = (obj: string, verb: string, conf: number): { text: string; conf: number }[] => {
    const o = trimObject(obj);
    return usable(o) && o.split(' ').length <= 10 ? listItems(toThirdPerson(o)).map((x) => ({ text: capitalizeUser(`${verb} ${x}`), conf })) : [];
  };
  // "no more Uber for me", "no more coffee for me, doctor's orders": the user has given it up
  let m = /^(?:(?:ok|okay|alright|right|welp|ugh|sigh)[\s,]+)?no more\s+(?!questions?\b|thanks\b|worries\b)([\w'-].{0,40}?)\s+for\s+me\b(?!\s+(?:until|till|til|this|today|tonight|for now|for a while|for the (?:week|month))\b)/i.exec(c);
  if (m) {
    const o = trimObject(m[1]!);
    const given = usable(o) && o.split(' ').length <= 5 ? (stopped(o) ?? `no longer has ${toThirdPerson(o)}`) : undefined;
    return given ? [{ text: capitalizeUser(given), conf: 0.6, kind: 'change' }] : [];
  }
  // "not a fan of horror movies", "not big on sweets": a dislike, not something wanted
  m = /^not\s+(?:(?:a\s+)?(?:big\s+|huge\s+|massive\s+)?(?:fan|lover)\s+of|big on|into|keen on|crazy about)\s+([\w'-].{0,60})$/i.exec(c);
  if (m) return items(m[1]!, 'does not like', 0.55);
  m = /^(nothing|no|not)\s+(?!thanks|a fan|a big fan|a huge fan|big on|into|keen on|crazy about|thank|problem|not|idea|particular|preference|preferences|really|at all|sure|one|worries|matter|way|doubt|longer|only|just|yet|much|many|exactly|quite|bad|a problem|big deal|rush|need|because|if|since|that|this|i\b|telling|saying|sharing|comfortable|gonna|going to|your business)(too\s+)?([\w'-].*)$/i.exec(c);
  const food = m && m[1]!.toLowerCase() === 'no' && !m[2] ? avoided(m[3]!) : undefined;
  if (food) return [{ text: `The user ${food}`, conf: 0.6, kind: 'diet' }];
  // "not a drop", "not even vaping", "not proud of it": a count denied or a remark on what was said, no wish
  if (m && m[1]!.toLowerCase() === 'not' && !m[2] && NOT_REMARK_RE.test(m[3]!)) return [];
  if (m) return items(m[3]!, `wants ${m[1]!.toLowerCase()}${m[2] ? ' too' : ''}`, 0.55);
  m = /^(?:preferably|ideally)\s+(.+)$/i.exec(c);
  if (m) return items(m[1]!, 'prefers', 0.5);
  m = /^(.{2,60}?)\s+(?:is|are)\s+(?:off[- ]limits|a no-go|a no go|not an option|a deal-?breaker|out of the question)\b/i.exec(c);
  if (m) return items(m[1]!, 'avoids', 0.6);
  m = /^(.{2,60}?)\s+(?:would be|is|are|sounds?)\s+(?:really\s+|very\s+|always\s+)?(?:nice|ideal|perfect|preferable|preferred|best|a plus|a must|essential|important|a bonus|great)\b(?!\s+(?:idea|suggestion|choice|option|pick|recommendation))/i.exec(c);
  if (m && !/[,;]|\b(?:I|we|they|he|she|it|this|that|these|those|which|what|everything|anything|all|both)\b|^the (?:first|second|third|last|one|other|idea|suggestion)\b/i.test(m[1]!)) return items(m[1]!, 'prefers', 0.5);
  if (/^(?:(?:just|only)\s+(?:me|myself)|alone|by myself|on my own)(?:\s+(?:this time|today|tonight|this week))?\s*$/i.test(c)) return [{ text: 'The user is alone', conf: 0.5 }];
  return [];
}

const EMOJI_RE = /[\p{Extended_Pictographic}\uFE0F\u200D]/gu;
const BARE_DIET_RE = /^(vegetarian|vegan|pescatarian|gluten[- ]free|dairy[- ]free|lactose[- ]intolerant|celiac|coeliac|(?:type (?:1|2|one|two|i|ii) )?diabetic)(?:\s+(?:here|btw|too|myself|since\s+(?:\d{4}|last\s+\w+|(?:a|one|two|three|four|five|six|\d+)\s+\w+\s+ago|college|uni|school|forever|birth|childhood)|for\s+(?:about\s+|over\s+|almost\s+)?(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+|many|several|a few)\s+(?:years?|months?)|for\s+(?:ages|years|life|a while)))?\s*(?:$|[,;]\s*(?:and\s+|but\s+|also\s+|plus\s+)?(\S.*)$|\s+(?:and|but|plus)\s+(\S.*)$)/i;

const RELATION_RE = new RegExp(`\\b(?:my|our)\\s+(${REL_ADJ})(${RELATIONS.join('|')})\\b`, 'gi');

const NOT_NAMES = new Set(['I', 'The', 'And', 'But', 'So', 'Is', 'Was', 'Has', 'He', 'She', 'It', 'They', 'We', 'My', 'Our', 'This', 'That', 'Then', 'Also', 'Just', 'Who', 'Which', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);

const PARTNER_AND_KIDS_RE = /(\b(?:my|our)\s+(?:wife|husband|partner|boyfriend|girlfriend|fianc\w*)\s+and\s+)(?=(?:\d|two|three|four|five|six)\s+(?:kids|children|boys|girls|sons|daughters)\b)/gi;

/** "my wife", "my two kids", "my dog" anywhere in a clause -> "The user has a wife". */
const CHILDREN_RE = /^(?:son|daughter|boy|girl|kid|child|eldest|youngest|stepson|stepdaughter)$/;
/** An age told after a child ("is 9", "Mia's 7 years old", "just turned 3"), the clause ending there or going on. */
const AGE_TOLD_RE = /^(?:\s+\p{Lu}[\p{Ll}'-]+)?(?:'s|\s+is|\s+(?:just\s+)?turned)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)(?:\s+(?:years?|yrs?)(?:\s+old)?|\s*yo)?(?=\s*[,.!?;)]|\s*$|\s+(?:and|but|so|now|already|today|this|next|last|btw|lol)\b)/u;

/** What a relative's name is followed by when it is theirs: "my sisters hen do", "my sons birthday party". */
const POSSESSED_AFTER_RE = /^\s+(?:wedding|hen|stag|birthday|bday|party|house|place|flat|baby|graduation|boyfriend|girlfriend|husband|wife|partner|fiance\w*|kids|car|dog|cat|funeral|christening|engagement|retirement|school|teacher|nursery|homework|room|phone|friends?)\b/i;

export function relationFindings(said: string): { text: string; conf: number; at: number }[] {
  // "me, my wife and 2 kids": the "my" carries over to the children counted after the partner
  const clause = said.replace(PARTNER_AND_KIDS_RE, '$1my ');
  const out: { text: string; conf: number; at: number }[] = [];
  const re = RELATION_RE;
  re.lastIndex = 0;
  for (let m = re.exec(clause); m; m = re.exec(clause)) {
    const adj = clean(m[1]!.toLowerCase());
    let rel = m[2]!.toLowerCase();
    if (rel === 'family' || rel === 'fish') continue;
    // "my mom" alone says nothing about the user (everyone has parents); "my elderly mom" does
    if (!m[1]!.trim() && /^(?:mom|mum|mother|dad|father|parents)$/.test(rel)) continue;
    // "my baby" is often a term of endearment, "my child" in "as my child" ... keep both; "my pet" + noun is handled by the noun
    if (rel === 'pet' && /^\s+\w/.test(clause.slice(m.index + m[0].length))) continue;
    // "my 5 year old car": an age, not a count ("has a 5-year-old car", not "has 5 year old car")
    const age = /(\S+)[- ]year[- ]old\b/.exec(adj);
    const rest = age ? clean(adj.replace(age[0], ' ')) : adj;
    const count = rest.split(' ').find((w) => NUMBER_WORDS.has(w));
    // "my sisters wedding" is a sister's, typed without the apostrophe ("my sisters are twins" is two)
    const apostropheDropped = /^(?:sister|brother|son|daughter|cousin|niece|nephew|aunt|uncle|grandson|granddaughter)s$/.test(rel) && !count && POSSESSED_AFTER_RE.test(clause.slice(m.index + m[0].length));
    const plural = /(?:s|children|twins)$/.test(rel) && !/^(?:boss)$/.test(rel) && !apostropheDropped;
    if (apostropheDropped) rel = rel.slice(0, -1);
    const words = rest.split(' ').filter((w) => w && !NUMBER_WORDS.has(w));
    const phrase = clean(`${age ? `${age[1]}-year-old ` : ''}${words.join(' ')} ${rel}`);
    let text: string;
    if (count) text = `The user has ${count} ${phrase}`;
    else if (plural) text = `The user has ${phrase}`;
    else text = `The user has ${/^(?:[aeiou]|8-|11-|18-)/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
    // "my dog Biscuit", "my son Max", "my dog is called Rex", "my cat's name is Miso": a capitalised name after a singular relation
    const name = !count && !plural ? /^(?:'s name is|(?:'s| is) (?:called|named))?,?\s+(\p{Lu}[\p{Ll}'-]+)\b(?!\s+\p{Lu})/u.exec(clause.slice(m.index + m[0].length)) : null;
    if (name && !NOT_NAMES.has(name[1]!)) text = `${text} named ${name[1]!.replace(/'s$/, '')}`;
    // "my son is 9", "our daughter Mia's 7 years old", "my youngest just turned 3": the child's age, in the same fact
    const told = !age && !count && CHILDREN_RE.test(rel) ? AGE_TOLD_RE.exec(clause.slice(m.index + m[0].length)) : null;
    if (told) {
      const a = told[1]!.toLowerCase();
      text = text.replace(/^The user has an? /, `The user has ${/^(?:8|11|18|eight|eleven|eighteen)$/.test(a) ? 'an' : 'a'} ${a}-year-old `);
    }
    out.push({ text, conf: 0.65, at: m.index });
  }
  // "our 3 boys", "my two girls", "my twin boys": counted, they are the user's children ("my girls" alone may be friends)
  const kids = /\b(?:my|our)\s+(two|three|four|five|six|[2-9]|twin)\s+(?:little\s+|young\s+)?(boys|girls)\b/i.exec(clause);
  if (kids) out.push({ text: `The user has ${kids[1]!.toLowerCase()} ${kids[2]!.toLowerCase() === 'boys' ? 'sons' : 'daughters'}`, conf: 0.65, at: kids.index });
  return out;
}

