/**
 * Facts whose object is in the sentence before: "are there nuts in pesto? I'm allergic" (allergic to nuts), "can you
 * eat prawns if you're allergic to shellfish? asking because I am" (allergic to shellfish). Bounded, linear regexes.
 */
import { ACTIVITIES, DAY, LEAD_GUARD_RE } from './vocabulary.js';

const ALLERGENS = 'tree nuts|pine nuts|peanuts|nuts|cashews|almonds|walnuts|hazelnuts|pistachios|shellfish|prawns|shrimp|crab|lobster|seafood|fish|gluten|wheat|dairy|milk|lactose|eggs|egg|soy|soya|sesame|mustard|celery|lupin|penicillin|latex|bee stings|wasp stings|cats|dogs|pollen|strawberries|kiwi';
const ALLERGEN_RE = new RegExp(`\\b(${ALLERGENS})\\b`, 'i');
const ALLERGIC_TO_RE = new RegExp(`\\ballergic\\s+to\\s+(${ALLERGENS})\\b`, 'i');
/** "I'm allergic", "I'm really allergic lol" with no object of its own. */
const BARE_ALLERGIC_RE = /\bI(?:'m| am)\s+(?:(?:very|severely|really|so|quite|super|badly|deathly|seriously)\s+)?allergic\b(?!\s+to\b)/i;
/** "asking because I am", "cos I am lol": an elliptic "I am" that takes the predicate of the question before. */
const ELLIPTIC_AM_RE = /\b(?:because|cause|cos|coz|since|as)\s+I\s+am\b(?=\s*(?:$|[,.!;)]|and\b|lol\b|haha\b|tbh\b|too\b|myself\b))/i;

/** An allergy said with its object in the previous sentence, or null. */
export function allergyFromContext(sentence: string, previous: string | undefined): { text: string; conf: number; kind: string } | null {
  if (!previous) return null;
  const bare = BARE_ALLERGIC_RE.exec(sentence);
  const elliptic = bare ? null : ELLIPTIC_AM_RE.exec(sentence);
  const m = bare ?? elliptic;
  if (!m || LEAD_GUARD_RE.test(sentence.slice(0, m.index))) return null;
  // the elliptic "I am" only answers a question about being allergic; a bare "I'm allergic" takes a food named before
  const food = (ALLERGIC_TO_RE.exec(previous) ?? (bare ? ALLERGEN_RE.exec(previous) : null))?.[1];
  return food ? { text: `The user is allergic to ${food.toLowerCase()}`, conf: 0.8, kind: 'allergy' } : null;
}

/** "How old are they?" (after the user spoke of their kids), "how old are your children?". */
const AGES_QUESTION_RE = /\bhow old (?:are|r) (?:they|them|the (?:kids|children|boys|girls)|your (?:kids|children|boys|girls|sons|daughters|little ones))\b[^?]*\?\s*$/i;
/** The user's own children named in their earlier turn: "with the kids", "my two boys". */
const OWN_KIDS_RE = /\b(?:my|the|our)\s+(?:(?:two|three|four|2|3|4|little|young)\s+)?(?:kids|children|boys|girls|sons|daughters|little ones)\b|\bfamily of (?:[3-8]|three|four|five|six)\b/i;
/** "How old is he?" after the user spoke of one child of theirs ("my son's doing fractions"). */
const AGE_ONE_QUESTION_RE = /\bhow old (?:is|'s) (?:he|she|your (son|daughter|boy|girl|little one|kid|child))\b[^?]*\?\s*$/i;
/** The user's one child named in their earlier turn: "my son", "my daughter's". */
const OWN_CHILD_RE = /\b(?:my|our)\s+(?:(?:little|youngest|eldest|oldest|older|younger)\s+)?(son|daughter|boy|girl)\b/i;
/** "he's 8", "8", "she is 11 in May": one age as the reply. */
const AGE_ONE_REPLY_RE = /^\s*(?:(?:he|she)(?:'s|\s+is)\s+)?(\d{1,2})(?:\s*(?:yo|years old|yrs|year old))?\s*(?:$|[,.;!]|\s+(?:in|next|this|but|and|so)\b)/i;
/** "4 and 7, both boys", "they're 3, 5 and 9". */
const AGES_REPLY_RE = /^\s*(?:they(?:'re| are)\s+)?(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2}){1,4})(?:\s*(?:yo|years old|yrs))?(?:\s*[,.;]?\s*(?:both|all)\s+(boys|girls))?\s*[.!]*(?:$|[,.;])/i;
const COUNTS = ['two', 'three', 'four', 'five', 'six'];

/** Children's ages given as a bare answer to a question about them, or null. */
export function kidsAgesAnswer(assistantText: string, reply: string, earlierUserText: string): { text: string; conf: number } | null {
  const one = AGE_ONE_QUESTION_RE.exec(assistantText.slice(-300));
  if (one) {
    const child = (one[1] ?? OWN_CHILD_RE.exec(earlierUserText)?.[1])?.toLowerCase().replace('little one', 'child').replace('kid', 'child');
    const age = child ? AGE_ONE_REPLY_RE.exec(reply) : null;
    return age ? { text: `The user has a ${child} aged ${age[1]}`, conf: 0.6 } : null;
  }
  const q = AGES_QUESTION_RE.exec(assistantText.slice(-300));
  if (!q || (/\b(?:they|them|the)\b/i.test(q[0]) && !OWN_KIDS_RE.test(earlierUserText))) return null;
  const m = AGES_REPLY_RE.exec(reply);
  if (!m) return null;
  const ages = m[1]!.split(/\s*(?:,|and|&)\s*/).filter(Boolean);
  const count = COUNTS[ages.length - 2] ?? String(ages.length);
  const ageList = ages.length > 1 ? `${ages.slice(0, -1).join(', ')} and ${ages[ages.length - 1]}` : ages[0]!;
  return { text: `The user has ${count} ${m[2]?.toLowerCase() ?? 'kids'} aged ${ageList}`, conf: 0.6 };
}

/** "my commute is 40 mins by bike", "I commute by train": how the user gets to work. */
const COMMUTE_RE = /\b(?:my\s+(?:daily\s+)?commute\s+is\s+(?:[^,.;!?]{0,30}?\s)?|I\s+(?:usually\s+|mostly\s+|now\s+)?commute\s+)(?:by|on)\s+(bike|bicycle|train|bus|tube|car|foot|scooter|motorbike|ferry|tram)\b/i;
/** "gonna be an auntie for the first time", "I'm going to be a dad": a family role on its way. */
const FAMILY_SOON_RE = /(?:^\W*(?:(?:omg|so|and|also|plus|wow|yay|ok|but|honestly)[\s,!]+)*|\bI(?:'m| am)\s+)(?:gonna|going to|about to)\s+be\s+(?:an?\s+)?(?:first[- ]time\s+)?(aunt|auntie|aunty|uncle|dad|mum|mom|mother|father|parent|grandma|granny|grandad|grandpa|grandparent|big sister|big brother|godmother|godfather)\b/i;

/** Makes of cars and devices: "it's a 2014 ford fiesta" names the user's car only with one of these (not "it's a nightmare"). */
const MAKES = 'ford|vauxhall|opel|toyota|honda|nissan|vw|volkswagen|audi|bmw|mercedes|kia|hyundai|peugeot|renault|citroen|citroën|fiat|skoda|seat|mazda|volvo|tesla|mini|suzuki|subaru|jeep|land rover|range rover|dacia|mitsubishi|chevy|chevrolet|dodge|lexus|macbook|mac|imac|dell|hp|lenovo|thinkpad|asus|acer|surface|chromebook|iphone|ipad|samsung|galaxy|pixel|oneplus|motorola|xiaomi|huawei';
/** The thing of the user's the make belongs to: "my car's making a noise ... it's a 2014 Ford Fiesta". */
const MY_THING_RE = /\bmy\s+(car|van|motorbike|laptop|computer|pc|phone|tablet)(?:'s|\s+is|\s+has|\s+keeps|\s+won't|\s+makes|\b)/i;
const ITS_A_MAKE_RE = new RegExp(`(?:^|[,;]\\s*|\\b(?:and|but|btw|fyi)\\s+)(?:it's|it is|its)\\s+an?\\s+((?:(?:19|20)\\d\\d|old|new|\\d{2}-?plate)\\s+)?((?:${MAKES})(?:\\s+(?!(?:with|and|but|that|which|about|from|in|on|if|so|btw|lol)\\b)[\\w-]+){0,2})\\b`, 'i');
const titled = (s: string): string => s.replace(/\b(?:vw|bmw|hp)\b|\b\p{L}/giu, (w) => (w.length > 1 ? w.toUpperCase() : w.toUpperCase()));

/** "my car's grinding ... it's a 2014 ford fiesta": the make and model of the user's car or device, in this sentence or the one before. */
export function ownedMakeFinding(sentence: string, previous = ''): { text: string; conf: number; kind: string } | null {
  const m = ITS_A_MAKE_RE.exec(sentence);
  if (!m) return null;
  const thing = MY_THING_RE.exec(sentence.slice(0, m.index)) ?? MY_THING_RE.exec(previous);
  if (!thing) return null;
  const what = `${m[1] ? m[1].trim() + ' ' : ''}${titled(m[2]!.trim())}`;
  const drives = /^(?:car|van|motorbike)$/i.test(thing[1]!);
  return { text: `The user ${drives ? 'drives' : 'has'} ${/^(?:[aeiou]|8|11|18)/i.test(what) ? 'an' : 'a'} ${what}`, conf: 0.7, kind: 'possession' };
}

const PET_NOUNS = 'dog|cat|puppy|pup|kitten|rescue|greyhound|whippet|lurcher|labrador|lab|retriever|spaniel|terrier|collie|poodle|cockapoo|cavapoo|beagle|husky|dachshund|pug|bulldog|corgi|schnauzer|rabbit|bunny|hamster|guinea pig|tortoise|parrot|budgie';
/** "ok we got one!! a rescue greyhound called Pickle": the pet named in a fragment after "we got one". */
const NAMED_PET_FRAGMENT_RE = new RegExp(`^\\W*(?:(?:a|an|our|my)\\s+)((?:[\\w-]+\\s+){0,2}?(?:${PET_NOUNS}))\\s+(?:called|named)\\s+(\\p{Lu}[\\p{Ll}'-]+)`, 'u');
const GOT_ONE_RE = /\b(?:we|I)(?:'ve|\s+have)?\s+(?:just\s+|finally\s+|actually\s+)?(?:got|adopted|rescued|picked up|brought home|bought)\s+(?:one|her|him|them|it)\b/i;

/** A pet named in a fragment after the user says they got one: "we got one!! a rescue greyhound called Pickle". */
export function gotPetFinding(sentence: string, previous = ''): { text: string; conf: number; kind: string } | null {
  const m = NAMED_PET_FRAGMENT_RE.exec(sentence);
  if (!m || !GOT_ONE_RE.test(previous) || LEAD_GUARD_RE.test(previous.slice(0, previous.search(GOT_ONE_RE)))) return null;
  const pet = m[1]!.toLowerCase();
  return { text: `The user has ${/^[aeiou]/.test(pet) ? 'an' : 'a'} ${pet} named ${m[2]!}`, conf: 0.7, kind: 'possession' };
}

/** "I work from home as a copywriter", "I'm working remotely as a designer": how the user works, said before the role. */
const WORK_MODE_AS_RE = /\bI(?:'m| am)?\s+(?:mostly\s+|mainly\s+|now\s+)?(?:work|working)\s+(from home|remotely)\s+as\s+an?\b/i;

/** "how do I get my 3 year old to eat veg", "my 7-year-old son": a child of the user's, by age (not "my 3 year old laptop"). */
const MY_AGED_CHILD_RE = /\b(?:my|our)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-](?:year|yr)[\s-]old(?:\s+(son|daughter|boy|girl|twins|kid|child|toddler))?(?=\s+(?:son|daughter|boy|girl|twins|kid|child|toddler|won't|wont|is|has|keeps|will|can't|cant|refuses|loves|hates|just|doesn't|still|started|wants|needs|gets|goes|to|and|who)\b|\s*[,.!?]|\s*$)/i;
/** "just moved into a new build in Milton Keynes": the home moved into, named with a capital. */
const MOVED_INTO_RE = /\b(?:I|we)(?:'ve|\s+have)?\s+(?:just\s+|finally\s+|recently\s+)?moved\s+into\s+(?:a|an|our|my|the)\s+(?:[\w-]+\s+){0,2}?(?:flat|house|home|place|build|bungalow|apartment|semi|terrace|cottage|studio)\s+in\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)/u;

/** "we've rented here since 2021", "my rented flat", "I rent a room in Hove": the user rents their home. */
const RENTS_RE = /\b(?:(?:I|we)(?:'ve|\s+have)?\s+(?:been\s+)?rent(?:ed|ing)\s+(?:here|this\s+(?:place|flat|house|apartment))\b|(?:I|we)\s+rent\s+(?:a|an|our|my)\s+(?:[\w-]+\s+){0,2}?(?:flat|house|room|apartment|place|studio|bedsit|home)\b|\bmy\s+rented\s+(?:[\w-]+\s+)?(?:flat|house|room|apartment|place|studio|home)\b)/i;

/** Facts said in passing inside one sentence (commute, a family role coming), each guarded by its lead. */
export function passingFindings(sentence: string): { text: string; conf: number; kind: string }[] {
  const out: { text: string; conf: number; kind: string }[] = [];
  const commute = COMMUTE_RE.exec(sentence);
  if (commute && !LEAD_GUARD_RE.test(sentence.slice(0, commute.index))) out.push({ text: `The user commutes by ${commute[1]!.toLowerCase().replace('bicycle', 'bike')}`, conf: 0.7, kind: 'habit' });
  // "I work from home as a copywriter": the role is read by the job patterns, the way of working here
  const mode = WORK_MODE_AS_RE.exec(sentence);
  if (mode && !LEAD_GUARD_RE.test(sentence.slice(0, mode.index))) out.push({ text: `The user works ${mode[1]!.toLowerCase()}`, conf: 0.7, kind: 'work' });
  const child = MY_AGED_CHILD_RE.exec(sentence);
  if (child && !LEAD_GUARD_RE.test(sentence.slice(0, child.index))) {
    const who = (child[2] ?? 'child').toLowerCase().replace(/^kid$/, 'child');
    out.push({ text: `The user has ${who === 'twins' ? '' : /^(?:8|11|18|eight|eleven|eighteen)$/i.test(child[1]!) ? 'an ' : 'a '}${child[1]!.toLowerCase()}-year-old ${who}`, conf: 0.7, kind: 'relation' });
  }
  const into = MOVED_INTO_RE.exec(sentence);
  if (into && !LEAD_GUARD_RE.test(sentence.slice(0, into.index))) out.push({ text: `The user lives in ${into[1]!}`, conf: 0.75, kind: 'place' });
  const rents = RENTS_RE.exec(sentence);
  if (rents && !LEAD_GUARD_RE.test(sentence.slice(0, rents.index))) out.push({ text: 'The user rents their home', conf: 0.7, kind: 'state' });
  const soon = FAMILY_SOON_RE.exec(sentence);
  if (soon && !LEAD_GUARD_RE.test(sentence.slice(0, soon.index))) {
    const role = soon[1]!.toLowerCase().replace(/^(?:auntie|aunty)$/, 'aunt');
    out.push({ text: `The user is going to be ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`, conf: 0.7, kind: 'change' });
  }
  return out;
}

/** "moved to London for my masters", "I'm here for my PhD": a course the user is on. */
const STUDY_FOR_RE = /\b(?:I|I'm|I am|I've)\b[^.;!?]{0,80}?\bfor\s+my\s+(master'?s(?: degree)?|masters|msc|ma|mba|phd|doctorate|degree|undergrad(?:uate degree)?|bachelor'?s|studies|apprenticeship)\b/i;
/** "I've yoga tues and thurs evenings", "I have choir on Wednesdays": a weekly activity with its days. */
const WEEKLY_RE = new RegExp(`\\bI(?:'ve|\\s+(?:also\\s+|still\\s+)?have)(?:\\s+got)?\\s+((?:[\\w-]+\\s+)?(?:${ACTIVITIES}))\\s+((?:on\\s+|every\\s+)?${DAY}(?:\\s*(?:,|and|&|\\+)\\s*${DAY})*(?:\\s+(?:mornings?|afternoons?|evenings?|nights?))?)\\b`, 'i');

/** "I moved to Galway for a receptionist job at a hotel", "I relocated for a job as a paramedic": the job moved for. */
const JOB_FOR_RE = /\bI(?:'ve|\s+have)?\s+(?:just\s+|finally\s+|recently\s+)?(?:moved|relocated)\b[^.;!?]{0,40}?\bfor\s+(?:(?:an?\s+(?:new\s+)?((?!(?:better|new|good|great|dream|bigger|proper|real|well[- ]paid|higher[- ]paying|full[- ]time|part[- ]time|temporary|summer|remote|different|local|decent)\b)[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:job|role|position))|(?:an?\s+(?:new\s+)?(?:job|role|position)\s+as\s+an?\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)?)))(?:\s+(at|with)\s+(an?|the)\s+([a-z][\w-]*(?:\s+(?!in\b|near\b|and\b)[a-z][\w-]*)?))?/i;

/** A course studied for and weekly activities, said in passing. */
export function routineFindings(sentence: string): { text: string; conf: number; kind: string }[] {
  const out: { text: string; conf: number; kind: string }[] = [];
  const study = STUDY_FOR_RE.exec(sentence);
  if (study && !LEAD_GUARD_RE.test(sentence.slice(0, study.index))) {
    const course = study[1]!.toLowerCase().replace(/^masters$|^master's$|^ma$|^msc$/, "master's").replace(/^master's degree$/, "master's");
    out.push({ text: `The user is studying for ${/^(?:studies)$/.test(course) ? 'their studies' : /^[aeiou]/.test(course) ? `an ${course}` : `a ${course}`}`, conf: 0.65, kind: 'identity' });
  }
  const job = JOB_FOR_RE.exec(sentence);
  if (job && !LEAD_GUARD_RE.test(sentence.slice(0, job.index))) {
    const role = (job[1] ?? job[2]!).toLowerCase();
    const at = job[3] ? ` ${job[3].toLowerCase()} ${job[4]!.toLowerCase()} ${job[5]!.toLowerCase()}` : '';
    const an = /^[aeiou]/.test(role) ? 'an' : 'a';
    // "a teaching job", "a marketing role": a field, not a person ("works as a teaching" would be no sentence)
    const field = job[1] !== undefined && /(?:ing|sales|finance|admin|it|hr|design|retail|hospitality|research|law|tech|ops)$/.test(role);
    out.push({ text: field ? `The user has ${an} ${role} job${at}` : `The user works as ${an} ${role}${at}`, conf: 0.7, kind: 'work' });
  }
  const weekly = WEEKLY_RE.exec(sentence);
  const usual = usualPastime(sentence);
  if (usual) out.push(usual);
  if (weekly && !LEAD_GUARD_RE.test(sentence.slice(0, weekly.index))) out.push({ text: `The user has ${weekly[1]!.toLowerCase()} ${/^(?:on|every)\b/i.test(weekly[2]!) ? '' : 'on '}${weekly[2]!}`.replace(/\s+/g, ' '), conf: 0.7, kind: 'habit' });
  return out;
}

/** Outdoor and sporting pastimes one "goes" to do: "on my days off I'm usually sea swimming" -> usually goes sea swimming. */
const GO_ACTIVITIES = '(?:(?:sea|wild|open[- ]water|cold[- ]water|trail|fell|hill|road|mountain|rock|indoor|ice|deep[- ]sea|fly)\\s+)?(?:swimming|running|hiking|cycling|biking|climbing|bouldering|surfing|fishing|walking|sailing|skiing|snowboarding|kayaking|paddleboarding|skating|rowing|camping|birdwatching|dancing|jogging|riding)';
const USUALLY_GOING_RE = new RegExp(`\\bI(?:'m| am)\\s+(usually|normally|always|often|mostly|generally)\\s+(?:out\\s+)?(${GO_ACTIVITIES})\\b(?!\\s+(?:late|behind|out|low|on empty|around|errands|for|after|away|into|up|down|over|through|in circles|my|the|a)\\b)`, 'i');

/** A pastime said as what the user is usually doing. */
export function usualPastime(sentence: string): { text: string; conf: number; kind: string } | null {
  const m = USUALLY_GOING_RE.exec(sentence);
  if (!m || LEAD_GUARD_RE.test(sentence.slice(0, m.index))) return null;
  return { text: `The user ${m[1]!.toLowerCase()} goes ${m[2]!.toLowerCase()}`, conf: 0.7, kind: 'hobby' };
}
