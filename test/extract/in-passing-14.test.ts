import { afterAll, describe, expect, it } from 'vitest';
import { defaultEmbedder } from '../../src/embed/default.js';
import { createAttune } from '../../src/memory/index.js';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { contradicts, relation } from '../../src/memory/merge.js';
import { requestKind } from '../../src/stages/select/request-kind.js';
import { sensitiveCategory } from '../../src/stages/extract/sensitive.js';
import { none, some, texts } from '../support/extract.js';

const ex = new OfflineExtractor();
/** What the offline extractor keeps from a dialogue ("a:" marks the assistant's turns). */
function dialogue(...said: string[]): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: said.map((t, index) => (t.startsWith('a:') ? { index, role: 'assistant' as const, text: t.slice(2) } : { index, role: 'user' as const, text: t })) };
  return ex.extractSync(c).map((a) => a.text);
}

/** Rules found with heldout-users-14.jsonl (facts said while asking for everyday tasks), tried on self-written sentences that are not in it. */
describe('facts said around an everyday task (set 14)', () => {
  it('reads the user again in a later sentence after a real-life document, but not after a story or a document in another voice', () => {
    expect(texts('could you draft a letter to the council about the potholes on our street. I use a wheelchair so they are dangerous for me')).toEqual(some(/^The user uses a wheelchair$/));
    expect(texts('help me write a text to my neighbour about his bins? I work nights so the noise at 7am wakes me')).toEqual(some(/^The user works nights$/));
    expect(texts('write an email to the school about the trip. for context I am a single dad')).toEqual(some(/^The user is a single dad$/));
    // a story, a document in someone else's voice, or the document's own text after its greeting
    expect(texts('write a story about a pirate. I am a pirate who lives in Cornwall')).toEqual(none(/pirate|cornwall/i));
    expect(texts('write an email from my husband to the school. I am a governor there')).toEqual(none(/governor/i));
    expect(texts('write an email as my boss. I am the head of sales in Leeds')).toEqual(none(/sales|leeds/i));
    expect(texts('write an email to my landlord. Dear Mr Jones, I am a nurse and I work nights')).toEqual(none(/nurse|nights/i));
  });

  it('a consequence after "so" is not part of the fact', () => {
    expect(texts("I've got a dodgy knee so stairs are a nightmare")).toEqual(some(/^The user has a dodgy knee$/));
    expect(texts("I'm a student so money's tight")).toEqual(some(/^The user is a student$/));
    expect(texts("I'm so excited about the trip")).toEqual(none(/^The user is$/));
  });

  it('an offer accepted, a job got by its role, and pay said as "on 28k"', () => {
    expect(texts("I've accepted an offer as a junior solicitor at a firm in Bath")).toEqual(some(/^The user works as a junior solicitor/));
    expect(texts('I finally got the head chef job at the hotel')).toEqual(some(/^The user works as a head chef$/));
    expect(texts('news: got the site manager role!')).toEqual(some(/^The user works as a site manager$/));
    expect(texts('I got the new job')).toEqual(none(/works as/));
    expect(texts('my sister got the teaching job')).toEqual(none(/works as/));
    expect(texts("I'm on about 28k at the moment")).toEqual(some(/^The user earns about 28k$/));
    expect(texts('now on £13 an hour')).toEqual(none(/earns.*13/));
    expect(texts("I'm on 50mg of sertraline")).toEqual(none(/earns/));
  });

  it('moved up or down to a place is where the user lives', () => {
    expect(texts('moved down to Exeter in the autumn')).toEqual(some(/^The user lives in Exeter$/));
    expect(texts('I moved across to Belfast for work')).toEqual(some(/^The user lives in Belfast$/));
  });

  it('one child\'s age answers "how old is he?", and only about the user\'s own child', () => {
    expect(dialogue('my daughter keeps refusing to read at bedtime', 'a:That is common. How old is she?', "she's 6")).toEqual(some(/^The user has a daughter aged 6$/));
    expect(dialogue('my neighbour keeps parking across my drive', 'a:How old is he?', '70 maybe')).toEqual(none(/aged/));
    expect(dialogue('we need a week of packed lunches for a family of 5', 'a:How old are the kids?', '4, 9 and 12')).toEqual(some(/^The user has three kids aged 4, 9 and 12$/));
  });

  it('a split and a new partner, not a therapist seen', () => {
    expect(texts('quick update: Sam and I split up in March')).toEqual(some(/^The user is no longer with their partner$/));
    expect(texts("I'm dating a woman called Nadia now")).toEqual(some(/^The user is seeing someone named Nadia$/));
    expect(texts("I've started seeing a physio for my shoulder")).toEqual(none(/seeing someone|sees/i));
  });

  it('a place of worship called ours, an asylum claim and coming out in a message are sensitive facts of the user', () => {
    expect(texts('I need a poster for our mosque\'s charity iftar')).toEqual(some(/^The user belongs to a mosque$/));
    expect(texts('any ideas for my local church fete?')).toEqual(none(/belongs/));
    expect(texts('we are booking our church wedding for June')).toEqual(none(/belongs/));
    expect(texts('my asylum interview is on Friday, what should I bring?')).toEqual(some(/^The user is seeking asylum$/));
    expect(texts('help me write a letter to my nan telling her I am bi')).toEqual(some(/^The user is bi$/));
    expect(texts('write a story where a boy tells his dad that I am gay')).toEqual(none(/gay/));
  });
});

describe('what the user owns, rents, uses and where they work, said in passing (set 14)', () => {
  it('a make named after "my car" or "my laptop" is theirs, and not a sister\'s or a word like "nightmare"', () => {
    expect(texts("my van won't start in the cold. it's a 2009 vw transporter")).toEqual(some(/^The user drives a 2009 VW Transporter$/));
    expect(texts('my phone keeps freezing, its a samsung galaxy s10')).toEqual(some(/^The user has a Samsung Galaxy S10$/));
    expect(texts("my brother's car is making a noise, it's a ford focus")).toEqual(none(/drives/));
    expect(texts("my laptop is ancient, it's a total brick")).toEqual(none(/has a total/));
  });

  it('renting is kept from "my rented flat" or "we\'ve rented here", not from an if', () => {
    expect(texts('how do I get rid of damp in my rented house?')).toEqual(some(/^The user rents their home$/));
    expect(texts("we've been renting this flat for four years")).toEqual(some(/^The user rents their home$/));
    expect(texts("if we rent a house near the school we'd walk")).toEqual(none(/rents/));
  });

  it('a move from a place to another is the move ahead, not the old home; a new place named is the home after', () => {
    expect(texts("I'm moving from Bristol to Cardiff next month")).toEqual(some(/^The user is moving to Cardiff$/));
    expect(texts("I'm moving from Bristol to Cardiff next month")).toEqual(none(/lives in Bristol/));
    expect(texts('our new place in Headingley needs a lot of work')).toEqual(some(/^The user lives in Headingley$/));
  });

  it('the platform the user is on, and not a job done on it', () => {
    expect(texts("I'm on an iPhone, how do I turn off autocorrect?")).toEqual(some(/^The user uses an? iPhone$/));
    expect(texts("I'm on linux, does that matter?")).toEqual(some(/^The user uses Linux$/));
    expect(texts("I'm on phone duty today")).toEqual(none(/uses/));
  });

  it('work gone back to, or started at a time, names the workplace and stops before the rest', () => {
    expect(texts("I've gone back to work full time at the council so I need quick dinners")).toEqual(some(/^The user works full-time at the council$/));
    expect(texts('I start work at 6 at the depot so early nights for me')).toEqual(some(/^The user works at the depot$/));
    expect(texts('I start work at 8 in the morning')).toEqual(none(/works at the morning/));
  });
});

describe('a pet got, a way of working and a goal said after "and also" (set 14)', () => {
  it('a pet named in a fragment after "we got one"', () => {
    expect(texts('we finally got one! a black lab called Bramble')).toEqual(some(/^The user has a black lab named Bramble$/));
    expect(texts('my cousin got one. a spaniel called Rolo')).toEqual(none(/Rolo/));
  });

  it('working from home said before the role is kept beside the role', () => {
    expect(texts("I work remotely as a bookkeeper for two firms")).toEqual(expect.arrayContaining(['The user works remotely', expect.stringMatching(/^The user works as a bookkeeper/)]));
  });

  it('"and also training for" starts a clause of its own', () => {
    expect(texts("I'm on nights this month and also training for a half marathon")).toEqual(some(/^The user is training for a half marathon$/));
    expect(texts('I love cooking and also baking bread')).toEqual(some(/^The user loves cooking$/));
  });
});

describe('changes said plainly: "no longer" a state, a move or a job after "but" or "and" (set 14)', () => {
  it('"I\'m no longer X" is read as "not X anymore" is, and not "no longer sure"', () => {
    expect(texts("I'm no longer pescatarian, I eat chicken again")).toEqual(some(/^The user is no longer pescatarian$/));
    expect(texts('I am no longer a teacher')).toEqual(some(/^The user is no longer a teacher$/));
    expect(texts("I'm no longer sure about the trip")).toEqual(none(/no longer/));
    expect(contradicts('The user is no longer pescatarian', 'The user is pescatarian')).toBe(true);
  });

  it('a move or a job after "but" or "and" without its subject', () => {
    expect(texts('we grew up in Hull but moved to York in 2015')).toEqual(some(/^The user lives in York$/));
    expect(texts("I'm a dad of two and work as a postman in Derry")).toEqual(some(/^The user works as a postman/));
  });
});

describe('a car given up ends the car driven (set 14)', () => {
  it('"no longer has their car" retires "drives a Golf", and not a job driving', () => {
    const ended: [string, boolean][] = [['The user drives a 2012 VW Golf', true], ['The user drives buses in Leeds', false], ['The user drives a taxi in Leeds', false], ['The user has a dog', false]];
    for (const [old, ends] of ended) expect(contradicts('The user no longer has their car', old), old).toBe(ends);
  });
});

describe('a move leaves the old city off the job (set 14)', () => {
  const attune = createAttune({ store: ':memory:', embedder: defaultEmbedder() });
  afterAll(() => attune.close());
  async function after(userId: string, ...said: string[]): Promise<string[]> {
    for (const content of said) await attune.remember({ userId, messages: [{ role: 'user', content }] });
    return (await attune.profile({ userId })).attributes.filter((a) => a.status === 'active').map((a) => a.text);
  }

  it('"is a chef in Bath" becomes "is a chef" after a move to Leeds, and a move within the city keeps it', async () => {
    const moved = await after('m1', "I'm a chef in Bath", 'I moved to Leeds last month');
    expect(moved).toEqual(expect.arrayContaining(['The user is a chef', 'The user lives in Leeds']));
    expect(moved).toEqual(none(/Bath/));
    expect(await after('m2', "I'm a chef in Bath", 'I moved to Bath last month')).toEqual(some(/^The user is a chef in Bath$/));
  });
});

describe('short facts in asides and requests: a diet\'s short name, an age before "so", a course starting, a child by age, a home moved into (set 14)', () => {
  it('"veggie" is vegetarian, not a veggie burger', () => {
    expect(texts("btw I'm veggie, so no meat please")).toEqual(some(/^The user is vegetarian$/));
    expect(texts("I'm veggie burger obsessed")).toEqual(none(/vegetarian/));
  });

  it('an age before "so" or "btw", not a time', () => {
    expect(texts("I'm 63 so go easy on the burpees")).toEqual(some(/^The user is 63 years old$/));
    expect(texts("I'm 20 minutes away")).toEqual(none(/years old/));
  });

  it('a course starting is studied', () => {
    expect(texts("I'm starting an electrician apprenticeship in January")).toEqual(some(/^The user is studying for an electrician apprenticeship$/));
  });

  it('a child of the user\'s by age, not a thing that old', () => {
    expect(texts('any tips to get my 2 year old to sleep?')).toEqual(some(/^The user has a 2-year-old child$/));
    expect(texts('my 9 year old daughter wants a phone')).toEqual(some(/^The user has a 9-year-old daughter$/));
    expect(texts('my 5 year old car failed its MOT')).toEqual(none(/child|son|daughter/));
    expect(texts('my 5 year old car failed its MOT')).toEqual(['The user has a 5-year-old car']);
  });

  it('a home moved into, not a friend\'s', () => {
    expect(texts("we've moved into a terrace in Preston, the walls are so thin")).toEqual(some(/^The user lives in Preston$/));
    expect(texts('my sister moved into a flat in Leeds')).toEqual(none(/Leeds/));
  });
});

describe('sensitive facts in everyday words (set 14)', () => {
  it('"I\'m type 1 so ..." is the diabetes, and a bare "type 2 so" answer is not', () => {
    expect(texts("I'm type 2 so go easy on the carbs")).toEqual(some(/^The user is type 2 diabetic$/));
    expect(texts('type 2 so I guess')).toEqual(none(/diabetic/));
  });

  it('going to mass is religion, and "critical mass" is nothing', () => {
    expect(texts('we go to mass on Saturday evenings')).toEqual(some(/^The user goes to mass/));
    expect(sensitiveCategory('The user goes to mass on Saturday evenings')).toBe('religion');
    expect(sensitiveCategory('The user needs a critical mass of people')).toBeUndefined();
  });

  it('a couple who are both women or both men is a same-sex couple', () => {
    expect(texts('my wife and I are both women, so forms with "husband" annoy me')).toEqual(some(/^The user is in a same-sex couple$/));
    expect(texts('my sister and her wife are both teachers')).toEqual(none(/same-sex/));
  });

  it('recovery said as AA or time clean, and not a friend\'s', () => {
    expect(texts("I'm in NA and it's helping")).toEqual(some(/^The user is in recovery$/));
    expect(texts('six months clean today!')).toEqual(some(/^The user is in recovery$/));
    expect(texts('my brother is 2 years clean')).toEqual(none(/recovery/));
    expect(texts("I'm in AA")).toEqual(none(/lives in/));
  });
});

describe('pay is one value at a time (set 14)', () => {
  it('a new salary supersedes the old one', () => {
    expect(relation('The user earns 40k', 'The user earns about 35k a year')).toBe('supersedes');
    expect(relation('The user earns 40k', 'The user is a nurse')).toBe('other');
  });
});

describe('an abbreviation spelled out is a definition (set 14)', () => {
  it('"what does X stand for?" takes no life facts', () => {
    expect(requestKind('what does GDPR stand for?')).toBe('definition');
    expect(requestKind('what does ISA stand for')).toBe('definition');
  });
});
