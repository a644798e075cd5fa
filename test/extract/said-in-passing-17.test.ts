import { afterAll, describe, expect, it } from 'vitest';
import { extractFromText } from '../../src/stages/extract/offline.js';
import { wellFormed } from '../../src/stages/extract/quality.js';
import { sensitiveCategory } from '../../src/stages/extract/sensitive.js';
import { defaultEmbedder } from '../../src/embed/default.js';
import { createAttune } from '../../src/memory/index.js';

// Self-written sentences (not the held-out sets'): facts main's probes of new users showed were missed or mangled
const texts = (s: string) => extractFromText(s).findings.map((f) => f.text);

describe("a clinician's view is the user's diagnosis", () => {
  it('"been to the GP and they think I\'ve got X": "they" is the clinician named before', () => {
    expect(texts("went to the doctor yesterday and they think I've got asthma")).toContain('The user has asthma');
    expect(texts('I saw my GP and they said I have high blood pressure')).toContain('The user has high blood pressure');
  });

  it('guards: "they" with no clinician, a friend\'s diagnosis, a doctor\'s doubt', () => {
    expect(texts('they think I have asthma')).not.toContain('The user has asthma');
    expect(texts('my mate went to the doctor and they think she has asthma')).not.toContain('The user has asthma');
    expect(texts('the doctor thinks I might have asthma')).not.toContain('The user has asthma');
  });
});

describe('a medicine or a diet begun', () => {
  it('"starting X next week", "I\'ve started on X", with or without "I\'m"', () => {
    expect(texts("I'm starting metformin on Monday")).toContain('The user takes metformin');
    expect(texts("I've started on propranolol")).toContain('The user takes propranolol');
    expect(texts('got diagnosed with diabetes, starting metformin tomorrow')).toContain('The user takes metformin');
  });

  it('"going vegetarian", typed alone or after a comma; not for a stretch', () => {
    expect(texts("I'm going vegetarian")).toContain('The user is vegetarian');
    expect(texts('cut out meat last month, going vegetarian now')).toContain('The user is vegetarian');
    expect(texts("I'm going vegan for January")).not.toContain('The user is vegan');
    expect(texts('my husband is starting insulin')).not.toContain('The user takes insulin');
  });
});

describe('a partner who ended it', () => {
  it('"my girlfriend dumped me", "my husband left me last year" end the relation', () => {
    expect(texts('my girlfriend dumped me on Friday')).toEqual(['The user is no longer with their girlfriend']);
    expect(texts('my husband left me last year')).toEqual(['The user is no longer with their husband']);
  });

  it('"left me a message" or "left me alone" ends nothing; a friend\'s break-up is not the user\'s', () => {
    expect(texts('my wife left me a note')).not.toContain('The user is no longer with their wife');
    expect(texts('my partner left me alone with the dog tonight')).not.toContain('The user is no longer with their partner');
    expect(texts("my sister's boyfriend dumped her")).not.toContain('The user is no longer with their boyfriend');
  });
});

describe("a child's age told after the child", () => {
  it('"my daughter is 6", "our son Leo\'s 10 years old" are one fact with the age', () => {
    expect(texts('my daughter is 6 and obsessed with horses')).toContain('The user has a 6-year-old daughter');
    expect(texts("our son Leo's 10 years old")).toContain('The user has a 10-year-old son named Leo');
    expect(texts('my son is 8')).toContain('The user has an 8-year-old son');
  });

  it('an age in months or a height is no age in years', () => {
    expect(texts('my daughter is 6 months old')).not.toContain('The user has a 6-year-old daughter');
    expect(texts('my son is 6 foot tall')).not.toContain('The user has a 6-year-old son');
  });
});

describe("a relative's thing typed without the apostrophe", () => {
  it('"my brothers wedding" is a brother\'s; "my brothers are twins" is two', () => {
    expect(texts('writing a speech for my brothers wedding')).toContain('The user has a brother');
    expect(texts('my brothers are both in the army')).toContain('The user has brothers');
  });
});

describe('a first person left in the text is no fact', () => {
  it('"... what we sell" is a clause the rewrite missed', () => {
    expect(wellFormed('The user cannot eat most of what we bake')).toBe(false);
    expect(wellFormed('The user runs a bakery with their husband')).toBe(true);
  });

  it('a clause after "and we" is read on its own', () => {
    expect(texts("we've 2 kids and 4 grandkids and we still go walking every Sunday")).toEqual(expect.arrayContaining(['The user has 2 kids', 'The user has 4 grandkids']));
  });
});

describe('facts close in meaning about other people or counts are kept apart', () => {
  const attune = createAttune({ store: ':memory:', embedder: defaultEmbedder() });
  afterAll(() => attune.close());

  it('"2 kids and 4 grandkids" are two facts; "a son" said twice is one', async () => {
    await attune.remember({ userId: 'gran', messages: [{ role: 'user', content: "we've 2 kids and 4 grandkids" }] });
    await attune.remember({ userId: 'gran', messages: [{ role: 'user', content: 'I have a son' }] });
    await attune.remember({ userId: 'gran', messages: [{ role: 'user', content: 'I have a son, he lives nearby' }] });
    const active = (await attune.profile({ userId: 'gran' })).attributes.filter((a) => a.status === 'active').map((a) => a.text);
    expect(active).toEqual(expect.arrayContaining(['The user has 2 kids', 'The user has 4 grandkids']));
    expect(active.filter((t) => t === 'The user has a son')).toHaveLength(1);
  });
});

describe('a body part that is not good, work retired from, a decision to learn', () => {
  it('"my knees aren\'t great", "my back isn\'t what it used to be" are a bad knee or back', () => {
    expect(texts("my hips aren't great these days")).toContain('The user has bad hips');
    expect(texts("my back isn't what it used to be")).toContain('The user has a bad back');
    expect(texts('my neck is not the problem here')).toEqual([]);
  });

  it('"retired from nursing" is a retired nurse; "retired from the board" only retired', () => {
    expect(texts('I retired from nursing in 2020')).toContain('The user is a retired nurse');
    expect(texts('I retired from the police last year')).toContain('The user is a retired police officer');
    expect(texts('I retired from the board')).toEqual(['The user is retired']);
  });

  it('"I\'ve decided to learn X" is a wish to learn it; someone else\'s decision is not', () => {
    expect(texts("I've decided to learn Welsh")).toContain('The user wants to learn Welsh');
    expect(texts('my daughter has decided to learn Welsh')).not.toContain('The user wants to learn Welsh');
  });
});

describe('aims and regular sessions typed in passing', () => {
  it('"trying to get into X", "trying to bulk" typed without "I\'m"', () => {
    expect(texts('trying to get into climbing, any tips?')).toContain('The user is getting into climbing');
    expect(texts('ok so trying to bulk, what should I eat')).toContain('The user is trying to bulk');
    expect(texts('trying to get into the car park')).toEqual([]);
  });

  it('"I\'ve been going to the pool twice a week" is a habit; no how-often, no habit', () => {
    expect(texts("I've been going to the pool twice a week")).toContain('The user goes to the pool twice a week');
    expect(texts("I've been going to the gym to see my friend")).toEqual([]);
  });
});

describe('gender identity and partners said in everyday words (sensitive)', () => {
  it('"I\'ve transitioned", "I\'m a trans man", "I was born female but ..." say the user is transgender, flagged', () => {
    expect(texts("I've socially transitioned at work")).toContain('The user is transgender');
    expect(texts("I'm a trans woman in my 40s")).toContain('The user is transgender');
    expect(texts('I was born female but, long story')).toContain('The user is transgender');
    expect(sensitiveCategory('The user is transgender')).toBe('sexual_orientation');
  });

  it('pronouns said ("my pronouns are he/him", ", they/them pronouns please"), not a friend\'s', () => {
    expect(texts('my pronouns are he/him btw')).toContain('The user uses he/him pronouns');
    expect(texts('new here, they/them pronouns please')).toContain('The user uses they/them pronouns');
    expect(texts('my friend uses he/him pronouns')).toEqual([]);
    expect(sensitiveCategory('The user uses she/her pronouns')).toBe('sexual_orientation');
  });

  it('a woman\'s wife or a man\'s boyfriend is a same-sex relationship; a what-if is not', () => {
    expect(texts("my girlfriend and I want a city break (I'm a woman, before you ask)")).toContain('The user is in a same-sex relationship with their girlfriend');
    expect(texts("I'm a guy and my husband loves hiking")).toContain('The user is in a same-sex relationship with their husband');
    expect(texts("I'm a man and my wife loves hiking")).not.toContain(expect.stringMatching(/same-sex/));
    expect(texts('if I were a woman would my wife still love me')).not.toContain(expect.stringMatching(/same-sex/));
  });
});

describe('a debt with its amount after "in"', () => {
  it('"I\'m in about 8k of student debt"', () => {
    expect(texts("I'm in about 8k of overdraft debt")).toContain('The user is in 8k of overdraft debt');
  });
});

describe('Indian English and a first language', () => {
  it('"shifting to Pune" is a move, with or without "I am", after "now"', () => {
    expect(texts('I am shifting to Pune in June')).toContain('The user is moving to Pune');
    expect(texts('Got a new job! Now shifting to Chennai with my wife.')).toContain('The user is moving to Chennai');
  });

  it('"my mother tongue is Tamil" is the user\'s first language; a son\'s is not', () => {
    expect(texts('My mother tongue is Tamil, but I think in English')).toContain("The user's first language is Tamil");
    expect(texts("my son's first language is Welsh")).not.toContain(expect.stringMatching(/first language/));
  });
});

describe('a marital status and the spouse it implies', () => {
  const attune = createAttune({ store: ':memory:', embedder: defaultEmbedder() });
  afterAll(() => attune.close());

  it('"got married ... my husband" keeps the marriage; "I\'m single now" ends both', async () => {
    await attune.remember({ userId: 'newlywed', messages: [{ role: 'user', content: 'We got married in June! My wife wants a honeymoon in Crete.' }] });
    const active = async () => (await attune.profile({ userId: 'newlywed' })).attributes.filter((a) => a.status === 'active').map((a) => a.text);
    expect(await active()).toContain('The user is married');
    await attune.remember({ userId: 'newlywed', messages: [{ role: 'user', content: "update: I'm divorced now" }] });
    expect((await active()).filter((t) => /married|wife/.test(t))).toEqual([]);
  });
});

describe("a student's week", () => {
  it('"I\'m 17 and sitting my A levels", "doing my finals" are exams being taken', () => {
    expect(texts("I'm 17 and sitting my A levels next summer")).toEqual(expect.arrayContaining(['The user is 17 years old', 'The user is taking their A levels']));
    expect(texts("I'm doing my finals in May")).toContain('The user is taking their finals');
    expect(texts('my brother is doing his GCSEs')).not.toContain(expect.stringMatching(/taking/));
  });

  it('"I have hockey mon and wed and a weekend job": the days are no second thing, the job is', () => {
    const found = texts('I also have hockey mon and wed and a weekend job at a garden centre');
    expect(found).toContain('The user has hockey on mon and wed');
    expect(found).toContain('The user has a weekend job at a garden centre');
    expect(found).not.toContain('The user has wed');
    expect(found.filter((t) => /hockey/.test(t))).toHaveLength(1);
  });
});

describe("a single parent's money and children", () => {
  it('"and money\'s tight" is no place lived in, and it says money is short (not the parents\')', () => {
    const found = texts("We rent a tiny house in Dundee and money's a bit tight.");
    expect(found).not.toContain(expect.stringMatching(/lives in money/));
    expect(found).toContain('The user is short of money');
    expect(texts("money's tight for my parents since dad retired")).not.toContain('The user is short of money');
  });

  it('"the kids are 5, 8 and 12" after a clause is three children with their ages; a sister\'s are not', () => {
    expect(texts("I'm a dad of three, the kids are 5, 8 and 12")).toContain('The user has three kids (5, 8 and 12)');
    expect(texts("my sister's kids are 5 and 8")).not.toContain(expect.stringMatching(/two kids/));
  });

  it('"started an evening course" takes "an"', () => {
    expect(texts("I've started an evening course in bookkeeping")).not.toContain(expect.stringMatching(/\ba evening/));
  });
});

describe('a laugh after a list item, and "no clue" in the middle of a message', () => {
  it('"bass and a bit of drums lol" keeps "drums"; "I have no clue what I\'m doing and also I\'m broke" keeps only the broke', () => {
    expect(texts('I play piano and a bit of cello haha')).toContain('The user plays cello');
    const found = texts("I have no idea what I'm doing and also I'm skint lol");
    expect(found).not.toContain(expect.stringMatching(/no (?:idea|clue)/));
    expect(found).toContain('The user is skint (short of money)');
  });
});

describe('non-native and chat self-introductions (set 17 leftovers)', () => {
  it('a role without its article, one word before it: "I am car mechanic", "I am university student in Busan"', () => {
    expect(texts('I am bus driver, from Lagos')).toContain('The user is a bus driver');
    expect(texts('I am university student in Busan')).toContain('The user is a university student in Busan');
    expect(texts('I am interior designer from Lyon')).toContain('The user is an interior designer from Lyon');
    expect(texts("I'm not student")).toEqual([]);
  });

  it('"my hobby is X" (singular); when it is done is no second hobby', () => {
    expect(texts('my hobby is origami, most evenings after work')).toEqual(['The user enjoys origami']);
    expect(texts('my hobby is fly fishing, every sunday with my dad')).toContain('The user enjoys fly fishing');
  });

  it('"20 hens, mostly bantams and silkies" is one thing counted, not three', () => {
    expect(texts('I keep 20 hens, mostly bantams and silkies')).not.toContain(expect.stringMatching(/keeps silkies/));
  });

  it('answer-style wishes in chat words', () => {
    expect(texts('please give me answers in numbered lists')).toContain('The user prefers answers in numbered lists');
    expect(texts('always put the SQL in a code block please')).toContain('The user prefers code in code blocks');
    expect(texts('lead with the answer first, details after')).toContain('The user prefers the most important point first');
    expect(texts("I haven't got time for long answers")).toContain('The user prefers short answers');
    expect(texts('format this paragraph as a code block')).toEqual([]);
  });
});

describe('set 17 leftovers: trades, pastimes and wishes in everyday words', () => {
  it('trades and jobs typed bare or without the article: baker, tour guide, a retired postie "here in Fife"', () => {
    expect(texts('I am butcher in Lyon')).toContain('The user is a butcher in Lyon');
    expect(texts('retired postman here in Perth')).toContain('The user is a retired postman in Perth');
    expect(texts('retired in June, loving it')).toContain('The user is retired');
  });

  it('"playing golf twice a week", "started learning sitar", "I start to learn Excel" typed without "I"', () => {
    expect(texts('playing squash twice a week at the club')).toContain('The user plays squash twice a week at the club');
    expect(texts('Started learning sitar 2 years back')).toContain('The user is learning sitar');
    expect(texts('I start to learn excel for my job')).toContain('The user is learning excel for their job');
    expect(texts('playing with my kids all day')).not.toContain(expect.stringMatching(/plays/));
  });

  it('how long in, as an aside, is dropped in place', () => {
    expect(texts("I'm vegetarian now, 3 months in.")).toContain('The user is vegetarian now');
    expect(texts("I'm a trainee nurse, about a year in, at a hospice")).toContain('The user is a trainee nurse at a hospice');
  });

  it('tables for comparisons and formal English are answer-style wishes; a text to write is not', () => {
    expect(texts('when you compare options please give me a table')).toContain('The user prefers tables for comparisons');
    expect(texts('please write to me in formal English')).toContain('The user prefers formal English');
    expect(texts('write a letter to my landlord in formal English')).not.toContain('The user prefers formal English');
  });
});

describe("a partner's pregnancy, and May the month", () => {
  it('"my wife is pregnant with our first" is a baby on the way (flagged health); a sister\'s is not', () => {
    expect(texts("my partner's 30 weeks pregnant")).toContain('The user is expecting a baby (a pregnancy)');
    expect(texts('my sister is pregnant again')).not.toContain('The user is expecting a baby (a pregnancy)');
  });

  it('"in May" is no hedge: "we\'re expecting our second in May" is stated', () => {
    expect(extractFromText("we're expecting our second in May").findings.find((f) => /expecting/.test(f.text))?.hedged).toBe(false);
    expect(extractFromText('I may have ADHD').findings.filter((f) => /ADHD/i.test(f.text))).toEqual([]);
  });
});

describe('a school year after a role is the class taught, not a role', () => {
  it('"a teacher in Leicester, year 4 this year" stores no "is a year 4"; "a year 6 teacher" is kept', () => {
    expect(texts("I'm a primary school teacher in Derby, year 5 this year.")).toEqual(['The user is a primary school teacher in Derby']);
    expect(texts("I'm a year 6 teacher")).toContain('The user is a year 6 teacher');
  });
});
