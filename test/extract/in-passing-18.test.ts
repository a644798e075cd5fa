import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { contradicts } from '../../src/memory/index.js';
import { defaultEmbedder } from '../../src/embed/default.js';
import { sensitiveByMeaning } from '../../src/stages/extract/sensitive-meaning.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { none, some, texts } from '../support/extract.js';

const said = (...users: string[]): string[] => {
  const c: Conversation = { id: 'c', userId: 'u', turns: users.flatMap((text, i) => [{ index: 2 * i, role: 'user' as const, text }, { index: 2 * i + 1, role: 'assistant' as const, text: 'Sure.' }]) };
  return new OfflineExtractor().extractSync(c).map((a) => a.text);
};
const sensitiveOf = (text: string): (string | undefined)[] => {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text }] };
  return new OfflineExtractor().extractSync(c).map((a) => `${a.text} [${(a.reason ?? '').match(/sensitive \(([^)]+)\)/)?.[1] ?? '-'}]`);
};

/** Rules found with heldout-users-18.jsonl (changes, traps, sensitive facts in everyday words), tried on self-written sentences that are not in it. */
describe('changes, traps and everyday sensitive facts (set 18)', () => {
  it('an eye-roll between words keeps its sentence ironic', () => {
    expect(texts("oh sure I'm a supermodel 🙄 which is why I want a cheap haircut")).toEqual(none(/supermodel/));
    expect(texts("yeah I'm a genius 🙃 explain fractions to me")).toEqual(none(/genius/));
    expect(texts('just moved to Leeds 🎉 best areas for cheap eats?')).toEqual(some(/^The user lives in Leeds$/));
  });

  it('a home with family is the town even typed in lower case, not "in the end"', () => {
    expect(texts("i've moved back in with dad in wagga")).toEqual(some(/^The user lives in Wagga$/));
    expect(texts('moved in with my mum in the end')).toEqual(none(/lives in/));
  });

  it('a break-up with a name typed in lower case ends the partner', () => {
    expect(texts('welp sam and i split up')).toEqual(some(/^The user is no longer with their partner$/));
    expect(texts('she and i broke up years ago, she said')).toEqual(none(/no longer with/));
  });

  it('a pet named in lower case keeps its name, and its death names it', () => {
    expect(texts('my dog biscuit is 12 and slowing down')).toEqual(some(/^The user has a dog named Biscuit$/));
    expect(texts('my dog walker is late again')).toEqual(none(/named/));
    expect(texts('biscuit passed away this morning')).toEqual(some(/^The user's Biscuit died$/));
    expect(texts('nan passed away on monday')).toEqual(some(/^The user's nan died$/));
    expect(texts('phone died halfway through the call')).toEqual(none(/died/));
    expect(texts('it died on me again')).toEqual(none(/died/));
  });

  it('"my 6yo" is a child of that age', () => {
    expect(texts('my 7yo is obsessed with trains')).toEqual(some(/7-year-old/));
  });

  it('a birth is a baby had, and it ends the pregnancy', () => {
    expect(texts('we had a baby boy on thursday, called him Rory')).toEqual(some(/^The user had a baby boy named Rory$/));
    expect(texts('My partner gave birth to our daughter last night')).toEqual(some(/^The user had a baby girl$/));
    expect(texts('my sister just had a baby')).toEqual(none(/had a baby/));
    expect(texts('I was born in Leeds')).toEqual(none(/had a baby/));
    expect(contradicts('The user had a baby girl named Isla', 'The user is 30 weeks pregnant')).toBe(true);
    expect(contradicts('The user had a baby', 'The user has a dog')).toBe(false);
  });

  it('a clinician naming the condition, a diagnosis without "with", a prescription after "and"', () => {
    expect(sensitiveOf("doctor said it's endometriosis, finally")).toEqual(some(/^The user has endometriosis \[health\]$/));
    expect(sensitiveOf("my dad's doctor said it's diabetes")).toEqual(none(/diabetes/));
    expect(sensitiveOf('just got diagnosed type 2 diabetic')).toEqual(some(/^The user has type 2 diabetes \[health\]$/));
    expect(texts('the psychiatrist saw me and started me on lithium')).toEqual(some(/lithium/));
  });

  it('sober for a time after an opener, a lower-case festival fast, a partner of the user\'s own gender', () => {
    expect(sensitiveOf('news: 9 months sober today')).toEqual(some(/^The user is 9 months sober \[health\]$/));
    expect(sensitiveOf('we always keep the ramadan fast as a family')).toEqual(some(/Ramadan \[religion\]$/));
    expect(sensitiveOf('my neighbour keeps the navratri fast')).toEqual(none(/Navratri/));
    expect(sensitiveOf("my boyfriend is taking me to Rome, I'm a man btw")).toEqual(some(/same-sex relationship with their boyfriend \[sexual orientation\]$/));
    expect(sensitiveOf("I'm a man and my wife is taking me to Rome")).toEqual(none(/same-sex/));
  });

  it('a request or a "no" after a role is no second role', () => {
    expect(texts("I'm a midwife in Derby, recommend a good podcast")).toEqual(none(/is a recommend/));
    expect(texts('we keep a kosher kitchen, no pork obviously')).toEqual(none(/keeps no pork/));
  });

  it('a question, a need or a worry after a comma ends the object', () => {
    expect(texts("I'm a physio in Hull, what's a good standing desk")).toEqual(some(/^The user is a physio in Hull$/));
    expect(texts("I'm a chemist, need a poster template")).toEqual(some(/^The user is a chemist$/));
    expect(texts("I'm a chemist, need a poster template")).toEqual(none(/poster/));
    expect(texts("I'm a welder, is it worth learning TIG")).toEqual(none(/TIG/));
    expect(texts('I have about 3k on my overdraft and its stressing me out')).toEqual(some(/^The user has about 3k on their overdraft$/));
    expect(texts("I'm a childminder in Bath, the kids love the garden")).toEqual(none(/kids love/));
    expect(texts("I love cooking, what about you")).toEqual(['The user loves cooking']);
  });

  it('an "I" after "what do" or "what can" is inside a question', () => {
    expect(texts('what do i actually need for a newborn')).toEqual(none(/needs/));
    expect(texts('what can i cook with leftover rice')).toEqual(none(/cooks/));
  });

  it('small wordings: "a uni student", a reflexive and "now only" after a role or a change', () => {
    expect(texts('uni student in leeds')).toEqual(some(/^The user is a uni student in Leeds$/));
    expect(texts("I'm a mum of 3 myself")).toEqual(some(/^The user is a mum of 3$/));
    expect(texts('I have cut out sugar, now only fruit')).toEqual(none(/now only/));
  });

  it('"I stay in" a town, or "staying in" it with family, is the home; a stay with an end is a trip', () => {
    expect(texts('I stay in Ibadan with my wife and kids')).toEqual(some(/^The user lives in Ibadan$/));
    expect(texts("I'm a cashier at Tesco, staying in Paisley with my folks")).toEqual(some(/^The user lives in Paisley$/));
    expect(texts("I'm staying in Lisbon for a week")).toEqual(none(/lives in/));
    expect(texts("i'm staying in Nice with my parents for the summer")).toEqual(none(/lives in/));
    expect(texts('I stay in bed till noon on sundays')).toEqual(none(/lives in/));
  });

  it('a diet started or kept without "I", and quitting said as "packed in"', () => {
    expect(texts("going vegan now, it's better for my skin")).toEqual(some(/^The user is vegan/));
    expect(texts("I'm going vegan for January")).toEqual(none(/^The user is vegan$/));
    expect(texts('going vegan restaurants in leeds?')).toEqual(none(/vegan/));
    expect(texts('doing paleo since march, need breakfast ideas')).toEqual(some(/paleo/));
    expect(texts('packed in weight watchers, too expensive')).toEqual(some(/^The user no longer does Weight Watchers$/));
    expect(texts('I jacked in running, my knees hate it')).toEqual(some(/^The user no longer runs$/));
  });

  it('a visa and a job in one breath are two facts; "so go ..." and "was making me ..." end the object', () => {
    expect(texts("I'm on a student visa studying at Leeds Beckett")).toEqual(some(/^The user is on a student visa$/));
    expect(texts("I'm a baker so go wild with the flavours")).toEqual(['The user is a baker']);
    expect(texts('I quit vaping, was making me cough')).toEqual(some(/^The user no longer vapes$/));
    expect(texts("I'm doing Slimming World at the mo, any low syn snacks")).toEqual(none(/snacks/));
    expect(texts("I don't eat pork or any shellfish")).toEqual(some(/^The user does not eat shellfish$/));
  });

  it('a self-introduction opening on a bare age, a parent "here", a job done for one person', () => {
    const bio = texts('38, single dad of two, live in swansea, work days at a garage');
    expect(bio).toEqual(expect.arrayContaining(['The user is 38 years old', 'The user is a single dad of two', 'The user lives in Swansea']));
    expect(texts('22, broke, tired lol')).toEqual(none(/22/));
    expect(texts('working mum of three here, need a quick tea idea')).toEqual(some(/^The user is a working mum of three$/));
    expect(texts("I'm his PA, can you tidy this email")).toEqual(some(/^The user works as a PA$/));
    expect(texts("I'm her carer since the stroke")).toEqual(none(/works as/));
  });

  it('"do I" after a comma is a question; a new home named by its town in lower case; a learner\'s "live since"', () => {
    expect(texts("I'm a roofer, do I need a licence for this")).toEqual(['The user is a roofer']);
    expect(texts('just moved into our first house in hove, boxes everywhere')).toEqual(some(/^The user lives in Hove$/));
    expect(texts('we moved into a house in the country')).toEqual(none(/lives in/));
    expect(texts('I live since three years in Lyon')).toEqual(some(/^The user lives in Lyon$/));
  });

  it('"trying to learn" without "I" is read, and a few more towns typed in lower case are places', () => {
    expect(texts('also trying to learn welsh for my job, any apps')).toEqual(some(/^The user is learning welsh/));
    expect(texts('we live in plymouth now')).toEqual(some(/^The user lives in Plymouth/));
    expect(texts('my nan is from cork')).toEqual(none(/lives in|is from/));
  });

  it('working for oneself is no sex-life fact by meaning; sex work still is', async () => {
    const got = await sensitiveByMeaning(['The user is a self employed nail technician', 'The user is a self employed joiner', 'The user is a self-employed escort'], { embedder: defaultEmbedder() });
    expect(got).toEqual([undefined, undefined, 'sex_life']);
  });

  it('children counted after "my wife and" are the user\'s too', () => {
    expect(texts('just us, my husband and 3 kids')).toEqual(some(/^The user has 3 kids$/));
    expect(texts('my wife and 2 friends are coming for dinner')).toEqual(none(/friends/));
  });

  it('the role-play gate still holds with the new readers', () => {
    expect(said("let's play, you're a knight and I'm a queen whose cat biscuit died")).toEqual([]);
  });
});
