/** All findings in one user message: sentences, clauses, guards, then the patterns. */
import type { SensitiveCategory } from './sensitive.js';
import { NEGATED_RE, sensitiveCategory, sensitiveTerm } from './sensitive.js';
import { HEDGE_RE, LEAD_GUARD_RE, MAY, QUESTION_START_RE, ROLEPLAY_RE, STATES } from './vocabulary.js';
import { ownText } from './task-cut.js';
import { allergyFromContext, gotPetFinding, ownedMakeFinding, passingFindings, routineFindings } from './context-facts.js';
import { capitalizeUser, clauses, clean, listItems, normalizeFirstPerson, sentences, stripQuoted, thirdSingular, weAsI } from './text.js';
import { favoriteFinding, fragmentFindings, patterns as corePatterns, relationFindings } from './patterns.js';
import { agedKidsFinding, bodyFinding, budgetFinding, conditionFinding, homeFinding, householdFinding, lifePatterns, oursNamedFindings } from './life-patterns.js';
import { selfPatterns } from './self-patterns.js';
import { asPersonFinding, everydayPatterns, languageLevelFinding } from './everyday.js';
import { hobbyListFindings, itemsLikeFirst } from './lists.js';
import { styleFindings } from './style.js';
import { chatFindings, expandBioList, ownNameFinding } from './chat-findings.js';
import { bareRoleFinding, divorceFinding, eventPatterns, jobFinding } from './event-patterns.js';
import { joinBulletLists, labelLists, restoreSubject, secondVerbSubject, splitDroppedSubject } from './informal.js';
import { MAX_MESSAGE_CHARS, MAX_REST_CHARS } from './limits.js';
import { claimsAuthority, noLongerForm, wellFormed } from './quality.js';
import { changePatterns, endedFinding, observanceFinding, oneOffRequest, relationEnded, sarcastic } from './changes.js';
import { dietFromCondition, timelineFindings } from './timeline.js';
import { comingOut, sensitiveClause, sensitiveDisclosures } from './sensitive-disclosure.js';
import { levelCarBudgetFinding, studyAndWorkPatterns } from './study-work-patterns.js';
import { looseTalkFindings, ownGenderPartnerFinding, splitRunOn, writtenForFindings } from './loose-talk.js';

/** A state said as a list item after a role takes no article: "a plumber, self employed" -> "is self employed". */
const STATE_ITEM_RE = /^(?:self[- ]?employed|semi[- ]retired|retired|freelance|unemployed|married|single|divorced|widowed|pregnant|part[- ]time|full[- ]time)$/i;
/** A question typed without its mark, with no second clause about the user: "what should I cook tonight", "how do I fix a puncture". */
const UNMARKED_ASK_RE = /^(?:what|how|where|which|when|why)\s+(?:should|shall|can|could|do|would|must)\s+I\b(?![^,]*(?:,|\b(?:I|I'm|im|my|we)\b))[^,]*$/i;
/** The same asked after a comma: "trying to bulk, what should I eat". */
const TRAILING_ASK_RE = /,\s*(?:what|how|where|which|when|why)\s+(?:should|shall|can|could|do|would|must)\s+I\b[^,]*$/i;

const patterns = [...changePatterns, ...studyAndWorkPatterns, ...everydayPatterns, ...selfPatterns, ...eventPatterns, ...lifePatterns, ...corePatterns];

export interface OfflineExtractorOptions {
  /** 'stated' (default): sensitive attributes only when stated outright; 'never': drop them all. */
  sensitive?: 'stated' | 'never';
}

/** One pattern hit in a text, before it is tied to a conversation turn. */
export interface Finding {
  text: string;
  confidence: number;
  /** Which pattern family matched. */
  kind: string;
  /** The sentence it came from (after cleaning). */
  sentence: string;
  hedged: boolean;
  sensitive?: SensitiveCategory;
}

/** Kinds of finding that state a trait outright (requests, fragments and replies do not). */
const STATED_KINDS = new Set(['allergy', 'age', 'work', 'place', 'identity', 'ongoing', 'state', 'diet', 'preference', 'habit', 'possession', 'favorite', 'change', 'hobby', 'health', 'goal', 'skill', 'style']);

/**
 * All findings in one user message (no conversation context). `roleplay` is set when the message starts a
 * role-play, so the caller can skip the rest of the conversation.
 */
export function extractFromText(message: string, opts: OfflineExtractorOptions = {}): { findings: Finding[]; roleplay: boolean; work: number } {
  const { findings, roleplay, work } = findAll(message);
  const kept: Finding[] = [];
  for (const f of findings) {
    // "a lab called Bonnie" and "a lab named Bonnie" are one fact, said the way named pets and children are stored
    // "vegetarian as a family" is the user's diet; the words would tie it to every request about families
    f.text = noLongerForm(f.text, thirdSingular).replace(/^(The user has (?:an?|\w+) [\w -]{1,40}?) called (?=\p{Lu})/u, '$1 named ').replace(/^(The user is [\w -]{3,30}?) as a (?:family|household)$/, '$1');
    if (kept.some((g) => sayingKey(g.text) === sayingKey(f.text))) continue;
    if (!wellFormed(f.text) || claimsAuthority(f.text) || (f.kind === 'request' && oneOffRequest(f.text))) continue;
    const sensitive = sensitiveCategory(f.text);
    if (sensitive) {
      if (opts.sensitive === 'never') continue;
      // stated outright: a first-person pattern (not a request, a verbless fragment or a reply), not hedged
      if (f.hedged || !STATED_KINDS.has(f.kind)) continue;
      f.sensitive = sensitive;
    }
    kept.push(f);
    // the diet a stated condition imposes is an ordinary fact next to the (withheld) diagnosis
    const diet = f.sensitive === 'health' ? dietFromCondition(f.text) : null;
    if (diet && !kept.some((g) => g.text === diet)) kept.push({ ...f, text: diet, kind: 'diet', sensitive: undefined });
  }
  // "me and my wife ... good with same-sex couples": the wife is said in the sensitive fact, not again as a plain one
  const samesex = kept.map((f) => /^The user is in a same-sex relationship with their (\w+)$/.exec(f.text)).filter((m) => m !== null);
  const plain = new Set(samesex.map((m) => `the user has a ${m[1]!.toLowerCase()}`));
  return { findings: plain.size ? kept.filter((f) => !plain.has(f.text.toLowerCase().replace(/ named \S+$/, ''))) : kept, roleplay, work };
}

/** One fact said with or without its "on" or an "also": "has netball tues" is "also has netball on tues". */
function sayingKey(text: string): string {
  return text.replace(/ (?:on|also|still) /g, ' ');
}

/**
 * True when a user message states the sensitive trait of `attribute` about the user themselves: one of its
 * first-person findings (not hedged, not a request, not inside a writing task, role-play or someone else's
 * clause) names the same trait word with the same polarity. "My mother is a devout Muslim", "Write a story
 * about my friend who has diabetes" and "I am not religious at all" state nothing of the kind.
 */
export function statesSensitiveTrait(message: string, attribute: string): boolean {
  return findingsStateSensitiveTrait(findAll(message).findings, attribute);
}

/** statesSensitiveTrait over a message's findings already found (one reading serves many attributes). */
export function findingsStateSensitiveTrait(findings: readonly Finding[], attribute: string): boolean {
  const want = sensitiveTerm(attribute);
  if (!want) return false;
  const negated = NEGATED_RE.test(attribute);
  return findings.some((f) => {
    if (f.hedged || f.kind === 'request') return false;
    const got = sensitiveTerm(f.text);
    return got?.category === want.category && got.stem === want.stem && NEGATED_RE.test(f.text) === negated;
  });
}

/** A state word ending a "being ..." phrase: "being (type 1) diabetic", "being vegan", "being left-handed". */
const STATE_WORD_RE = new RegExp(`(?:^|\\s)(?:${STATES.filter((w) => /^[\w-]+$/.test(w)).join('|')})$`, 'i');
/** "Being a bit of a nerd", "being a pain": a manner of speaking, not who the user is. */
const BEING_NOT_RE = /^(?:bit|little|lot|pain|nuisance|idiot|honest|serious|fair)\b/i;

/** A quoted span: an opening quote after a space, a closing one before a space or punctuation. */
const QUOTED_SPAN_RE = /(?:^|\s)(?:'[^\n]{1,80}?'|"[^"\n]{1,80}?"|\u201c[^\u201d\n]{1,80}?\u201d)(?=[\s,.;:!?]|$)/g;

/** Where the last complete quotation in `lead` ends (0 when none). */
export function lastQuoteEnd(lead: string): number {
  let end = 0;
  QUOTED_SPAN_RE.lastIndex = 0;
  for (let m = QUOTED_SPAN_RE.exec(lead); m; m = QUOTED_SPAN_RE.exec(lead)) end = m.index + m[0].length;
  return end;
}

/** Doubt about one's own condition ("I think I have ADHD", "scared I might have cancer"): not a disclosure. */
const DISCLOSURE_HEDGE_RE = new RegExp(`\\b(?:think|guess|suppose|maybe|probably|might|not sure|wonder\\w*|suspect\\w*|worried|scared|afraid|could|${MAY}|possibly)\\b`, 'i');

/** A fear or a doubt before an "I" ("I'm scared I have cancer", "worried I'm pregnant"): what follows is not a fact. */
const FEAR_LEAD_RE = /\b(?:scared|afraid|worried|worry|worries|fear|fears|terrified|paranoid|wonder(?:ing)?|doubt)\b/i;

/** An "I" inside a question typed without its mark: "what do i actually need in my hospital bag", "..., do i need to claim this". */
const ASKING_LEAD_RE = /(?:\b(?:what|how|where|which|when|why|who)\s+|(?:^|[,;:]\s*))(?:do|does|did|should|can|could|would|will|shall|must|am)\s+$/i;

const CONTRAST_RE = /[,;]\s*(?:but|yet|though|however)\b[\s,]*/gi;

/** Where the last ", but" in `lead` ends (0 when none). */
function lastContrastEnd(lead: string): number {
  let end = 0;
  CONTRAST_RE.lastIndex = 0;
  for (let m = CONTRAST_RE.exec(lead); m; m = CONTRAST_RE.exec(lead)) end = m.index + m[0].length;
  return end;
}

/** Where the last emoji of a sentence starts (0 when none). */
function lastEmojiAt(sentence: string): number {
  let at = 0;
  for (const m of sentence.matchAll(/\p{Extended_Pictographic}/gu)) at = m.index;
  return at;
}

/** Where "so" hands over to the asking part of a question ("I have a bad knee so any tips for cycling?"); 0 when none. */
function soAskingAt(sentence: string): number {
  let at = 0;
  for (const m of sentence.matchAll(/\sso\s+(?=(?:any|what|how|which|where|should|can|could|would|is there|are there|do you|(?:[\w'-]+\s+){0,2}?(?:tips|ideas|suggestions|recommendations|advice))\b)/gi)) at = m.index;
  return at;
}

const CLINICIANS = '(?:doctor|doc|gp|consultant|nurse|specialist|cardiologist|dentist|physio|psychiatrist|optician)';
const CLINICIAN_SAYS_RE = new RegExp(`^(?:(?:so|and|but|well|ugh|yeah)[\\s,]+)*(?:(?:(?:my|the)\\s+)?${CLINICIANS}\\s+(?:says|said|told me|reckons|thinks|confirmed|found)|(?:just\\s+)?(?:got|was|been|i've been|ive been|I have been)\\s+told)\\s+(?:that\\s+)?$`, 'i');
/** "been to the GP and they think I've got anxiety": "they" are the clinician the sentence named before. */
const THEY_SAY_RE = /(?:^|\b(?:and|but|so|well)\s+|,\s*)they\s+(?:say|said|told me|reckon|think|thought|confirmed|found)\s+(?:that\s+)?$/i;
const SEEN_CLINICIAN_RE = new RegExp(`\\b(?:saw|seen|see|been to|went to|got|visited|back from)\\s+(?:my|the|a)\\s+${CLINICIANS}\\b`, 'i');

/** Every finding in one user message before the sensitive-trait filter. */
export function findAll(message: string): { findings: Finding[]; roleplay: boolean; work: number } {
  let text = labelLists(joinBulletLists(normalizeFirstPerson(stripQuoted(message.slice(0, MAX_MESSAGE_CHARS)))));
  // characters the clause patterns read (each "I" reads the rest of its clause): the dominant work, bounded
  let work = 0;
  const roleplayAt = text.search(ROLEPLAY_RE);
  const whole = text;
  text = ownText(text);
  const findings: Finding[] = [];
  // the task's text is cut, but the person it is written for is the user's ("write a CV for my son")
  const taskAt = text === whole ? -1 : firstDifference(text, whole);
  if (taskAt >= 0) for (const r of writtenForFindings(whole.slice(taskAt), roleplayAt >= 0)) findings.push({ ...r, confidence: r.conf, kind: 'relation', sentence: clean(whole).slice(0, 200), hedged: false });
  // coming out is the user's even in the message they ask for ("a message to my parents telling them I'm gay")
  const out = taskAt >= 0 && roleplayAt < 0 ? comingOut(whole.slice(taskAt)) : null;
  if (out && !LEAD_GUARD_RE.test(whole.slice(taskAt, taskAt + out.at).replace(/\b(?:tell|telling|told)\b/gi, ''))) findings.push({ text: out.text, confidence: 0.7, kind: 'identity', sentence: clean(whole).slice(0, 200), hedged: false });
  const all = sentences(text);
  for (const [si, sentence] of all.entries()) {
    if (sarcastic(sentence)) continue;
    for (const t of timelineFindings(sentence, all[si + 1])) findings.push({ ...t, confidence: t.conf, hedged: HEDGE_RE.test(sentence) });
    const allergy = allergyFromContext(sentence, all[si - 1]);
    if (allergy) findings.push({ ...allergy, confidence: allergy.conf, sentence, hedged: HEDGE_RE.test(sentence) });
    // what the sentence before points at: "my car's grinding ... it's a 2014 Ford Fiesta", "we got one!! a greyhound called Pickle"
    const make = ownedMakeFinding(sentence, all[si - 1]) ?? gotPetFinding(sentence, all[si - 1]);
    if (make && !LEAD_GUARD_RE.test(sentence.slice(0, 12))) findings.push({ ...make, confidence: make.conf, sentence, hedged: HEDGE_RE.test(sentence) });
    const name = ownNameFinding(sentence);
    for (const p of [...passingFindings(sentence), ...routineFindings(sentence), ...looseTalkFindings(sentence), ...(name ? [name] : [])]) findings.push({ ...p, confidence: p.conf, sentence, hedged: HEDGE_RE.test(sentence) });
    const isQuestion = /\?\s*$/.test(sentence) || UNMARKED_ASK_RE.test(sentence) || TRAILING_ASK_RE.test(sentence);
    if (isQuestion && QUESTION_START_RE.test(sentence)) {
      // a question still says what the user has: "when should I take my bipolar meds?"
      const cond = conditionFinding(sentence);
      if (cond && !LEAD_GUARD_RE.test(sentence.slice(0, sentence.search(/\bmy\b/i)))) findings.push({ text: cond.text, confidence: cond.conf, kind: 'favorite', sentence, hedged: false });
      continue;
    }
    const observance = observanceFinding(sentence);
    if (observance && !LEAD_GUARD_RE.test(sentence.slice(0, observance.at))) findings.push({ text: observance.text, confidence: observance.conf, kind: 'habit', sentence, hedged: HEDGE_RE.test(sentence) });
    // in a question only what precedes the asking part is a statement: "Since I'm vegan, what can I cook?"
    // ... and so is what precedes an emoji that closes a statement: "just moved to Bristol 🎉 best areas for cheap eats?",
    // or a "so" that starts the asking: "We have three kids under 5 so any tips for a long car trip?"
    const statement = isQuestion ? sentence.slice(0, Math.max(0, sentence.lastIndexOf(','), lastEmojiAt(sentence), soAskingAt(sentence))) : sentence;
    for (const st of styleFindings(sentence)) findings.push({ text: st.text, confidence: st.conf, kind: 'style', sentence, hedged: HEDGE_RE.test(sentence) });
    const asTyped = clauses(splitRunOn(expandBioList(statement))).flatMap(splitDroppedSubject);
    const parts = asTyped.map(weAsI).map(restoreSubject).map(secondVerbSubject);
    parts.forEach((clause, ci) => {
      const sentenceHedge = HEDGE_RE.test(clause);
      const leadOk = (at: number): boolean => !LEAD_GUARD_RE.test(clause.slice(0, Math.max(0, at)));
      // "Doctor says my cholesterol is high", "the GP told me I'm prediabetic": a clinician's finding is the user's own
      const clinicianOk = (at: number): boolean => {
        const lead = clause.slice(0, Math.max(0, at));
        return leadOk(at) || CLINICIAN_SAYS_RE.test(lead) || (THEY_SAY_RE.test(lead) && SEEN_CLINICIAN_RE.test(`${sentence.slice(0, Math.max(0, sentence.indexOf(clause)))} ${lead}`));
      };
      // a clinician's "thinks" is their finding, not the user's doubt: the hedge is read after their frame
      const disclosureHedged = (at: number): boolean => {
        const lead = clause.slice(0, Math.max(0, at));
        const from = CLINICIAN_SAYS_RE.test(lead) || THEY_SAY_RE.test(lead) ? at : 0;
        return DISCLOSURE_HEDGE_RE.test(clause.slice(from, at + 40));
      };
      for (const h of hobbyListFindings(clause)) if (leadOk(h.at)) findings.push({ text: h.text, confidence: h.conf, kind: 'hobby', sentence, hedged: sentenceHedge });
      const fav = endedFinding(clause) ?? favoriteFinding(clause) ?? budgetFinding(clause) ?? jobFinding(clause) ?? divorceFinding(clause) ?? bodyFinding(clause) ?? conditionFinding(clause) ?? agedKidsFinding(clause) ?? householdFinding(clause) ?? languageLevelFinding(clause) ?? levelCarBudgetFinding(clause) ?? (ci === 0 ? bareRoleFinding(clause, sentence) ?? asPersonFinding(clause, sentence) : null);
      for (const f of [fav, homeFinding(clause)]) {
        if (f && !LEAD_GUARD_RE.test(clause.slice(0, Math.max(0, clause.search(/\bmy\b/i))))) {
          findings.push({ text: f.text, confidence: f.conf, kind: 'favorite', sentence, hedged: sentenceHedge });
        }
      }
      for (const f of chatFindings(clause)) if (leadOk(f.at)) findings.push({ text: f.text, confidence: f.conf, kind: f.kind, sentence, hedged: sentenceHedge });
      if (!/^\s*(?:I|I'm|I've|I'd)\b/.test(clause)) {
        for (const fr of fragmentFindings(clause)) findings.push({ text: fr.text, confidence: fr.conf * (sentenceHedge ? 0.75 : 1), kind: fr.kind ?? 'fragment', sentence, hedged: sentenceHedge });
      }
      // read as said: "me and my wife are ..." becomes a "we" for the patterns, the wife stays the user's
      const asSaid = asTyped[ci]!;
      for (const rel of relationFindings(asSaid)) {
        if (LEAD_GUARD_RE.test(asSaid.slice(0, rel.at)) || relationEnded(asSaid, rel.at)) continue;
        findings.push({ text: rel.text, confidence: rel.conf, kind: 'relation', sentence, hedged: false });
      }
      // every "I" in the clause, skipping those inside an earlier match
      const subjRe = /\bI(?='m\b|'ve\b|'d\b|\b)/g;
      let consumedTo = -1;
      for (let sm = subjRe.exec(clause); sm; sm = subjRe.exec(clause)) {
        if (sm.index < consumedTo) continue;
        let lead = clause.slice(0, sm.index);
        // the patterns read at most MAX_REST_CHARS after the "I" (an object is trimmed to 16 words anyway)
        let rest = clause.slice(sm.index, sm.index + MAX_REST_CHARS);
        work += rest.length;
        // "As a nurse, I ..." (the comma split left "As a nurse" in its own clause: handled below)
        // hedge frame: "I think (that) I'm ..." -> "The user thinks they are ..."
        const frame = /^I\s+(?:(really|honestly|kind of|sort of)\s+)?(think|guess|suppose|believe|reckon|feel like|feel that)\s+(?:that\s+)?(?=I\b)/i.exec(rest);
        let framePrefix = '';
        if (frame) {
          framePrefix = `${frame[1] ? `${frame[1].toLowerCase()} ` : ''}${thirdSingular(frame[2]!.toLowerCase())} they`;
          lead = `${lead}${frame[0]}`.replace(/I\s+(?:\w+\s+)*(?:think|guess|suppose|believe|reckon|feel like|feel that)\s+(?:that\s+)?$/i, '');
          rest = rest.slice(frame[0].length);
        }
        // a short quotation closes its frame: "My boss said 'you're our best', which is funny because I'm in marketing"
        // ... and so does a contrast: "If I won the lottery I'd quit, but honestly I love my job" (the frame is before "but")
        const frameEnd = Math.max(lastQuoteEnd(lead), lastContrastEnd(lead));
        if (LEAD_GUARD_RE.test(lead.slice(frameEnd)) || FEAR_LEAD_RE.test(lead.slice(frameEnd)) || ASKING_LEAD_RE.test(lead)) continue;
        for (const p of patterns) {
          const h = p(rest);
          if (!h) continue;
          const hedged = Boolean(frame) || HEDGE_RE.test(rest.slice(0, h.end));
          const all = h.head ? listItems(h.head.obj) : [];
          const items = itemsLikeFirst(all, /^is an?$/i.test(h.head?.sg ?? ''));
          const whole = framePrefix ? `${framePrefix} ${h.pl}` : h.sg;
          // "I don't drink coffee, just green tea": the item after "only"/"just" is what the user does
          const negVerb = /^(?:does not|do not)\s+([a-z]+)$/i.exec(h.head?.sg ?? '');
          const itemPred = (o: string): string => {
            const only = negVerb && !framePrefix ? /^(?:only|just)\s+(?=\S)/i.exec(o) : null;
            if (only) return `${thirdSingular(negVerb![1]!.toLowerCase())} ${o.slice(only[0].length)}`;
            // "I'm a teacher, a runner and a dad of two": an item with its own article keeps it ("is a runner", not "is a a runner")
            const head = (v: string): string => (/^(?:an?|the)\s/i.test(o) || STATE_ITEM_RE.test(o) ? v.replace(/\s+an?$/i, '') : v);
            return framePrefix ? `${framePrefix} ${head(h.head!.pl)} ${o}` : `${head(h.head!.sg)} ${o}`;
          };
          const preds = all.length > 1 ? items.map(itemPred) : [whole];
          for (const p of preds) findings.push({ text: capitalizeUser(p), confidence: h.conf * (hedged ? 0.75 : 1), kind: h.kind, sentence, hedged });
          consumedTo = sm.index + (frame ? frame[0].length : 0) + h.end;
          break;
        }
      }
      // "As a nurse, I ..." / "As a vegetarian," at the start of a sentence; "As a practicing Muslim I ..."
      // "Being type 1 diabetic I ...", "Being a nurse, I ...": a role, or a state the patterns know
      const being = /^(?:(?:and|but|so|well|yes|yeah|oh|also)\s*,?\s+)?being\s+(?:(an?)\s+)?((?:[\w-]+\s+){0,3}?[\w-]+)(?:\s+(?=I(?:'m|'ve|'d)?\s)|$)/i.exec(clause);
      const beingOk = being && (being[1] || STATE_WORD_RE.test(being[2]!)) && !BEING_NOT_RE.test(being[2]!);
      // the frame before an "I" first: "as a Sikh I wear a turban" is not one long role ending in "I wear a turban"
      const asA = /^(?:(?:and|but|so|well|yes|yeah|oh|also)\s*,?\s+)?as\s+(an?)\s+((?:[\w-]+\s+){0,3}?[\w-]+)\s+(?=I(?:'m|'ve|'d)?\s)/i.exec(clause)
        ?? /^(?:(?:and|but|so|well|yes|yeah|oh|also)\s*,?\s+)?as\s+(an?)\s+([\w\s-]{2,40})$/i.exec(clause)
        ?? (beingOk ? being : null);
      const next = asA && asA[0].length < clause.length ? clause.slice(asA[0].length) : parts[ci + 1];
      if (asA && (ci < parts.length - 1 || next !== parts[ci + 1]) && /^(?:I|I'm|I've|I'd)\b/.test(next ?? '') && !/^(?:result|matter|rule|whole|side note|reminder|kid|child|teenager|teen|youngster|boy|girl|first step|start|bonus|treat|gift|thank you|test)\b/i.test(asA[2]!.trim())) {
        findings.push({ text: `The user is ${asA[1] ? `${asA[1].toLowerCase()} ` : ''}${clean(asA[2]!)}`, confidence: 0.7, kind: 'identity', sentence, hedged: false });
      }
      // a sensitive fact in an everyday frame the patterns above missed, once per trait word
      for (const d of sensitiveDisclosures(clause)) {
        const term = sensitiveTerm(d.text);
        if (!term || !clinicianOk(d.at)) continue;
        // (a request naming the same term states nothing and is dropped by the gate, so it does not count here)
        if (findings.some((f) => f.sentence === sentence && f.kind !== 'request' && wellFormed(f.text) && sensitiveTerm(f.text)?.stem === term.stem)) continue;
        findings.push({ text: d.text, confidence: 0.7, kind: d.kind, sentence, hedged: disclosureHedged(d.at) });
      }
      const said = sensitiveClause(clause);
      const saidTerm = said && sensitiveTerm(said.text);
      if (said && saidTerm && clinicianOk(said.at) && !findings.some((f) => f.sentence === sentence && wellFormed(f.text) && sensitiveTerm(f.text)?.stem === saidTerm.stem)) {
        findings.push({ text: said.text, confidence: 0.6, kind: 'health', sentence, hedged: DISCLOSURE_HEDGE_RE.test(clause) });
      }
    });
  }
  const couple = roleplayAt < 0 ? ownGenderPartnerFinding(text) : null;
  if (couple) findings.push({ text: couple.text, confidence: couple.conf, kind: 'identity', sentence: clean(text).slice(0, 200), hedged: false });
  for (const p of oursNamedFindings(text)) findings.push({ text: p.text, confidence: p.conf, kind: 'possession', sentence: p.sentence, hedged: false });
  return { findings, roleplay: roleplayAt >= 0, work };
}

/** Where two texts first differ. */
function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
