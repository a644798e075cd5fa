/**
 * A second held-out set for the offline extractor (issue 20, item 2), self-written for the project (no user's
 * data) before the extractor's second round of changes and measured once before and once after, untuned.
 * `want` lists regexes; each must match some attribute. `style` marks a want that must also read as an
 * answer-style preference to the default selector. `none` cases must yield no attribute at all.
 */
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { isStylePreference } from '../../src/stages/select/request-kind.js';

export interface HeldCase {
  asked?: string;
  say: string;
  want?: RegExp[];
  style?: boolean;
  none?: boolean;
  /** Regexes no attribute may match (a third party's fact, a hypothetical). */
  not?: RegExp[];
}

export const HELD_HEAR: HeldCase[] = [
  // occupations in different syntax
  { say: 'By day I am a pharmacist, by night a very slow novelist.', want: [/pharmacist/i] },
  { say: 'I do the early shift as a baker and I have been gluten free for three years.', want: [/baker/i, /gluten[- ]free/i] },
  { say: "I've worked as a paralegal for almost a decade.", want: [/paralegal/i] },
  { say: 'I teach piano to kids, mostly beginners.', want: [/teach(?:es)? piano/i] },
  { say: "I'm currently employed as a civil engineer at a small firm.", want: [/civil engineer/i] },
  { say: 'My job is nursing in a children’s hospital.', want: [/nurs/i] },
  // diets with durations
  { say: "I've been vegan for about two years now.", want: [/^(?!.*\b(?:not|no longer)\b).*vegan/i] },
  { say: "I've been pescatarian since college.", want: [/pescatarian/i] },
  { say: 'I went vegetarian three years ago and never looked back.', want: [/^(?!.*\b(?:not|no longer)\b).*vegetarian/i] },
  // moves, with "from", and returns
  { say: 'I relocated from Madrid to Lyon in the autumn, still getting used to it.', want: [/lyon/i], not: [/lives in madrid/i] },
  { say: 'We just moved here to Austin from Ohio, the heat is unreal.', want: [/austin/i], not: [/lives in ohio/i] },
  { say: 'After five years abroad I moved back to Dublin.', want: [/dublin/i] },
  { say: "I'm back in Melbourne now after a year in London.", want: [/melbourne/i] },
  // pets in passing
  { say: 'Sorry, slow reply, I was walking my two dogs. Anyway, how do I fix this SQL join?', want: [/dogs/i] },
  { say: 'My wife and our three cats say hi.', want: [/cats/i] },
  { say: 'Our rabbit Clover chewed through the charger again.', want: [/rabbit/i] },
  // religion / health / pregnancy stated plainly
  { say: "I'm Catholic and I go to Mass every Sunday.", want: [/catholic|mass/i] },
  { say: "I'm a practising Hindu, so no beef for me.", want: [/hindu/i] },
  { say: 'I get bad migraines when I stare at screens too long.', want: [/migraine/i] },
  { say: "I'm 20 weeks pregnant with our first baby.", want: [/pregnan/i] },
  { say: 'I was diagnosed with ADHD last year.', want: [/adhd/i] },
  { say: 'I suffer from chronic back pain.', want: [/back pain/i] },
  // goals
  { say: "I'm training for a half marathon in October.", want: [/half marathon/i] },
  { say: 'I am preparing for a triathlon next summer.', want: [/triathlon/i] },
  { say: "I'm studying for the bar exam in July.", want: [/bar exam/i] },
  // style and format preferences
  { say: 'Keep it brief, please.', want: [/brief|short|concise/i], style: true },
  { say: 'No emojis please.', want: [/emoji/i], style: true },
  { say: 'I prefer metric, I never know what a cup is.', want: [/metric/i], style: true },
  { say: 'Bullet points work best for me.', want: [/bullet/i], style: true },
  { say: 'Please give me step-by-step instructions, I get lost otherwise.', want: [/step[- ]by[- ]step/i], style: true },
  { say: "Don't use emojis in your replies.", want: [/emoji/i], style: true },
  { say: 'Please answer in plain English without jargon.', want: [/jargon|plain/i], style: true },
  { say: 'Give me the short version, I hate long answers.', want: [/short|long answers/i], style: true },
  { say: 'Use Celsius, not Fahrenheit, please.', want: [/celsius/i], style: true },
  { say: 'I like my answers in numbered lists.', want: [/numbered lists?/i], style: true },
  { say: 'Examples in Rust please, that is what I know best.', want: [/rust/i] },
  { say: 'For code snippets I prefer JavaScript.', want: [/javascript/i] },
  // languages and tools
  { say: 'I use Figma all day at work.', want: [/figma/i] },
  { say: "I'm fluent in Portuguese and I'm learning Korean.", want: [/portuguese/i, /korean/i] },
  { say: 'At work we use Kubernetes and I write most of our Terraform.', want: [/terraform/i] },
  // several at once
  { say: "I'm 29, I'm a vet in Galway and I've been vegetarian for a decade.", want: [/\b29\b/, /\bvet\b/i, /galway/i, /vegetarian/i] },
  { say: 'I live in Oslo with my partner and our dog.', want: [/oslo/i, /dog/i] },
  // answers
  { asked: 'What do you do for a living?', say: 'Dentist.', want: [/dentist/i] },
  { asked: 'Any dietary restrictions?', say: 'Vegetarian, and no mushrooms.', want: [/vegetarian/i] },
];

export const HELD_NOTHING: HeldCase[] = [
  { say: 'My mum is a nurse and she works nights.', none: true },
  { say: 'My husband has been vegan for five years.', not: [/the user (?:is|has been) vegan/i] },
  { say: 'If I moved to Tokyo, how much would rent cost?', none: true },
  { say: 'Imagine I were training for a marathon, what would I eat?', none: true },
  { say: 'Write a story where I am a pregnant queen in exile.', none: true },
  { say: 'Can you make this email shorter and remove the emojis?', none: true },
  { say: 'Convert this recipe to metric.', none: true },
  { say: 'Format the following as bullet points: apples, pears, plums.', none: true },
  { say: 'Is it safe to fly when pregnant?', none: true },
  { say: 'What causes migraines?', none: true },
  { say: 'My friend said "I am a Muslim and I pray five times a day" in her speech.', none: true },
  { say: "Let's role-play: you're my coach and I'm training for the Olympics.", none: true },
  { say: 'Should I write this in TypeScript or Python?', none: true },
  { say: 'Translate "I moved to Berlin from Porto" into German.', none: true },
  { say: 'My colleague moved back to Chicago last month.', none: true },
  { say: 'Do cats get along with rabbits?', none: true },
  { say: 'Pretend I am a vegan chef and write a menu.', none: true },
];

function conversationOf(c: HeldCase): Conversation {
  const turns = c.asked
    ? [{ index: 0, role: 'assistant' as const, text: c.asked }, { index: 1, role: 'user' as const, text: c.say }]
    : [{ index: 0, role: 'user' as const, text: c.say }];
  return { id: 'h', userId: 'u', turns };
}

export interface HeldScore {
  wanted: number;
  found: number;
  /** Attributes from HELD_NOTHING cases that must have yielded nothing (or matched a `not`). */
  junk: number;
  missed: { say: string; want: string; got: string[] }[];
  junkItems: { say: string; got: string }[];
}

export function scoreHeldOut(extractor = new OfflineExtractor()): HeldScore {
  const s: HeldScore = { wanted: 0, found: 0, junk: 0, missed: [], junkItems: [] };
  for (const c of [...HELD_HEAR, ...HELD_NOTHING]) {
    const got = extractor.extractSync(conversationOf(c)).map((a) => a.text);
    for (const w of c.want ?? []) {
      s.wanted++;
      const hit = got.find((g) => w.test(g) && (!c.style || isStylePreference(g)));
      if (hit) s.found++;
      else s.missed.push({ say: c.say, want: String(w), got });
    }
    const bad = c.none ? got : got.filter((g) => (c.not ?? []).some((n) => n.test(g)));
    s.junk += bad.length;
    for (const b of bad) s.junkItems.push({ say: c.say, got: b });
  }
  return s;
}

if (process.argv[1]?.endsWith('heldout2.ts')) {
  const s = scoreHeldOut();
  console.log(`held-out 2: found ${s.found}/${s.wanted}, junk ${s.junk}`);
  for (const m of s.missed) console.log(`MISS ${m.want} <- ${m.say} :: ${JSON.stringify(m.got)}`);
  for (const j of s.junkItems) console.log(`JUNK ${j.got} <- ${j.say}`);
}
