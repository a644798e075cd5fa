import type { Attribute, Conversation } from '../../model/index.js';
import type { Extractor } from './extractor.js';
import { answerFindings, leadingAnswer, userQuestion } from './answers.js';
import { extractFromText, type Finding, type OfflineExtractorOptions } from './findings.js';
import { sensitiveCategory } from './sensitive.js';
import { TRAILING_FILLER_RE, clean, thirdSingular } from './text.js';
import { checkConversationSize } from './limits.js';
import { householdCountFindings } from './everyday.js';
import { correctionOf } from './corrections.js';
import { kidsAgesAnswer } from './context-facts.js';

/** A turn the user marks as said out of character, inside a role-play: "(ooc: ...", "OOC -", "out of character:". */
const OOC_RE = /^\s*[([]{0,2}\s*(?:ooc|out of character|off[- ]character|irl)\s*[:\-\u2013\u2014)\]]?\s*/i;
/** A turn that ends a role-play and speaks as the user again: "ok stop, ... for real though I'm a junior dev", "end role play. I actually ...". */
const ROLEPLAY_END_RE = /^\W*(?:(?:ok(?:ay)?|alright|right|cool|great|thanks|thank you)[\s,.!]+)*(?:stop(?=\s*[,.!]|\s+(?:the|this|here|there|now)\b)|end (?:the |this )?(?:role[- ]?play|roleplay|game|scene)|let'?s stop|break(?:ing)? character|(?:that's|thats) enough|back to (?:reality|real life)|game over\b(?=\s*(?:[,.!]|lol|haha|$)))|\b(?:for real (?:though|tho|now)|in real life|real talk|seriously though|joking aside|out of character|real question)\b/i;
import { claimsAuthority, noLongerForm, wellFormed } from './quality.js';

export { MAX_CONVERSATION_CHARS, MAX_MESSAGE_CHARS, MAX_SENTENCE_CHARS, MAX_TURNS } from './limits.js';
export { claimsAuthority, dropAuthorityClaims, wellFormed } from './quality.js';

export { answerFindings, userQuestion } from './answers.js';
export { extractFromText, statesSensitiveTrait, type Finding, type OfflineExtractorOptions } from './findings.js';
export { sensitiveCategory, type SensitiveCategory } from './sensitive.js';
export { listItems, normalizeFirstPerson, stripQuoted, thirdSingular, toThirdPerson } from './text.js';

/**
 * The offline extractor: self-disclosure patterns over the user's own turns, rewritten into "The user ..."
 * statements. No model, no network, deterministic.
 *
 * What it finds: literal first-person statements ("I'm a nurse", "I work as", "I live in", "I'm allergic to",
 * "I don't eat", "I'm vegetarian", "I love/like/prefer/hate/avoid", "I usually cook", "I have two kids",
 * "my wife/kids/dog", "I've been ...ing", "my favorite X is Y", "I want/need to ...", "I don't want X",
 * "I'd rather X", "I'm in the mood for X"), clauses led by "we" ("We like rom coms"), verbless constraints and
 * preferences ("nothing too spicy", "no meat", "X would be nice", "X is off limits"), and short replies to the
 * assistant's questions about the user ("What genres do you like?" -> "Comedy and drama"), worded by the kind
 * of question (likes, avoids, has, is with). A coordinated object becomes one attribute per item ("horror,
 * thrillers and action films" -> three), since a preference is one thing. What it cannot find: anything the
 * user implies rather than states (a choice among options the assistant listed, a taste shown by which film
 * they pick). See the README for measured figures.
 *
 * Also (self-patterns.ts, style.ts, lists.ts): diets held for a while ("I've been vegetarian for six years"),
 * a job after a shift ("I work nights as a nurse"), moves with an origin or a return ("moved from Madrid to
 * Lyon", "we moved back to Chicago"), conditions ("I get migraines", "I'm 20 weeks pregnant"), goals ("I'm
 * training for a marathon"), languages ("I'm fluent in Greek"), fields ("I'm in marketing"), hobby lists,
 * "our two cats", "As a practicing Muslim I ...", and answer-style preferences ("keep it brief", "no emojis",
 * "bullet points work best for me", "I prefer metric") as "The user prefers ..." texts the default selector
 * reads as style; a list keeps only items like its first ("Porto, in a small flat" -> Porto).
 * Also (life-patterns.ts): languages and tools at work ("I mostly write Go"), named pets ("my dog Biscuit"),
 * hobbies taken up ("I've gotten into bouldering", "I took up the cello"), conditions had, budgets, trips, ages
 * ("I'm 41,"), and changes as the new value or a negation the memory retires on ("I moved to Berlin" -> "The user
 * lives in Berlin"; "I'm not vegetarian anymore" -> "The user is no longer vegetarian"; "I stopped doing keto"
 * -> "The user no longer follows a keto diet"). Also (informal.ts, event-patterns.ts): informal typing ("relocated
 * to Utrecht" with no subject, bulleted lists under a heading, "vet tech here"), "I'm in Barcelona now", adoptions,
 * hires and promotions, retirement, divorce, "turning 50", "I do pilates", debts and tight budgets, "my job is
 * nursing". Facts said in passing: "no more coffee for me" (a change), "my wife and I are both teachers", "being type 1
 * diabetic I ...", "my knee's been dodgy" (health), learner's English ("I am engineer in automotive"), a home named
 * in passing ("decorating my flat in Leeds"), a household and its pets.
 * Also (set 4): a short answer opening a longer reply ("near Porto, I don't have a car" after "What city are you
 * in?"), job answers, "love: X, Y" / "can't stand: Z" label lists, medication and conditions in passing ("I'm on
 * sertraline", "for my depression"), party work ("I canvass for the Labour Party"), moves ahead ("I'm moving to
 * Milan for a job in fashion"), "stuck doing payroll in Manchester", "ours is called Biscuit" after a pet, "I
 * don't drink coffee, only tea" (tea is drunk); a refusal ("not telling lol") and code comments give nothing.
 * Also (set 5, everyday.ts): "my French has gotten rusty", "I've lived in Toronto for ten years", "I'm on an H-1B
 * visa", "leaving accounting", "to become a pastry chef", "as a gay man, ...", a household counted in answer to "how
 * many are you cooking for?", an answer after "yep,", and an out-of-character turn ("(ooc: I'm a teacher)") inside a
 * role-play, whose other turns stay unread. Also (set 6, changes.ts): "I'm off dairy now", "switched from iPhone to
 * Android", "went back to eating meat", "I start at Shopify as a product manager", "now I do UX research at a
 * fintech", "we're Austin people now", "no longer with my girlfriend", "my cat passed away", "knee surgery ended my
 * running days", "coming out to my parents as bi", "I vote Green", "Ramadan starts and I'll be fasting", "my bipolar
 * meds" inside a question; sarcasm ("yeah I'm a millionaire lol", "/s"), "say I moved to ...", "people assume I'm ..."
 * and one-off requests for others ("a lasagna recipe for 12 people") give nothing. Also (set 7, chat-typing.ts and
 * chat-findings.ts): chat typing ("wfh in manchester rn", "im gay", "my bf", an emoji ending a thought), "t1 diabetic
 * here", "my bf is obsessed with bouldering", "tore my acl", "usually fly out of dublin", "im 37, software dev at a bank,
 * married, 2 kids", subjects dropped ("hate coriander", "work in retail in cardiff", "on sertraline"), style in chat
 * register ("bullet points pls", "use simple words", "too formal, talk to me like a friend"); a message pasted in single
 * quotes or handed over to "fix the grammar" gives nothing. Also (set 9): "I'm autistic" or
 * "dyslexic" (sensitive), "signed up for a 10k in May", "I'm applying for data analyst roles", "total beginner at chess",
 * "American living in Berlin", "Spanish, intermediate-ish, and chess, total beginner" (a level qualifies its item), "I work
 * nights at a warehouse", "started a new job at Aldi as assistant store manager", "im 15", "bullet points if you can";
 * "let's role play" (two words) starts a role-play; "self-employed plumber in Cardiff, ...", "love birdwatching", "got two
 * kids", "I'm the maid of honour"; a list ends at a clause with its own subject ("bass in a band and we gig ...");
 * "im in year 10", "I'm in my second year of uni", "I main support in Overwatch", "my Portuguese is still embarrassing".
 * Also (set 10, task-cut.ts): the text of the user's own bio, intro or email after its colon ("write a short bio for me:
 * I'm a nurse in Cork"), "I'm a teacher, a runner and a dad", "left Google and joined a startup in Berlin as head of
 * product", "I'm now at a small charity as finance manager"; a role the assistant is addressed by ("Nurse, how do I
 * ...?", "ok doctor, I've had ...") and someone else's document named before it is pasted ("look over her CV:") give nothing.
 * Also (set 10, context-facts.ts): "are there nuts in pesto? I'm allergic" and "... if you're allergic to shellfish? asking
 * because I am" (the object from the question before), "I work 7-3 at the hospital", "since I switched to nights" (a shift
 * the merge lets end the old one), "I'm from India, moved to London", "I've been in Toronto 12 years now", "I'm Irish",
 * "as an american living in japan, ..." (two facts: the nationality and the home), a role-play the user ends ("ok stop,
 * ... for real though I'm a junior dev"), children's ages as a bare answer ("How old are they?" -> "4 and 7, both boys"),
 * an amount answering a budget, "first job as a junior dev", "my commute is 40 mins by bike", "gonna be an auntie",
 * "moved to London for my masters", "I've yoga tues and thurs evenings", "on my days off I'm usually sea
 * swimming" (usually goes sea swimming), "my landlord" (has a landlord), "a junior dev, about a year in, at a small agency".
 * Also (set 12, loose-talk.ts): dictated run-ons split where a new subject starts, "help me write a cover letter, I've been
 * a dental nurse for 6 years" (the user goes on after the document asked for), "we still go ballroom dancing every
 * Thursday", "i do nights at the amazon warehouse", "I work 3 days a week at Boots", "bought our first house in ohio",
 * "my native place is Kerala", "on mat leave with a 3 week old", "it's 3 kids not 2", "I'm 23 not 32", "transferred to
 * the Sheffield station" (the merge keeps the role and moves its place), "I've two greyhounds"; sensitive facts in
 * everyday words ("14 weeks along", "signed off work with stress", "type 2 here", "given up chocolate for Lent", "voted SNP",
 * "to gurdwara with my family", "came to the UK on the health and care visa"); mock enthusiasm ("oh yeah I just LOVE
 * tax returns 🙃") gives nothing. Every attribute must read as a sentence about the user
 * (quality.ts wellFormed) and none may claim authority or access (claimsAuthority). Work is linear in the input
 * and bounded (limits.ts): a conversation beyond the bounds is refused with InputTooLargeError.
 *
 * Guards against the paper's failure modes:
 * - task-context confusion: text after a writing/role-play instruction ("write a story where I am...", but not the
 *   text of the user's own bio, intro or email after its colon),
 *   "pretend you are", "act as", "translate", "rewrite") is not read, and once a user starts a role-play every
 *   later turn of that conversation is skipped; quoted passages (4+ words), block quotes and code are removed;
 *   clauses led by a hypothetical or reported frame ("if I were", "imagine I'm", "she said I'm") are skipped;
 *   questions ("Am I ...?", "Should I ... if I'm ...?") are not read as statements.
 * - overgeneralization: one request ("I want to ...", "I'm looking for ...") is kept as what it is, with a low
 *   confidence (0.45) and a reason saying so; the statement is never widened into a trait.
 * - missing evidence: every attribute quotes its sentence and names its turn.
 * - not standalone: objects that point into the conversation ("I like it", "I love your idea", "I like the
 *   first one") are dropped.
 * - sensitive traits (health, religion, ethnicity, sexual orientation, politics) are never inferred: an
 *   attribute touching one is kept only when the user stated it outright (a direct pattern, confidence >= 0.7,
 *   no hedge), or never with `sensitive: 'never'`.
 * - user text is data: a reply that is an instruction or a request to the assistant ("ignore ...", "write ...",
 *   "can you ...") is not read as an answer, objects that address the assistant are dropped, and nothing the
 *   user writes is followed; attributes only rewrite the user's words into "The user ..." statements.
 * Hedges ("I think", "probably", "kind of", "sometimes") are kept in the text and lower the confidence (x0.75);
 * negations are kept ("The user does not eat pork").
 */
/** A user message at least this long is followed by a turn of the event loop (about 2 ms of reading). */
const YIELD_AFTER_CHARS = 1_000;

function quote(s: string, max = 200): string {
  const t = clean(s);
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

function reasonFor(f: Finding, turnIndex: number): string {
  const notes: string[] = [];
  if (f.kind === 'request') notes.push('one request in this conversation; may not hold beyond it');
  if (f.kind === 'answer') notes.push("a short answer to the assistant's question; the wording is the extractor's");
  if (f.hedged) notes.push('hedged by the user');
  if (f.sensitive) notes.push(`sensitive (${f.sensitive.replace('_', ' ')}): stated outright by the user`);
  return `The user said in turn ${turnIndex}: "${quote(f.sentence)}"${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/** The offline extractor; see the module comment for what it does and does not find. */
export class OfflineExtractor implements Extractor {
  readonly name = 'offline-patterns@2';

  constructor(private readonly opts: OfflineExtractorOptions = {}) {}

  /** Gives the event loop a turn after each long user message, so a server answers others meanwhile. */
  async extract(conversation: Conversation): Promise<Attribute[]> {
    const run = this.read(conversation);
    for (let step = run.next(); ; step = run.next()) {
      if (step.done) return step.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Same as extract(), without the promise (and without yielding). */
  extractSync(conversation: Conversation): Attribute[] {
    const run = this.read(conversation);
    for (let step = run.next(); ; step = run.next()) if (step.done) return step.value;
  }

  /** The extraction, yielding after each user message long enough to take a noticeable time. */
  private *read(conversation: Conversation): Generator<void, Attribute[]> {
    checkConversationSize(conversation.turns);
    const byText = new Map<string, Attribute>();
    let inRoleplay = false;
    let question: string | undefined;
    let assistantText = '';
    let earlierUser = '';
    for (const turn of conversation.turns) {
      if (turn.role === 'assistant') question = userQuestion(turn.text);
      if (turn.role === 'assistant') assistantText = turn.text;
      if (turn.role !== 'user') continue;
      // inside a role-play only a turn the user marks as out of character speaks for them ("(ooc: I'm a teacher)")
      const ooc = inRoleplay ? OOC_RE.exec(turn.text) : null;
      if (inRoleplay && !ooc && ROLEPLAY_END_RE.test(turn.text)) inRoleplay = false;
      else if (inRoleplay && !ooc) continue;
      const fix = correctionOf(turn.text, [...byText.values()].map((a) => a.text));
      if (fix) {
        // the corrected attribute takes the right value and this turn as its evidence too
        const was = byText.get(fix.from.toLowerCase())!;
        byText.delete(fix.from.toLowerCase());
        byText.set(fix.to.toLowerCase(), { ...was, text: fix.to, evidence: [...was.evidence, { conversationId: conversation.id, turnIndex: turn.index }] });
      }
      const { findings, roleplay } = extractFromText(ooc ? turn.text.slice(ooc[0].length).replace(/\)\s*$/, '') : turn.text, this.opts);
      if (turn.text.length >= YIELD_AFTER_CHARS) yield;
      if (roleplay) inRoleplay = true;
      else if (question) {
        const counted = householdCountFindings(question, turn.text);
        findings.push(...counted.map((c) => ({ text: c.text, confidence: c.conf, kind: 'answer', sentence: clean(turn.text).slice(0, 200), hedged: false })));
        // a short answer opening a longer reply with statements of its own counts unless one of them already says
        // it (only then: on LAPS, reading the opening words of every reply without statements costs precision)
        const whole = findings.length ? [] : answerFindings(question, turn.text);
        // with no statements of its own, only an answer after an assent ("yep, an old greyhound called Biscuit, he's lazy")
        const head = whole.length ? undefined : leadingAnswer(turn.text, !findings.length);
        const answers = head && !findings.some((f) => f.text.toLowerCase().includes(head.toLowerCase())) ? answerFindings(question, head) : whole;
        findings.push(...answers.map((f) => ({ ...f, text: noLongerForm(f.text, thirdSingular) })).filter((f) => !sensitiveCategory(f.text) && wellFormed(f.text) && !claimsAuthority(f.text)));
      }
      // "How old are they?" after "... with the kids" -> "4 and 7, both boys"
      const aged = !inRoleplay && assistantText ? kidsAgesAnswer(assistantText, turn.text, earlierUser) : null;
      if (aged) findings.push({ text: aged.text, confidence: aged.conf, kind: 'answer', sentence: clean(turn.text).slice(0, 200), hedged: false });
      question = undefined;
      assistantText = '';
      earlierUser = turn.text;
      for (const found of findings) {
        const f = { ...found, text: withoutFillers(found.text) };
        const key = f.text.toLowerCase();
        const ev = { conversationId: conversation.id, turnIndex: turn.index };
        const prev = byText.get(key);
        if (prev) {
          if (!prev.evidence.some((e) => e.turnIndex === turn.index)) prev.evidence.push(ev);
          prev.confidence = Math.max(prev.confidence ?? 0, round(f.confidence));
          continue;
        }
        byText.set(key, { text: f.text, reason: reasonFor(f, turn.index), confidence: round(f.confidence), evidence: [ev], source: this.name, members: [] });
      }
    }
    return [...byText.values()];
  }
}

/** A consequence said after the fact ("I have asthma so it's affecting me", "a single mum so can't do a big bill"): not part of it. */
const SO_TAIL_RE = /(?<=^The user \S+ \S.*?)\s+so\s+(?:it|its|it's|that|this|the|they|they're|we|he|she|can't|cannot|can|couldn't|don't|doesn't|won't|need|needs|have to|has to|thinking|looking|trying|hoping|no|not|any|anything|nothing)\b.*$/;
/** "The user also has a cat", "The user is also a keen cyclist", "does not like spicy food either", "is pescatarian btw": the fact without the talk ("really" stays: dropping it too moved the LAPS match threshold chosen on train from 0.49 to 0.54 and val F1 from 0.586 to 0.524). */
function withoutFillers(text: string): string {
  return text.replace(SO_TAIL_RE, '').replace(/^The user also /, 'The user ').replace(/^The user (is|has|was) also /, 'The user $1 ').replace(/(?<=\S) either$/, '').replace(TRAILING_FILLER_RE, '');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
