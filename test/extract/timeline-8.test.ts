import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { contradicts, relation } from '../../src/memory/merge.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { correctionOf } from '../../src/stages/extract/corrections.js';
import { sensitiveCategory } from '../../src/stages/extract/sensitive.js';
import { wellFormed } from '../../src/stages/extract/quality.js';

const ex = new OfflineExtractor();
function texts(...say: string[]): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: say.map((text, index) => ({ index, role: index % 2 ? 'assistant' : 'user', text })) };
  return ex.extractSync(c).map((a) => a.text);
}
const none = (re: RegExp) => expect.not.arrayContaining([expect.stringMatching(re)]);
const some = (re: RegExp) => expect.arrayContaining([expect.stringMatching(re)]);

/** Rules found with heldout-users-8.jsonl, tried on self-written sentences that are not in it. */
describe('changes over time (set 8)', () => {
  it('reads a named pet or person who died, and the merge ends what was said of them', () => {
    expect(texts('Biscuit passed away last night. she was 14')).toContain("The user's Biscuit died");
    expect(contradicts("The user's Biscuit died", 'The user has a old cat named Biscuit')).toBe(true);
    expect(texts('She died in the film, which was sad')).toEqual(none(/died/));
    expect(texts('Everyone died at the end of the book')).toEqual(none(/died/));
  });

  it('reads a pet given up, and not one only imagined', () => {
    expect(texts('we had to rehome our cat Pepper, the landlord found out')).toContain('The user no longer has Pepper');
    expect(texts('I gave away my rabbit last month')).toContain('The user no longer has a rabbit');
    expect(contradicts('The user no longer has Pepper', 'The user has a cat named Pepper')).toBe(true);
    expect(texts("If we had to rehome the dog I'd be heartbroken")).toEqual(none(/no longer has/));
  });

  it('reads a breakup with a named partner, and not someone else\'s', () => {
    expect(texts('Sam and I split up in March.')).toContain('The user is no longer with their partner');
    expect(texts('me and Alex broke up, still processing it')).toContain('The user is no longer with their partner');
    expect(texts('my brother and his girlfriend broke up')).toEqual(none(/no longer with/));
  });

  it('reads a diet or an activity declared over', () => {
    expect(texts("paleo's over, I missed bread too much")).toContain('The user no longer follows a paleo diet');
    expect(texts("I'm done with cycling, too many close calls")).toContain('The user no longer cycles');
    expect(texts("the project's done, finally")).toEqual(none(/no longer/));
  });

  it('reads a switch someone else decided, and the merge ends the old one', () => {
    expect(texts('my doctor switched me from metformin to ozempic in June.')).toContain('The user switched from metformin to ozempic');
    expect(contradicts('The user switched from metformin to ozempic', 'The user takes metformin')).toBe(true);
  });

  it('reads a job from its first stint or as news', () => {
    expect(texts('first shift as a barista tomorrow, nervous!')).toContain('The user works as a barista');
    expect(texts('new job! junior analyst at a water company.')).toContain('The user works as a junior analyst at a water company');
    expect(texts('my first day as a tourist in Rome was chaos')).toEqual(none(/works as/));
  });

  it('reads a home settled in, and not someone else\'s', () => {
    expect(texts("we're finally settled in Ghent, the flat is tiny")).toContain('The user lives in Ghent');
    expect(texts('my sister settled in Oslo')).toEqual(none(/lives in/));
  });

  it('a job said by its workplace is a job, and marriage ends a boyfriend or girlfriend', () => {
    expect(relation('The user works as a receptionist', 'The user works in a dental clinic')).toBe('supersedes');
    expect(relation('The user works as a receptionist', 'The user works in London')).toBe('other');
    expect(relation('The user is married', 'The user has a girlfriend named Ana')).toBe('supersedes');
  });

  it('an addition keeps what was there', () => {
    expect(texts('I also started doing pilates on tuesdays.')).toContain('The user does pilates on tuesdays');
    expect(texts('I just started guitar lessons with a neighbour')).toEqual(some(/takes guitar lessons/));
    expect(relation('The user learns Italian', 'The user has been learning German for a year')).toBe('other');
  });

  it('reads a food eaten again, a pet got and named, and a constraint after "still"', () => {
    expect(texts("still pescatarian-ish but I'm eating chicken again since the marathon.")).toContain('The user is eating chicken again');
    expect(contradicts('The user is eating chicken again', 'The user is vegetarian')).toBe(true);
    expect(texts('we adopted a greyhound last week, called Dot.')).toContain('The user has a greyhound named Dot');
    expect(texts("if we got a parrot called Polly I'd never sleep")).toEqual(none(/parrot/));
    expect(texts('still no dairy, sadly.')).toEqual(some(/wants no dairy/));
    expect(texts('still no idea which one')).toEqual(none(/wants/));
  });

  it('reads a move before an emoji that ends the statement in a question', () => {
    expect(texts('just moved to Utrecht 🚲 where do people get cheap bikes?')).toContain('The user lives in Utrecht');
  });
});

describe('corrections within a conversation (set 8)', () => {
  it('puts the earlier value right', () => {
    expect(correctionOf('oops, 42 not 24', ['The user is 24 years old'])).toEqual({ from: 'The user is 24 years old', to: 'The user is 42 years old' });
    expect(correctionOf('Paris Texas, not France', ['The user lives in Paris'])).toEqual({ from: 'The user lives in Paris', to: 'The user lives in Paris Texas' });
    expect(texts("I'm 52 and new to running", 'At 25 you have plenty of time!', 'haha 52 not 25')).toEqual(some(/^The user is 52/));
  });

  it('leaves statements and unrelated turns alone', () => {
    expect(correctionOf('I like tea, not coffee', ['The user drinks coffee'])).toBeNull();
    expect(correctionOf('sorry, not today', ['The user is busy today'])).toBeNull();
    expect(correctionOf('Leeds not York?', ['The user lives in York'])).toBeNull();
  });
});

describe('sensitive frames (set 8)', () => {
  it('marks immigration status and union membership', () => {
    expect(sensitiveCategory('The user is a refugee from Syria')).toBe('immigration_status');
    expect(sensitiveCategory('The user is on a spousal visa')).toBe('immigration_status');
    expect(sensitiveCategory('The user volunteers at a refugee centre')).toBeUndefined();
    expect(sensitiveCategory('The user is a shop steward for Unite')).toBe('politics');
    expect(sensitiveCategory('The user is in the student union choir')).toBeUndefined();
    expect(sensitiveCategory('The user is of Ghanaian descent')).toBe('ethnicity');
    expect(sensitiveCategory('The user is British Indian')).toBe('ethnicity');
    expect(sensitiveCategory('The user likes Indian food')).toBeUndefined();
  });

  it('reads a religion, a diagnosis or an identity in passing', () => {
    expect(texts('as a Hindu I keep a small shrine at home, any ideas for lighting it?')).toContain('The user is a Hindu');
    expect(texts('type 2 diabetic here, trying to cut sugar.')).toContain('The user is type 2 diabetic');
    expect(texts("I'm genderqueer and my family doesn't get it.")).toEqual(some(/genderqueer/));
    expect(texts('as a same-sex couple what should we know about adopting?')).toContain('The user is in a same-sex couple');
    expect(texts('my friends are a gay couple from Leeds')).toEqual(none(/couple/));
  });

  it('keeps the diet a condition imposes as an ordinary fact, the diagnosis sensitive', () => {
    const said = ex.extractSync({ id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: "I'm celiac so bread is out." }] });
    expect(said.map((a) => a.text)).toEqual(expect.arrayContaining(['The user eats gluten-free', 'The user is celiac']));
    expect(sensitiveCategory('The user eats gluten-free')).toBeUndefined();
    expect(texts('my son is diabetic, what snacks are ok?')).toEqual(none(/sugar|gluten/));
    expect(texts("I'm not diabetic, just cutting down")).toEqual(none(/counts carbs/));
    expect(texts('I think I might be diabetic.')).toEqual(none(/counts carbs/));
  });

  it('does not keep a second verb glued to "has"', () => {
    expect(wellFormed('The user has carry an epipen')).toBe(false);
    expect(wellFormed('The user has a carry-on bag')).toBe(true);
  });
});
