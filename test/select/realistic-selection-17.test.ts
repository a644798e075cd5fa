import { describe, expect, it } from 'vitest';
import { DOMAINS } from '../../src/stages/select/domains.js';
import { isStylePreference, requestKind } from '../../src/stages/select/request-kind.js';
import { selectAttributes } from '../../src/stages/select/select-attributes.js';

const domain = (name: string) => DOMAINS.find((d) => d.name === name)!;
const names = (side: 'request' | 'attribute', text: string): string[] => DOMAINS.filter((d) => d[side].keywords.test(text)).map((d) => d.name);

/** Selector cues found with heldout-users-17.jsonl (selection in realistic proportions), tried on self-written requests and facts that are not in it. */
describe('default selector cues (set 17: one or two facts of a profile, or none)', () => {
  it('reads a bare term, a unit conversion without a number and a write-up from given details as needing no fact', async () => {
    for (const r of ['what is quantitative easing?', "what's a 401k?", 'what are index funds?']) expect(requestKind(r), r).toBe('definition');
    for (const r of ['what is the best tent for two?', 'what is going on?', 'what are some good snacks?', 'what is my password?', "what's a good name for a hamster?"]) expect(requestKind(r), r).toBe('open');
    expect(requestKind("what's the conversion from pounds to kilos?")).toBe('arithmetic');
    expect(requestKind('what is the formula for converting inches to cm?')).toBe('arithmetic');
    expect(requestKind('what is the conversion rate on my landing page?')).toBe('open');
    expect(requestKind('write a short bio for my colleague: Priya, 12 years in logistics, loves hill running, based in Derby')).toBe('writing-for-others');
    expect(requestKind('write a product description for my shop')).toBe('open');
    expect(requestKind('write a thank-you card for my neighbour Jim who fed our cat all week')).toBe('writing-for-others');
    const prefs = ['The user prefers no emojis.', 'The user prefers short answers.', 'The user has two dogs.'];
    expect((await selectAttributes({ prompt: 'write a thank-you card for my neighbour Jim who fed our cat all week', attributes: prefs })).attributes).toEqual(['The user prefers no emojis.']);
    expect(requestKind('write a birthday card for my son who turns 7')).toBe('open');
    expect(requestKind('what does bradycardia mean?')).toBe('definition');
    expect(requestKind('what does it mean if my dog sneezes a lot?')).toBe('open');
    expect(requestKind("what's the exchange rate from pounds to yen?")).toBe('factual');
    expect(requestKind('How do I say thank you in Welsh?')).toBe('translation');
  });

  it('reads advice on timing or a spot as advice, not a look-up', () => {
    expect(requestKind('when is the best time to prune my apple tree?')).toBe('open');
    expect(requestKind('where is a good place to stop between Leeds and London?')).toBe('open');
    expect(requestKind('when was the first apple tree planted in England?')).toBe('factual');
    expect(requestKind('where is the Louvre?')).toBe('factual');
    expect(requestKind('how far is Bristol from Cardiff?')).toBe('factual');
    expect(requestKind('how far is it to the beach from my hotel?')).toBe('open');
  });

  it('reads the kit of a craft or an outdoor sport as that hobby, and not as a free weekend for the kids', () => {
    for (const r of ['should I use danish oil or varnish on a walnut desk?', 'my purl rows look looser than my knit rows', 'which wetsuit for winter in Cornwall?', 'how many quickdraws for sport routes at the crag?']) expect(names('request', r), r).toContain('craft');
    for (const a of ['The user does woodturning in the shed', 'The user crochets blankets', 'The user goes bouldering on Tuesdays', 'The user surfs most weekends']) expect(names('attribute', a), a).toContain('craft');
    expect(names('attribute', 'The user has a daughter')).not.toContain('craft');
    expect(names('request', 'what should we do on a rainy Saturday?')).not.toContain('craft');
  });

  it('reads racquet strokes as sport, a record collection as music, repotting as the garden, an audience as a channel', () => {
    expect(domain('health').request.keywords.test('my forehand keeps going long, any drills?')).toBe(true);
    expect(domain('music').request.keywords.test('is a cheap turntable bad for my LPs?')).toBe(true);
    expect(domain('music').attribute.keywords.test('The user collects old soul records')).toBe(true);
    expect(domain('music').request.keywords.test('how long should I keep my tax records?')).toBe(false);
    expect(domain('garden').request.keywords.test('my cheese plant is root-bound, how do I repot it?')).toBe(true);
    expect(domain('garden').attribute.keywords.test('The user keeps a few bonsai on the balcony')).toBe(true);
    expect(domain('audience').request.keywords.test('how do I get more subscribers without paying for ads?')).toBe(true);
    for (const a of ['The user hosts a podcast about football tactics', 'The user runs a small baking channel', 'The user streams on Twitch']) expect(domain('audience').attribute.keywords.test(a), a).toBe(true);
    expect(domain('audience').attribute.keywords.test('The user watches a lot of YouTube')).toBe(false);
    expect(domain('audience').attribute.keywords.test('The user changed the TV channel')).toBe(false);
  });

  it('keeps a word in its setting: a retired greyhound, a drug allergy, a school orchestra, a civil engineer, "go for"', () => {
    expect(domain('work').attribute.keywords.test('The user adopted a retired greyhound')).toBe(false);
    expect(domain('work').attribute.keywords.test('The user is a retired nurse')).toBe(true);
    expect(domain('food').attribute.keywords.test('The user is allergic to penicillin')).toBe(false);
    expect(domain('food').attribute.keywords.test('The user is allergic to peanuts')).toBe(true);
    expect(domain('study').attribute.keywords.test('The user plays clarinet in the school band')).toBe(false);
    expect(domain('study').attribute.keywords.test('The user is at school in Year 11')).toBe(true);
    expect(domain('code').attribute.keywords.test('The user is a structural engineer')).toBe(false);
    expect(domain('code').attribute.keywords.test('The user is a data engineer')).toBe(true);
    expect(domain('code').attribute.keywords.test('The user is possibly a retired engineer')).toBe(true);
    expect(domain('code').attribute.keywords.test('The user likes to go fishing')).toBe(false);
    expect(domain('code').attribute.keywords.test('The user writes Go at work')).toBe(true);
    expect(domain('code').request.keywords.test('should I go for the red one or the blue one?')).toBe(false);
    expect(domain('code').request.keywords.test('how do I write a table test in Go?')).toBe(true);
    expect(domain('health').request.keywords.test('are grapes safe for dogs?')).toBe(false);
    expect(domain('language').request.keywords.test('which case comes after "mit" in German?')).toBe(true);
    expect(domain('study').attribute.keywords.test('The user is learning to play the ukulele')).toBe(false);
    expect(domain('study').attribute.keywords.test('The user is learning Python at night school')).toBe(true);
    for (const r of ['my bike chain keeps slipping', 'how do I fix a puncture on the commute?', 'the rear wheel rubs on the brake pads']) expect(domain('transport').request.keywords.test(r), r).toBe(true);
  });

  it('reads no time for long paragraphs as a wish for short answers, and a golf drive as golf, not a car', async () => {
    expect(isStylePreference('The user does not have time for long paragraphs')).toBe(true);
    expect(isStylePreference('The user has no time to read long replies')).toBe(true);
    expect(isStylePreference('The user does not have time for long walks')).toBe(false);
    for (const a of ['The user wants things explained like they are new to it', 'The user asked to keep answers brief', 'The user wants the bottom line first', 'The user likes comparisons in a table', 'The user wants code in code blocks', 'The user writes in formal English with suppliers', 'The user wants explanations without jargon']) expect(isStylePreference(a), a).toBe(true);
    for (const a of ['The user keeps things simple at home', 'The user teaches pottery for beginners', 'The user is new to cooking']) expect(isStylePreference(a), a).toBe(false);
    const attributes = ['The user drives a Ford Focus.', 'The user plays golf at the weekend.', 'The user works as a dentist.'];
    const r = await selectAttributes({ prompt: 'my drive keeps hooking left off the tee, why?', attributes });
    expect(r.attributes).not.toContain('The user drives a Ford Focus.');
    expect((await selectAttributes({ prompt: 'is it worth getting winter tyres for the drive to work?', attributes })).attributes).toContain('The user drives a Ford Focus.');
  });

  it('reads a computer mouse, a wild jaguar, a migrating crane and an Apple watch in their other sense', async () => {
    const attributes = ['The user keeps two pet mice.', 'The user restores an old Jaguar E-type.', 'The user is a tower crane operator.', 'The user has an apple tree in the garden.'];
    for (const prompt of ['my mouse double-clicks on its own, can I fix it?', 'where do jaguars live in the wild?', 'why do cranes fly in a V when they migrate?', 'my apple watch keeps losing bluetooth']) {
      expect((await selectAttributes({ prompt, attributes })).attributes, prompt).toEqual([]);
    }
    expect((await selectAttributes({ prompt: 'is it worth rebuilding the carburettors on a jaguar?', attributes })).attributes).toContain('The user restores an old Jaguar E-type.');
    expect(requestKind("what's the top speed of a cheetah?")).toBe('factual');
  });

  it('does not take the home city for a request about somewhere else, and still does for one about home', async () => {
    const attributes = ['The user lives in Cardiff.', 'The user works as a dental nurse.', 'The user has a whippet.'];
    expect((await selectAttributes({ prompt: 'what are the best markets in Lisbon on a Saturday?', attributes })).attributes).not.toContain('The user lives in Cardiff.');
    expect((await selectAttributes({ prompt: 'is it going to rain in Cardiff this weekend?', attributes })).attributes).toContain('The user lives in Cardiff.');
    expect((await selectAttributes({ prompt: 'any good markets near me on a Saturday in June?', attributes })).attributes).toContain('The user lives in Cardiff.');
  });

  it('takes the hobby for its kit, and not the kids', async () => {
    const attributes = ['The user has two sons.', 'The user does pottery and knits.', 'The user works as a bus driver.', 'The user lives in Bradford.'];
    const r = await selectAttributes({ prompt: 'how do I cast off without the edge going tight?', attributes });
    expect(r.attributes).toContain('The user does pottery and knits.');
    expect(r.attributes).not.toContain('The user has two sons.');
  });

  it('does not take a fact for a word the request uses in its other sense, not even to fill a slot', async () => {
    const attributes = ['The user plays squash on Thursdays.', 'The user works in insurance.', 'The user lives in Bath.'];
    const r = await selectAttributes({ prompt: 'any ideas for a roasted squash risotto?', attributes });
    expect(r.attributes).not.toContain('The user plays squash on Thursdays.');
    const s = await selectAttributes({ prompt: 'what should I look for in a squash racquet?', attributes });
    expect(s.attributes).toContain('The user plays squash on Thursdays.');
  });
});

describe('a wish about code shapes only answers with code in them', () => {
  it('"prefers code in code blocks" goes with a CSS question, not with a capital city or dinner', async () => {
    const profile = ['The user prefers code in code blocks', 'The user is a graphic designer', 'The user prefers short answers'];
    const pick = async (prompt: string) => (await selectAttributes({ prompt, attributes: profile })).attributes;
    expect(await pick('how do I centre a div with flexbox in css?')).toContain('The user prefers code in code blocks');
    expect(await pick('what is the capital of Peru?')).not.toContain('The user prefers code in code blocks');
    expect(await pick('quick dinner ideas for tonight?')).not.toContain('The user prefers code in code blocks');
    expect(await pick('quick dinner ideas for tonight?')).toContain('The user prefers short answers');
  });
});

describe("the user's age for a request asked with it in mind (design 51)", () => {
  const profile = ['The user is 71 years old', 'The user has a dog', 'The user lives in Hull'];
  const pick = async (prompt: string) => (await selectAttributes({ prompt, attributes: profile })).attributes;

  it('"at my age", "for someone my age", "too old to" take the age; a child\'s age in the request does not', async () => {
    expect(await pick('is it too late to learn the piano at my age?')).toContain('The user is 71 years old');
    expect(await pick('what stretches are safe for someone my age?')).toContain('The user is 71 years old');
    expect(await pick('a good book for a 10 year old girl?')).not.toContain('The user is 71 years old');
  });

  it('"tea" as the evening meal is food ("what shall I make for tea tonight"), a cup of tea is not', () => {
    expect(domain('food').request.keywords.test('what should I make for tea tonight?')).toBe(true);
    expect(domain('food').request.keywords.test('green tea or black tea?')).toBe(false);
  });
});
