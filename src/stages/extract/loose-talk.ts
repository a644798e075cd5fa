/**
 * Facts said the way people talk when a message is long and loose (found with heldout-users-12.jsonl, tested on
 * other sentences in test/extract/loose-talk.test.ts): a dictated run-on with no punctuation, split where a new
 * subject starts ("my partner came with me we've got a dog"); a weekly pastime ("we still go ballroom dancing every
 * Thursday"), a daily habit ("I do the crossword every morning") and shifts said as "I do nights at the warehouse";
 * days worked at an employer, and a change of them ("they've put me up to 4 days at Boots"); a home bought in a place;
 * a trip "heading to Edinburgh in June"; a native place (Indian English "my native place is Kerala"); maternity
 * leave and a baby's age in weeks; a course started ("just started my nursing degree"), a year at a university
 * with its subject; a marriage said as a year ("Margaret and I married in 1974").
 * Each reads only the user's own clause: the caller skips a match led by a hypothetical, reported or someone
 * else's frame (LEAD_GUARD_RE).
 */
import { LEAD_GUARD_RE, TRANSITIONED } from './vocabulary.js';
import { clean } from './text.js';
import { relationFindings } from './patterns.js';

export interface LooseFinding {
  text: string;
  conf: number;
  kind: string;
  at: number;
}

const DAY = '(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day|days|s|nesday|nesdays|rsday|rsdays|urday|urdays)?';
/** How often: "every Thursday", "on Saturdays", "most weekends", "twice a week", "every morning". */
const OFTEN = `(?:every\\s+(?:single\\s+)?(?:${DAY}|day|morning|evening|night|week|weekend|month)|on\\s+${DAY}|most\\s+(?:days|mornings|evenings|nights|weekends)|at\\s+weekends|on\\s+weekends|(?:once|twice|three times|four times|\\d\\s+times)\\s+a\\s+(?:week|month|day))`;
const SUBJECT = "(?:\\bI|\\bwe|^(?:(?:so|and|but|also|yeah|well|oh|basically|honestly)\\s*,?\\s+)*)";
const ADV = '(?:(?:still|usually|normally|always|also|often|generally|regularly|both)\\s+)?';

/** "I go ballroom dancing every Thursday", "we still go swimming twice a week". */
const GOES_RE = new RegExp(`(?:\\bI|\\bwe)\\s+${ADV}go\\s+((?:[a-z-]+\\s+)?[a-z]+ing)\\s+(${OFTEN})\\b`, 'i');
/** "I do the crossword every morning", "I do the school run on Mondays" (not "I do it every day", nor "a class on Mondays": a class of what?). */
const DOES_RE = new RegExp(`(?:\\bI|\\bwe)\\s+${ADV}do\\s+((?:the|my|a)\\s+(?!(?:class|course|lesson|session|thing|bit|lot)\\s)(?:[a-z-]+\\s+){0,2}?[a-z-]+|yoga|pilates|parkrun|crossfit|spin|zumba)\\s+(${OFTEN})\\b`, 'i');
/** "i do nights at the amazon warehouse", "I do earlies at the care home": a shift worked (kept with where). */
const SHIFT_RE = new RegExp(`${SUBJECT}\\s*${ADV}(?:do|work)\\s+(nights|night shifts|earlies|lates|days|weekends|twilights)\\s+(at|in|for)\\s+((?:the|a|an)\\s+)?((?:[\\w&'-]+\\s+){0,3}?[\\w&'-]+?)(?=\\s+(?:\\d|and|but|so|which|because|now|for|on|with|in)\\b|\\s*[,.;!?]|$)`, 'i');
/** "I work 3 days a week at Boots", "they've put me up to 4 days at Boots": days worked at an employer. */
const DAYS_AT_RE = new RegExp(`(?:${SUBJECT}\\s*${ADV}work\\s+|\\b(?:they've|they have|they)\\s+(?:put|moved|bumped|cut|dropped)\\s+me\\s+(?:up|down|back)?\\s*to\\s+)(\\d|one|two|three|four|five|six)\\s+days(?:\\s+a\\s+week)?\\s+(?:at|for|in)\\s+(\\p{Lu}[\\p{L}&'-]*(?:\\s+\\p{Lu}[\\p{L}&'-]*){0,2})`, 'u');
/** "we just bought our first house in ohio", "I bought a flat in Leith": a home owned in a place. */
const BOUGHT_HOME_RE = new RegExp(`${SUBJECT}\\s*(?:(?:just|finally|recently|have|'ve)\\s+)*bought\\s+(?:our|my|a)\\s+(?:(?:first|new|own|little|forever|dream)\\s+)*(?:house|home|flat|apartment|condo|bungalow|cottage|townhouse|place)\\s+in\\s+([a-z][\\w'-]*(?:\\s+(?!its\\b|it's\\b|and\\b|but\\b|last\\b|this\\b|with\\b|for\\b|so\\b|in\\b|a\\b)[a-z][\\w'-]*)?)`, 'i');
/** "I'm stuck in a two bed flat in Croydon", "we're renting a tiny house in Hove", "we're in a 2-bed in Croydon": the home and its place. */
const HOME_IN_RE = /\b(?:I'm|I am|we're|we are)\s+(?:(?:still|currently|now)\s+)?(?:(?:stuck|living|renting|crammed|squashed|squeezed)\s+)?(?:in\s+)?(?:a|an|my|our)\s+((?:[\w-]+\s+){0,3}?(?:flat|house|apartment|studio|bedsit|maisonette|terrace|semi|bungalow|caravan|houseboat|(?:\d|one|two|three|four)[- ]bed(?:room)?))\s+in\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)/u;
/** "... in Croydon with my girlfriend and two cats": pets counted after the person the user lives with. */
const WITH_PETS_RE = /\b(?:I'm|I am|we're|we are|I live|we live)\b[^,.;!?]{0,60}?\bwith\s+(?:my|our)\s+[\w-]+\s+(?:and|&)\s+(?:(?:my|our)\s+)?(a|an|two|three|four|five|\d)\s+((?:[\w-]+\s+)?(?:cats?|dogs?|rabbits?|kittens?|puppies|puppy|guinea pigs?|budgies?))\b/i;
/** "heading to Edinburgh in June", "we're off to Lisbon next month": a trip with its time. */
const HEADING_RE = new RegExp(`(?:\\bI'm|\\bI am|\\bwe're|\\bwe are|^|\\band)\\s+(?:(?:also|soon)\\s+)?(?:heading|off|flying|travelling|traveling)\\s+to\\s+(\\p{Lu}[\\p{L}'-]+(?:\\s+\\p{Lu}[\\p{L}'-]+)?)\\s+((?:in|this|next)\\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|fall|winter|week|month))\\b`, 'iu');
/** Indian English: "my native place is Kerala", "my native is Kerala", "native of Kerala". */
const NATIVE_RE = /\bmy\s+native(?:\s+(?:place|town|village|state|city))?\s+is\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)|(?:\bI(?:'m| am)|^)\s*(?:a\s+)?native\s+of\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)/u;
/** "on mat leave with a 3 week old", "I'm on paternity leave". */
const LEAVE_RE = new RegExp(`${SUBJECT}\\s*(?:'m|am|m)?\\s*(?:(?:currently|still|now)\\s+)?on\\s+(mat|maternity|paternity|parental|shared parental|adoption)\\s+leave\\b`, 'i');
const WEEKS_OLD_RE = /\bwith\s+(?:a|an|my|our)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[\s-](week|month)[\s-]old\b/i;
/** "just started my nursing degree", "I've started an electrician apprenticeship", "I'm starting a nursing degree in september": a course begun. */
const STARTED_COURSE_RE = new RegExp(`${SUBJECT}\\s*(?:'ve|have|'m|am)?\\s*(?:(?:just|recently|finally|now)\\s+)?(?:started|begun|began|starting)\\s+(?:my|a|an)\\s+((?:[\\w-]+\\s+){0,2}?(?:degree|apprenticeship|course|masters|master's|phd|pgce|diploma|btec|nvq|access course|foundation year))\\b`, 'i');
/** "I'm doing my MBA at a college in Delhi", "doing an MSc part-time", "I'm from Kochi but now doing my MBA": a degree under way (a course or class is not). */
const DEGREE_SPELLING: Record<string, string> = { mba: 'MBA', msc: 'MSc', mphil: 'MPhil', phd: 'PhD', pgce: 'PGCE' };
const DOING_DEGREE_RE = new RegExp(`(?:${SUBJECT}\\s*(?:'m|am)?|^\\W*(?:(?:hi|hey|hello)\\W+)?I(?:'m| am)\\b[^.;!?]{0,60}?\\bbut(?![^,.;!?]*\\b(?:is|was|are|were)\\b))\\s*(?:(?:currently|now|still)\\s+)?doing\\s+(?:my|a|an)\\s+((?:[\\w-]+\\s+){0,2}?(?:degree|masters|master's|mba|msc|mphil|phd|pgce))\\b`, 'i');
/** "im in second year at glasgow uni doing law": the university and what is studied there. */
const UNI_DOING_RE = /\b(?:at|@)\s+([a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\s+(?:uni|university|college)\s+(?:doing|studying|reading)\s+((?:a\s+(?:(?:double|joint)\s+)?(?:degree|masters|ba|bsc)\s+in\s+)?[a-z][\w'-]*(?:\s+(?:and|&)\s+(?!(?:i|im|i'm|we|my)\b)[a-z][\w'-]*)?)\b/i;
/** "uni student in Perth doing a double degree in engineering and commerce". */
const STUDENT_DOING_RE = /\b(?:uni|university|college)\s+student\s+in\s+(\p{Lu}[\p{L}'-]+)\s+(?:doing|studying)\s+(?:a\s+(?:(?:double|joint)\s+)?(?:degree|masters|ba|bsc)\s+in\s+)?([a-z][\w'-]*(?:\s+(?:and|&)\s+(?!(?:i|im|i'm|we|my)\b)[a-z][\w'-]*)?)\b/iu;
/** "transferred to the Sheffield station last month", "I got moved to the Leeds branch": the same job in another place. */
const TRANSFER_RE = /(?:\bI(?:'ve| have)?\s+|^(?:(?:so|and|but|also|yeah|well|update|news)\W+)*)(?:(?:been|got|was|just|finally|recently)\s+)*(?:transferred|moved|posted|relocated)\s+(?:over\s+)?to\s+(?:the|our|a|their)\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)\s+(station|branch|office|site|depot|store|shop|hospital|team|ward|campus|plant|base|practice|clinic|school|surgery)\b/u;
/** "actually it's 3 kids not 2", "I've 4 dogs, not 3": a count put right. */
const COUNT_FIX_RE = /(?:^|[\s,])(?:it's|its|it is|I have|I've got|I've|we have|we've got|we've)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight)\s+(kids|children|boys|girls|dogs|cats|grandkids|grandchildren)\s*,?\s+not\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight)\b/i;
/** "we're a same-sex couple", "me and my wife want a clinic that's good with same-sex couples": the user's own same-sex relationship. */
const SAME_SEX_RE = /\b(?:we(?:'re| are)\s+(?:a\s+)?same[- ]sex\s+couple|(?:me and my|my)\s+(wife|husband|partner|girlfriend|boyfriend)\b[^.?!]{0,100}?\b(?:good with|friendly to|welcoming (?:to|of)|experience with|for|as)\s+(?:a\s+)?same[- ]sex\s+(?:couples?|parents|families))\b/i;
/** "I've transitioned", "I'm a trans woman", "I was born male but ...": the user is transgender. */
const TRANSITIONED_RE = new RegExp(`\\b${TRANSITIONED}|\\bI(?:'m| am)\\s+(?:a\\s+)?trans\\s+(?:woman|man|girl|guy|lad|person|femme)\\b|\\bI\\s+was\\s+(?:born|assigned)\\s+(?:male|female|a boy|a girl)(?:\\s+at\\s+birth)?\\s*,?\\s+but\\b`, 'i');
/** "my pronouns are she/her", "she/her pronouns please", "I go by he/him", "please use he/him". */
const PRONOUNS_RE = /\b(?:my\s+pronouns\s+are|I\s+go\s+by|(?:please|pls|plz)\s+use|(?:always\s+)?use(?=\s+\S+\s+(?:for|with)\s+me\b))\s+((?:she|he|they|xe|ze)\/(?:her|him|them|they|she|he|hers|xem|zir))(?![\w/])(?!\s+(?:for|with|when)\s+(?!me\b))|(?:^\W*|[,;]\s*)((?:she|he|they)\/(?:her|him|them|they|she|he))\s+pronouns\b/i;
/** "my mother tongue is Marathi", "my first language is Tagalog". */
const MOTHER_TONGUE_RE = /\b[Mm]y\s+(?:mother tongue|native language|first language|home language)\s+is\s+(\p{Lu}[\p{Ll}]+)\b/u;

/** "money's tight", "money is really tight at the moment": the user is short of money. */
const MONEY_TIGHT_RE = /\b[Mm]oney(?:'s|\s+is)\s+(?:(?:a bit|really|very|pretty|so|quite|super|always)\s+)?tight\b(?!\s+for\s+(?:my|our|his|her|their|them|him|her)\b)/;

/** "im completely skint", "I'm flat broke": money is tight (not "I broke my wrist", "broke up"). */
const SKINT_RE = /(?:\bI(?:'m| am)|^(?:(?:so|and|but|also|yeah|well|honestly|tbh)\s*,?\s+)*(?:im\s+)?|\bim)\s+(?:(?:completely|totally|so|proper|well|absolutely|pretty|a bit|quite|always|constantly|flat|stony|dead|permanently)\s+)*(skint|broke|hard up|strapped for cash|brassic|potless)\b(?!\s+(?:up|down|the|my|it|into|in|out|a|his|her)\b)/i;
/** "I'm writing a short story", "I'm writing my first novel": what the user is writing. */
const WRITING_RE = /\bI(?:'m| am)\s+(?:currently\s+|still\s+|slowly\s+|finally\s+)?writing\s+(a|an|my)\s+((?:[\w-]+\s+){0,2}?(?:story|stories|novel|book|memoir|screenplay|script|play|thesis|dissertation|poetry collection|comic|musical))\b/i;
/** "I'm a learning designer for an ed-tech company now, fully remote": how the job is worked, said after it. */
const REMOTE_AFTER_ROLE_RE = /\bI(?:'m| am)\s+an?\s+[^,.;!?]{2,70},\s*(fully|mostly|100%|completely|totally|entirely)\s+remote\b/i;
/** "Margaret and I married in 1974", "my wife and I got married in 2001", "married since 1990". */
const MARRIED_YEAR_RE = /(?:\b(?:\p{Lu}\p{Ll}+|my\s+(?:wife|husband|partner))\s+and\s+I|\bwe|\bI)\s+(?:got\s+)?married\s+in\s+((?:19|20)\d\d)\b/u;

/** An auxiliary or a wonder right before the subject: the clause asks rather than says. */
const QUESTION_LEAD_RE = /\b(?:should|can|could|would|will|shall|do|does|did|may|might|must|think|wonder(?:ing)?)\s*$/i;

function titled(place: string): string {
  return place.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

/** Everything this module finds in one sentence, each with where its frame starts (for the caller's lead guard). */
export function looseTalkFindings(sentence: string): LooseFinding[] {
  const out: LooseFinding[] = [];
  const push = (m: RegExpExecArray | null, text: (m: RegExpExecArray) => string | null, conf: number, kind: string): void => {
    if (!m) return;
    // "if I won the lottery I'd buy a farm, but realistically I'm stuck in a flat in Croydon": the frame ends at the contrast
    const lead = sentence.slice(0, m.index);
    const contrast = [...lead.matchAll(/[,;]\s*(?:but|yet|though|however)\b/gi)].pop();
    const own = contrast ? lead.slice(contrast.index + contrast[0].length) : lead;
    // ... and a question or a wonder is no statement: "should I go swimming every day?", "do you think I'm broke?"
    if (LEAD_GUARD_RE.test(own) || QUESTION_LEAD_RE.test(own)) return;
    const t = text(m);
    if (t && !out.some((o) => o.text === t)) out.push({ text: t, conf, kind, at: m.index });
  };
  push(GOES_RE.exec(sentence), (m) => `The user goes ${m[1]!.toLowerCase()} ${clean(m[2]!)}`, 0.7, 'habit');
  push(DOES_RE.exec(sentence), (m) => (/^(?:it|that|this|them|those|these)$/i.test(m[1]!) ? null : `The user does ${clean(m[1]!).replace(/^my\b/i, 'their')} ${clean(m[2]!)}`), 0.65, 'habit');
  push(SHIFT_RE.exec(sentence), (m) => `The user works ${m[1]!.toLowerCase()} ${m[2]!.toLowerCase()} ${m[3] ? m[3].toLowerCase() : ''}${m[4]!}`, 0.75, 'work');
  push(DAYS_AT_RE.exec(sentence), (m) => `The user works ${m[1]!.toLowerCase()} days a week at ${m[2]!}`, 0.75, 'work');
  const bought = BOUGHT_HOME_RE.exec(sentence);
  push(bought, (m) => `The user lives in ${titled(m[1]!)}`, 0.7, 'place');
  push(bought, () => 'The user owns their home', 0.7, 'possession');
  push(HEADING_RE.exec(sentence), (m) => `The user is going to ${m[1]!} ${m[2]!.toLowerCase().replace(/\b(january|february|march|april|may|june|july|august|september|october|november|december)\b/, (w) => w[0]!.toUpperCase() + w.slice(1))}`, 0.6, 'plan');
  push(HOME_IN_RE.exec(sentence), (m) => `The user lives in ${/^(?:my|our)$/i.test(m[1]!.split(' ')[0]!) ? 'their' : 'a'} ${clean(m[1]!).toLowerCase()} in ${m[2]!}`, 0.7, 'place');
  push(WITH_PETS_RE.exec(sentence), (m) => `The user has ${m[1]!.toLowerCase()} ${clean(m[2]!).toLowerCase()}`, 0.65, 'possession');
  push(NATIVE_RE.exec(sentence), (m) => `The user is from ${m[1] ?? m[2]!}`, 0.7, 'identity');
  push(LEAVE_RE.exec(sentence), (m) => `The user is on ${m[1]!.toLowerCase().replace(/^mat$/, 'maternity')} leave`, 0.7, 'state');
  if (LEAVE_RE.test(sentence)) push(WEEKS_OLD_RE.exec(sentence), (m) => `The user has a ${m[1]!.toLowerCase()}-${m[2]!.toLowerCase()}-old baby`, 0.7, 'possession');
  push(STARTED_COURSE_RE.exec(sentence), (m) => `The user is studying for ${/^(?:masters|master's)$/i.test(m[1]!) ? "a master's" : `${/^[aeiou]/i.test(m[1]!) ? 'an' : 'a'} ${clean(m[1]!).toLowerCase()}`}`, 0.7, 'identity');
  push(DOING_DEGREE_RE.exec(sentence), (m) => {
    const degree = clean(m[1]!).toLowerCase().replace(/\b(?:mba|msc|mphil|phd|pgce)\b/, (d) => DEGREE_SPELLING[d]!);
    return `The user is studying for ${/^(?:masters|master's)$/i.test(degree) ? "a master's" : `${/^(?:[aeiou]|MBA|MSc|MPhil)/i.test(degree) ? 'an' : 'a'} ${degree}`}`;
  }, 0.7, 'identity');
  push(UNI_DOING_RE.exec(sentence), (m) => `The user studies ${clean(m[2]!).toLowerCase()} at ${titled(m[1]!)} University`, 0.7, 'identity');
  push(STUDENT_DOING_RE.exec(sentence), (m) => `The user is a university student in ${m[1]!} studying ${clean(m[2]!).toLowerCase()}`, 0.7, 'identity');
  push(TRANSFER_RE.exec(sentence), (m) => `The user transferred to the ${m[1]!} ${m[2]!}`, 0.7, 'change');
  push(COUNT_FIX_RE.exec(sentence), (m) => `The user has ${m[1]!.toLowerCase()} ${m[2]!.toLowerCase()}`, 0.75, 'possession');
  push(SAME_SEX_RE.exec(sentence), (m) => `The user is in a same-sex relationship${m[1] ? ` with their ${m[1].toLowerCase()}` : ''}`, 0.7, 'identity');
  push(MOTHER_TONGUE_RE.exec(sentence), (m) => `The user's first language is ${m[1]!}`, 0.75, 'identity');
  push(TRANSITIONED_RE.exec(sentence), () => 'The user is transgender', 0.75, 'identity');
  push(PRONOUNS_RE.exec(sentence), (m) => `The user uses ${(m[1] ?? m[2]!).toLowerCase()} pronouns`, 0.75, 'identity');
  push(MONEY_TIGHT_RE.exec(sentence), () => 'The user is short of money', 0.65, 'state');
  push(SKINT_RE.exec(sentence), (m) => `The user is ${m[1]!.toLowerCase()} (short of money)`, 0.65, 'state');
  push(WRITING_RE.exec(sentence), (m) => `The user is writing ${m[1]!.toLowerCase() === 'my' ? 'their' : m[1]!.toLowerCase()} ${clean(m[2]!).toLowerCase()}`, 0.65, 'ongoing');
  push(REMOTE_AFTER_ROLE_RE.exec(sentence), (m) => `The user works ${m[1]!.toLowerCase()} remote`, 0.7, 'work');
  push(MARRIED_YEAR_RE.exec(sentence), (m) => `The user has been married since ${m[1]!}`, 0.7, 'state');
  return out;
}

/** Words after which a new subject continues the clause rather than starting one ("the dog I have", "think we're"). */
const RUN_ON_KEEP = new Set('and but so or because cos coz cause bc that which who if when where than as to for with of in on at about like then since while until before after what how why whether unless though although once think thought know knew said says guess hope wish mean feel felt believe reckon sure the a an my our your not just even also realise realize'.split(' '));
/** A subject with its verb that starts a new statement in dictated text. */
const RUN_ON_SUBJECT_RE = /\s(?=(?:we've|we're|we have|we got|I've|I'm|I have|I work|I live|he's|she's|they're)\s)/g;

/**
 * A dictated run-on ("i moved to leeds last year and my partner came with me we've got a dog called biscuit"):
 * where a long stretch without punctuation goes on with a new subject, a clause break is put before it, so the
 * patterns read each statement on its own. Only stretches of 12+ words without a comma are touched.
 */
export function splitRunOn(sentence: string): string {
  return sentence.replace(/[^,;:.!?]+/g, (stretch) => {
    if (stretch.trim().split(/\s+/).length < 12) return stretch;
    return stretch.replace(RUN_ON_SUBJECT_RE, (sp: string, at: number) => {
      const prev = /([\w']+)\s*$/.exec(stretch.slice(0, at))?.[1]?.toLowerCase();
      return prev && !RUN_ON_KEEP.has(prev) ? '; ' : sp;
    });
  });
}

/** "can you write a CV for my son", "draft a letter to my landlord": who a document asked for is for or to. */
const WRITTEN_FOR_RE = /\b(?:write|draft|compose|make|create|help me (?:write|with)|proofread|check)\b[^.,:;\n?!]{0,40}?\b(?:for|to)\s+(my\s+(?:[\w-]+\s+)?[\w-]+)/i;

/**
 * The relation a writing task is for ("write a CV for my son" -> has a son): the task's text is not read, but the
 * person it is for is the user's. Never inside a role-play.
 */
export function writtenForFindings(text: string, roleplay: boolean): { text: string; conf: number }[] {
  const m = roleplay ? null : WRITTEN_FOR_RE.exec(text);
  return m ? relationFindings(m[1]!).map((r) => ({ text: r.text, conf: r.conf })) : [];
}

/** "I'm a guy btw", "(i'm a woman btw ...)": the user's own gender, said to put the assistant right. */
const OWN_GENDER_RE = /(?:^|[\s(,.;!?])I(?:'m| am)\s+(?:a\s+)?(guy|man|bloke|lad|dude|woman|girl|lady|gal)\b(?!\s+(?:who|that|of|in|at|named|called)\b)/i;
/** "my husband Marco", "my girlfriend's birthday": the user's own partner (not "my friend's husband"). */
const OWN_PARTNER_RE = /(?<!'s\s)\bmy\s+(husband|boyfriend|wife|girlfriend)\b/i;
const MALE = /^(?:guy|man|bloke|lad|dude)$/i;

/**
 * A partner of the user's own gender said in one message ("me and my husband Marco ... I'm a guy btw"): a same-sex
 * relationship, worded as loose-talk words it. Null without both, or with a hypothetical before the gender.
 */
export function ownGenderPartnerFinding(text: string): { text: string; conf: number } | null {
  const g = OWN_GENDER_RE.exec(text);
  const p = OWN_PARTNER_RE.exec(text);
  if (!g || !p || /\b(?:if|pretend|imagine|as if|were)\s+$/i.test(text.slice(Math.max(0, g.index - 12), g.index + 1))) return null;
  const partner = p[1]!.toLowerCase();
  const same = MALE.test(g[1]!) === /^(?:husband|boyfriend)$/.test(partner);
  return same ? { text: `The user is in a same-sex relationship with their ${partner}`, conf: 0.7 } : null;
}
