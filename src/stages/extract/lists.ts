/**
 * Lists in an object: where a coordinated object stops being a list of like things ("Porto, in a small flat",
 * "a chemistry teacher, grading lab reports", "Edinburgh and work as an engineer"), and lists of hobbies
 * ("My hobbies are rock climbing, baking sourdough and playing chess").
 */
import { listItems, toThirdPerson, trimObject, usable } from './text.js';
import { ROLE_NOUNS } from './event-patterns.js';

const PREP_RE = /^(?:in|on|at|near|with|for|to|from|by|into|inside|outside|under|over|after|before|since|during)\b/i;
const VERB_RE = /^(?:work|works|live|lives|teach|teaches|study|studies|use|uses|write|writes|speak|speaks|go|goes|have|has|am|is|was|do|does|make|makes|get|gets|got|been|being|had|doin|(?:just|also|then)\s+\w+ed|(?:just|also|then)\s+(?:got|went|did|had|made|bought|took)|saw|went|did|made|took|bought|found|came|left|ran|told|said|thought|felt|want|wants|need|needs|love|loves|hate|hates|like|likes|enjoy|enjoys|hope|hopes|plan|plans|would|'d|can|can't|could|will|won't|should|must|really|still|never)\b/i;
/** A clause with its own subject after "and": "bass in a covers band and we gig most Saturdays" is not a second instrument, "a vet, people ask me for advice" no second role. */
const SUBJECT_RE = /^(?:we|I|you|he|she|they|it|there)\b(?!\s*[,.;]?$)|^(?:people|everyone|everybody|nobody|no one|someone|somebody|folk|folks)\s+(?!watching\b)[a-z]/i;
/** An activity verb starting a second clause: "two horses at livery and compete in eventing" is not a second thing kept. */
const ACTIVITY_VERB_RE = /^(?:compete|volunteer|coach|sing|cook|drive|ride|train|play|swim|surf|cycle|walk|help|try|spend|own|keep|watch|read|look after|care for)\s+\S/i;
/** A new clause, not an item: "Hackney and honestly the rent is killing me", "valorant, stuck in gold 2", "stopped red meat, now only fish", "cakes, just me in my kitchen". */
const CLAUSE_ITEM_RE = /^(?:honestly|tbh|basically|literally|obviously|seriously|actually|tbf|now only|now just)\b|^(?:just|only)\s+(?:me|us|myself|them|themselves)\b|\b(?:is|are|was|were|isn't|aren't|wasn't)\s|^(?:stuck|stressed|exhausted|bored|fed up|sick of|done with)\b/i;
/** A request to the assistant after the facts: "a nurse in Leeds, suggest some recipes please" is no second role. */
const REQUEST_ITEM_RE = /^(?:suggest|recommend|give|tell|show|explain|write|find|send|list|pls|plz|please|any\s+(?:tips|ideas|advice|suggestions|recommendations)|what|how|which|where|why|is there|are there)\b/i;
/** When a role began or changed, after roles ("is a" items): "a plumber, started last year" is no second role. */
const STARTED_RE = /^(?:started|began|begun|joined|moved|switched)\b/i;
/** A gerund, not a noun in -ing ("something", "a morning", "stuffing"). */
const GERUND_RE = /^(?!(?:some|any|every|no)thing\b|(?:thing|morning|evening|spring|king|ring|wing|string|ceiling|sibling|wedding|pudding|building|clothing|icing|stuffing|filling|dressing|seasoning|topping|frosting|bedding|lighting|housing|ending|beginning|painting|drawing|meeting|feeling)s?\b)[a-z]{3,}ing\b/i;

/** An item ending in a job noun ("a junior dev", "a staff nurse"). */
const ROLE_WORD_RE = new RegExp(`\\b(?:${ROLE_NOUNS})$`, 'i');
/** A rough amount said after an aim ("trying to lose weight, about 3 stone to go"): how much, not a second aim ("is trying about 3 stone to go"). */
const ROUGH_AMOUNT_RE = /^(?:about|around|roughly|nearly|almost|over|like|maybe|approx(?:imately)?)\s+(?:[£$€]\s?)?\d/i;
const SPAN_RE = /^(?:(?:about|around|nearly|almost|over|just|only|roughly)\s+)?(?:\d+|a|an|a few|few|several|one|two|three|four|five|six|seven|eight|nine|ten|twenty)\+?\s+(?:years?|yrs?|months?|weeks?|decades?)\b/i;
/** "a HCA on a stroke ward, 3 long days a week", "a paramedic, 12 hour shifts", "4 on 4 off": when the user works, no second role. */
const SCHEDULE_RE = /^(?:\d+|one|two|three|four|five|six|seven)[\s-]+(?:(?:long|short|hour|hr|12[\s-]hour)[\s-]+)?(?:days?|nights?|shifts?|lates|earlies)\b|^\d\s+on,?\s+\d\s+off\b/i;

/** A skill level or streak said after an item: "intermediate-ish", "total beginner", "B1", "200 day streak", "grade 3". */
/** A skill level or streak said as a list item of its own (it qualifies the item before it). */
export const isLevel = (item: string): boolean => LEVEL_RE.test(item.trim());
const LEVEL_RE = /^(?:(?:a\s+)?(?:total|complete|absolute|fairly|pretty|very|quite|still|sort of|kind of)\s+)?(?:beginner|novice|intermediate|advanced|fluent|native|conversational|basic|rusty|upper[- ]intermediate|lower[- ]intermediate|[abc][12])(?:[- ]?ish)?(?:\s+level)?$|^(?:grade\s+\d{1,2}|\d{1,4}[- ]day streak|level\s+\d{1,2})$/i;

/** The items of a list that are like the first (not a preposition, a verb, or a gerund after a noun); `roles` when the items follow "is a". */
export function itemsLikeFirst(items: string[], roles = false): string[] {
  if (items.length < 2) return items;
  const first = items[0]!;
  const firstGerund = GERUND_RE.test(first);
  const firstPrep = PREP_RE.test(first);
  const out = [first];
  for (const it of items.slice(1)) {
    // "Spanish, intermediate-ish, and chess, total beginner": a level qualifies the item before it
    if (LEVEL_RE.test(it)) out[out.length - 1] = `${out[out.length - 1]!} (${it})`;
    // "a paediatric nurse in Cork, 8 years on the children's ward": a span of time says how long, it is no second item
    else if (SPAN_RE.test(it) && !SPAN_RE.test(first)) continue;
    else if (ROUGH_AMOUNT_RE.test(it) && /^to\s/i.test(first)) continue;
    else if (SCHEDULE_RE.test(it) && !SCHEDULE_RE.test(first)) continue;
    else if (STARTED_RE.test(it) && roles) continue;
    // "a junior dev, about a year in, at a small agency": the workplace said after the role belongs to it
    else if (ROLE_WORD_RE.test(first) && out.length === 1 && /^at\s+(?:an?|the)\s+[\w-]+(?:\s+[\w-]+){0,2}$/i.test(it)) out[0] = `${out[0]} ${it}`;
    else if (!((PREP_RE.test(it) && !firstPrep) || VERB_RE.test(it) || ACTIVITY_VERB_RE.test(it) || CLAUSE_ITEM_RE.test(it) || REQUEST_ITEM_RE.test(it) || (/^no\s/i.test(it) && !/^no\s/i.test(first)) || SUBJECT_RE.test(it) || (GERUND_RE.test(it) && !firstGerund))) out.push(it);
  }
  return out;
}

const HOBBY_RE = /\bmy\s+(?:main\s+|favou?rite\s+|big\s+)?(?:hobbies|interests|passions|pastimes|hobby|passion|pastime)\s+(?:are|is|include|would be)\s+(.+)/i;

/** "My hobbies are rock climbing, baking sourdough and playing chess", "my hobby is bonsai" -> one "The user enjoys ..." per item. */
export function hobbyListFindings(clause: string): { text: string; conf: number; at: number }[] {
  const m = HOBBY_RE.exec(clause);
  if (!m) return [];
  const o = trimObject(m[1]!);
  if (!usable(o)) return [];
  return listItems(toThirdPerson(o)).filter((x) => usable(x)).map((x) => ({ text: `The user enjoys ${x}`, conf: 0.75, at: m.index }));
}
