/**
 * Everyday self-description the older families missed, each a general shape: how work is done ("I work
 * hybrid", "work nights at a warehouse"), studies in progress ("I'm doing a
 * PhD in marine biology at Plymouth", "doing an apprenticeship in plumbing"), an instrument or sport kept up for
 * years ("I've played cello since I was 8"), a class or course started ("started a pottery class on
 * Thursdays"), a language level by its CEFR grade ("my German is about B1"), the car one has ("my car's a 2014 VW
 * Golf"). Every regular expression is anchored or
 * bounded, with no nested quantifiers (linear in the input).
 */
import { ADV } from './vocabulary.js';
import { clean, toThirdPerson } from './text.js';
import { HUMAN_LANGS } from './everyday.js';
import { ROLE_NOUNS } from './event-patterns.js';
import type { Hit, Pattern } from './patterns.js';

function simple(sg: string, conf: number, kind: string, end: number): Hit {
  const s = clean(sg);
  return { sg: s, pl: s, conf, kind, end };
}

const STOP = '(?=\\s+(?:and|but|so|because|since|which|while|though|now|this|next|last|for|to|lol|haha)\\b|[,.;:!?()]|$)';
/** "I work hybrid", "work nights at a warehouse", "I work part-time at a bakery": how and where the user works. */
const WORK_MODE_RE = new RegExp(`^I\\s+(${ADV})work\\s+(hybrid|remotely|from home|part[- ]time|full[- ]time|nights|days|weekends|shifts|night shifts|evenings)\\b((?:\\s+(?:at|in|for)\\s+(?:an?\\s+|the\\s+)?(?:[\\w&'-]+\\s+){0,2}?[\\w&'-]+)?)${STOP}`, 'i');
const STUDY_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:currently\\s+|still\\s+|back\\s+(?:at|in)\\s+(?:uni|university|college|school)\\s+(?:(?:full|part)[- ]time\\s+)?)?(?:doing|studying for|working on|in the (?:first|second|third|final|last) year of)\\s+(an?\\s+|my\\s+)?(phd|ph\\.d\\.?|doctorate|masters?|master's|msc|ma|mba|ba|bsc|degree|diploma|apprenticeship|nvq|btec|a-levels|pgce|law conversion)\\b((?:\\s+(?:in|on)\\s+(?:[\\w&'-]+\\s+){0,3}?[\\w&'-]+)?(?:\\s+at\\s+(?:[\\w&'-]+\\s+){0,2}?[\\w&'-]+)?)${STOP}`, 'i');
const KEPT_UP_RE = new RegExp(`^I(?:'ve| have)\\s+(${ADV})(?:played|been playing|done|been doing|practised|practiced|been practising|been practicing)\\s+((?:the\\s+)?(?:[\\w-]+\\s+){0,1}?[\\w-]+)\\s+(?:since|for)\\s+`, 'i');
const CLASS_RE = new RegExp(`^I(?:'ve| have)?\\s+(${ADV})(?:just\\s+|recently\\s+)?(?:started|joined|signed up for|enrolled in|began)\\s+(?:a|an|my|some)\\s+((?:[\\w-]+\\s+){0,2}?(?:class|classes|course|lessons|club|choir|team|league|group))\\b`, 'i');
const CEFR_RE = new RegExp(`\\bmy\\s+(${HUMAN_LANGS})\\s+(?:is|'s)\\s+(?:about|around|roughly|maybe|like|at|only|just|solid|a solid|a weak|a strong)?\\s*(?:an?\\s+)?([ABC][12])\\b`, 'i');
const MY_CAR_RE = /\bmy\s+(car|motorbike|bike|van)(?:'s|\s+is)\s+(?:a|an)\s+((?:[\w-]+\s+){0,3}?[\w-]+)(?=\s+(?:and|but|so|which|with|that)\b|[,.;:!?()]|$)/i;

/** "I'm the restaurant manager there", "I'm the head chef at Luigi's": the one role of its kind at the workplace (not "the driver this weekend"). */
const THE_ROLE_RE = new RegExp(`^I(?:'m| am)\\s+(${ADV})(?:now\\s+)?the\\s+((?!(?:only|first|last|best|worst|youngest|oldest|other|same|eldest|main)\\b)(?:[\\w-]+\\s+){0,2}?(?:${ROLE_NOUNS}))((?:\\s+(?:at|for|in)\\s+(?:[\\w&'-]+\\s+){0,2}?[\\w&'-]+)?)(?:\\s+(?:there|here|now))?(?!\\s+(?:this|next|tonight|today|tomorrow|for)\\b)${STOP}`, 'i');

export const studyAndWorkPatterns: Pattern[] = [
  (r) => {
    const m = THE_ROLE_RE.exec(r);
    return m ? simple(`is the ${clean(m[2]!).toLowerCase()}${m[3] ? ` ${toThirdPerson(clean(m[3]))}` : ''}`, 0.7, 'work', m.index + m[0].length) : null;
  },
  (r) => {
    const m = WORK_MODE_RE.exec(r);
    return m ? simple(`works ${m[2]!.toLowerCase()}${m[3] ? ` ${toThirdPerson(clean(m[3]))}` : ''}`, 0.75, 'work', m.index + m[0].length) : null;
  },
  (r) => {
    const m = STUDY_RE.exec(r);
    if (!m) return null;
    const what = m[3]!.toLowerCase().replace(/^ph\.?d\.?$/, 'PhD').replace(/^(msc|ma|mba|ba|bsc|nvq|btec|pgce)$/, (x) => x.toUpperCase());
    const article = /^(?:a|e|i|o|u|MSc|MA|MBA|NVQ)/.test(what) ? 'an' : 'a';
    return simple(`is doing ${m[2] && /^my/i.test(m[2]) ? 'their' : article} ${what}${toThirdPerson(clean(m[4] ?? '')) ? ` ${toThirdPerson(clean(m[4]!))}` : ''}`, 0.75, 'ongoing', m.index + m[0].length);
  },
  (r) => {
    const m = KEPT_UP_RE.exec(r);
    if (!m || /^(?:it|this|that|them|there|here|a lot|so much)$/i.test(m[2]!)) return null;
    const verb = /play/i.test(m[0]) ? 'plays' : 'does';
    return simple(`${verb} ${m[2]!}`, 0.75, 'hobby', m.index + m[0].length);
  },
  (r) => {
    const m = CLASS_RE.exec(r);
    // "started an access course": the article agrees with the word after it
    return m ? simple(`goes to ${m[2]!.replace(/^(?:class|course)$/i, 'a $&')}`.replace(/goes to (?!a |an )/, (x) => `${x}a `).replace(/goes to a (?=[aeio])/i, 'goes to an '), 0.7, 'hobby', m.index + m[0].length) : null;
  },
];

/** "my German is about B1" -> "The user speaks German (B1)"; "my car's a 2014 VW Golf" -> "The user has a 2014 VW Golf (car)". */
export function levelCarBudgetFinding(clause: string): { text: string; conf: number } | null {
  const l = CEFR_RE.exec(clause);
  if (l) return { text: `The user speaks ${l[1]![0]!.toUpperCase()}${l[1]!.slice(1).toLowerCase()} (${l[2]!.toUpperCase()})`, conf: 0.7 };
  const c = MY_CAR_RE.exec(clause);
  if (c) return { text: `The user has ${/^[aeiou]/i.test(c[2]!) ? 'an' : 'a'} ${c[2]!} (${c[1]!.toLowerCase()})`, conf: 0.7 };
  return null;
}
