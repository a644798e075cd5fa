/**
 * Everyday self-disclosure found on the fifth held-out set (issue 20), each a general shape rather than a
 * wording: a language named with how well it is kept up ("my French has gotten really rusty"), a home of some
 * years ("I've lived in Toronto for ten years"), a visa ("I'm on an H-1B visa"), leaving a line of work
 * ("I'm leaving accounting for good"), training for a new one ("I start culinary school to become a pastry
 * chef"), "as a gay man, ..." opening a question, and a household given as a count in answer to the assistant
 * ("How many are you cooking for?" -> "four, two adults and two kids"). Every regular expression is anchored or
 * bounded, with no nested quantifiers (linear in the input).
 */
import { ADV } from './vocabulary.js';
import { clean } from './text.js';
import { ROLE_NOUNS } from './event-patterns.js';
import type { Hit, Pattern } from './patterns.js';

export const HUMAN_LANGS = 'English|Spanish|French|German|Italian|Portuguese|Dutch|Polish|Swedish|Norwegian|Danish|Finnish|Greek|Turkish|Russian|Ukrainian|Arabic|Hebrew|Hindi|Bengali|Urdu|Punjabi|Tamil|Persian|Farsi|Chinese|Mandarin|Cantonese|Japanese|Korean|Vietnamese|Thai|Indonesian|Malay|Tagalog|Swahili|Czech|Romanian|Hungarian|Catalan|Irish|Welsh|Icelandic|Serbian|Croatian|Bulgarian|Slovak';

function simple(sg: string, conf: number, kind: string, end: number): Hit {
  const s = clean(sg);
  return { sg: s, pl: s, conf, kind, end };
}

const LEVELS = 'not (?:so |very |that |too )?(?:good|great|perfect|fluent)|not perfect|far from perfect|rusty|basic|decent|okay|ok|good|fluent|conversational|passable|weak|poor|limited|shaky|terrible|bad|not bad|solid|native|pretty good|very good|intermediate|beginner level|elementary|awful|embarrassing|dreadful|rubbish|hopeless|patchy|not great|improving|getting better';
const LANG_LEVEL_RE = new RegExp(`\\bmy\\s+(${HUMAN_LANGS})\\s+(?:is|'s|has gotten|has got|has become|got|became|is getting|has been getting|was always|has always been)\\s+(?:still\\s+|honestly\\s+)?(?:(?:really|pretty|quite|a bit|a little|very|super|kinda|kind of|so|a lot|way)\\s+)?(${LEVELS})\\b`, 'i');

/** "English is not my first language", "sorry for my bad english": how to word answers for this user. */
const NOT_FIRST_LANGUAGE_RE = /\benglish\s+(?:is\s*n[o']t|isn't|is not)\s+my\s+(?:first|native|mother)\s+(?:language|tongue)\b|\bsorry\s+(?:for|about)\s+my\s+(?:bad|poor|broken|terrible|weak|not (?:so |very )?good)\s+english\b/i;

/** "my French has gotten really rusty", "my spanish is pretty basic" -> "The user speaks French (rusty)". */
export function languageLevelFinding(clause: string): { text: string; conf: number } | null {
  if (NOT_FIRST_LANGUAGE_RE.test(clause)) return { text: 'The user is a non-native English speaker', conf: 0.7 };
  const m = LANG_LEVEL_RE.exec(clause);
  if (!m) return null;
  const lang = m[1]![0]!.toUpperCase() + m[1]!.slice(1).toLowerCase();
  return { text: `The user speaks ${lang} (${m[2]!.toLowerCase()})`, conf: 0.7 };
}

const PERSON_NOUNS = 'man|woman|guy|gal|girl|boy|person|mum|mom|mother|dad|father|parent|wife|husband|immigrant|expat|refugee|student|retiree|pensioner|veteran|couple|family';
/** What a person does or is, named by the doer ("As a left-handed guitarist, ...", "as a night owl, ..."). */
const AGENT_NOUNS = 'guitarist|bassist|pianist|drummer|violinist|cellist|singer|runner|cyclist|climber|boulderer|swimmer|golfer|gamer|knitter|baker|home cook|gardener|hiker|skier|snowboarder|surfer|birdwatcher|beekeeper|homeowner|renter|first-time buyer|landlord|business owner|founder|dog owner|cat owner|pet owner|vegan|vegetarian|pescatarian|smoker|non-smoker|introvert|extrovert|night owl|early riser|morning person|left-hander';
/** "as a gay man travelling with my husband, ...", "As a single mom, what ...": who the user is, opening the sentence. */
// "as a nurse on nights, what ...": a role too, with the shift it is worked on
const AS_PERSON_RE = new RegExp(`^(?:(?:and|but|so|well|yes|yeah|oh|also|hi|hey)[\\s,]+)*as\\s+(an?)\\s+((?:[\\w-]+\\s+){0,2}?(?:${PERSON_NOUNS}|${ROLE_NOUNS}|${AGENT_NOUNS})(?:\\s+(?:on|working)\\s+(?:nights|days|night shifts?|the night shift|earlies|lates))?)\\b(?!\\s+(?:of|who|that|whose|would|might|could|should|does|do)\\b)`, 'i');
const AS_NOT_RE = /^(?:young|little|small|kid|child|teenager|teen|boy|girl|baby)\b/i;

/** "As a chef, how would you plate this?": the assistant asked to take the role, not the user's own. */
const AS_YOU_RE = /^\W*as\s+an?\s+[^,.?!]{1,50},\s*(?:(?:(?:how|what|which|why|when|where|who)\s+)?(?:would|could|can|do|did|will|should|are|were|have|what's)\s+(?:you|u)\b|(?:you|u)(?:'d|'re|'ve|\s))/i;

export function asPersonFinding(clause: string, sentence = clause): { text: string; conf: number } | null {
  const m = AS_PERSON_RE.exec(clause.trim());
  if (!m || AS_NOT_RE.test(m[2]!) || AS_YOU_RE.test(sentence)) return null;
  return { text: `The user is ${m[1]!.toLowerCase()} ${clean(m[2]!.toLowerCase())}`, conf: 0.7 };
}

/** Fields a person leaves: "leaving accounting", "quitting teaching". */
const FIELD_LEFT = '(accounting|teaching|nursing|law|medicine|finance|banking|consulting|retail|hospitality|marketing|sales|journalism|academia|engineering|tech|IT|HR|insurance|real estate|construction|publishing|advertising|social work|the military|the army|the navy|the police|the force)';
const LEAVE_RE = new RegExp(`^I(?:'m| am)?\\s+(${ADV})(?:leaving|quitting|left|quit|walked away from|am done with|'m done with)\\s+${FIELD_LEFT}(?=[\\s,.;!]|$)`, 'i');
/** "I start culinary school to become a pastry chef", "I'm retraining to become an electrician". */
const BECOME_RE = new RegExp(`^I(?:'m| am|'ll| will)?\\s+(${ADV})(?:start|starting|started|begin|beginning|began|go|going|went|enrol|enroll|enrolled|enrolling|studying|study|training|retraining|doing|taking|in)\\b[^,.;!?]{0,60}?\\bto\\s+(?:become|be|qualify as|train as)\\s+(an?\\s+(?:[\\w-]+\\s+){0,2}?(?:[\\w-]+(?:er|or|ist|ian|ant|ent|ef)|nurse|medic|vet|cook|chef|midwife|pilot|doctor))\\b`, 'i');
/** A home of some years, still held ("I've lived in Toronto for ten years"), not one left ("... before", "as a kid"). */
const LIVED_RE = new RegExp(`^I(?:'ve| have)\\s+(${ADV})(?:lived|been living|been based)\\s+in\\s+(\\p{Lu}[\\p{L}'-]*(?:\\s+\\p{Lu}[\\p{L}'-]*){0,2})`, 'u');
const LIVED_PAST_RE = /^[^,.;!?]{0,40}?\b(?:before|in the past|until|till|back then|as a (?:kid|child|student|teen)|when I was|years ago|ago|once|at one point|previously|briefly|for a (?:year|semester|summer|month|bit|few months))\b/i;
const VISA_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:here\\s+)?on\\s+(an?\\s+(?:[\\w-]+\\s+){0,5}?(?:visa|work permit|residence permit|green card))\\b`, 'i');

/** Leaving paid work to stay at home: "I'm going to be a stay-at-home dad" (a job ended is life-patterns' JOB_ENDED_RE). */
const STAY_HOME_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:going to be|gonna be|becoming|now)\\s+an?\\s+(stay[- ]at[- ]home\\s+(?:dad|mum|mom|parent))\\b`, 'i');

export const everydayPatterns: Pattern[] = [
  (r) => {
    const m = STAY_HOME_RE.exec(r);
    return m ? simple(`is going to be a ${m[2]!.toLowerCase().replace(/\s+/g, ' ')}`, 0.7, 'change', m.index + m[0].length) : null;
  },
  (r) => {
    const m = LEAVE_RE.exec(r);
    return m ? simple(`no longer works in ${m[2]!}`, 0.7, 'change', m.index + m[0].length) : null;
  },
  (r) => {
    const m = BECOME_RE.exec(r);
    if (!m) return null;
    return simple(`is training to become ${m[2]!.toLowerCase()}`, 0.7, 'goal', m.index + m[0].length);
  },
  (r) => {
    const m = LIVED_RE.exec(r);
    if (!m || LIVED_PAST_RE.test(r.slice(m.index + m[0].length, m.index + m[0].length + 60))) return null;
    return simple(`lives in ${m[2]!}`, 0.75, 'place', m.index + m[0].length);
  },
  (r) => {
    const m = VISA_RE.exec(r);
    return m ? simple(`is on ${m[2]!.replace(/^(an?)\s+/i, (a) => a.toLowerCase())}`, 0.75, 'state', m.index + m[0].length) : null;
  },
];

const NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const NUMBER = '(one|two|three|four|five|six|seven|eight|nine|ten|[1-9]|10)';
/** A question about the household: how many the user cooks, shops or plans meals for, or lives with. */
const HOUSEHOLD_Q_RE = /\bhow many\b[^?]{0,60}?\b(?:(?:cooking|shopping|feeding|buying|meal[- ]?prepping|meal planning|planning meals|making (?:dinner|meals|food)|grocery shopping)\s+for|in (?:your|the) (?:household|family|house|home)|live with you|(?:at|in) home|mouths)\b/i;
const NOT_HOUSEHOLD_Q_RE = /\b(?:party|guests?|event|wedding|celebration|bbq|barbecue|picnic|potluck|tonight|this (?:weekend|time)|attend|coming)\b/i;
const COUNT_HEAD_RE = new RegExp(`^(?:(?:just|only|about|around|usually|normally|we're|we are|it's|its|there's|there are)\\s+)?${NUMBER}\\b`, 'i');
const KIDS_RE = new RegExp(`\\b${NUMBER}\\s+(?:little\\s+|young\\s+)?(kids|children|boys|girls|teens|teenagers|toddlers)\\b`, 'i');

/** "How many people are you cooking for?" -> "four, two adults and two kids": the household and its children. */
export function householdCountFindings(question: string, reply: string): { text: string; conf: number }[] {
  if (!HOUSEHOLD_Q_RE.test(question) || NOT_HOUSEHOLD_Q_RE.test(question) || reply.length > 300) return [];
  const r = reply.trim();
  const head = COUNT_HEAD_RE.exec(r);
  if (!head) return [];
  const n = NUMBERS[head[1]!.toLowerCase()] ?? Number(head[1]);
  if (!(n >= 1 && n <= 12)) return [];
  const out = [{ text: n === 1 ? 'The user lives alone' : `The user's household is ${n} people`, conf: 0.6 }];
  const kids = KIDS_RE.exec(r.slice(head[0].length));
  if (kids) {
    const k = kids[2]!.toLowerCase();
    out.push({ text: `The user has ${kids[1]!.toLowerCase()} ${k === 'boys' ? 'sons' : k === 'girls' ? 'daughters' : k}`, conf: 0.6 });
  }
  return out;
}
