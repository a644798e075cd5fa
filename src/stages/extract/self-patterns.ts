/**
 * More first-person patterns (issue 20): diets held for a while ("I've been vegetarian for six years", "I went
 * vegan"), a job named after a shift ("I work nights as a nurse"), conditions had ("I get migraines", "I suffer
 * from", "I was diagnosed with", "I'm 20 weeks pregnant"), goals ("I'm training for a marathon"), languages
 * ("I'm fluent in Portuguese", "I'm learning Korean"), moves with an origin or a return ("I moved from Madrid
 * to Lyon", "we moved back to Chicago", "I'm back in Melbourne"). Each gets the clause from its "I" onwards.
 */
import { ADV, CARED_FOR } from './vocabulary.js';
import { advs, clean, toThirdPerson, trimObject, usable } from './text.js';
import type { Hit, Pattern } from './patterns.js';
import { HUMAN_LANGS } from './everyday.js';
import { isLevel } from './lists.js';

/** A language typed lowercase ("learning spanish"): still a language. */
const LANG_START_RE = new RegExp(`^(?:${HUMAN_LANGS})\\b`, 'i');
/** An instrument, game or craft learned, typed lowercase ("learning guitar", "learning the drums"). */
const LEARNABLE_RE = /^(?:the\s+)?(?:guitar|piano|keyboard|violin|viola|drums|ukulele|uke|bass|cello|sax|saxophone|flute|clarinet|trumpet|trombone|harp|banjo|mandolin|accordion|harmonica|bagpipes|sitar|veena|tabla|oud|erhu|chess|sign language|bsl|asl|crochet|knitting|sewing|pottery|salsa|tango|ballet|swimming|coding|programming|python|javascript|typescript|java|sql|excel)\b/i;

const DIET = '(vegetarian|vegan|pescatarian|gluten[- ]free|dairy[- ]free|sober|teetotal|kosher|halal)';
const CONDITIONS = '(?:migraines?|headaches|cluster headaches|panic attacks|seizures|anxiety|depression|back pain|insomnia|nosebleeds|hay fever|eczema|acid reflux|heartburn|vertigo|asthma attacks|tinnitus|sciatica)';
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
/** Time phrases after a place: "Lyon in the autumn" -> "Lyon". */
const PLACE_TAIL_RE = new RegExp(`\\s+(?:last|this|next)\\s+\\w+\\b.*$|\\s+(?:a|two|three|four|five|six|\\d+|a few|several|couple of)\\s+(?:days?|weeks?|months?|years?)\\s+ago\\b.*$|\\s+(?:recently|lately|now|finally|again)\\b.*$|\\s+(?:in|on|at|during|for|from|after|with|because|since)\\s+.*$|\\s+(?:${MONTHS})\\b.*$`, 'i');
/** Job nouns after "as a": a known job or a word shaped like one (-er, -ist, -ian, ...). */
const JOB_RE = /^(?:[\w-]+\s+){0,2}(?:nurse|chef|cook|medic|paramedic|vet|midwife|dentist|pharmacist|surgeon|[\w-]+(?:er|or|ist|ian|ant|ent|ect|yst))$/i;

function simple(sg: string, conf: number, kind: string, end: number): Hit {
  const s = clean(sg);
  return { sg: s, pl: s, conf, kind, end };
}

const S0 = new RegExp(`^I(?:'ve| have)\\s+(${ADV})been\\s+(${ADV})${DIET}\\b`, 'i');
// "I went vegan", "I've gone fully vegan now", "I'm going pescatarian" ("I've" has no space after the I); not a
// diet for a stretch ("going vegan for January")
const S1 = new RegExp(`^I(?:\\s+(${ADV})(?:went|turned|became)|(?:'ve|\\s+have)\\s+(${ADV})(?:gone|become|turned)|(?:'m|\\s+am)\\s+(${ADV})going)\\s+(?:fully\\s+|completely\\s+)?${DIET}\\b(?!\\s+(?:for\\s+(?:a|the|one|two|\\d+|this|january|lent|veganuary)|restaurants?|places?|options?|food|meals?)\\b)`, 'i');
const S2 = new RegExp(`^I\\s+(${ADV})(?:work|do)\\s+(?:the\\s+)?(?:[\\w-]+\\s+){1,3}?as\\s+(an?)\\s+((?:[\\w-]+\\s+){0,2}?[\\w-]+)(?=\\s+(?:and|but|at|in|for|with|on|so|because|since|which|while|now|these)\\b|[,.;!]|$)`, 'i');
const S3 = new RegExp(`^I(?:'ve| have)\\s+(${ADV})worked\\s+as\\s+(an?\\s+.+)`, 'i');
const S4 = new RegExp(`^I(?:'m| am)\\s+(${ADV})employed\\s+as\\s+(an?\\s+.+)`, 'i');
const S5 = new RegExp(`^I\\s+(${ADV})(get|suffer from|struggle with|live with|deal with)\\s+((?:[\\w-]+\\s+){0,2}?${CONDITIONS})\\b`, 'i');
const S6 = /^I\s+(?:was|got|'ve been|have been)\s+(?:recently\s+|just\s+|finally\s+|officially\s+)?diagnosed\s+with\s+(.+)/i;
const S7 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:(?:\\d+|a few|\\w+)\\s+(?:weeks?|months?)\\s+)?pregnant\\b`, 'i');
const S8 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(training|preparing|studying|practicing|practising|saving up|saving|applying|signed up|registered)\\s+for\\s+(.+)`, 'i');
/** "I'm doing my GCSEs this year", "sitting my A levels in May": school or professional exams being taken. */
const EXAMS_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:doing|sitting|taking|revising for|resitting|retaking)\\s+(?:my|the)\\s+(GCSEs|A[- ]?levels|IB|finals|boards|board exams|SATs|ACTs|GRE|GMAT|bar exam|Highers|Leaving Cert|HSC|VCE|mocks|CPA exams?|ACCA exams?)\\b`, 'i');
/** "I'm the maid of honour", "I'm best man at my brother's wedding": a role at an event. */
const S8C = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:going to be\\s+)?(?:the\\s+|a\\s+)?(maid of honou?r|matron of honou?r|best man|bridesmaid|groomsman|usher|godmother|godfather|godparent)\\b((?:\\s+(?:at|for)\\s+my\\s+[\\w' -]{2,40}?(?:wedding|christening|baptism))?)`, 'i');
/** "signed up for a 10k in May", "I've registered for the Great North Run": an event entered. */
const S8B = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:just\\s+|finally\\s+|already\\s+)?(?:signed up|registered)\\s+(?:for|to)\\s+(.+)`, 'i');
const S9 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(fluent|conversational|a native speaker)\\s+in\\s+(.+)`, 'i');
const S10 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:learning|studying)\\s+(?!to\\b|for\\b|how\\b|about\\b|with\\b|a lot\\b|hard\\b)(.+)`, 'i');
/** "I've been trying to learn German": learning it, as S10 reads it. */
const S10_TRYING = new RegExp(`^I(?:'m| am|'ve been| have been)\\s+(${ADV})(?:trying|attempting)\\s+to\\s+learn\\s+(?!to\\b|how\\b|about\\b|more\\b)(.+)`, 'i');
const S11 = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:just\\s+|finally\\s+|recently\\s+|eventually\\s+)?(?:moved|relocated)\\s+(?:back\\s+|over\\s+|out\\s+)?(?:(?:here\\s+)?from\\s+(?:\\p{Lu}[\\w-]*\\s+){1,3}to|(?:back\\s+|here\\s+|home\\s+)?(?:to|into))\\s+(.+)`, 'iu');
const FIELDS = '(marketing|sales|finance|accounting|consulting|tech|IT|HR|human resources|healthcare|education|retail|hospitality|insurance|banking|real estate|law|construction|logistics|engineering|publishing|advertising|journalism|academia|government|nursing|medicine|software|the film industry|the games industry)';
const S13 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:working\\s+)?in\\s+${FIELDS}(?=[\\s,.;!]|$)`, 'i');
/** A school or university year: "I'm in year 10", "I'm in 9th grade", "I'm in class 12" / "12th std" (Indian English), "I'm in my second year of uni", "I'm in sixth form". */
const SCHOOL_YEAR_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:currently\\s+|now\\s+)?in\\s+(year\\s+\\d{1,2}|grade\\s+\\d{1,2}|class\\s+\\d{1,2}|\\d{1,2}(?:st|nd|rd|th)\\s+(?:std|standard)|(?:std|standard)\\s+\\d{1,2}|\\d{1,2}(?:st|nd|rd|th)\\s+grade|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\\s+grade|sixth form|(?:my\\s+)?(?:first|second|third|fourth|final|last)\\s+year(?:\\s+(?:of|at)\\s+(?:uni|university|college|school|sixth form|my (?:degree|phd|course)|med school|law school))?)(?=[\\s,.;!?]|$)`, 'i');
const S12 = new RegExp(`^I(?:'m| am)\\s+(${ADV})back\\s+(?:home\\s+)?in\\s+(.+)`, 'i');

/** Medicines a user may say they take in passing ("I'm on sertraline so I skip alcohol"). */
export const MEDS = '(antidepressants|an antidepressant|ssris|an ssri|sertraline|zoloft|prozac|fluoxetine|citalopram|escitalopram|lexapro|wellbutrin|bupropion|venlafaxine|effexor|lithium|adderall|ritalin|methylphenidate|vyvanse|xanax|insulin|metformin|ozempic|wegovy|mounjaro|statins|atorvastatin|simvastatin|levothyroxine|amlodipine|ramipril|propranolol|hrt|an inhaler|inhalers|steroids|antipsychotics|beta[- ]blockers|blood thinners|warfarin|chemo(?:therapy)?|(?:adhd|anxiety|blood pressure|thyroid|epilepsy|seizure) (?:meds|medication|medicine|tablets|pills))';
// "I'm on sertraline", "I take metformin", "I'm starting sertraline next week", "I've started on statins"
const S14 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:currently\\s+|now\\s+|still\\s+)?(?:on|starting(?:\\s+on)?|going\\s+on)\\s+(?:a\\s+(?:low|high|small|new)\\s+dose\\s+of\\s+)?${MEDS}\\b|^I(?:'ve| have)?\\s+(${ADV})(?:take|started(?:\\s+on|\\s+taking)?)\\s+${MEDS}\\b`, 'i');
const PARTY = '((?:the\\s+)?(?:(?:Green|Labour|Conservative|Democratic|Republican|Libertarian|Reform|Pirate|Socialist|Communist|Independence)\\s+Party|Lib Dems?|SNP|Labour|Tories|Tory|Democrats?|Republicans?|Greens?|Conservatives?))';
const S15 = new RegExp(`^I\\s+(${ADV})(canvass|volunteer|campaign|vote|voted)\\s+(?:for\\s+|with\\s+)?${PARTY}\\b`, 'i');

/** A move ahead: "I'm moving to Milan in March for a job in fashion buying", "moving from Leeds to York" (the home left is not kept: it is out of date once the move is done). */
const S16 = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:moving|relocating|shifting)\\s+(?:back\\s+)?(?:from\\s+[\\w'-]+(?:\\s+[\\w'-]+)?\\s+)?to\\s+(.+)`, 'i');
/** "I'm on android", "I'm using a Mac": the platform the user is on. */
const ON_PLATFORM_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:on|using)\\s+(?:an?\\s+)?(android|an android|iphone|ios|windows(?:\\s+1[01])?|linux|ubuntu|mac|macos|chromebook|pc|pixel|samsung)(?=\\s*$|[\\s,.;!?)]\\s*(?!(?:phone|laptop|tablet|app)\\b))`, 'i');
const JOB_TAIL_RE = /\bfor\s+(?:a|my|the)\s+(?:new\s+)?job\s+((?:in|as|at)\s+(?:an?\s+)?[\w-]+(?:\s+[\w-]+){0,2}?)(?=\s+(?:and|but|so|because|which)\b|[,.;!?]|$)/i;
/** A job put up with: "I'm stuck doing payroll in Manchester", "stuck working retail in Ohio". */
const S17 = new RegExp(`^I(?:'m| am)\\s+(${ADV})stuck\\s+(doing|working)\\s+((?:[\\w-]+\\s+){0,2}?[\\w-]+)\\s+(?:in|at)\\s+(.+)`, 'i');

function place(obj: string): string | undefined {
  const o = trimObject(obj).replace(PLACE_TAIL_RE, '').replace(/[,.;!]+$/, '');
  return usable(o) && /^\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*){0,2}$/u.test(o) ? o : undefined;
}

/** A skill or fitness the user is working towards: "trying to get better at system design", "want to get fitter", "I'm learning to code". */
const GOAL_RE = new RegExp(`^I(?:'m| am|'ve been| have been)?\\s+(${ADV})(?:(?:trying|want|wanting|hoping|aiming|keen|determined|working)\\s+(?:to|on)\\s+(?:get(?:ting)?\\s+)?(better\\s+at|good\\s+at|fitter|stronger|healthier|in shape|learn(?:ing)?\\s+(?:to|how to))|learning\\s+(?:how\\s+)?(to))\\b\\s*(.*)`, 'i');

/** How able the user says they are: "I'm hopeless with computers", "I'm not very good with technology", "I'm rubbish at maths". */
const ABLE_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})((?:not\\s+)?(?:(?:very|that|too|really|pretty|quite|so|super|absolutely|totally|completely)\\s+)?(?:good|great|decent|bad|terrible|hopeless|rubbish|useless|awful|clueless|crap|pants|a disaster))\\s+(at|with)\\s+(.+)`, 'i');

/** A relative the user cares for: "I'm looking after my mum most weekends", "I've been caring for my dad since his stroke". */
const CARER_RE = new RegExp(`^I(?:'m| am|'ve been| have been)\\s+(${ADV})(?:looking after|caring for|taking care of)\\s+(?:my|our)\\s+(${CARED_FOR})\\b(?!'s|\\s+(?:and|&)\\s+(?:I|me)\\b)\\s*(.*)`, 'i');
/** A stretch that makes it a favour, not care ("this week", "while she's away", "tonight"). */
const FOR_A_WHILE_RE = /^(?:(?:for\s+)?(?:today|tonight|tomorrow|this\s+(?:week|weekend|morning|afternoon|evening)|(?:for\s+)?the\s+(?:day|weekend|night)|for\s+a\s+(?:few|couple)|while|until|till|next)\b)/i;

export const selfPatterns: Pattern[] = [
  (r) => {
    const m = EXAMS_RE.exec(r);
    return m ? simple(`is taking their ${m[2]!.replace(/^a[- ]?levels$/i, 'A levels')}`, 0.75, 'goal', m.index + m[0].length) : null;
  },
  (r) => {
    const m = CARER_RE.exec(r);
    if (!m || FOR_A_WHILE_RE.test(m[3]!)) return null;
    const when = trimObject(m[3]!);
    const tail = when && usable(when) && when.split(' ').length <= 6 ? ` ${toThirdPerson(when)}` : '';
    return simple(`cares for their ${m[2]!.toLowerCase()}${tail}`, 0.7, 'family', m.index + m[0].length);
  },
  (r) => {
    const m = ABLE_RE.exec(r);
    if (!m) return null;
    const o = trimObject(m[4]!).replace(/,.*$/, '');
    if (!usable(o) || o.split(' ').length > 5 || /^(?:it|this|that|these|those|them|him|her|people|you|the (?:moment|minute|start))\b/i.test(o)) return null;
    return simple(`is ${clean(m[2]!.toLowerCase())} ${m[3]!.toLowerCase()} ${toThirdPerson(o)}`, 0.65, 'skill', m.index + m[0].length);
  },
  (r) => {
    const m = GOAL_RE.exec(r);
    if (!m) return null;
    const aim = (m[2] ?? 'learn to').toLowerCase().replace(/\s+/g, ' ');
    const o = trimObject(m[4] ?? '');
    if (/^(?:fitter|stronger|healthier|in shape)$/.test(aim)) return simple(`is trying to get ${aim}`, 0.65, 'goal', m.index + m[0].length);
    if (!o || !usable(o) || o.split(' ').length > 8 || /^(?:it|this|that|things|stuff|everything)\b/i.test(o)) return null;
    if (/^learn/.test(aim)) return simple(`is learning to ${toThirdPerson(o)}`, 0.7, 'goal', m.index + m[0].length);
    return simple(`wants to get ${aim.replace(/^good/, 'better')} ${toThirdPerson(o)}`, 0.7, 'goal', m.index + m[0].length);
  },
  (r) => {
    const m = S14.exec(r);
    if (!m) return null;
    return simple(`takes ${(m[2] ?? m[4])!.toLowerCase().replace(/\b(adhd|ssris?|ssri|hrt)\b/g, (w) => w.toUpperCase())}`, 0.75, 'health', m.index + m[0].length);
  },
  (r) => {
    const m = S15.exec(r);
    if (!m) return null;
    const v = m[2]!.toLowerCase();
    const verb = v === 'voted' ? 'voted' : v === 'canvass' ? 'canvasses' : `${v}s`;
    return simple(`${verb} ${v === 'vote' || v === 'voted' ? '' : 'for '}${m[3]!}`, 0.75, 'habit', m.index + m[0].length);
  },
  (r) => {
    const m = S0.exec(r) ?? S1.exec(r);
    return m ? simple(`is ${m[m.length - 1]!.toLowerCase()}`, 0.85, 'diet', m.index + m[0].length) : null;
  },
  (r) => {
    const m = S2.exec(r);
    if (!m || !JOB_RE.test(m[3]!)) return null;
    return simple(`works as ${m[2]!.toLowerCase()} ${m[3]!.toLowerCase()}`, 0.8, 'work', m.index + m[0].length);
  },
  (r) => {
    const m = S3.exec(r) ?? S4.exec(r);
    if (!m) return null;
    const o = trimObject(m[2]!).replace(/\s+(?:for|since)\s+.*$/i, '');
    return usable(o) && JOB_RE.test(o.replace(/^an?\s+/i, '').replace(/\s+(?:at|in|for|with)\s+.*$/i, '')) ? simple(`works as ${toThirdPerson(o)}`, 0.8, 'work', m.index + m[0].length) : null;
  },
  (r) => {
    const m = S5.exec(r);
    if (!m) return null;
    const v = m[2]!.toLowerCase();
    const verb = v === 'get' ? 'gets' : v.replace(/^(\w+)/, (w) => (w === 'suffer' ? 'suffers' : w === 'struggle' ? 'struggles' : w === 'live' ? 'lives' : 'deals'));
    return simple(`${verb} ${m[3]!.toLowerCase()}`, 0.8, 'health', m.index + m[0].length);
  },
  (r) => {
    const m = S6.exec(r);
    if (!m) return null;
    const o = trimObject(m[1]!).replace(PLACE_TAIL_RE, '');
    return usable(o) && o.split(' ').length <= 5 ? simple(`has ${toThirdPerson(o)}`, 0.8, 'health', m.index + m[0].length) : null;
  },
  (r) => {
    const m = S7.exec(r);
    return m ? simple('is pregnant', 0.85, 'health', m.index + m[0].length) : null;
  },
  (r) => {
    const m = S8.exec(r);
    if (!m) return null;
    // a comma and a verb start a new thought: "saving for a house, got about 20k so far"
    const o = trimObject(m[3]!.replace(/,\s+(?:got|have|had|it's|its|which|so|but|and I)\b.*$/i, ''));
    if (!usable(o) || /^(?:it|this|that|the (?:worst|best))\b/i.test(o)) return null;
    return simple(`is ${advs(m[1])} ${m[2]!.toLowerCase()} for ${toThirdPerson(o)}`, 0.75, 'goal', m.index + m[0].length);
  },
  (r) => {
    const m = S8C.exec(r);
    if (!m) return null;
    return simple(`is ${/^(?:maid|matron|best)/i.test(m[2]!) ? 'the' : 'a'} ${m[2]!.toLowerCase()}${toThirdPerson(m[3] ?? '')}`, 0.7, 'event', m.index + m[0].length);
  },
  (r) => {
    const m = S8B.exec(r);
    if (!m) return null;
    const o = trimObject(m[2]!.split(/[,;]/)[0]!);
    if (!usable(o) || /^(?:it|this|that|an? account|the newsletter|your)\b/i.test(o)) return null;
    return simple(`is signed up for ${toThirdPerson(o)}`, 0.75, 'goal', m.index + m[0].length - m[2]!.length + o.length);
  },
  (r) => {
    const m = S9.exec(r);
    if (!m) return null;
    const o = trimObject(m[3]!);
    return usable(o) && /^\p{Lu}/u.test(o) ? simple(`is ${m[2]!.toLowerCase()} in ${o}`, 0.8, 'skill', m.index + m[0].length) : null;
  },
  (r) => {
    const m = S10.exec(r) ?? S10_TRYING.exec(r);
    if (!m) return null;
    // "Spanish on duolingo, 200 day streak": a comma before a lowercase or a number ends the language list, unless the
    // list gives levels ("Italian, beginner, and piano, grade 4": lists.ts puts each level with its item)
    const leveled = m[2]!.split(',').slice(1).some((p) => !/streak/i.test(p) && isLevel(p.replace(/^\s*(?:and|or)\s+/i, '')));
    const o = trimObject(leveled ? m[2]! : m[2]!.replace(/,(?!\s*(?:and\s+|or\s+)?\p{Lu}).*$/u, ''));
    if (!usable(o) || !(/^\p{Lu}/u.test(o) || LANG_START_RE.test(o) || LEARNABLE_RE.test(o))) return null;
    const obj = toThirdPerson(o);
    return { ...simple(`is learning ${obj}`, 0.7, 'skill', m.index + m[0].length), head: { sg: 'is learning', pl: 'are learning', obj } };
  },
  (r) => {
    const m = SCHOOL_YEAR_RE.exec(r);
    return m ? simple(`is in ${toThirdPerson(m[2]!.toLowerCase())}`, 0.75, 'study', m.index + m[0].length) : null;
  },
  (r) => {
    const m = S13.exec(r);
    return m ? simple(`works in ${m[2]!}`, 0.75, 'work', m.index + m[0].length) : null;
  },
  (r) => {
    const m = ON_PLATFORM_RE.exec(r);
    if (!m) return null;
    const p = m[2]!.toLowerCase();
    const name = p === 'ios' ? 'iOS' : p === 'pc' ? 'a PC' : p === 'macos' ? 'macOS' : /^(?:mac|chromebook|pixel|iphone)$/.test(p) ? `a ${p[0]!.toUpperCase()}${p.slice(1)}`.replace('Iphone', 'iPhone') : p[0]!.toUpperCase() + p.slice(1);
    return simple(`uses ${name}`, 0.7, 'possession', m.index + m[0].length);
  },
  (r) => {
    const m = S16.exec(r);
    const p = m ? place(m[2]!) : undefined;
    if (!m || !p) return null;
    const job = JOB_TAIL_RE.exec(m[2]!.slice(0, 120));
    return simple(`is moving to ${p}${job ? ` for a job ${toThirdPerson(job[1]!)}` : ''}`, 0.75, 'goal', m.index + m[0].length);
  },
  (r) => {
    const m = S17.exec(r);
    const p = m ? place(m[4]!) : undefined;
    if (!m || !p || !usable(m[3]!)) return null;
    return simple(`${m[2]!.toLowerCase() === 'doing' ? 'does' : 'works'} ${m[3]!.toLowerCase()} in ${p}`, 0.7, 'work', m.index + m[0].length);
  },
  (r) => {
    const m = S11.exec(r) ?? S12.exec(r);
    if (!m) return null;
    const p = place(m[2]!);
    return p ? simple(`lives in ${p}`, 0.8, 'place', m.index + m[0].length) : null;
  },
];
