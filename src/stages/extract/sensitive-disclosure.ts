/**
 * Sensitive facts the user discloses about themselves in the everyday frames the general patterns miss:
 * a diagnosis ("diagnosed with bipolar II"), a condition lived with ("Living with MS", "as someone with OCD",
 * "my psoriasis flares up"), a past event ("I had a miscarriage"), a treatment ("going through chemo", "been on
 * antidepressants"), an identity adjective ("found out I'm prediabetic", "we're Sikh", "im undocumented"), a
 * conversion, a prison term or probation. Each is worded so the sensitive gate (sensitive.ts) files it, since a
 * special-category fact the memory misses is one it cannot withhold or erase on request.
 *
 * The frames are tight on purpose: the subject is the user ("I", or none at the start of a chat clause), the
 * condition follows its verb directly (so "I don't have ADHD" and "my son's ADHD" give nothing), and the
 * caller applies the usual guards (hypotheticals, someone else's clause, hedges).
 */
import { sensitiveMatch } from './sensitive.js';
import { clean, thirdSingular, toThirdPerson } from './text.js';

/** Conditions a person has; "a"/"an" forms are events or things had. Longest alternatives first. */
const CONDITION = [
  "bipolar(?: (?:disorder|type )?(?:ii|i|1|2))?", 'bipolar disorder', 'major depression', 'clinical depression', 'postnatal depression', 'postpartum depression',
  'depression', 'social anxiety', 'generalised anxiety(?: disorder)?', 'generalized anxiety(?: disorder)?', 'anxiety', 'panic disorder', 'adhd', 'ocd', 'c?ptsd',
  "autism", "asperger'?s", 'dyslexia', 'dyspraxia', 'dyscalculia', 'epilepsy', 'type [12] diabetes', 'prediabetes', 'diabetes', 'asthma',
  "crohn'?s(?: disease)?", 'ulcerative colitis', 'colitis', 'ibs', 'coeliac(?: disease)?', 'celiac(?: disease)?', 'psoriasis', 'psoriatic arthritis',
  'rheumatoid arthritis', 'arthritis', 'eczema', 'lupus', 'multiple sclerosis', 'MS', "parkinson'?s", 'fibromyalgia', 'endometriosis', 'pcos',
  'long covid', 'chronic fatigue(?: syndrome)?', 'me/cfs', 'cfs', 'hiv', 'hepatitis [bc]', '(?:stage [1-4] |breast |prostate |skin |bowel |lung )?cancer',
  'an eating disorder', 'anorexia', 'bulimia', 'schizophrenia', 'bpd', 'borderline personality disorder', 'insomnia', 'sleep apnoea', 'sleep apnea',
  'migraines', 'tinnitus', 'high blood pressure', 'hypertension', 'a heart condition', 'heart disease', 'chronic pain', 'a chronic illness', 'hypothyroidism',
  'an underactive thyroid', 'an overactive thyroid', 'sickle cell(?: disease| anaemia| anemia)?', 'cystic fibrosis', 'a stoma', 'a pacemaker',
].join('|');
/** What a diagnosis names without "with": "got diagnosed type 1 diabetic", "diagnosed as autistic". */
const DIAGNOSED_AS = 'type [12] diabetic|type [12] diabetes|type [12]|diabetic|epileptic|autistic|bipolar|dyslexic';
/** Events had once, worded "The user had ...". */
const EVENT = 'a miscarriage|a heart attack|a stroke|a nervous breakdown|a mental breakdown|a mastectomy|a hysterectomy|an abortion|a kidney transplant|a liver transplant|a transplant|cancer|an eating disorder|postnatal depression|postpartum depression';
/** Treatments a person is on or going through. */
const TREATMENT = 'chemo(?:therapy)?|radiotherapy|radiation|dialysis|ivf|hrt|antidepressants|anti-depressants|antipsychotics|methadone|insulin|lithium|ssris|therapy|rehab';
/** A nationality adjective by its ending (Korean, Japanese, Irish, Pakistani, Dutch, Icelandic) or one of the few without. */
const NATION = '(?:[a-z]+(?:an|ese|ish|i|ch|ic)|thai|greek|swiss|french|dutch|welsh|scots|czech|lao|khmer)';
/** Adjectives and nouns that say who the user is, each filed by sensitive.ts. */
const IDENTITY = [
  'prediabetic', 'diabetic', 'type [12] diabetic', 'epileptic', 'autistic', 'dyslexic', 'dyspraxic', 'asthmatic', 'bipolar', 'deaf', 'hard of hearing', 'blind',
  'partially sighted', 'hiv positive', 'hiv\\+', 'neurodivergent', 'disabled', 'infertile', 'sober', 'in recovery',
  `half ${NATION},? (?:and |& )?half ${NATION}`, 'jewish', 'muslim', 'sikh', 'hindu', 'jain', 'parsi', 'zoroastrian', 'buddhist', 'christian', 'catholic', 'mormon', 'quaker', 'atheist', 'agnostic', 'practising \\w+', 'practicing \\w+',
  'gay', 'lesbian', 'bi', 'bisexual', 'pansexual', 'asexual', 'queer', 'trans', 'transgender', 'non-binary', 'nonbinary',
  'undocumented', 'an asylum seeker', 'a refugee', 'polyamorous', 'in an open relationship', 'on probation', 'on parole', 'a felon', 'an ex-offender', 'an ex-con',
].join('|');

/** The start of a clause the user speaks as themselves in, with an optional chat opener. */
const OPENER = "(?:(?:so|and|but|well|also|honestly|tbh|fyi|btw|oh|yeah|yes|ok|okay|actually|just|recently|finally|officially|now|update|news)\\s*[,:]?\\s+)*";
const FILL = '(?:(?:mild|severe|bad|chronic|diagnosed|moderate|high[- ]functioning|early[- ]onset|late[- ]stage|really bad|pretty bad)\\s+)?';
const END = "(?![\\w'-])";
/** Words after a condition that make it a topic, a job or a worry rather than the user's own ("cancer research", "ADHD kids", "anxiety about"). */
const NOT_OWN = '(?!\\s+(?:research|researchers|patients|ward|clinic|clinics|charity|awareness|fundraiser|unit|nurse|team|trial|trials|screening|support group|kids|children|students|pupils|clients|status|test|tests|results|risk|scare|of|about|over|around|before|school|training|course|department|challenge|october|january|curious)\\b)';

const FRAMES: { re: RegExp; text: (m: RegExpExecArray) => string; kind: 'health' | 'identity' }[] = [
  // "I was diagnosed with bipolar II", "got diagnosed with ADHD at 30", "Recently diagnosed with lupus"
  { re: new RegExp(`(?:^${OPENER}|\\bI(?:'ve| have)?\\s+(?:just\\s+|recently\\s+|finally\\s+|officially\\s+)?(?:was|got|been|been officially|got officially)\\s+|^${OPENER}(?:got|was|been)\\s+)(?:just\\s+|recently\\s+|finally\\s+|officially\\s+)?diagnosed\\s+(?:with\\s+${FILL}(${CONDITION})|(?:as\\s+(?:an?\\s+)?)?(${DIAGNOSED_AS}))${END}`, 'i'), text: (m) => `The user has ${condition(m[1] ?? m[2]!)}`, kind: 'health' },
  // "I have epilepsy", "ive got crohns", "I live with MS", "Living with MS", "as someone with OCD", "a mum with endometriosis here"
  { re: new RegExp(`(?:\\bI(?:\\s+(?:have|have got|got|suffer from|struggle with|live with|deal with|battle|manage|am (?:living|dealing|coping) with)|'ve got|'m (?:living|dealing|coping|struggling) with|'m managing)\\s+|^${OPENER}(?:(?:living|dealing|struggling|coping|diagnosed)\\s+with|as\\s+(?:someone|somebody|a person|a (?:woman|man|guy|girl|mum|mom|dad|student|parent))\\s+(?:with|who has|living with)|(?:got|have|ive got|i've got))\\s+)${FILL}(${CONDITION})${END}${NOT_OWN}`, 'i'), text: (m) => `The user has ${condition(m[1]!)}`, kind: 'health' },
  // "gp says it's depression", "the doctor confirmed it's endometriosis": a clinician's finding about the user
  { re: new RegExp(`(?<!(?:'s|\\bher|\\bhis|\\btheir|\\bour)\\s+)\\b(?:gp|doctor|doc|psychiatrist|consultant|specialist|neurologist|rheumatologist)\\s+(?:says|said|confirmed|told me|has confirmed)\\s+(?:that\\s+)?(?:it's|it is|its|it was|I have|I've got)\\s+${FILL}(${CONDITION})${END}${NOT_OWN}`, 'i'), text: (m) => `The user has ${condition(m[1]!)}`, kind: 'health' },
  // "my psoriasis flares up every winter", "my MS is getting worse": a condition the user calls theirs
  { re: new RegExp(`\\bmy\\s+${FILL}(${CONDITION})${END}${NOT_OWN}`, 'i'), text: (m) => `The user has ${condition(m[1]!)}`, kind: 'health' },
  // "my cholesterol is high", "my blood pressure's been through the roof": a reading the user calls theirs
  { re: /\bmy\s+(cholesterol|blood pressure|blood sugar|bp)(?:\s+is|'s|\s+has been|'s been|\s+was)\s+(?:(?:a bit|a little|quite|really|very|way|too|slightly|still|always|borderline)\s+)*(?:high|raised|up|through the roof|elevated)\b/i, text: (m) => `The user has high ${m[1]!.toLowerCase() === 'bp' ? 'blood pressure' : m[1]!.toLowerCase()}`, kind: 'health' },
  // "I had a miscarriage last month", "I've had an eating disorder in the past"
  { re: new RegExp(`\\bI(?:'ve| have)?\\s+(?:had|suffered|survived|went through|been through)\\s+(${EVENT})${END}${NOT_OWN}`, 'i'), text: (m) => `The user had ${clean(m[1]!).toLowerCase()}`, kind: 'health' },
  // "I'm going through chemo", "been on antidepressants since march", "I'm doing IVF", "im in therapy"
  { re: new RegExp(`(?:\\bI(?:'m| am|'ve been| have been)\\s+|^${OPENER}(?:been|im|currently)\\s+)(?:currently\\s+|still\\s+|now\\s+)?(on|taking|going through|doing|having|in|starting)\\s+(${TREATMENT})${END}${NOT_OWN}`, 'i'), text: (m) => `The user is ${treatmentVerb(m[1]!)} ${m[2]!.toLowerCase().replace(/^ivf|^hrt|^ssris/, (s) => s.toUpperCase())}`, kind: 'health' },
  // "found out I'm prediabetic", "we're Sikh", "im undocumented", "my partner and I are polyamorous"
  { re: new RegExp(`(?:\\bI(?:'m| am)|^${OPENER}im|\\b(?:we're|we are)|\\bmy (?:partner|wife|husband|girlfriend|boyfriend) and I are)\\s+(?:(?:also|actually|now|officially|proudly|openly|a|an)\\s+)?(${IDENTITY})${END}(?!\\s+(?:friends?|people|community|communities|colleagues?|coworkers?|neighbou?rs?|students?|patients?|clients?|customers?|families|family|author|authors|characters?|food|restaurants?|bar|bars|club|lawyers?|advocates?|charity|charities|support|workers?|caseworkers?|volunteers?|cent(?:re|er)s?|camps?|council)\\b)`, 'i'), text: (m) => `The user is ${identity(m[1]!)}`, kind: 'identity' },
  // "raised catholic, still go to mass", "I was brought up Sikh": the faith the user grew up in
  { re: new RegExp(`(?:\\bI\\s+was\\s+|^${OPENER}(?:was\\s+)?)(?:raised|brought up)\\s+(?:as\\s+)?(?:an?\\s+)?(catholic|muslim|jewish|sikh|hindu|buddhist|christian|mormon|quaker|jehovah's witness|orthodox)${END}`, 'i'), text: (m) => `The user was raised ${identity(m[1]!)}`, kind: 'identity' },
  // "I converted to Islam last year", "I became a Buddhist"
  { re: /\bI\s+(?:converted|became)\s+(?:to\s+)?((?:a\s+|an\s+)?(?:Islam|Judaism|Catholicism|Christianity|Buddhism|Hinduism|Sikhism|Orthodoxy|Muslim|Jew|Christian|Catholic|Buddhist|Hindu|Sikh|Quaker))\b/i, text: (m) => `The user converted to ${clean(m[1]!)}`, kind: 'identity' },
  // "the arthritis in my hands is bad this winter", "the eczema on my arms": a condition placed on the user's own body
  { re: new RegExp(`\\bthe\\s+${FILL}(${CONDITION})${END}\\s+(?:in|on)\\s+my\\s+(?:(?:left|right|lower|upper)\\s+)?(?:hands?|fingers?|knees?|hips?|back|neck|shoulders?|feet|foot|ankles?|wrists?|arms?|legs?|joints|face|scalp|skin|chest|ears?|eyes?)\\b`, 'i'), text: (m) => `The user has ${condition(m[1]!)}`, kind: 'health' },
  // "I'm a Labour party member", "I'm the union rep and a paid-up Green Party member": party membership said of oneself
  { re: /\bI(?:'m| am)\b[^.!?]{0,60}?\b(?:a|an)\s+((?:(?:paid-up|card-carrying|lifelong|long-time|active)\s+)?(?:Labour|Conservative|Tory|Green|Lib Dem|Liberal Democrat|Democratic|Democrat|Republican|SNP|Plaid|Reform|Sinn F[eé]in|DUP)\s+(?:party\s+)?(?:member|voter|supporter|activist|councillor))\b/i, text: (m) => `The user is a ${clean(m[1]!).replace(/\bparty\b/i, 'Party')}`, kind: 'identity' },
  // "I came to the UK on the health and care visa in 2023", "moved here on a student visa": how the user is allowed to stay
  { re: new RegExp(`(?:\\bI\\s+|^${OPENER})(?:came|moved|arrived|relocated|emigrated)\\s+(?:over\\s+|here\\s+)?(?:to\\s+(?:the\\s+)?(\\p{Lu}[\\p{L}-]*(?:\\s+\\p{Lu}[\\p{L}-]*){0,2})\\s+|here\\s+)?on\\s+(a|an|the|my)\\s+((?:[\\w&-]+\\s+){0,4}?visa)${END}`, 'iu'), text: (m) => `The user came ${m[1] ? `to ${m[1].replace(/^uk$/i, 'the UK')} ` : ''}on ${m[2]!.toLowerCase() === 'my' ? 'a' : m[2]!.toLowerCase()} ${clean(m[3]!)}`, kind: 'identity' },
  // "14 weeks along", "20 weeks gone", "we're expecting our first", "22 weeks with our first and still being sick": a pregnancy in other
  // words ("we're expecting" may be said by the partner, so it is worded as a baby expected)
  { re: new RegExp(`(?:\\bI(?:'m| am)\\s+|\\b(?:we're|we are)\\s+|^${OPENER}(?:im\\s+)?)(?:about\\s+|nearly\\s+|almost\\s+|only\\s+)?(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine)\\s+(?:weeks?|wks?)\\s+(?:along|gone|pregnant|(?=with\\s+(?:our|my)\\s+(?:first|second|third|fourth|baby|twins|rainbow)\\b[^.?!]{0,60}\\b(?:sick|nause\\w*|bump|due|scan|midwife|kick\\w*|heartburn|cravings?)\\b))`, 'i'), text: (m) => `The user is ${m[1]!.toLowerCase()} weeks pregnant`, kind: 'health' },
  // "my wife is pregnant with our first", "my partner's 20 weeks pregnant": the couple's baby on the way
  { re: /\bmy\s+(?:wife|partner|girlfriend|missus|fianc[eé]e)(?:'s|\s+is)\s+(?:(?:\d{1,2}|a few)\s+(?:weeks?|months?)\s+)?pregnant\b(?!\s+(?:again\s+)?with\s+(?:his|her|their|someone)\b)/i, text: () => 'The user is expecting a baby (a pregnancy)', kind: 'health' },
  { re: new RegExp(`(?:\\bI(?:'m| am)\\s+|\\b(?:we're|we are)\\s+|^${OPENER})(?:currently\\s+|finally\\s+)?expecting(?:\\s+(?:(?:our|my)\\s+(?:first|second|third|fourth|fifth|rainbow baby|baby)|a\\s+(?:baby|little\\s+(?:one|boy|girl))|twins)\\b|\\s*(?:!+|\\.|$)(?!\\S))`, 'i'), text: () => 'The user is expecting a baby (a pregnancy)', kind: 'health' },
  // "been signed off work for two weeks with stress and anxiety", "I'm off sick with my back": a health absence from work
  { re: new RegExp(`(?:\\bI(?:'m| am|'ve been| have been|\\s+got|\\s+was)\\s+|^${OPENER}(?:been|got|im|currently)\\s+)(?:(?:currently|still|now|just)\\s+)?(signed off|off sick|on sick leave)(?:\\s+(?:from\\s+)?work)?(?:\\s+for\\s+(?:[\\w-]+\\s+){0,2}?[\\w-]+)?\\s+with\\s+((?:${FILL}(?:${CONDITION}|stress|burnout|exhaustion|a bad back|my back|long covid))(?:\\s+(?:and|&)\\s+${FILL}(?:${CONDITION}|stress|burnout|exhaustion))?)${END}`, 'i'), text: (m) => `The user is ${m[1]!.toLowerCase()}${/^signed/i.test(m[1]!) ? ' work' : ''} with ${toThirdPerson(clean(m[2]!))}`, kind: 'health' },
  // "we go to gurdwara every Sunday", "taking my friend to church with my family": a place of worship, said without an article
  { re: new RegExp(`(?:\\bI\\s+(?:still\\s+|usually\\s+|always\\s+)?|\\b(?:we|we're|we are)\\s+(?:still\\s+|usually\\s+|always\\s+)?|^${OPENER}(?:still\\s+|usually\\s+|always\\s+)?)(?:(?:go|goes|went|going)\\s+to|attend|attending|(?:taking|take)\\s+(?:[\\w'-]+\\s+){1,3}?to)\\s+(church|mass|mosque|gurdwara|mandir|temple|synagogue|shul|chapel)\\b(?!\\s+(?:wedding|fete|fair|hall|sale|concert|for\\s+(?:a|the|my)\\b))`, 'i'), text: (m) => `The user goes to ${m[1]!.toLowerCase()}`, kind: 'identity' },
  // "flyer for our church's bake sale", "my mosque runs a food bank": a place of worship the user calls theirs (not "my local church")
  { re: /\b(?:my|our)\s+(church|mosque|synagogue|temple|gurdwara|mandir|parish|chapel|congregation)(?:'s)?\b(?!\s+(?:wedding|architecture|building|tour|visit)\b)/i, text: (m) => `The user belongs to a ${m[1]!.toLowerCase()}`, kind: 'identity' },
  // "I'm in AA, 18 months clean", "two years sober now": recovery from drink or drugs
  { re: new RegExp(`(?:\\bI(?:'m| am)\\s+(?:in|doing|going to)\\s+(?:AA|NA|CA|Alcoholics Anonymous|Narcotics Anonymous)\\b|(?:\\bI(?:'m| am|'ve been| have been)\\s+|^${OPENER})(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\s+(?:days?|weeks?|months?|years?)\\s+(?:clean|sober)\\b|^${OPENER}(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\s+(?:days?|weeks?|months?|years?)\\s+(?:clean|sober)\\b)`), text: (m) => {
    // "60 days sober now" says how long, as "I'm 6 months sober" does; "clean" and AA say recovery
    const sober = /(\S+\s+(?:days?|weeks?|months?|years?))\s+sober\b/i.exec(m[0]);
    if (sober) return `The user is ${sober[1]!.toLowerCase()} sober`;
    // "6 months clean from gambling": what the recovery is from, when said
    const from = /\bclean\s+(?:from|of|off)\s+(gambling|drugs|alcohol|drink|cocaine|heroin|weed|opioids|painkillers)\b/i.exec(m.input.slice(m.index));
    return from ? `The user is in recovery from ${from[1]!.toLowerCase()}` : 'The user is in recovery';
  }, kind: 'health' },
  // "still waiting for my asylum decision", "my asylum interview is on Friday": a claim the user has made ("my asylum claim was refused" says more, and is read as said)
  { re: /\bmy\s+asylum\s+(?:claim|case|decision|application|interview|hearing|appeal|outcome)\b(?!\s+(?:was|were|has|had|got)\b)/i, text: () => 'The user is seeking asylum', kind: 'identity' },
  // "I'm looking for a fertility clinic", "we've been told to look into reciprocal IVF", "we're going through IVF": fertility treatment sought
  { re: new RegExp(`(?:\\bI(?:'m| am|'ve been| have been)\\s+|\\b(?:we're|we are|we've been|we have been)\\s+|^${OPENER}(?:been|im)\\s+)(?:currently\\s+|now\\s+|just\\s+)?(?:looking for|looking into|seeing|referred to|(?:told|advised) to (?:look into|try|consider|start))\\s+(?:a\\s+)?(?:fertility\\s+(?:clinic|treatment|specialist)|(?:reciprocal\\s+)?ivf|iui|egg freezing)${END}(?!\\s+(?:costs?|prices?|statistics|success rates|laws?|rules)\\b)(?![^.?!]{0,40}\\bfor\\s+(?:my|her|his|their|a)\\s+(?:sister|brother|friend|daughter|son|mum|mom|cousin|colleague|client|patient)s?\\b)`, 'i'), text: () => 'The user is seeking fertility treatment', kind: 'health' },
  // "I did 18 months in prison for fraud", "I served two years inside", "I spent time in jail"
  { re: /\bI(?:'ve| have)?\s+(?:did|done|served|spent)\s+((?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|some)\s+)?(?:months?|years?|weeks?|time))\s+(?:in\s+(?:prison|jail)|inside)\b/i, text: (m) => `The user served ${clean(m[1]!).toLowerCase()} in prison`, kind: 'identity' },
  // "got done for drink driving", "I was done for shoplifting at 19": a conviction in everyday (British) words
  { re: new RegExp(`(?:\\bI\\s+(?:got|was|have been|'ve been)\\s+|^${OPENER}(?:got|been)\\s+)(?:done|nicked|convicted|prosecuted)\\s+for\\s+(drink[- ]driving|drunk[- ]driving|drug[- ]driving|dui|dwi|shoplifting|theft|fraud|assault|burglary|possession|criminal damage|affray)\\b`, 'i'), text: (m) => `The user was convicted of ${m[1]!.toLowerCase().replace(/^(dui|dwi)$/, (x) => x.toUpperCase()).replace(/-/g, ' ')}`, kind: 'identity' },
  // "I have a criminal record", "I've got a record", "I was convicted of theft"
  { re: /\bI(?:'ve| have)?\s+(?:have|got|'ve got)\s+a\s+(?:criminal\s+record|record(?=\s*(?:[,.;!?]|$)))|\bI\s+was\s+convicted\s+of\s+([\w\s-]{2,30}?)(?=[,.;!?]|\s+(?:in|when|at|back|years?|last)\b|$)/i, text: (m) => m[1] ? `The user was convicted of ${clean(m[1]).toLowerCase()}` : 'The user has a criminal record', kind: 'identity' },
];

const WORK_PROBATION_RE = /\b(?:job|work|employer|role|contract|period|position|manager|boss|company|firm)\b/i;

/** "MS" only in capitals and not a degree or software ("my MS in CS", "MS Teams"); probation at work is a trial period. */
function notOwn(m: RegExpExecArray, clause: string): boolean {
  const after = clause.slice(m.index + m[0].length);
  if (m.slice(1).some((g) => g?.toLowerCase() === 'ms')) {
    return !m.slice(1).includes('MS') || /^\s+(?:in|at|from|degree|program|programme|thesis|course|office|teams|word|excel|paint|sql|access|project|dos)\b/i.test(after);
  }
  return /probation/i.test(m[0]) && WORK_PROBATION_RE.test(clause);
}

function condition(raw: string): string {
  const c = clean(raw).toLowerCase();
  if (c === 'ms') return 'multiple sclerosis';
  const type = /^type ([12])(?: diabetic| diabetes)?$/.exec(c);
  if (type) return `type ${type[1]} diabetes`;
  const adjective: Record<string, string> = { diabetic: 'diabetes', epileptic: 'epilepsy', autistic: 'autism', dyslexic: 'dyslexia' };
  if (adjective[c]) return adjective[c];
  if (/^(?:adhd|ocd|c?ptsd|ibs|hiv|pcos|bpd|cfs|me\/cfs)$/.test(c)) return c.toUpperCase();
  return c.replace(/^crohns?$|^crohn's$/, "Crohn's disease").replace(/^bipolar (ii|i)$/, (_, n: string) => `bipolar ${n.toUpperCase()}`).replace(/^bipolar$/, 'bipolar disorder');
}

function identity(raw: string): string {
  const c = clean(raw);
  if (/^half /i.test(c)) return c.toLowerCase().replace(/\bhalf ([a-z])/g, (_, l: string) => `half ${l.toUpperCase()}`);
  if (/^(?:jewish|muslim|sikh|hindu|jain|parsi|zoroastrian|buddhist|christian|catholic|mormon|quaker)$/i.test(c)) return c[0]!.toUpperCase() + c.slice(1).toLowerCase();
  return c.toLowerCase().replace(/^hiv/, 'HIV');
}

function treatmentVerb(v: string): string {
  const w = v.toLowerCase();
  return w === 'taking' || w === 'on' ? 'on' : w === 'in' ? 'in' : w === 'starting' ? 'starting' : 'going through';
}

/** "a message to my parents telling them I'm gay", "how do I tell my mum I'm bi": coming out, said even inside a task. */
const TELLING_WHO_I_AM_RE = /\b(?:tell|telling|told|come out to|coming out to)\s+(?:my\s+(?:[\w-]+\s+){0,2}?(?:parents|mum|mom|dad|family|friends|boss|grandparents|nan|gran|siblings|brother|sister)|them|him|her|everyone|people)\s+(?:that\s+)?I(?:'m|\s+am)\s+(gay|lesbian|bi|bisexual|trans|transgender|non-binary|nonbinary|queer|pansexual|asexual)\b/i;

/** Coming out in a message or a task: the identity the user tells people, and where its frame starts. */
export function comingOut(text: string): { text: string; at: number } | null {
  const m = TELLING_WHO_I_AM_RE.exec(text);
  return m ? { text: `The user is ${identity(m[1]!)}`, at: m.index } : null;
}

/** Sensitive self-disclosures in one clause: the fact's text, its kind, and where its frame starts (for lead guards). */
export function sensitiveDisclosures(clause: string): { text: string; kind: 'health' | 'identity'; at: number }[] {
  const out: { text: string; kind: 'health' | 'identity'; at: number }[] = [];
  for (const f of FRAMES) {
    const m = f.re.exec(clause);
    if (!m || notOwn(m, clause)) continue;
    const text = f.text(m);
    if (!out.some((o) => o.text === text)) out.push({ text, kind: f.kind, at: m.index });
  }
  return out;
}

/** The user's own words nearest before a term: "I", "I'm", "me", "my". */
const FIRST_PERSON_RE = /\b(?:I(?:'m|'ve|'d)?|me|my|myself)\b/g;
/** Someone else between the user and the term ("my son has autism", "I know a guy with MS"), or the term as a subject of study or work. */
const SOMEONE_ELSE_RE = /\b(?:son|sons|daughter|daughters|mum|mom|mother|dad|father|brother|sister|sibling|wife|husband|partner|boyfriend|girlfriend|fianc\w*|friend|friends|kid|kids|child|children|baby|aunt|uncle|cousin|niece|nephew|grandma|grandpa|gran|nan|grandmother|grandfather|colleague|coworker|boss|neighbou?r|patient|patients|client|clients|student|students|pupil|pupils|guy|woman|man|girl|boy|people|someone|somebody|he|she|they|him|her|them|his|their|its|research\w*|stud(?:y|ied|ying)|writ\w*|read\w*|teach\w*|learn\w*|work\w*|volunteer\w*|support\w*|help\w*|car(?:e|ing)|look\w*|know|knew|met|meet|ask\w*|talk\w*|watch\w*|interview\w*|treat\w*|nurs\w*|manag\w*|fundrais\w*|donat\w*|about)\b|\b(?:not|never|no)\b|n't\b/i;
const SPAN_VERB_RE = /\b(?:is|was|are|were|has|had|have|got|gets|getting|flares?|flared|started|came|comes|put|puts|makes?|made|been|needs?|keeps?|stops?|stopped|returned|refused|approved|rejected|denied|granted|expires?|expired|runs?|ran|means?|meant|left)\b/i;
/** A subjectless state at the start of a chat clause: "Currently in remission from lymphoma", "recovering from anorexia". */
const STATE_START_RE = new RegExp(`^${OPENER}(?:(?:currently|still|now)\\s+)?(?=(?:in remission|recovering from|in recovery|on the spectrum|partially|registered)\\b)`, 'i');
/** Where a stated fact ends after its term: a comma, a conjunction, a new clause or four more words. */
const TAIL_RE = /^(?:\s+(?!(?:and|but|so|or|because|since|which|who|that|when|while|though|although|if|to|for|as|what|how|any|pls|please|lol|haha|I|I'm|I've|I'd|we|we're)\b)[\w'-]+){0,4}/i;

/**
 * The catch-all for a sensitive term the frames above do not know: the user's own clause, put in the third
 * person, when the nearest first-person word before the term is at most six words away and nothing between
 * them names someone else, a negation or the term as a topic ("my doctor put me on blood pressure meds" ->
 * "The user's doctor put them on blood pressure meds"; "my son has autism" gives nothing).
 */
export function sensitiveClause(clause: string): { text: string; at: number } | null {
  const restored = STATE_START_RE.test(clause) ? clause.replace(STATE_START_RE, (m) => `${m}I'm `) : clause;
  const term = sensitiveMatch(restored);
  if (!term) return null;
  const before = restored.slice(0, term.index);
  let marker: RegExpExecArray | null = null;
  FIRST_PERSON_RE.lastIndex = 0;
  for (let m = FIRST_PERSON_RE.exec(before); m; m = FIRST_PERSON_RE.exec(before)) marker = m;
  if (!marker) return null;
  const between = before.slice(marker.index + marker[0].length);
  // "my landlord has a bad back", "my mum's cancer": a "my" owns the word after it, so the term must follow it directly
  if (/^my$/i.test(marker[0]) && /\w/.test(between)) return null;
  if (between.trim().split(/\s+/).filter(Boolean).length > 6 || SOMEONE_ELSE_RE.test(between)) return null;
  const word = restored.slice(term.index, term.end);
  if (/probation/i.test(word) && WORK_PROBATION_RE.test(restored)) return null;
  // taking part in an election says nothing of one's politics
  if (/^(?:vote[ds]?|voting|political|politics)$/i.test(word)) return null;
  const after = restored.slice(term.end);
  if (new RegExp(`^${NOT_OWN}`, 'i').test(after) === false) return null;
  const tail = TAIL_RE.exec(after)?.[0] ?? '';
  // the subject: the clause from its "my" ("my asylum claim was refused") or from the "I"
  const myAt = /^(?:(?:since|after|before|with|and|but|so|because)\s+)?my\b/i.exec(restored);
  const fromMy = Boolean(myAt && myAt[0].length <= marker.index + marker[0].length);
  // "remind me how visas work", "help me plan a church wedding": the user as an object is no subject
  if (!fromMy && /^(?:me|myself|my)$/i.test(marker[0])) return null;
  const start = fromMy ? myAt!.index + myAt![0].length - 2 : marker.index;
  const span = clean(restored.slice(start, term.end) + tail).replace(/[,;:.!?]+$/, '').replace(/(?:\s+(?:in|on|at|of|with|the|a|an|my|from|by))+$/i, '');
  // "my asylum claim was refused" says something; "my sober october challenge" only names a thing
  if (fromMy && !SPAN_VERB_RE.test(span)) return term.category === 'health' ? { text: `The user mentioned ${toThirdPerson(span)}`, at: start } : null;
  return { text: `The user${subjectToThird(span)}`, at: start };
}

function subjectToThird(span: string): string {
  const m = /^(my|I'm|I am|I've|I have|I was|I)\s+([\w'-]+)(.*)$/i.exec(span);
  if (!m) return ` ${toThirdPerson(span)}`;
  const [, subj, verb, rest] = m;
  const s = subj!.toLowerCase();
  if (s === 'my') return `'s ${toThirdPerson(`${verb}${rest}`)}`;
  const head = s === "i'm" || s === 'i am' ? 'is' : s === "i've" || s === 'i have' ? 'has' : s === 'i was' ? 'was' : '';
  if (head) return ` ${head} ${toThirdPerson(`${verb}${rest}`)}`;
  return /^(?:can't|can|cannot|will|won't|would|could|should|must|did|didn't|do|don't|got|had|went|took|made|came|left|spent|became|found|lost|\w+ed)$/i.test(verb!) ? ` ${toThirdPerson(`${verb}${rest}`)}` : ` ${thirdSingular(verb!.toLowerCase())}${toThirdPerson(rest!)}`;
}
