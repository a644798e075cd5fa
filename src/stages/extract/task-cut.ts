/** Where a message stops speaking for the user: a role-play, a writing or handling task, someone else's document. */
import { HANDLE_TASK_RE, ROLEPLAY_RE, WRITING_TASK_RE } from './vocabulary.js';

/**
 * A document the user has written in their own voice, for themselves, with its text after a colon: "write a short
 * bio for me for the newsletter: I'm a nurse in Cork", "draft an email to my landlord: I work from home, so ...",
 * "write my LinkedIn intro: ...". Its first person is the user's. Not a story or a poem, not one written for or as
 * someone else ("a bio for my sister:", "an email as my boss:"), and not a cover letter, which sells the user to a
 * role they want ("5 years of marketing experience and I am a team player") rather than saying who they are.
 */
const SELF_DOCUMENT_RE = /\b(?:write|compose|draft|create|make|give me|help me (?:write|with)|can you write|could you write)\s+(?:me\s+)?(?:(?:my|a|an|the)\s+)?(?:(?:short|quick|brief|little|new|formal|polite|friendly|linkedin|professional|work)\s+)*(?:bio|biography|intro|introduction|profile|email|e-mail|letter|message|note|summary|about me(?: section)?)\b(?<aim>[^:\n]{0,70}):\s*/i;
/** What may come between a self-document and its colon: who it is for or to, where it goes ("to my landlord", "for me for the newsletter"). */
const SELF_AIM_RE = /^(?:\s+(?:(?:for|about)\s+(?:me|myself)|to\s+(?:my|our|the|a)\s+[\w-]+(?:\s+[\w-]+)?|(?:for|on)\s+(?:the|our|a)\s+[\w-]+(?:\s+[\w-]+){0,2}|(?:for|on)\s+my\s+(?:blog|website|site|linkedin|portfolio|profile|page|newsletter|application|channel)))*\s*$/i;

/**
 * Someone else's document named before it is pasted: "look over her CV", "my friend's cover letter", "his resume
 * below": what follows is theirs.
 */
const OTHERS_DOCUMENT_RE = /\b(?:her|his|their|(?!it's|that's|what's|who's|there's|here's|let's)[a-z]+'s)\s+(?:(?:new|old|draft|updated|current)\s+)?(?:cv|resume|résumé|cover letter|bio|personal statement|application|linkedin(?: profile)?|dating profile|profile|speech)\b/i;

/**
 * A real-life document asked for, then the user going on in their own words after a comma or a full stop: "help me
 * write a cover letter, I've been a dental nurse for 6 years", "a speech for our golden wedding, Margaret and I
 * married in 1974". The aim between the document and the stop is only who or what it is for (never "as if",
 * "where", "about a ..."), and the clause after it starts with the user ("I", "we", "my", "X and I"), so a story,
 * a poem or a letter written as someone else is still cut at its instruction.
 */
const REAL_DOCUMENT_THEN_USER_RE = /\b(?:write|compose|draft|help me (?:write|with)|can you write|could you write)\s+(?:me\s+)?(?:(?:my|a|an|the|our)\s+)?(?:(?:short|quick|brief|little|new|formal|polite|friendly|professional|wedding|retirement|leaving|best man's|best man|maid of honou?r)\s+)*(?:cover letter|cv|resume|résumé|speech|toast|email|e-mail|letter|bio|personal statement|application|message|note)(?:\s+(?:for|to)\s+(?:me|myself|(?:my|our|a|an|the)(?:\s+[\w'-]+){1,4}?))?\s*[,.;]\s+(?=(?:I|I'm|I've|we|we've|we're|my|(?:me and |my )?\p{Lu}\p{Ll}+ and I)\b)/iu;

/** A made-up piece, whose later first person may still be a character's: never read past. */
const FICTION_TASK_RE = /\b(?:story|stories|poem|poems|script|dialogue|dialog|song|lyrics|monologue|scene|novel|chapter|fanfic|fan fiction|joke|rap)\b/i;
/** A document written as, from or for someone else ("as my boss", "a CV for my cousin"), whose first person is theirs. */
const OTHERS_VOICE_RE = /\b(?:as if|as though|as (?:my|a|an|the|him|her|them)\b|from (?:my|his|her|their|the)\b|on behalf of|in the voice|pretend|(?:cv|resume|résumé|cover letter|bio|personal statement|profile|application)\s+for\s+(?!me\b|myself\b))/i;
/**
 * A later sentence where the user speaks again, after the document asked for: "help me write an email to my
 * landlord about the damp. I have asthma so ...", "... quiet hours? I work from home as a copywriter", "for
 * context I'm a freelance translator". It starts with the user, or an aside and then the user.
 */
const USER_AGAIN_RE = /(?:[.!?]+["')\]]*\s+|\n+\s*)(?=(?:(?:btw|fwiw|also|oh and|and|ps|p\.s\.|for context|for the record|just so you know|if it matters|if that matters)[\s,:-]+)?(?:I|I'm|Im|I've|Ive|I'd|I'll|I am|I have|i|i'm|im|i've|ive|my|we|we're|we've|our)\b)/giu;
/** A greeting that opens the document's own text ("Dear Sir,", "Hi Tom,"): what follows is the document, in its writer's voice. */
const SALUTATION_RE = /(?:^|[.!?\n]\s*)(?:dear|hi|hello|hey|to whom)\b/i;

/**
 * Where the user speaks again after a real-life document (an email, a letter, a message, a CV) asked for: the start
 * of the first later sentence that opens with the user, or -1 (a made-up piece, one in someone else's voice, or a
 * document whose text has begun).
 */
function userAgainAt(text: string, taskAt: number): number {
  const end = text.slice(taskAt).search(/[.!?\n]/);
  const instruction = end < 0 ? text.slice(taskAt) : text.slice(taskAt, taskAt + end);
  if (FICTION_TASK_RE.test(instruction) || OTHERS_VOICE_RE.test(instruction)) return -1;
  USER_AGAIN_RE.lastIndex = taskAt;
  const m = USER_AGAIN_RE.exec(text);
  if (!m) return -1;
  return SALUTATION_RE.test(text.slice(taskAt, m.index + m[0].length)) ? -1 : m.index + m[0].length;
}

/** The text of a message that can speak for the user: everything before the first task, role-play or other's document. */
export function ownText(text: string): string {
  const self = SELF_DOCUMENT_RE.exec(text);
  const writingAt = text.search(WRITING_TASK_RE);
  // the user's own document: its instruction says nothing, its text after the colon speaks for them
  if (self && writingAt === self.index && SELF_AIM_RE.test(self.groups!.aim!)) return ownText(`${text.slice(0, self.index)}. ${text.slice(self.index + self[0].length)}`);
  // a real-life document asked for, then the user's own words about themselves: the instruction says nothing, the rest speaks
  const real = REAL_DOCUMENT_THEN_USER_RE.exec(text);
  if (real && writingAt === real.index && text.search(ROLEPLAY_RE) < 0) return ownText(`${text.slice(0, real.index)}. ${text.slice(real.index + real[0].length)}`);
  const cut = [text.search(ROLEPLAY_RE), writingAt, text.search(HANDLE_TASK_RE), text.search(OTHERS_DOCUMENT_RE)].filter((i) => i >= 0);
  if (!cut.length) return text;
  const at = Math.min(...cut);
  // a real-life document asked for, then the user speaking again in a later sentence: the rest is read too
  const again = at === writingAt && text.search(ROLEPLAY_RE) < 0 ? userAgainAt(text, at) : -1;
  return again < 0 ? text.slice(0, at) : `${text.slice(0, at)}. ${ownText(text.slice(again))}`;
}
