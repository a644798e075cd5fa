/**
 * The steps of `remember` after extraction: the evidence and sensitive checks, and the merge of new attributes
 * into a user's stored profile (new, reinforced, or superseding an older one), each change an event.
 */
import type { Embedder } from '../embed/embedder.js';
import { cosine, embedUnique } from '../embed/embedder.js';
import type { Attribute, Conversation } from '../model/index.js';
import { combinedConfidence, predicateText } from '../stages/extract/merge.js';
import { extractFromText, sensitiveCategory, type SensitiveCategory } from '../stages/extract/offline.js';
import type { MemoryScope, MemoryStore, StoredMemoryAttribute } from '../store/memory-store.js';
import type { RememberChange } from './attune.js';

/** Extracted but not kept, with why. */
export type Dropped = { text: string; reason: string }[];

/**
 * Keeps evidence that points at existing turns of this conversation; an attribute left with none is dropped.
 * A sensitive attribute is kept only when one of its evidence turns is the user's own and states the category
 * outright (the offline extractor's self-statement test finds it there).
 */
export function checkEvidence(attrs: readonly Attribute[], c: Conversation, dropped: Dropped): (Attribute & { sensitive?: SensitiveCategory })[] {
  const turns = new Map(c.turns.map((t) => [t.index, t]));
  const out: (Attribute & { sensitive?: SensitiveCategory })[] = [];
  const seen = new Set<string>();
  for (const a of attrs) {
    const evidence = (a.evidence ?? []).filter((e) => e.conversationId === c.id && turns.has(e.turnIndex));
    if (evidence.length === 0) {
      dropped.push({ text: a.text, reason: 'no evidence turn in this conversation' });
      continue;
    }
    const category = sensitiveCategory(a.text);
    if (category) {
      const stated = evidence.some((e) => {
        const t = turns.get(e.turnIndex)!;
        return t.role === 'user' && extractFromText(t.text).findings.some((f) => f.sensitive === category);
      });
      if (!stated) {
        dropped.push({ text: a.text, reason: `sensitive (${category}) but not stated by the user about themselves` });
        continue;
      }
    }
    const key = a.text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...a, evidence, ...(category ? { sensitive: category } : {}) });
  }
  return out;
}

const NEGATION_RE = /\b(?:not|no longer|never|doesn't|does not|don't|isn't|is not|stopped|quit|gave up|used to|anymore|any more)\b/i;

/** Words that say nothing about which fact a negation is about ("The user no longer follows a keto diet" is about keto). */
const GENERIC = new Set(
  ('user users is am are was were be been being a an the to of in on at for with and or but his her their my has have had do does did doing done '
    + 'follow follows following eat eats eating start starts started again now anymore any more longer no not never quit stop stops stopped gave give '
    + 'up used diet really very much so just also still lately every day days week weeks month months year years last since ago this that it '
    + 'about around being get gets got go goes going like likes into work works working worked job').split(' '),
);

/** One activity under several names: a marathon is running. */
const SAME_ACTIVITY: Record<string, string> = { marathon: 'run', 'half-marathon': 'run', ultramarathon: 'run', jog: 'run', triathlon: 'run' };

function stem(w: string): string {
  // "accountant" and "accounting" are one line of work; "running" and "runs" one activity
  const s = (w.replace(/(?:ants|ant|ing|ers|er|ed|es|s|e)$/, '') || w).replace(/([bdgmnprt])\1$/, '$1');
  return SAME_ACTIVITY[s] ?? s;
}

/** The distinctive words of a predicate, stemmed ("is not freelancing any more" -> freelanc). */
function keyWords(pred: string): Set<string> {
  return new Set((pred.toLowerCase().match(/[a-z][a-z'-]*/g) ?? []).filter((w) => !GENERIC.has(w) && !w.endsWith("n't") && w.length > 1).map(stem));
}

/** Up to the first clause break: "no longer follows a keto diet, it was too hard" is about the diet. */
function firstClause(pred: string): string {
  return pred.split(/[,;:.!?]|\s(?:because|since|as|so|but|though|although|which|when)\s/i)[0] ?? pred;
}

/**
 * Whether two attributes of opposite polarity are about the same thing, so the newer one retires the older:
 * "is no longer vegetarian" / "is vegetarian", "started running again" / "quit running after knee surgery". The
 * distinctive words of the shorter are all in the longer.
 */
export function contradicts(newText: string, oldText: string): boolean {
  const a = predicateText(newText);
  const b = predicateText(oldText);
  if (breaksDiet(a, b) || givesUpFood(a, b) || switchedAway(a, b) || died(a, b) || finished(a, b) || vehicleGone(a, b) || born(a, b) || relapsed(a, b)) return true;
  if (NEGATION_RE.test(a) === NEGATION_RE.test(b)) return false;
  const ka = keyWords(firstClause(a));
  const kb = keyWords(firstClause(b));
  const [small, big] = ka.size <= kb.size ? [ka, kb] : [kb, ka];
  if (small.size === 0) return false;
  for (const w of small) if (!big.has(w)) return false;
  return true;
}
const MEAT_FREE_RE = /^is (?:(?:now|fully|strict|strictly|mostly|a) )?(vegetarian|vegan|pescatarian)\b/i;
const EATS_RE = /^(?:now |also )?(?:eats|is eating|started eating|has started eating) (?:some |a bit of |a little )?(meat|red meat|chicken|beef|pork|lamb|fish|seafood|salmon|eggs|dairy|cheese)\b/i;

/** Eating what a stored diet excludes ends it: "eats meat" ends "is vegetarian", "eats fish" ends "is vegan". */
function breaksDiet(newPred: string, oldPred: string): boolean {
  const diet = MEAT_FREE_RE.exec(oldPred.trim())?.[1]?.toLowerCase();
  const food = EATS_RE.exec(newPred.trim())?.[1]?.toLowerCase();
  if (!diet || !food) return false;
  if (/^(?:fish|seafood|salmon)$/.test(food)) return diet !== 'pescatarian';
  if (/^(?:eggs|dairy|cheese)$/.test(food)) return diet === 'vegan';
  return true;
}

/** Foods and drinks a family word covers: being off dairy ends the nightly glass of milk. */
const FOOD_FAMILIES: Record<string, RegExp> = {
  dairy: /\b(?:dairy|milk|cheese|yogh?urts?|butter|cream|ice cream|lattes?|cappuccinos?)\b/i,
  meat: /\b(?:meat|beef|pork|chicken|lamb|steaks?|bacon|burgers?|sausages?|ham)\b/i,
  alcohol: /\b(?:alcohol|beers?|wines?|whiske?y|cocktails?|spirits|gin|vodka|rum|booze|drinking)\b/i,
  caffeine: /\b(?:caffeine|coffee|espressos?|lattes?|cappuccinos?|energy drinks?)\b/i,
  coffee: /\b(?:coffee|espressos?|lattes?|cappuccinos?|flat whites?)\b/i,
  gluten: /\b(?:gluten|bread|pasta|wheat|sourdough)\b/i,
  sugar: /\b(?:sugar|sweets|candy|sodas?|desserts?|chocolate)\b/i,
};
const GIVES_UP_FOOD_RE = /^(?:avoids|no longer (?:eats|drinks|has|consumes)|is (?:now )?(\w+)-free|(?:has )?(?:cut out|given up|gave up|quit))\s*(\w+)?/i;

/** "avoids dairy" / "is dairy-free" ends a stored habit of what the family covers ("has a glass of milk before bed"). */
function givesUpFood(newPred: string, oldPred: string): boolean {
  const m = GIVES_UP_FOOD_RE.exec(newPred.trim());
  const family = m ? FOOD_FAMILIES[(m[1] ?? m[2] ?? '').toLowerCase()] : undefined;
  return Boolean(family && family.test(oldPred) && !NEGATION_RE.test(oldPred) && !/\b(?:allerg\w*|intoleran\w*|avoids|free)\b/i.test(oldPred));
}

/** "switched from iPhone to Android" ends what was said of the iPhone. */
function switchedAway(newPred: string, oldPred: string): boolean {
  const m = /^switched from (.+?) to /i.exec(newPred.trim());
  if (!m || NEGATION_RE.test(oldPred) || /^switched\b/i.test(oldPred.trim())) return false;
  const from = keyWords(m[1]!);
  const old = keyWords(oldPred);
  return from.size > 0 && [...from].every((w) => old.has(w));
}

/** A vehicle given up ends the one driven: "no longer has their car" ends "drives a Corsa" (the make does not say "car"). */
function vehicleGone(newPred: string, oldPred: string): boolean {
  const gone = /^no longer (?:has|owns|drives) (?:their|a|an|the) (car|van|motorbike|motorcycle)\b/i.exec(newPred.trim())?.[1]?.toLowerCase();
  if (!gone || NEGATION_RE.test(oldPred)) return false;
  // a vehicle driven for work ("drives a taxi in Leeds") is a job, not the car owned
  if (/\b(?:taxi|cab|bus|lorry|truck|forklift|ambulance|delivery|uber|for work)\b/i.test(oldPred)) return false;
  return gone === 'motorbike' || gone === 'motorcycle' ? /^rides (?:a|an|their) /i.test(oldPred.trim()) : /^drives (?:a|an|their) /i.test(oldPred.trim());
}

/** "cat died" ends "has a cat named Biscuit". */
function died(newPred: string, oldPred: string): boolean {
  // "Biscuit died" (a name) ends "has an old cat named Biscuit"
  const m = /^(\w+(?: pig)?) died$/i.exec(newPred.trim());
  return Boolean(m && new RegExp(`^has (?:a|an) (?:[\\w-]+ ){0,3}?${m[1]}\\b`, 'i').test(oldPred.trim()));
}

/** A birth ends the pregnancy: "had a baby girl named Isla" retires "is 32 weeks pregnant" (not a partner's). */
function born(newPred: string, oldPred: string): boolean {
  return /^had (?:a|the) baby\b/i.test(newPred.trim()) && /^(?:is|was) (?:\d{1,2} weeks |[\w-]+ months |newly |heavily )?pregnant\b/i.test(oldPred.trim());
}

/** Drinking again ends a stored sobriety: "is drinking again" retires "is 2 years sober" (not recovery from gambling). */
function relapsed(newPred: string, oldPred: string): boolean {
  return /^is drinking again\b/i.test(newPred.trim())
    && /\b(?:sober|sobriety|teetotal|in recovery(?! from (?!alcohol|drink))|(?:doesn't|does not|no longer) drinks?|(?:quit|stopped|gave up|given up) (?:drinking|alcohol|booze))\b/i.test(oldPred);
}

/** "completed the half marathon" ends "is training for a half marathon"; "graduated" ends being a student. */
function finished(newPred: string, oldPred: string): boolean {
  const done = /^completed (?:the|their|a|an) (.+)$/i.exec(newPred.trim());
  const aim = /^is (?:training|preparing|signed up|registered) for (?:the|their|a|an) (.+?)(?: in \w+| on \w+| next \w+| this \w+)?$/i.exec(oldPred.trim());
  if (done && aim) {
    const d = keyWords(done[1]!);
    const o = keyWords(aim[1]!);
    return d.size > 0 && d.size === o.size && [...d].every((w) => o.has(w));
  }
  return /^graduated\b/i.test(newPred.trim()) && /^(?:is an? (?:[\w-]+ ){0,3}?student\b|is studying\b|studies\b|is at (?:uni|university|college)\b)/i.test(oldPred.trim());
}

/** Job nouns: "is a freelance photographer" and "works as a photo editor" fill the same slot. */
const OCCUPATIONS = [
  'accountant', 'analyst', 'architect', 'artist', 'baker', 'barista', 'bartender', 'carpenter', 'cashier', 'chef', 'cleaner', 'coach', 'consultant',
  'clerk', 'cook', 'pm', 'head of [\\w-]+', 'founder', 'cto', 'ceo', 'dentist', 'designer', 'dev', 'developer', 'director', 'intern', 'apprentice', 'officer', 'supervisor', 'coordinator', 'administrator', 'doctor', 'driver', 'economist', 'editor', 'electrician', 'engineer', 'farmer', 'firefighter',
  'journalist', 'lawyer', 'lecturer', 'librarian', 'manager', 'mechanic', 'musician', 'nurse', 'paralegal', 'paramedic', 'pharmacist',
  'photographer', 'physician', 'physiotherapist', 'pilot', 'plumber', 'professor', 'programmer', 'receptionist', 'researcher', 'salesperson',
  'scientist', 'surgeon', 'teacher', 'technician', 'therapist', 'translator', 'tutor', 'veterinarian', 'waiter', 'waitress', 'writer',
].join('|');

/**
 * Leaving paid work fills the job slot too: notice handed in, a job quit, redundancy, staying at home with the kids.
 * ("has quit their job" reaches slotOf without its negation word, as "has their job".)
 */
const LEFT_WORK = "has (?:handed in|given|put in) (?:their|his|her) notice|has (?:left |quit )?(?:their|his|her) job|(?:is|was|has been) (?:made redundant|laid off)|is (?:now |going to be |becoming )?an? stay[- ]at[- ]home (?:dad|mum|mom|parent)|is (?:now )?(?:unemployed|between jobs|out of work)|was (?:let go|fired|sacked)|lost (?:their|his|her) job";

/** Slots a person has one value of at a time: a new value supersedes the old one. */
const EXCLUSIVE_SLOTS: RegExp[] = [
  /^(?:(?:lives|is living|is based|resides) in|(?:has |just |recently |finally )?(?:moved|relocated)(?: back)? to)\b/i,
  // retiring ends the job held ("has been a barista for five years" is the job held too); driving for a company and teaching a grade or at a school are jobs
  new RegExp(`^(?:(?:works|is working) (?:as|at|for|in [\\w-]+(?: [\\w-]+)? (?:at|for) |in an? (?=(?:[\\w-]+ )?(?:centre|center|office|shop|store|factory|warehouse|hospital|school|bank|restaurant|cafe|bar|hotel|lab|firm|agency|nursery|clinic|pharmacy)\\b))|(?:is|has been) (?:a|an|the) (?:[\\w-]+ ){0,3}(?:${OCCUPATIONS})s?|is (?:now )?retired|drives (?:for|with) (?!fun\\b|hours\\b)|teaches (?:[\\w-]+ )?(?:grade|high school|middle school|elementary school|primary school|secondary school|kindergarten|at)|${LEFT_WORK})\\b`, 'i'),
  // a spouse is part of the marital status: "is divorced" supersedes "has a husband", "is married" a boyfriend
  // ... and so is seeing someone: "has been seeing someone for three months" supersedes "is single"
  /^(?:is (?:married|single|divorced|widowed|engaged|separated)|has an? (?:husband|wife|spouse|boyfriend|girlfriend|fianc\w*)|is (?:now )?in a relationship|(?:is|has been) (?:seeing|dating) someone)\b/i,
  /^(?:is|turned) \d+(?: years old)?\b/i,
  /^(?:'s|s)? ?favou?rite [\w\s]+? is\b/i,
  /^is from\b/i,
  // the right to stay: "has indefinite leave to remain" supersedes "is on a skilled worker visa"
  /^(?:is (?:now )?on an? (?:[\w-]+ ){0,4}?visa|has (?:indefinite leave to remain|settled status|pre-settled status|permanent residency|permanent residence|a green card|[A-Z]\w+ citizenship)|is (?:seeking asylum|an asylum seeker|undocumented))\b/i,
  // pay: "earns 31k" after a promotion ends "earns 24k"
  /^earns\b/i,
  // the shift or hours worked: "works nights" ends "works days at the warehouse"
  // ... and days a week: "works 4 days a week at Boots" ends "works 3 days a week at Boots"
  /^works (?:nights|days|earlies|lates|part-time|full-time|part time|full time|\d{1,2}(?::\d{2})?(?: ?[ap]m)? ?(?:-|to|till|until) ?\d|(?:\d|one|two|three|four|five|six) days\b)/i,
  // how many children: "has two kids now" supersedes "has one kid", a correction "has 3 kids" ends "has two kids" (a son and a daughter are two facts, not counts)
  /^has (?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten) (?:kids?|children|child)\b/i,
];

const KIDS_SLOT = EXCLUSIVE_SLOTS.length - 1;
const MARITAL_SLOT = 2;
/** The partnership a marital text implies: married (a husband, wife or spouse), engaged (a fiancé), or dating. */
function spouseOf(pred: string): string | undefined {
  if (/^(?:is married|has an? (?:husband|wife|spouse))\b/.test(pred)) return 'married';
  if (/^(?:is engaged|has an? fianc\w*)\b/.test(pred)) return 'engaged';
  if (/^(?:is (?:now )?in a relationship|(?:is|has been) (?:seeing|dating) someone|has an? (?:boyfriend|girlfriend))\b/.test(pred)) return 'dating';
  return undefined;
}
const COUNT_WORDS = ['a', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
function childCount(pred: string): number {
  const w = /^has (\S+)/i.exec(pred.trim())![1]!.toLowerCase();
  return /^\d+$/.test(w) ? Number(w) : w === 'an' || w === 'one' ? 1 : COUNT_WORDS.indexOf(w) + 1;
}

/** The index of the job slot in EXCLUSIVE_SLOTS. */
const JOB_SLOT = 1;

const ENDS_PARTNERSHIP_RE = /^is (?:now |recently |newly )?(?:divorced|separated|single|widowed)\b|^is no longer with their (?:girlfriend|boyfriend|partner|wife|husband|spouse|fianc\w*)\b|^(?:husband|wife|partner|spouse) died$/i;
const ON_PARTNER_RE = /\b(?:husband|wife|spouse|boyfriend|girlfriend|fianc[eé]e?|married|anniversary|in-laws?|mother-in-law|father-in-law)\b/i;

/** One meat-free diet at a time: "is vegetarian now" supersedes "is vegan" (read before negations are stripped: "is not vegan" is no diet). */
const DIET_SLOT_RE = /^is (?:(?:now|fully|strict|strictly|mostly) )?(?:vegetarian|vegan|pescatarian|flexitarian)\b/i;

function slotOf(pred: string): number {
  if (DIET_SLOT_RE.test(pred.trim())) return EXCLUSIVE_SLOTS.length;
  const p = pred.replace(NEGATION_RE, '').replace(/\s+/g, ' ').trim();
  return EXCLUSIVE_SLOTS.findIndex((re) => re.test(p));
}

/** A new home: "lives in Dublin", "moved to Leeds". */
const HOME_RE = /^(?:lives in|has moved to|moved to|just moved to|recently moved to|relocated to) (\p{Lu}[\p{L}'-]+(?: \p{Lu}[\p{L}'-]+)?)$/u;
const TRANSFER_RE = /^transferred to the (\p{Lu}[\p{L}'-]+(?: \p{Lu}[\p{L}'-]+)?) [a-z]+$/u;
const JOB_PLACE_RE = /\bin (\p{Lu}[\p{L}'-]+(?: \p{Lu}[\p{L}'-]+)?)$/u;

/**
 * A transfer at work keeps the role and moves its place: "transferred to the Sheffield station" after "is a
 * paramedic in Manchester" is "is a paramedic in Sheffield" (which then supersedes the old job). Null when no
 * active job of the user names a place.
 */
export function transferredJob(newText: string, activeTexts: readonly string[]): string | null {
  const t = TRANSFER_RE.exec(predicateText(newText));
  if (!t) return null;
  for (const old of activeTexts) {
    const p = predicateText(old);
    const place = JOB_PLACE_RE.exec(p);
    if (place && place[1] !== t[1] && slotOf(p.toLowerCase()) === JOB_SLOT) return `The user ${p.slice(0, place.index)}in ${t[1]}`;
  }
  return null;
}

const KIN_RE = /\b(?:grand)?(?:children|child|kids?|sons?|daughters?)\b|\b(?:brothers?|sisters?|siblings?|cousins?|nieces?|nephews?|grandsons?|granddaughters?|grandkids|dogs?|cats?)\b/gi;
const COUNT_RE = /\b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\b(?![- ](?:year|yr|month|week))/gi;

/** "has 3 children" and "has 7 grandchildren" are close in meaning but two facts: other kin, or another count. */
function otherPeopleOrCount(a: string, b: string): boolean {
  const words = (t: string, re: RegExp): string => [...t.toLowerCase().matchAll(re)].map((m) => m[0]).sort().join(' ');
  const [ka, kb] = [words(a, KIN_RE), words(b, KIN_RE)];
  const [ca, cb] = [words(a, COUNT_RE), words(b, COUNT_RE)];
  return (ka !== '' && kb !== '' && ka !== kb) || (ka !== '' && ca !== '' && cb !== '' && ca !== cb);
}

/**
 * How a new attribute relates to a stored one: the same fact, a newer value that replaces it (a negation of it,
 * or another value of a one-value slot such as where the user lives), or unrelated.
 */
export function relation(newText: string, oldText: string): 'same' | 'supersedes' | 'other' {
  const a = predicateText(newText).toLowerCase();
  const b = predicateText(oldText).toLowerCase();
  if (a === b) return 'same';
  const sa = slotOf(a);
  // "two children" restates "two kids": a count slot changes only with the count
  if (sa === KIDS_SLOT && sa === slotOf(b) && childCount(a) === childCount(b)) return 'same';
  // "is married" and "has a husband" say one status: neither ends the other
  if (sa === MARITAL_SLOT && spouseOf(a) && spouseOf(a) === spouseOf(b)) return 'other';
  if (sa >= 0 && sa === slotOf(b)) return 'supersedes';
  if (NEGATION_RE.test(a) !== NEGATION_RE.test(b)) return 'supersedes';
  return 'other';
}

export async function mergeIntoProfile(
  repo: MemoryStore,
  embedder: Embedder,
  incomingVectors: ReadonlyMap<string, Float32Array>,
  scope: MemoryScope,
  conversationId: string,
  incoming: readonly (Attribute & { sensitive?: SensitiveCategory })[],
  sameDistance: number,
  dropped: Dropped,
): Promise<RememberChange[]> {
  if (incoming.length === 0) return [];
  // Without their evidence: the merge costs the live attributes, not how often each was said.
  const stored = await repo.attributesBrief(scope, { statuses: ['active', 'rejected'] });
  const storedTexts = stored.map((a) => predicateText(a.text)).filter((t) => !incomingVectors.has(t));
  const vec = new Map([...incomingVectors, ...(await embedUnique(embedder, storedTexts))]);
  const live = stored.map((a) => ({ a, v: vec.get(predicateText(a.text))! }));
  const changes: RememberChange[] = [];
  for (const said of incoming) {
    const v = vec.get(predicateText(said.text))!;
    const moved = transferredJob(said.text, live.filter((s) => s.a.status === 'active').map((s) => s.a.text));
    const n = moved ? { ...said, text: moved } : said;
    // The closest stored attribute by meaning; a one-value slot (lives in, works as) is matched whatever the similarity.
    let best: { a: StoredMemoryAttribute; sim: number } | undefined;
    let slot: { a: StoredMemoryAttribute; sim: number } | undefined;
    let flip: { a: StoredMemoryAttribute; sim: number } | undefined;
    const newSlot = slotOf(predicateText(n.text).toLowerCase());
    for (const s of live) {
      const sim = cosine(v, s.v);
      if (!best || sim > best.sim) best = { a: s.a, sim };
      // two jobs said in one turn are both held ("I'm a nurse and a part-time uber driver"): neither ends the other
      const bothJobsNow = newSlot === JOB_SLOT && s.a.evidence.some((e) => n.evidence.some((f) => f.conversationId === e.conversationId && f.turnIndex === e.turnIndex));
      if (s.a.status === 'active' && newSlot >= 0 && !bothJobsNow && relation(n.text, s.a.text) === 'supersedes' && slotOf(predicateText(s.a.text).toLowerCase()) === newSlot && (!slot || sim > slot.sim)) slot = { a: s.a, sim };
      // A negation of a stored fact, or a fact that undoes a stored negation ("started running again").
      if (s.a.status === 'active' && contradicts(n.text, s.a.text) && (!flip || sim > flip.sim)) flip = { a: s.a, sim };
    }
    const confidence = n.confidence ?? 0.5;
    const member = { text: n.text, ...(n.reason !== undefined ? { reason: n.reason } : {}), confidence };
    let close = best && 1 - best.sim < sameDistance ? best.a : undefined;
    let rel = close ? relation(n.text, close.text) : undefined;
    // close in meaning, no contradiction: the same attribute said another way (unless it names other people or another count)
    if (rel === 'other' && otherPeopleOrCount(n.text, close!.text)) close = rel = undefined;
    else if (rel === 'other') rel = 'same';
    if (slot && rel !== 'same') {
      close = slot.a;
      rel = 'supersedes';
    } else if (flip && (rel !== 'same' || close?.id === flip.a.id)) {
      close = flip.a;
      rel = 'supersedes';
    }
    if (close && rel === 'same' && close.status === 'rejected') {
      // A person rejected this attribute: the same extraction does not bring it back.
      dropped.push({ text: n.text, reason: `a person rejected the same attribute (${close.id})` });
      continue;
    }
    if (close && rel === 'same') {
      const combined = round3(combinedConfidence([{ confidence: close.confidence, evidence: close.evidence }, { confidence, evidence: n.evidence }]));
      await repo.updateAttribute(scope, close.id, { confidence: Math.max(close.confidence, combined), members: [...close.members, member] });
      await repo.addEvidence(scope, close.id, n.evidence);
      await repo.addEvent(scope, { attributeId: close.id, kind: 'reinforced', conversationId, detail: { text: n.text, from: close.confidence, to: Math.max(close.confidence, combined) } });
      close.confidence = Math.max(close.confidence, combined);
      close.evidence = [...close.evidence, ...n.evidence];
      close.members = [...close.members, member];
      changes.push({ kind: 'reinforced', attributeId: close.id, text: close.text, confidence: close.confidence });
      continue;
    }
    if (n.sensitive && NEGATION_RE.test(predicateText(n.text)) && !(close && rel === 'supersedes')) {
      // "I don't have ADHD, I'm just disorganised": a denial retires an earlier claim; alone it is no fact to keep
      dropped.push({ text: n.text, reason: 'denies a sensitive trait that nothing stored claims' });
      continue;
    }
    const id = await repo.insertAttribute(scope, {
      text: n.text, ...(n.reason !== undefined ? { reason: n.reason } : {}), confidence: round3(confidence), evidence: n.evidence,
      ...(n.sensitive ? { sensitive: n.sensitive } : {}), ...(n.source !== undefined ? { source: n.source } : {}), members: [member],
    });
    await repo.addEvent(scope, { attributeId: id, kind: 'created', conversationId, detail: { text: n.text, confidence: round3(confidence) } });
    const created: StoredMemoryAttribute = {
      id, text: n.text, confidence: round3(confidence), status: 'active', members: [member], confirmed: false, evidence: n.evidence, createdAt: '', updatedAt: '',
    };
    if (close && rel === 'supersedes') {
      await repo.updateAttribute(scope, close.id, { status: 'superseded', supersededBy: id });
      // A negation retires the fact; a new value (another city, "started again") supersedes it.
      const retired = NEGATION_RE.test(predicateText(n.text)) && !NEGATION_RE.test(predicateText(close.text));
      await repo.addEvent(scope, { attributeId: close.id, kind: retired ? 'retired' : 'superseded', conversationId, detail: { by: id, text: n.text } });
      await repo.addEvent(scope, { attributeId: id, kind: 'supersedes', conversationId, detail: { attributeId: close.id, text: close.text } });
      const i = live.findIndex((s) => s.a.id === close.id);
      if (i >= 0) live.splice(i, 1);
      changes.push({ kind: 'superseded', attributeId: id, text: n.text, confidence: created.confidence, supersedes: close.id });
    } else changes.push({ kind: 'created', attributeId: id, text: n.text, confidence: created.confidence });
    if (ENDS_PARTNERSHIP_RE.test(predicateText(n.text).trim())) {
      // divorced or single: what rested on the partner goes with them ("has a husband", "is planning their anniversary trip")
      for (const s of [...live]) {
        const p = predicateText(s.a.text);
        if (s.a.status !== 'active' || !ON_PARTNER_RE.test(p) || NEGATION_RE.test(p)) continue;
        await repo.updateAttribute(scope, s.a.id, { status: 'superseded', supersededBy: id });
        await repo.addEvent(scope, { attributeId: s.a.id, kind: 'retired', conversationId, detail: { by: id, text: n.text } });
        live.splice(live.indexOf(s), 1);
        changes.push({ kind: 'superseded', attributeId: id, text: n.text, confidence: created.confidence, supersedes: s.a.id });
      }
    }
    const home = HOME_RE.exec(predicateText(n.text).trim())?.[1];
    if (home) {
      // a move to another city leaves the old city off the job ("is a barista in Galway" -> "is a barista"): the role may go on, the place is out of date
      for (const s of [...live]) {
        const p = predicateText(s.a.text);
        const place = JOB_PLACE_RE.exec(p);
        if (s.a.status !== 'active' || !place || home.includes(place[1]!) || place[1]!.includes(home) || slotOf(p.toLowerCase()) !== JOB_SLOT) continue;
        const text = `The user ${p.slice(0, place.index).trim()}`;
        const kept = { text, reason: `${s.a.reason ?? s.a.text} (its place left off after the move to ${home})`, confidence: s.a.confidence };
        const roleId = await repo.insertAttribute(scope, { ...kept, evidence: s.a.evidence, ...(s.a.source !== undefined ? { source: s.a.source } : {}), members: [kept] });
        await repo.addEvent(scope, { attributeId: roleId, kind: 'created', conversationId, detail: { text, confidence: s.a.confidence } });
        await repo.updateAttribute(scope, s.a.id, { status: 'superseded', supersededBy: roleId });
        await repo.addEvent(scope, { attributeId: s.a.id, kind: 'superseded', conversationId, detail: { by: roleId, text } });
        await repo.addEvent(scope, { attributeId: roleId, kind: 'supersedes', conversationId, detail: { attributeId: s.a.id, text: s.a.text } });
        live.splice(live.indexOf(s), 1, { a: { ...s.a, id: roleId, text, status: 'active', members: [kept] }, v: s.v });
        changes.push({ kind: 'superseded', attributeId: roleId, text, confidence: s.a.confidence, supersedes: s.a.id });
      }
    }
    live.push({ a: created, v });
  }
  return changes;
}

export function toAttribute(a: StoredMemoryAttribute): Attribute {
  return { text: a.text, ...(a.reason !== undefined ? { reason: a.reason } : {}), confidence: a.confidence, evidence: a.evidence, ...(a.source !== undefined ? { source: a.source } : {}), members: a.members };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
