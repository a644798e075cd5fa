import { describe, expect, it } from 'vitest';
import { extractFromText } from '../../src/stages/extract/offline.js';
import { sensitiveCategory } from '../../src/stages/extract/sensitive.js';

const texts = (s: string) => extractFromText(s).findings.map((f) => f.text);

describe('a rented home is a home', () => {
  it('"I rent a flat in X", "we rent a house in X", "I rent in X" say where the user lives', () => {
    expect(texts('I rent a two-bed flat in Walthamstow')).toContain('The user lives in Walthamstow');
    expect(texts('we rent a little house in Bolton with the kids')).toContain('The user lives in Bolton with the kids');
    expect(texts('I rent in Hackney')).toContain('The user lives in Hackney');
  });

  it('a garage, a car or a bike rented is not a home', () => {
    expect(texts('I rent a garage in Leeds')).toEqual([]);
    expect(texts('I rent a car in Rome every summer')).toEqual([]);
  });
});

describe('a relative the user cares for', () => {
  it('"looking after", "caring for", "taking care of" a parent, grandparent or partner, with how often', () => {
    expect(texts("I'm looking after my dad most evenings")).toEqual(['The user cares for their dad most evenings']);
    expect(texts("I've been caring for my grandad since his fall")).toEqual(['The user cares for their grandad since his fall']);
    expect(texts("I'm taking care of my husband full time")).toContain('The user cares for their husband full time');
  });

  it('the relative named before the "I" ("my nan has ... and I\'m looking after her")', () => {
    expect(texts("my nan's got MS and I'm looking after her three days a week")).toContain('The user cares for their nan three days a week');
  });

  it("a favour for a while, a son (parenting) and a neighbour's pet are not care", () => {
    expect(texts("I'm looking after my sister's kids this weekend")).not.toContain(expect.stringMatching(/cares for/));
    expect(texts("I'm looking after my brother tonight")).not.toContain(expect.stringMatching(/cares for/));
    expect(texts("I'm looking after my son today")).not.toContain(expect.stringMatching(/cares for/));
  });
});

describe('a food or drink the user goes without', () => {
  it('"no pork for me", "so no shellfish", "no booze for me" are a diet, in its words', () => {
    expect(texts('no lamb for me, I never liked it')).toContain('The user does not eat lamb');
    expect(texts("I'm Jewish so no shellfish")).toEqual(expect.arrayContaining(['The user does not eat shellfish']));
    expect(texts('no booze for me')).toEqual(['The user does not drink alcohol']);
  });

  it('"so no idea", "no onions" stay as they were', () => {
    expect(texts('I have so no idea what to cook')).toEqual([]);
    expect(texts('no onions')).toEqual(['The user wants no onions']);
  });
});

describe('asking for help is not a fact about the user', () => {
  it('"I need ideas", "I want some advice" are the request, a thing needed is kept', () => {
    expect(texts('I need ideas')).toEqual([]);
    expect(texts('I want some advice on my CV')).toEqual([]);
    expect(texts('I need a new laptop for uni')).toEqual(['The user needs a new laptop for uni']);
  });
});

describe('how well the user says they speak English', () => {
  it('"my English is not perfect", "English is not my first language", "sorry for my bad english"', () => {
    expect(texts('my English is not perfect sorry')).toEqual(['The user speaks English (not perfect)']);
    expect(texts('English is not my first language, so simple words please')).toContain('The user is a non-native English speaker');
    expect(texts('sorry for my bad english')).toEqual(['The user is a non-native English speaker']);
    expect(texts('my English is fine')).toEqual([]);
  });
});

describe('retirement, an age after a label, and medicines a doctor prescribed', () => {
  it('"took early retirement" is retired; "background: 58, ..." opens a bio with the age', () => {
    expect(texts("I've taken voluntary retirement from the post office")).toEqual(['The user is retired']);
    expect(texts('quick background: 61, took early retirement in spring, live near Hull')).toEqual(['The user is 61 years old', 'The user is retired', 'The user lives near Hull']);
    expect(texts("I'm 40, retired my old laptop")).toEqual(['The user is 40 years old']);
  });

  it('"the doctor\'s put me on X" is a medicine the user is on, marked as health', () => {
    const f = extractFromText("my GP's put me on atorvastatin, not thrilled").findings;
    expect(f.map((x) => [x.text, x.sensitive])).toEqual([['The user takes atorvastatin', 'health']]);
    expect(texts('the doctor put me on the spot')).toEqual([]);
  });
});

describe('a hedged item and free time are not facts', () => {
  it('"..., maybe a lab" ends the object; "I\'ve got time" is no attribute', () => {
    expect(texts('thinking about a dog now I have got time, maybe a spaniel')).toEqual([]);
    expect(texts('I have a rabbit, maybe two')).toEqual(['The user has a rabbit']);
    expect(texts('I love hiking, swimming and maybe climbing')).toEqual(['The user loves hiking', 'The user loves swimming']);
  });
});

describe('a second state after "and", and a "so" clause', () => {
  it('"vegetarian and on a budget" is two facts, for "we" too; "so step-free access matters" is not the object', () => {
    expect(texts("we're both pescatarian and on a tight budget")).toEqual(expect.arrayContaining(['The user is pescatarian', 'The user is on a tight budget']));
    expect(texts("I'm vegan and on a budget")).toEqual(expect.arrayContaining(['The user is vegan', 'The user is on a budget']));
    expect(texts('I use a hearing aid so background noise matters')).toEqual(['The user uses a hearing aid']);
  });
});

describe('a developer, a new job, where the user is from, and a pet named after a comma', () => {
  it('"a junior dev, mostly React and TypeScript, at a fintech" is one role at its place, and the tools', () => {
    expect(texts("I'm a data engineer, mostly SQL and Python, at a bank in Leeds")).toEqual(['The user codes mostly in SQL and Python', 'The user is a data engineer at a bank in Leeds']);
  });

  it('a new job started: "starting as the new X", "starting work at Employer" (not "starting at Leeds", maybe a university)', () => {
    expect(texts('got the job!! starting as the new office manager at Greggs next week')).toContain('The user works as an office manager at Greggs');
    expect(texts("I'm starting work at Ocado in June")).toEqual(['The user works at Ocado']);
    expect(texts("I'm starting at Leeds in September")).toEqual([]);
  });

  it('"originally from X", with or without "I\'m", and a second verb after "but"', () => {
    expect(texts('originally from Lagos')).toEqual(['The user is originally from Lagos']);
    expect(texts("I'm originally from Gdansk but live in Bristol now")).toEqual(['The user is originally from Gdansk', 'The user lives in Bristol now']);
  });

  it('"a cat, her name is Pierogi" is a cat named Pierogi; "his school is great" is no part of the son', () => {
    expect(texts('we adopted a kitten, his name is Mochi')).toEqual(['The user has a kitten named Mochi']);
    expect(texts('I have a cat, her name is on the collar')).toEqual(['The user has a cat']);
    expect(texts('I have a son, his school is great')).toEqual(['The user has a son']);
  });
});

describe('pronouns and tools with a time tail', () => {
  it('pronouns said are marked sensitive as gender identity is; "mostly Kotlin these days" is the tool', () => {
    expect(sensitiveCategory('The user uses she/they')).toBe('sexual_orientation');
    expect(sensitiveCategory('The user uses they/them pronouns')).toBe('sexual_orientation');
    expect(texts("I'm a backend developer for a Berlin startup, mostly Kotlin these days, from my flat in Lisbon")).toContain('The user codes mostly in Kotlin');
  });
});

describe('a job that ended, a move home, a break-up after a lead', () => {
  it('made redundant, laid off, fired, lost or quit the job, between jobs: the job held has ended', () => {
    expect(texts('I got made redundant in October')).toEqual(['The user was made redundant']);
    expect(texts('I was let go on Friday')).toEqual(['The user was let go']);
    expect(texts('I lost my job')).toEqual(['The user lost their job']);
    expect(texts('I handed in my notice')).toEqual(['The user has handed in their notice']);
    expect(texts("I'm between jobs")).toEqual(['The user is between jobs']);
    expect(texts('I left the salon last month')).toEqual(['The user no longer works at the salon']);
  });

  it('not an old job, not leaving a building', () => {
    expect(texts('I was fired from my first job at 17')).toEqual([]);
    expect(texts('I got made redundant years ago')).toEqual([]);
    expect(texts('I left the office at 6')).toEqual([]);
  });

  it('"moved back to my parents\' in Swindon" is a home; "big news, we split up" ends the partnership', () => {
    expect(texts("I've moved back in with my mum and dad's in Derby")).toEqual(['The user lives in Derby']);
    expect(texts("I've moved back to my mum's in Derby")).toEqual(['The user lives in Derby']);
    expect(texts('ok big news, we split up')).toEqual(['The user is no longer with their partner']);
    expect(texts("I'm vegetarian, have been for 3 years")).toEqual(['The user is vegetarian']);
  });
});

describe("the household's children and partner: ages in brackets and what they love", () => {
  it('"a single dad of twins (8)", "a daughter (7)" keep the ages', () => {
    expect(texts("I'm a single mum of twins (5), work nights")).toContain('The user is a single mum of twins aged 5');
    expect(texts('I have a son (11)')).toEqual(['The user has a son aged 11']);
  });

  it('"my son loves dinosaurs", "the kids are mad into minecraft" are theirs, not the user\'s; a boss or "loves her school" is not kept', () => {
    expect(texts('my daughter loves horses')).toContain("The user's daughter loves horses");
    expect(texts('the kids are mad into lego lately')).toEqual(["The user's kids are mad about lego"]);
    expect(texts('my manager loves golf')).toEqual([]);
    expect(texts('my son loves his school')).toEqual(['The user has a son']);
  });
});

describe('a degree named by its parts, and "so no" only for food', () => {
  it('"my PhD progress report" is a PhD being done (not a husband\'s); "so no heavy squats" is no food rule', () => {
    expect(texts('please I need help with my PhD progress report, it is due friday')).toContain('The user is doing a PhD');
    expect(texts("my husband's PhD supervisor is awful")).toEqual(['The user has a husband']);
    expect(texts('I had knee surgery so no heavy squats')).not.toContain('The user wants no heavy squats');
  });
});

describe("held-out 14/15 leftovers: a contracted pronoun after a comma, a strict diet, a baby's age", () => {
  it('"two young lads, they\'d climb the walls if ..." keeps the lads; "We are Sikh and strict vegetarian" both', () => {
    expect(texts("I have three girls, they'd live at the beach if they could")).toEqual(['The user has three girls']);
    expect(texts('We are Sikh and strict vegetarian')).toEqual(expect.arrayContaining(['The user is Sikh', 'The user is strict vegetarian']));
  });

  it('"bub is 3 months old", "our little one\'s 18 months": a baby and its age (not a sister\'s, not one due)', () => {
    expect(texts('bub is 4 months old and not sleeping')).toContain('The user has a baby aged 4 months');
    expect(texts("my sister's baby is 2 months old")).toEqual(['The user has a sister']);
    expect(texts('the baby is due in 3 weeks')).toEqual([]);
  });
});

describe('a home put right, and "our 2 year old"', () => {
  it('"actually we\'re in Stockport not Manchester" is the home; a lead word before "we\'re" is read', () => {
    expect(texts("actually we're in Salford not Manchester")).toEqual(['The user lives in Salford']);
    expect(texts("oh we're pescatarian")).toEqual(['The user is pescatarian']);
    expect(texts("I'm in Year 10 not Year 11")).not.toContain(expect.stringMatching(/lives in/));
  });

  it('"me and my wife plus our 2 year old" has the child', () => {
    expect(texts('me and my husband plus our 4 year old')).toEqual(expect.arrayContaining(['The user has a 4-year-old child']));
    expect(texts('our 10 year old house')).toEqual([]);
  });
});

describe('birthdays', () => {
  it("the user's own and a household member's birthday, by date (not a boss's, not one coming up)", () => {
    expect(texts('my birthday is on the 3rd of May')).toEqual(["The user's birthday is 3rd of May"]);
    expect(texts("remember my son's birthday is Oct 2nd")).toContain("The user's son's birthday is Oct 2nd");
    expect(texts("my boss's birthday is 1 May")).toEqual([]);
    expect(texts('my birthday is coming up')).toEqual([]);
  });
});

describe('a request is not a fact; "need to think" is no hedge; a promotion keeps its article', () => {
  it('"I need a packing list for ..." is the request; "I need a new laptop" is kept', () => {
    expect(texts('I need a shopping list for a week of dinners')).toEqual([]);
    expect(texts('I need a new laptop')).toEqual(['The user needs a new laptop']);
  });

  it('"so need to think about insulin" neither hedges nor hides the fact before it', () => {
    expect(texts("I'm coeliac so need to think about everything I eat")).toContain('The user is coeliac');
  });

  it('"promoted to senior accountant" is "a senior accountant"', () => {
    expect(texts('I got promoted to assistant manager')).toEqual(['The user works as an assistant manager']);
    expect(texts('I was promoted to head of sales')).toEqual(['The user works as head of sales']);
  });
});

describe('a party voted for, typed without "I"', () => {
  it('"Tory through and through", "lifelong Labour voter" (not "Labour is a mess", not "Tory MPs")', () => {
    expect(texts('Conservative through and through, always have been')).toEqual(['The user votes Conservative']);
    expect(texts('lifelong Labour voter')).toEqual(['The user votes Labour']);
    expect(texts('Labour is a mess')).toEqual([]);
    expect(texts('Tory MPs are useless')).toEqual([]);
  });
});

describe('an age is not a count', () => {
  it('"my 5 year old car" is a 5-year-old car (it read "has 5 year old car"), "an 8-year-old" takes its article', () => {
    expect(texts('my 5 year old car needs a service')).toEqual(['The user has a 5-year-old car']);
    expect(texts('my 8 year old car needs a service')).toEqual(['The user has an 8-year-old car']);
    expect(texts('my two dogs are mad')).toEqual(['The user has two dogs']);
  });
});
