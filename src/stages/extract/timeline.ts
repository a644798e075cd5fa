/**
 * Changes over time said without the shapes the first-person patterns know, found on the eighth held-out set,
 * each a general frame rather than a wording:
 * - a pet or person named at the start of a sentence who died ("Nibbles died on sunday"),
 * - a pet given up ("we had to rehome Max", "I gave away our cat"),
 * - a breakup with a named partner ("Jess and I broke up", "me and Sam split up", "we broke up"),
 * - a diet or an activity over ("keto's done", "I'm done with running"),
 * - a switch decided by someone else ("my GP switched me from citalopram to sertraline"),
 * - a job shown by its first stint or announced as news ("first week as a paramedic done", "new job!! admin
 *   assistant at a law firm"),
 * - a food eaten again ("I'm eating fish again now", which ends a diet that excluded it), a pet got and named
 *   ("we got a bearded dragon instead, called Pickle"),
 * - a home settled in ("settled in Canton now", "we're all settled in Lyon"),
 * - a birth ("I had the baby", "my wife delivered our first baby, a girl", "baby Isla born on tuesday"), which ends a pregnancy,
 * - a couple described by orientation ("as a gay couple, ..."), read in questions too (what the user is, said on the way).
 * Each returns what the merge retires on or supersedes with. Every regular expression is anchored or bounded,
 * with no nested quantifiers (linear in the input).
 */
import { stopped } from './life-patterns.js';
import { ROLE_NOUNS } from './event-patterns.js';
import { clean } from './text.js';
import { LEAD_GUARD_RE } from './vocabulary.js';

export interface TimelineFinding {
  text: string;
  conf: number;
  kind: string;
  sentence: string;
}

const NOT_NAMES = /^(?:I|He|She|It|They|We|You|This|That|Everyone|Everybody|Nobody|Someone|Somebody|He's|She's|Who|What|Which|And|But|So|Then|Today|Yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;
const LEAD = '(?:(?:so|sadly|well|ugh|update|news|anyway|ok|okay|yeah|welp)[\\s,:!-]+)*';
const NAMED_DIED_RE = new RegExp(`^${LEAD}(\\p{L}[\\p{Ll}'-]+)\\s+(?:(?:just|sadly|finally|recently|unexpectedly)\\s+)?(?:passed away|passed on|died|was put down|had to be put down|crossed the rainbow bridge)\\b`, 'u');
/** Who died named by a noun rather than a name ("grandad passed away", "dog died"). */
const KIN_OR_PET_RE = /^(?:mum|mom|mother|dad|father|nan|nana|gran|granny|grandma|grandad|granddad|grandpa|grandmother|grandfather|uncle|aunt|auntie|aunty|husband|wife|partner|brother|sister|cousin|friend|dog|cat|puppy|kitten|rabbit|hamster|horse|pony|parrot|budgie|tortoise)$/i;
/** Things that die too ("phone died", "battery died"): no one the user lost. */
const THING_RE = /^(?:phone|battery|laptop|computer|pc|tv|car|engine|printer|router|wifi|internet|charger|headphones|boiler|fridge|plant|plants|basil|conversation|chat|server|mac|iphone|ipad|kindle|console|controller)$/i;
const PETS = '(?:dog|cat|puppy|kitten|rabbit|bunny|hamster|guinea pig|parrot|budgie|bird|horse|pony|tortoise|snake|lizard|ferret|pet)';
const REHOME_RE = new RegExp(`\\b(?:I|we)(?:'ve|\\s+have|\\s+had|'d)?\\s+(?:(?:just|finally|sadly|recently)\\s+)?(?:(?:had|decided|have|needed)\\s+to\\s+)?(?:rehome|rehomed|re-home|re-homed|give away|gave away|given away|find a new home for|found a new home for)\\s+(?:(?:our|my)\\s+)?(?:(?:old|sweet|little)\\s+)?(?:(${PETS})(?:\\s+|\\b))?(\\p{Lu}[\\p{Ll}'-]+)?`, 'iu');
const PARTNER_SPLIT_RE = /^(?:(?:so|well|welp|update|anyway|ugh|sadly|yeah|also|and|oh|btw|fyi|news|plus|ok|okay|right|big|some|sad|bad|quick|guess what|(?:a\s+)?(?:bit of an?|quick|small|big|sad|life)\s+(?:update|news))[\s,:!-]+)*(?:(?:(?!(?:he|she|it|they|you|work|life|mum|mom|dad)\s)\p{L}[\p{Ll}'-]+\s+and\s+I|me\s+and\s+\p{Lu}[\p{Ll}'-]+|we)\s+(?:have\s+|'ve\s+)?(?:just\s+|finally\s+|officially\s+)?(?:broke up|broken up|split up|split|separated|called it quits|ended things)|I\s+(?:just\s+|finally\s+)?(?:broke up|split up)\s+with\s+\p{Lu}[\p{Ll}'-]+)\b/u;
/** "I've started seeing someone, Aisha", "I'm dating a guy called Tom now", "seeing someone new, his name's Dan": a new partner (not "seeing a therapist"). */
const SEEING_RE = /\bI(?:'ve|\s+have|'m|\s+am)?\s+(?:just\s+|recently\s+|finally\s+|now\s+)?(?:started\s+|been\s+|begun\s+)?(?:seeing|dating)\s+(?:someone|somebody|a\s+(?:guy|girl|man|woman|lad|lass))(?:\s+new)?(?:(?:\s+(?:called|named)\s+|,\s*(?:(?:his|her|their)\s+name(?:'s|\s+is)\s+)?)(\p{Lu}[\p{Ll}'-]+)\b)?/u;
const DIET_OVER_RE = /^(?:(?:ok|okay|so|well|update|yeah|anyway)[\s,:!-]+)*(?:(keto|paleo|whole30|atkins|low[- ]carb|intermittent fasting|the diet|my diet|slimming world|weight watchers)(?:'s|\s+is)\s+(?:officially\s+)?(?:done|over|finished)|I(?:'m| am)\s+(?:officially\s+)?(?:done|finished)\s+with\s+(keto|paleo|whole30|atkins|low[- ]carb|intermittent fasting|\w+ing))\b/i;
const SWITCHED_ME_RE = /\b(?:my\s+)?(?:GP|doctor|doc|psychiatrist|consultant|nurse|specialist|dentist|vet|they|she|he)\s+(?:just\s+|recently\s+)?(?:switched|changed|moved|swapped)\s+me\s+(?:over\s+)?from\s+([\w-]+(?:\s+[\w-]+)?)\s+to\s+([\w-]+(?:\s+[\w-]+)?)(?=\s+(?:last|this|a|two|three|recently|in|for|because|since|after|and|but|so|now|on|earlier|yesterday)\b|[,.;:!?)]|$)/i;
const ROLE = `((?:[\\w-]+\\s+){0,2}?(?:${ROLE_NOUNS}|assistant|receptionist|clerk|administrator|coordinator|officer|agent|apprentice|trainee|specialist|advisor|adviser|executive|associate))`;
const FIRST_STINT_RE = new RegExp(`\\bfirst\\s+(?:day|week|month|shift|night|year|job|proper job|real job|role)\\s+as\\s+(?:an?\\s+)?${ROLE}\\b`, 'i');
const NEW_JOB_RE = new RegExp(`^(?:(?:so|update|news|big news|guess what)[\\s,:!-]+)*(?:(?:got\\s+a\\s+)?new\\s+job|got\\s+the\\s+job)[\\s!.:,\\u2013\\u2014-]+(?:I'm\\s+(?:now\\s+)?|as\\s+)?(?:an?\\s+)?${ROLE}(?:\\s+(?:at|with|for)\\s+((?:an?\\s+|the\\s+)?[\\w&'.-]+(?:\\s+[\\w&'.-]+){0,2}?))?(?=\\s+(?:in|on|from|starting|and|but|so|since|for)\\b|[,.;:!?]|$)`, 'iu');
const SETTLED_RE = /(?:^|[,;]\s*)(?:(?:and|so|now|finally|anyway)\s+)*(?:(?:I'm|I am|we're|we are|I've|we've|I have|we have)\s+(?:now\s+|finally\s+|all\s+)*(?:got\s+|gotten\s+|been\s+)?)?settled\s+in(?:to)?\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)(?=\s+(?:now|at last|finally|nicely|and|but|so)\b|[,.;:!?]|$)/u;
const EATING_AGAIN_RE = /\bI(?:'m| am)\s+(?:now\s+)?eating\s+(meat|red meat|chicken|beef|pork|lamb|fish|seafood|salmon|eggs|dairy|cheese|carbs|bread|gluten|sugar)\s+again\b/i;
/** "drinking again, few pints most nights", "I've started drinking again", "fell off the wagon": drinking after a time sober (not a diet's wagon). */
const DRINKING_AGAIN_RE = /(?:\bI(?:'m| am|'ve been| have been|'ve| have)?\s+(?:now\s+|started\s+|begun\s+)*|(?:^|[,;]\s*)(?:(?:so|and|but|yeah|well|honestly|tbh|ok|now)[\s,]+)*(?:started\s+)?)(?:drinking\s+again\b|fell\s+off\s+the\s+wagon\b(?!\s+(?:with|on)\b))/i;
/** "3 months smoke free today", "I'm a year smoke-free": the user no longer smokes. */
const SMOKE_FREE_RE = /(?:\bI(?:'m| am|'ve been| have been)\s+|^(?:(?:so|and|now|officially|finally|update|news)[\s,:!-]+)*)(?:now\s+|officially\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a)\s+(?:days?|weeks?|months?|years?)\s+(?:smoke[- ]free|nicotine[- ]free|off (?:the )?(?:cigs|cigarettes|fags))\b/i;
const NAMED_PET_RE = /\b(?:I|we)(?:'ve|\s+have)?\s+(?:just\s+|finally\s+)?(?:got|adopted|rescued|bought|brought home)\s+(an?\s+(?:[\w-]+\s+){0,2}?[\w-]+)(?:\s+(?:instead|too|as well|now|yesterday|today|(?:last|this)\s+(?:week|month|weekend|year)))?,?\s+(?:called|named)\s+(\p{Lu}[\p{Ll}'-]+)/u;
const COUPLE_RE = /\b(?:as|we're|we are|being)\s+an?\s+(gay|lesbian|queer|same-sex)\s+couple\b/i;
/** "my partner and I are both women", "we're both guys": a same-sex couple said by who they are. */
const BOTH_SAME_RE = /\b(?:my\s+(?:partner|wife|husband|girlfriend|boyfriend|fianc\w*)\s+and\s+I\s+are|we(?:'re|\s+are))\s+both\s+(?:women|men|girls|guys|lads|blokes|female|male)\b/i;

/** A birth in the user's family, said by the mother or her partner. */
const BIRTH_RE = /\b(?:(?:I|we)(?:'ve|\s+have)?\s+(?:just\s+|finally\s+)?(?:had|welcomed)\s+(?:the|a|our)\s+(?:(?:first|second|third|new)\s+)?(?:baby|little one)\b|(?:I|[Mm]y\s+(?:wife|partner|girlfriend))\s+(?:has\s+|have\s+)?(?:just\s+|finally\s+)?(?:gave birth|given birth|delivered)\b|(?:^|\s)baby\s+\p{Lu}[\p{Ll}'-]+\s+(?:was\s+|is\s+)?born\b|\b(?:[Oo]ur|[Mm]y)\s+(?:(?:first|second|new)\s+)?(?:baby|son|daughter|little (?:boy|girl))\s+(?:\p{Lu}[\p{Ll}'-]+\s+)?(?:(?:was|is)\s+(?:finally\s+)?born|(?:has\s+)?(?:finally\s+)?arrived(?!\s+(?:home|back|at|in|from|to|safely|late|early)\b))\b)/u;
const BABY_NAME_RE = /\b(?:(?:called|named)\s+(?:her|him\s+)?|named\s+(?:her|him)\s+|baby\s+|(?:daughter|son)\s+)(\p{Lu}[\p{Ll}'-]+)\b/u;
const BABY_SEX_RE = /\b(?:an?|baby|little|our|my)\s+(girl|boy)\b|\b(daughter|son)\b/i;

/** "The user had a baby girl named Isla" from a sentence announcing a birth; null for any other. */
function birthFinding(sentence: string): string | null {
  const b = BIRTH_RE.exec(sentence);
  if (!b || guarded(sentence, b.index)) return null;
  const name = BABY_NAME_RE.exec(sentence)?.[1];
  const sex = BABY_SEX_RE.exec(sentence);
  const kind = sex ? (sex[1] ?? (sex[2]!.toLowerCase() === 'daughter' ? 'girl' : 'boy')).toLowerCase() : '';
  return `The user had a baby${kind ? ` ${kind}` : ''}${name && !NOT_NAMES.test(name) ? ` named ${name}` : ''}`;
}

function guarded(sentence: string, at: number): boolean {
  return LEAD_GUARD_RE.test(sentence.slice(0, Math.max(0, at)));
}

/**
 * What the timeline frames find in one sentence (questions give only the couple); `next` is the sentence after,
 * read only after a bare "new job!!".
 */
export function timelineFindings(sentence: string, next = ''): TimelineFinding[] {
  const out: TimelineFinding[] = [];
  const add = (text: string, conf: number, kind: string): void => void out.push({ text, conf, kind, sentence });
  const couple = COUPLE_RE.exec(sentence);
  if (couple && !guarded(sentence, couple.index)) add(`The user is in a ${couple[1]!.toLowerCase()} couple`, 0.75, 'identity');
  const both = BOTH_SAME_RE.exec(sentence);
  if (both && !guarded(sentence, both.index)) add('The user is in a same-sex couple', 0.75, 'identity');
  if (/\?\s*$/.test(sentence) && !/[.!]\s/.test(sentence)) return out;
  const birth = birthFinding(sentence);
  if (birth) add(birth, 0.75, 'change');
  const died = NAMED_DIED_RE.exec(sentence);
  // a name typed in lower case is capitalised ("mochi passed away"); a pet or a relative keeps its noun ("grandad died")
  const dead = died?.[1]!.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
  if (died && dead && !NOT_NAMES.test(dead) && !THING_RE.test(dead)) add(`The user's ${KIN_OR_PET_RE.test(died[1]!) ? died[1]! : dead} died`, 0.7, 'change');
  const rehome = REHOME_RE.exec(sentence);
  // /iu folds \p{Lu}: the name's capital is checked here ("gave away my rabbit last month" names no one)
  const name = rehome?.[2] && /^\p{Lu}/u.test(rehome[2]) ? rehome[2] : undefined;
  if (rehome && (rehome[1] || name) && !guarded(sentence, rehome.index)) {
    add(`The user no longer has ${name ?? `a ${rehome[1]!.toLowerCase()}`}`, 0.7, 'change');
  }
  const split = PARTNER_SPLIT_RE.exec(sentence);
  if (split) add('The user is no longer with their partner', 0.75, 'change');
  const seeing = SEEING_RE.exec(sentence);
  if (seeing && !guarded(sentence, seeing.index)) add(`The user is seeing someone${seeing[1] && !NOT_NAMES.test(seeing[1]) ? ` named ${seeing[1]}` : ''}`, 0.7, 'relation');
  const over = DIET_OVER_RE.exec(sentence);
  const ended = over ? stopped((over[1] ?? over[2])!.replace(/^(?:the|my)\s+diet$/i, 'dieting')) : undefined;
  if (ended) add(`The user ${ended}`, 0.7, 'change');
  const settled = SETTLED_RE.exec(sentence);
  if (settled && !guarded(sentence, settled.index)) add(`The user lives in ${settled[1]!}`, 0.75, 'place');
  const again = EATING_AGAIN_RE.exec(sentence);
  if (again && !guarded(sentence, again.index)) add(`The user is eating ${again[1]!.toLowerCase()} again`, 0.75, 'change');
  const smokeFree = SMOKE_FREE_RE.exec(sentence);
  if (smokeFree && !guarded(sentence, smokeFree.index)) add('The user no longer smokes', 0.75, 'change');
  const drinking = DRINKING_AGAIN_RE.exec(sentence);
  if (drinking && !guarded(sentence, drinking.index)) add('The user is drinking again after a time sober', 0.7, 'change');
  const pet = NAMED_PET_RE.exec(sentence);
  if (pet && !guarded(sentence, pet.index)) add(`The user has ${pet[1]!.toLowerCase()} named ${pet[2]!}`, 0.7, 'possession');
  const sw = SWITCHED_ME_RE.exec(sentence);
  if (sw && !guarded(sentence, sw.index)) add(`The user switched from ${sw[1]!} to ${sw[2]!}`, 0.75, 'change');
  const news = /^\W*(?:(?:got\s+a\s+)?new\s+job|got\s+the\s+job)\W*$/i.test(sentence) ? `${sentence.trim()} ${next}` : sentence.trim();
  // "my first job as a barista was awful" is a past job, not this one
  const stint = FIRST_STINT_RE.exec(sentence);
  const job = NEW_JOB_RE.exec(news) ?? (stint && !/^\s*(?:was|were|is long|back in|years? ago|ages ago|decades? ago|in (?:19|20)\d\d)\b/i.test(sentence.slice(stint.index + stint[0].length)) ? stint : null);
  if (job && !guarded(sentence, job.index)) {
    const role = clean(job[1]!.toLowerCase());
    add(`The user works as ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}${job[2] ? ` at ${job[2].replace(/[.']+$/, '')}` : ''}`, 0.7, 'work');
  }
  return out;
}

/**
 * The diet a stated condition imposes, as an ordinary fact: the diagnosis stays sensitive and withheld, while a
 * meal request can still use what the user must eat ("I'm coeliac" -> "eats gluten-free", as "allergic to
 * peanuts" is used today). Only conditions whose diet is unambiguous; null for any other text or a negation.
 */
export function dietFromCondition(text: string): string | null {
  if (/\b(?:not|no longer|never|no)\b|n't\b/i.test(text)) return null;
  if (/\b(?:coeliac|celiac)\b/i.test(text)) return 'The user eats gluten-free';
  if (/\bdiabet\w*/i.test(text) && !/\b(?:gestational|pre-?diabet\w*)\b/i.test(text)) return 'The user keeps their meals low in sugar and counts carbs';
  return null;
}
