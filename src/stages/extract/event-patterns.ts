/**
 * Everyday ways of saying where one is, what one just got, what one does now, that the core and life patterns
 * miss: "I'm in Barcelona now", "we adopted a greyhound", "I got hired as a bus driver", "I retired in June",
 * "I'm turning 50", "I do pilates", "I'm $40k in credit card debt", "I'm on a tight budget", and (a clause
 * finder) "my job is nursing". Each pattern gets the clause from its "I" onwards and is anchored there, so the
 * work stays linear in the clause.
 */
import { ADV } from './vocabulary.js';
import { advs, clean, toThirdPerson, trimObject, usable } from './text.js';
import type { Hit, Pattern } from './patterns.js';

function simple(sg: string, conf: number, kind: string, end: number): Hit {
  const s = clean(sg);
  return { sg: s, pl: s, conf, kind, end };
}

/** Capitalised words after "I'm in" that are not places: months, days, fields, languages, states of mind. */
const NOT_PLACE_RE = /^(?:IT|HR|PR|QA|UX|AA|NA|CA|R&D|ICU|ER|AP|A&E|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Marketing|Sales|Finance|Accounting|Engineering|Law|Tech|Education|Healthcare|Grade|Year|Class|College|High|School|Uni|Love|Charge|Trouble|Debt|English|Spanish|French|German|Italian|Portuguese|Chinese|Japanese|Korean|Arabic|Russian|Hindi|Dutch|Greek|Latin)\b/;
/** A visit rather than a home: "I'm in Paris for a conference", "in Rome on holiday", "in Oslo this week". */
const VISIT_TAIL_RE = /^\s*(?:for\s+(?:a|the|my|an|work|business|\w+\s+(?:days|weeks|nights))|on\s+(?:a\s+|my\s+)?(?:holiday|vacation|business|trip|work trip|layover|stopover|honeymoon)|this\s+(?:week|weekend|month)|today|tonight|until|till|right now for|visiting|at the moment for)\b/i;
const IN_PLACE_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:now\\s+|currently\\s+|based\\s+|living\\s+|back\\s+)?in\\s+(\\p{Lu}[\\p{L}'.-]+(?:\\s+\\p{Lu}[\\p{L}'.-]+){0,2})`, 'u');

const PETS = 'puppy|puppies|kitten|kittens|dog|dogs|cat|cats|rabbit|rabbits|bunny|bunnies|hamster|hamsters|guinea pigs?|parrot|parakeet|budgie|bird|birds|horse|pony|tortoise|turtle|lizard|gecko|snake|ferret|chickens|hens|goldfish|fish tank|aquarium|rescue dog|rescue cat';
const ADOPT_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:finally\\s+)?(adopted|rescued|got|brought home|fostered)\\s+((?:a|an|two|three|four|\\d|our|my|another)\\s+.+)`, 'i');
const PET_RE = new RegExp(`\\b(?:${PETS})\\b`, 'i');

const ROLE_AFTER_EMPLOYER_RE = /^((?!as\b)\S+(?:\s+(?!as\b)\S+){0,2}?)(?:\s+(?:last|this)\s+\w+|\s+(?:yesterday|today|recently))?\s+as\s+(?!(?:well|if|though|soon|much|long|far|usual|always|part)\b)((?:an?\s+)?[\w-]+(?:\s+[\w-]+){0,3})/i;
const HIRED_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:finally\\s+)?(?:got hired|was hired|been hired|got a (?:new )?job|landed a (?:new )?job|got a (?:new )?position|started (?:a new job|a job|my new job|a new position|working)|accepted (?:a|an) (?:new )?(?:job |)(?:job|position|role|offer)|took a (?:new )?(?:job|position|role)|got promoted|was promoted|been promoted)(?:\\s+(?:last|this)\\s+(?:week|month|year|monday|tuesday|wednesday|thursday|friday|spring|summer|autumn|fall|winter)|\\s+(?:yesterday|today|recently))?\\s+(as|at|to|with)\\s+(.+)`, 'i');
/** "I got the junior UX researcher job", "landed the sous chef role": the role named before the job it was given (not "the new job", "the job"). */
const GOT_THE_ROLE_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:finally\\s+)?(?:got|landed|was offered|been offered|accepted|took)\\s+the\\s+(?!(?:new|dream|first|other|same|full[- ]time|part[- ]time|summer|weekend|temp|better|old|last|next|second|whole)\\s+(?:job|role|position)\\b)((?:[\\w&-]+\\s+){0,3}?[\\w&-]+)\\s+(?:job|role|position)\\b(?!\\s+(?:of|as|that|which|interview|offer|advert|ad|description|application)\\b)`, 'i');
/** "I've gone back to work part time at the library", "I start work at 7 at the bakery": where the user works, said with a return or a start time. */
/** A workplace after "at": "the library", "Tesco", "the big Asda" (not a time of day, and not what follows it: "so ...", "in May"). */
const WORKPLACE = "((?:the|a|an)\\s+(?!(?:morning|evening|afternoon|night|weekend|moment)\\b)[\\w&'-]+|(?!(?:the|a|an)\\b)[\\w&'-]+)(?:\\s+(?!(?:so|and|but|in|on|at|for|every|most|since|now|because|with|until|till|from|when|while|as|then|\\d+)\\b)[\\w&'-]+)?";
const BACK_TO_WORK_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:gone|went|go|am going|'m going)\\s+back\\s+to\\s+work(?:ing)?\\s+(?:((?:part|full)[- ]time)\\s+)?(at|for|in)\\s+(${WORKPLACE})`, 'i');
const START_TIME_AT_RE = new RegExp(`^I\\s+(${ADV})(?:start|finish)\\s+work\\s+at\\s+\\d{1,2}(?:[:.]\\d{2})?\\s*(?:am|pm)?\\s+(?:at|in)\\s+(${WORKPLACE})`, 'i');
/** The work left, named by what was done: "retired from teaching", "retired from the police". */
const RETIRED_ROLES: Record<string, string> = {
  teaching: 'teacher', nursing: 'nurse', police: 'police officer', force: 'police officer', army: 'soldier', navy: 'sailor', 'fire service': 'firefighter', 'fire brigade': 'firefighter',
  accountancy: 'accountant', engineering: 'engineer', farming: 'farmer', medicine: 'doctor', 'general practice': 'GP', midwifery: 'midwife', lecturing: 'lecturer', banking: 'banker', law: 'lawyer', 'social work': 'social worker', 'civil service': 'civil servant',
};
const RETIRED_FROM_RE = /^\s+(?:(?:last|this)\s+\w+\s+)?from\s+((?:the\s+)?(?:teaching|nursing|police|force|army|navy|fire service|fire brigade|accountancy|engineering|farming|medicine|general practice|midwifery|lecturing|banking|law|social work|civil service))\b/i;
const RETIRED_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:finally\\s+|officially\\s+)?(?:retired\\b(?!\\s+(?:my|the|our|a|an|it|them|that|this)\\b)|(?:took|taken)\\s+(?:early\\s+|voluntary\\s+|medical\\s+)?retirement\\b)`, 'i');
const WED_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:finally\\s+|officially\\s+)?(?:got|been|became)\\s+(divorced|married|engaged|separated|widowed)\\b`, 'i');
const TURNING_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})turning\\s+(\\d{1,3})\\b|^I\\s+(${ADV})turned\\s+(\\d{1,3})\\b`, 'i');
const ACTIVITIES = 'yoga|pilates|crossfit|karate|judo|taekwondo|jiu[- ]?jitsu|boxing|kickboxing|ballet|tai chi|zumba|spin classes|spinning|triathlons?|marathons?|parkour|aikido|capoeira|barre|calisthenics|powerlifting|weightlifting|martial arts|improv|stand-up comedy|stand-up|pottery|ceramics|woodworking|woodwork|carpentry|knitting|crochet|sewing|life drawing|watercolou?rs?|salsa|gardening|embroidery|cross-stitch|volunteer work|photography|archery|fencing|rowing|climbing|bouldering';
// "I do a lot of woodwork", "I do a pottery class on Wednesdays": a class of the activity is the activity, taken as classes;
// any other pastime said as an -ing ("I do a bit of woodturning", "I do some volunteering"), not a chore or a thing
const DO_RE = new RegExp(`^I\\s+(${ADV})(do|did)\\s+(?:some\\s+|a (?:lot|bit|little) of\\s+|(?:loads|lots) of\\s+|an?\\s+(?:(?:weekly|evening|local|beginners?'?)\\s+)?(?=(?:${ACTIVITIES})\\s+(?:class|course)\\b))?(${ACTIVITIES}|(?!(?:nothing|something|anything|everything|morning|evening|wedding|pudding|bedding|ceiling|building|during|shopping|washing|ironing|cleaning|hoovering|thinking|overthinking|sleeping|eating|drinking|driving|commuting)\\b)[a-z]{3,}ing)(\\s+(?:class|course)\\b)?`, 'i');
const DEBT_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:(?:about|around|over|roughly|like|nearly|almost|close to)\\s+)?((?:[$£€]\\s?)?\\d[\\d.,]*\\s*(?:k|K|grand|thousand|dollars|pounds|euros)?\\s+)?(?:(?:deep|deeply|heavily|seriously|drowning)\\s+)?in\\s+((?:[\\w-]+\\s+){0,3}?)debt\\b`, 'i');
/** "I'm in about 12k of credit card debt": the amount said after "in". */
const IN_DEBT_OF_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})in\\s+(?:(?:about|around|over|roughly|like|nearly|almost|close to)\\s+)?((?:[$£€]\\s?)?\\d[\\d.,]*\\s*(?:k|K|grand|thousand|dollars|pounds|euros)?)\\s+of\\s+((?:[\\w-]+\\s+){0,3}?)debt\\b`, 'i');
/** "I earn about 32k before tax", "I make £11 an hour", "I take home 1,900 a month", "I'm on 28k" (with a k or a rate, not "on 20mg"): the user's pay (an amount with a currency, k or a period). */
const EARN_RE = new RegExp(`^I(?:\\s+|'m\\s+|\\s+am\\s+)(${ADV})(?:earn|make|take home|bring in|get paid|on(?=\\s+(?:about\\s+|around\\s+|roughly\\s+|like\\s+|just over\\s+|just under\\s+|over\\s+|under\\s+)?[$£€]?\\s?\\d[\\d.,]*\\s*(?:k|grand|thousand)\\b|\\s+[$£€]\\s?\\d[\\d.,]*\\s+(?:a|an|per)\\s+(?:year|hour)\\b))\\s+((?:about|around|roughly|like|nearly|almost|just over|just under|over|under|less than|close to)\\s+)?((?:[$£€]\\s?\\d[\\d.,]*(?:\\s*(?:k|grand|thousand)\\b)?|\\d[\\d.,]*\\s*(?:k|grand|thousand|pounds|dollars|euros|quid)\\b)(?:\\s+(?:a|an|per)\\s+(?:year|month|week|hour|day))?(?:\\s+(?:before|after)\\s+tax)?|\\d[\\d.,]*(?:\\s+(?:a|an|per)\\s+(?:year|month|week|hour)))`, 'i');
const BUDGET_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})on\\s+(?:a|an)\\s+((?:very\\s+|really\\s+|super\\s+)?(?:tight|strict|limited|small|low|fixed|shoestring|student)\\s+)budget\\b`, 'i');

export const eventPatterns: Pattern[] = [
  // learner's English: "I am engineer in automotive", "I am working like nurse in hospital in Dublin since two years"
  (r) => {
    const m = NO_ARTICLE_ROLE_RE.exec(r);
    if (!m) return null;
    const role = clean(m[1]!.toLowerCase());
    // "in Pune since 2019" keeps the place; "from São Paulo" is kept only as the place said first
    const where = clean((m[2] ?? '').replace(/\s+(?:since|for|because|and|but|so)\b.*$/i, '').replace(/(?<=\S)\s+from\b.*$/i, ''));
    const obj = toThirdPerson(`${role}${where ? ` ${where}` : ''}`);
    const an = /^(?:[aeio]|u(?!ni|s[eu]))/.test(role) ? 'an' : 'a';
    return { sg: `is ${an} ${obj}`, pl: `are ${an} ${obj}`, conf: 0.75, kind: 'identity', end: m.index + m[0].length };
  },
  // I'm in Barcelona (now) -> lives in Barcelona (not a visit, a month, a field or a language)
  (r) => {
    const m = IN_PLACE_RE.exec(r);
    if (!m || NOT_PLACE_RE.test(m[2]!)) return null;
    const tail = r.slice(m.index + m[0].length);
    if (VISIT_TAIL_RE.test(tail) || /^\s*(?:mode|class|school|college|shape|love|trouble|charge)\b/i.test(tail)) return null;
    return simple(`lives in ${m[2]}`, 0.65, 'place', m.index + m[0].length);
  },
  // I (just) adopted / rescued a greyhound; I got a puppy -> has a greyhound
  (r) => {
    const m = ADOPT_RE.exec(r);
    if (!m) return null;
    const verb = m[2]!.toLowerCase();
    const o = trimObject(m[3]!).replace(/\s+(?:last|this|yesterday|today|from|at)\b.*$/i, '');
    if (!usable(o) || o.split(' ').length > 6 || ((verb === 'got' || verb === 'brought home') && !PET_RE.test(o))) return null;
    return simple(`has ${toThirdPerson(o)}`, 0.7, 'possession', m.index + m[0].length - m[3]!.length + o.length);
  },
  // I got hired as / started a new job at / was promoted to X -> works as / at X
  (r) => {
    const m = HIRED_RE.exec(r);
    if (!m) return null;
    const prep = m[2]!.toLowerCase();
    const o = trimObject(m[3]!.split(',')[0]!).replace(/\s+(?:last|this|yesterday|today)\b.*$/i, '');
    if (!usable(o)) return null;
    const head = prep === 'at' || prep === 'with' ? 'works at' : 'works as';
    // "started a new job at Aldi last week as assistant store manager": the role said after the employer
    const role = head === 'works at' ? ROLE_AFTER_EMPLOYER_RE.exec(m[3]!.split(',')[0]!) : null;
    if (role && usable(role[1]!) && usable(role[2]!)) {
      const r2 = trimObject(role[2]!);
      return simple(`${advs(m[1])} works as ${toThirdPerson(r2)} at ${toThirdPerson(role[1]!)}`, 0.8, 'work', m.index + m[0].length - m[3]!.length + role[0].length - role[2]!.length + r2.length);
    }
    // "promoted to senior accountant": a role said without its article gets one
    const what = head === 'works as' && !/^(?:(?:an?|the|my|head)\b|\p{Lu})/u.test(o) ? `${/^[aeiou]/i.test(o) ? 'an' : 'a'} ${o}` : o;
    return simple(`${advs(m[1])} ${head} ${toThirdPerson(what)}`, 0.8, 'work', m.index + m[0].length - m[3]!.length + o.length);
  },
  // I got the junior UX researcher job -> works as a junior UX researcher
  (r) => {
    const m = GOT_THE_ROLE_RE.exec(r);
    if (!m || !usable(m[2]!)) return null;
    const role = m[2]!;
    return simple(`${advs(m[1])} works as ${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${toThirdPerson(role)}`, 0.75, 'work', m.index + m[0].length);
  },
  // I've gone back to work part time at the library -> works part time at the library
  (r) => {
    const m = BACK_TO_WORK_RE.exec(r);
    if (!m || !usable(m[4]!)) return null;
    return simple(`${advs(m[1])} works ${m[2] ? `${m[2].toLowerCase().replace(' ', '-')} ` : ''}${m[3]!.toLowerCase()} ${toThirdPerson(m[4]!)}`, 0.75, 'work', m.index + m[0].length);
  },
  // I start work at 7 at the bakery -> works at the bakery
  (r) => {
    const m = START_TIME_AT_RE.exec(r);
    return m && usable(m[2]!) ? simple(`${advs(m[1])} works at ${toThirdPerson(m[2]!)}`, 0.7, 'work', m.index + m[0].length) : null;
  },
  // I retired (in June) -> is retired; "retired from teaching" -> is a retired teacher
  (r) => {
    const m = RETIRED_RE.exec(r);
    if (!m) return null;
    const from = RETIRED_FROM_RE.exec(r.slice(m.index + m[0].length));
    const role = from ? RETIRED_ROLES[from[1]!.toLowerCase().replace(/^the\s+/, '')] : undefined;
    return role ? simple(`is a retired ${role}`, 0.8, 'work', m.index + m[0].length + from![0].length) : simple('is retired', 0.8, 'state', m.index + m[0].length);
  },
  // I (just) got divorced / married -> is divorced / married
  (r) => {
    const m = WED_RE.exec(r);
    return m ? simple(`is ${m[2]!.toLowerCase()}`, 0.8, 'state', m.index + m[0].length) : null;
  },
  // I'm turning 50 / I just turned 30
  (r) => {
    const m = TURNING_RE.exec(r);
    if (!m) return null;
    return simple(m[2] ? `is turning ${m[2]}` : `is ${m[4]} years old`, 0.75, 'age', m.index + m[0].length);
  },
  // I (just) do pilates (twice a week) -> does pilates
  (r) => {
    const m = DO_RE.exec(r);
    if (!m) return null;
    const past = m[2]!.toLowerCase() === 'did';
    return simple(`${past ? 'did' : 'does'} ${m[3]!.toLowerCase()}${m[4] ? ' classes' : ''}`, past ? 0.55 : 0.7, 'hobby', m.index + m[0].length);
  },
  // I earn about 32k before tax -> earns about 32k before tax
  (r) => {
    const m = EARN_RE.exec(r);
    return m ? simple(`earns ${(m[2] ?? '').toLowerCase()}${m[3]!.replace(/\s+/g, ' ')}`, 0.75, 'state', m.index + m[0].length) : null;
  },
  // I'm $40k in credit card debt -> is in $40k of credit card debt
  (r) => {
    const m = DEBT_RE.exec(r) ?? IN_DEBT_OF_RE.exec(r);
    if (!m) return null;
    const amount = m[2] ? `${clean(m[2])} of ` : '';
    return simple(`is in ${amount}${clean(m[3] ?? '')} debt`, 0.75, 'state', m.index + m[0].length);
  },
  // I'm on a tight budget
  (r) => {
    const m = BUDGET_RE.exec(r);
    return m ? simple(`is on a ${clean(m[2]!.toLowerCase())} budget`, 0.75, 'state', m.index + m[0].length) : null;
  },
];

/** Work named as an activity or a field: "my job is nursing", "my work is in accounting". */
const FIELD_WORK = 'nursing|teaching|tutoring|accounting|bookkeeping|engineering|marketing|consulting|banking|plumbing|farming|coaching|cleaning|catering|nannying|childcare|babysitting|lecturing|programming|coding|software development|web development|data entry|data science|data analysis|graphic design|design|editing|copywriting|translating|translation|bartending|waitressing|trucking|delivery|retail|sales|IT|HR|finance|law|medicine|dentistry|pharmacy|physiotherapy|physical therapy|social work|construction|logistics|research|security|customer service|tech support|insurance|real estate|journalism|publishing|hospitality|recruiting|recruitment|nursing care|elder care|caregiving';
const JOB_RE = new RegExp(`\\bmy\\s+(?:(?:day|current|new|full-time|part-time|main)\\s+)?(?:job|work|profession|occupation|career|line of work|trade)\\s+is\\s+(?:in\\s+)?(?:(an?)\\s+([\\w-]+(?:\\s+[\\w-]+){0,3}?)(?=\\s*(?:[,.;!?]|$|\\s+(?:at|in|for|and|but|so|which|on)\\b))|(${FIELD_WORK})\\b)`, 'i');

/** "My job is nursing" -> "The user works in nursing"; "my job is a cashier at Tesco" -> "The user works as a cashier". */
export function jobFinding(clause: string): { text: string; conf: number } | null {
  const m = JOB_RE.exec(clause);
  if (!m) return null;
  if (m[3]) return { text: `The user works in ${m[3]}`, conf: 0.75 };
  const what = clean(m[2]!);
  if (!usable(what) || /^(?:lot|bit|nightmare|joke|mess|pain|grind|dream|blast|struggle)\b/i.test(what)) return null;
  return { text: `The user works as ${m[1]!.toLowerCase()} ${what}`, conf: 0.75 };
}

/** "The divorce went through", "my divorce is final" -> "The user is divorced". */
export function divorceFinding(clause: string): { text: string; conf: number } | null {
  return /\b(?:my|the|our)\s+divorce\s+(?:(?:has|had|finally|just)\s+)*(?:went through|is final|was finali[sz]ed|got finali[sz]ed|came through|is official|is done|was granted)\b/i.test(clause) ? { text: 'The user is divorced', conf: 0.75 } : null;
}

/** Role nouns a bare self-introduction ends in: "vet tech here", "Full-time student, ...", "Nurse here". */
export const ROLE_NOUNS = 'student|tradie|eng|nurse|teacher|tech|technician|developer|dev|gamer|engineer|designer|accountant|lawyer|paralegal|doctor|dentist|pharmacist|chef|cook|barista|bartender|electrician|plumber|carpenter|mechanic|farmer|driver|pilot|paramedic|firefighter|librarian|researcher|scientist|analyst|consultant|manager|writer|journalist|editor|photographer|artist|musician|therapist|social worker|retiree|freelancer|contractor|intern|resident|vet|veterinarian|architect|programmer|translator|tutor|professor|lecturer|cashier|waiter|waitress|caregiver|carer|baker|butcher|postie|postman|tour guide|buyer|cleaner|sparky|joiner|tiler|plasterer|welder|roofer|brickie|builder|hairdresser|barber|receptionist|courier|porter|gardener|nanny|childminder|midwife|surgeon|physio|physiotherapist|stay-at-home (?:mom|dad|parent)|single (?:mom|dad|parent)|mom of \\w+|dad of \\w+';
/** A role with no article after "I am" or "I am working as/like" (not "I'm working at", not "I'm a nurse"), with one or two words before it ("car mechanic", "freelance graphic designer"). */
const NO_ARTICLE_ROLE_RE = new RegExp(`^I(?:'m|\\s+am)\\s+(?:(?:now|currently|still)\\s+)?(?:working\\s+(?:as|like)\\s+(?:an?\\s+)?)?((?:senior\\s+|junior\\s+|head\\s+|chief\\s+|(?!(?:not|so|very|really|just|also|the|my|your|still|now|currently|here|new|good|bad|great|poor|proud|happy|only|first|last|former|ex|future|aspiring|wannabe)\\b)[a-z][a-z-]{2,}\\s+){0,2}(?:${ROLE_NOUNS}))(?=\\s+(?:in|at|for|and|but|so|since|here|now|by|from|with)\\b|\\s*[,.;!?]|\\s*$)((?:\\s+(?:in|at|for|from)\\s+[^,.;!?]{1,50})?)`, 'i');
const BARE_ROLE_RE = new RegExp(`^(?:(?:hi|hey|hiya|hello|g'day|gday|howdy|ok|so|well)[\\s,!]+)*(?:(an?)\\s+)?((?:[\\w-]+\\s+){0,2}?(?:${ROLE_NOUNS}))((?:\\s+here)?\\s+(?:in|from|at)\\s+(?!(?:an?|the|my|your|this|that|home|work|night|times)\\b)[a-z][\\w'-]*|\\s+on\\s+(?:an?|the)\\s+(?:[\\w-]+\\s+)?(?:ward|unit|rig|farm|ship|site|reception|helpdesk|help desk)|\\s+(?:at|for|with)\\s+(?:an?|the)\\s+[\\w&' -]{2,50}?)?(?:\\s+here)?(?:\\s+(?:lol|haha|lmao|tbh|btw|fyi))?\\s*(?:[,.!;]|$)`, 'i');

/** "stay at home dad of two boys here", "single mum here": a parent introducing themselves, with the children when counted. */
const BARE_PARENT_RE = /^(?:(?:hi|hey|hiya|hello|ok|so|well)[\s,!]+)*((?:(?:single|stay[- ]at[- ]home|working|full[- ]time|busy|tired|proud|first[- ]time|new)\s+)*(?:mum|mom|dad|mother|father|parent)(?:\s+of\s+(?:one|two|three|four|five|six|[1-9])(?:\s+(?:kids|children|boys|girls|sons|daughters|little ones))?)?)\s+here\b/i;

/** A verbless self-introduction at the start of a clause: "vet tech here, ..." -> "The user is a vet tech". */
export function bareRoleFinding(clause: string, sentence = clause): { text: string; conf: number } | null {
  const parent = BARE_PARENT_RE.exec(clause.trim());
  if (parent) return { text: `The user is a ${clean(parent[1]!.toLowerCase())}`, conf: 0.65 };
  const m = BARE_ROLE_RE.exec(clause.trim());
  if (!m || /^(?:my|your|his|her|their|our|the|this|that|a|an|no|any|some|every|being|as|like|i|i'm|im)\b/i.test(m[2]!)) return null;
  // "Nurse, please help ...", "Doctor, I've had a headache", "chef, what's the secret ...?": a form of address, not a
  // self-introduction ("self-employed plumber in Cardiff, how do I ...": a qualified role or a place is no form of address;
  // "nurse here, I ..." introduces)
  const addressLike = !m[3] && !/\s/.test(m[2]!.trim()) && !/\bhere\b/i.test(m[0]);
  const at = sentence.indexOf(clause.trim());
  const after = at >= 0 ? sentence.slice(at + clause.trim().length) : '';
  const rest = clause.trim().slice(m[0].length) || after.replace(/^\s*[,.!;]/, '');
  if (addressLike && (/^\s*(?:please|pls|can|could|would|will|help|tell|what|how|why|where|when|who|i need|quick question|I|I'm|I've|I'd|my)\b/i.test(rest) || /\?\s*$/.test(sentence))) return null;
  const role = clean(m[2]!.toLowerCase());
  return { text: clean(`The user is ${/^(?!uni|use|eu|one)[aeiou]/.test(role) ? 'an' : 'a'} ${role} ${(m[3] ?? '').replace(/^\s+here\b/i, '')}`), conf: 0.6 };
}
