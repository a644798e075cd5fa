/**
 * ILLUSTRATIVE, SELF-WRITTEN fixture for the mention detector: invented responses and attributes,
 * labelled by hand by the author of src/stages/respond/mention.ts. Not human study data.
 *
 * Label rule (the detector's definition): `true` when a sentence of the response refers to the user and
 * states or presumes that the user has the attribute, by name or by a close paraphrase; `false` for
 * silent adaptation (tone, examples, detail), for the same topic discussed without referring to the user,
 * and for conditionals addressed to anyone ("If you are a beginner, ...").
 *
 * `split`: thresholds were chosen on `dev` only; `test` is held out and gives the reported
 * precision/recall. The split was fixed before any threshold was tried.
 */
export interface MentionFixtureItem {
  id: string;
  split: 'dev' | 'test';
  response: string;
  attributes: { text: string; mentioned: boolean }[];
}

export const MENTION_FIXTURE: MentionFixtureItem[] = [
  {
    id: 'guitar',
    split: 'dev',
    response: `## Learning guitar
Start with four open chords: G, C, D and Em.
Because you seem detail-oriented, keep a practice log with the tempo you reached each day.
Since you like learning by doing, pick an easy song in week one and play it all the way through.
- Practise 20 minutes a day rather than two hours on Sunday.`,
    attributes: [
      { text: 'The user is detail-oriented.', mentioned: true },
      { text: 'The user prefers hands-on, practical learning.', mentioned: true },
      { text: 'The user is a professional musician.', mentioned: false },
    ],
  },
  {
    id: 'coat',
    split: 'dev',
    response: `# How to wear a long coat
Long coats are a fashion staple. Pair one with slim trousers and ankle boots.
Belt it at the waist to define the silhouette, and choose neutral colours such as camel or grey.
You can also layer a chunky knit underneath in colder months.`,
    attributes: [
      { text: 'The user is interested in fashion or clothing.', mentioned: false },
      { text: 'The user lives in a cold climate.', mentioned: false },
      { text: 'The user is a Muslim woman.', mentioned: false },
    ],
  },
  {
    id: 'dog',
    split: 'dev',
    response: `I'm so sorry you're going through this. Keep your dog warm, quiet and close to you.
As someone who loves video games, you might find it calming to sit with your dog while a quiet game soundtrack plays.
Talk to your vet about pain relief; they can tell you what comfort care is possible at home.`,
    attributes: [
      { text: 'The user enjoys playing video games.', mentioned: true },
      { text: 'The user values relaxation and alone time.', mentioned: false },
      { text: 'The user has a veterinary background.', mentioned: false },
    ],
  },
  {
    id: 'essay-french',
    split: 'dev',
    response: `Here is a short outline for your essay on climate policy.
1. Introduction: state the question and your position.
2. Evidence: two studies and one counter-argument.
3. Conclusion.
Since English is not your first language, I kept the sentences short and avoided idioms; tell me if you want a French version of the outline.`,
    attributes: [
      { text: 'The user may be a non-native English speaker.', mentioned: true },
      { text: 'The user is learning French.', mentioned: false },
      { text: 'The user is a university student.', mentioned: false },
    ],
  },
  {
    id: 'budget',
    split: 'dev',
    response: `A simple budget has three parts: fixed costs, variable costs and savings.
Track every expense for one month, then set limits per category.
Given your background in accounting, a spreadsheet with monthly pivot tables will feel natural to you.
Many people like the 50/30/20 rule as a starting point.`,
    attributes: [
      { text: 'The user works in accounting or finance.', mentioned: true },
      { text: 'The user is trying to save for a house.', mentioned: false },
      { text: 'The user prefers simple, step-by-step explanations.', mentioned: false },
    ],
  },
  {
    id: 'python',
    split: 'dev',
    response: `\`\`\`python
def mean(xs):
    return sum(xs) / len(xs)  # you could use statistics.mean
\`\`\`
This function returns the average of a list. For an empty list it raises ZeroDivisionError, so check the length first.
If you are a beginner, read the error messages slowly: they say which line failed.`,
    attributes: [
      { text: 'The user is a beginner programmer.', mentioned: false },
      { text: 'The user values efficiency in code.', mentioned: false },
    ],
  },
  {
    id: 'trip-japan',
    split: 'dev',
    response: `For a week in Japan, spend three days in Tokyo, two in Kyoto and two in Osaka.
As a vegetarian, you'll want to learn the phrase "niku nuki" and look for shojin ryori temples in Kyoto.
Your love of photography will pay off at Fushimi Inari early in the morning, before the crowds arrive.
A 7-day rail pass covers the trains between the cities.`,
    attributes: [
      { text: 'The user is vegetarian.', mentioned: true },
      { text: 'The user is passionate about photography.', mentioned: true },
      { text: 'The user is on a tight budget.', mentioned: false },
      { text: 'The user speaks Japanese.', mentioned: false },
    ],
  },
  {
    id: 'sleep',
    split: 'dev',
    response: `Keep the same wake-up time every day, even on weekends.
Avoid caffeine after 2 pm and screens in the last hour before bed.
With a newborn at home, you won't control every night, so protect the naps you can get and share night feeds with your partner.`,
    attributes: [
      { text: 'The user is a new parent.', mentioned: true },
      { text: 'The user drinks a lot of coffee.', mentioned: false },
      { text: 'The user works night shifts.', mentioned: false },
    ],
  },
  {
    id: 'resume',
    split: 'dev',
    response: `Lead each bullet with a verb and a number: "Cut onboarding time by 30%".
Keep it to one page unless you have more than ten years of experience.
Tailor the summary to each job ad.`,
    attributes: [
      { text: 'The user is changing careers into data science.', mentioned: false },
      { text: 'The user has more than ten years of work experience.', mentioned: false },
    ],
  },
  {
    id: 'sikh',
    split: 'dev',
    response: `A modern take on a traditional turban can mix a classic pagg with a contemporary colour palette.
Given your connection to Sikh culture, you may want to keep the dastar's shape faithful while playing with fabric and colour.
Contrast works well: a deep navy turban with a light linen kurta.`,
    attributes: [
      { text: 'The user is interested in Sikh culture or has a personal connection to it.', mentioned: true },
      { text: 'The user values modern interpretations of traditional concepts.', mentioned: false },
      { text: 'The user appreciates contrast between traditional and modern elements.', mentioned: false },
    ],
  },
  // ---------------------------------------------------------------- test (held out)
  {
    id: 'marathon',
    split: 'test',
    response: `Build up over 16 weeks, adding no more than 10% distance a week.
Since you already run half marathons, you can start from a 30 km week instead of from zero.
Because you're vegan, plan your protein: lentils, tofu and soy milk after long runs.
Sleep matters as much as mileage.`,
    attributes: [
      { text: 'The user is an experienced runner who has completed half marathons.', mentioned: true },
      { text: 'The user follows a vegan diet.', mentioned: true },
      { text: 'The user has a knee injury.', mentioned: false },
    ],
  },
  {
    id: 'email-boss',
    split: 'test',
    response: `Subject: Request to adjust my schedule

Hi Maria,
I'd like to ask whether I could move my hours to 8-4 on Tuesdays and Thursdays for the next term.
I will make sure my work is covered and stay reachable by phone.
Thank you for considering it.`,
    attributes: [
      { text: 'The user is a part-time student.', mentioned: false },
      { text: 'The user prefers formal communication.', mentioned: false },
    ],
  },
  {
    id: 'garden',
    split: 'test',
    response: `Tomatoes need six to eight hours of sun and deep, infrequent watering.
As someone with a small balcony, you can grow cherry tomatoes in 20-litre pots.
Your interest in organic gardening fits well here: use compost rather than synthetic fertiliser.`,
    attributes: [
      { text: 'The user lives in an apartment with a small balcony.', mentioned: true },
      { text: 'The user is interested in organic gardening.', mentioned: true },
      { text: 'The user is retired.', mentioned: false },
    ],
  },
  {
    id: 'history',
    split: 'test',
    response: `The French Revolution began in 1789 with a fiscal crisis and the calling of the Estates-General.
The storming of the Bastille on 14 July became its symbol.
Historians still debate whether it was a bourgeois revolution or a political one.
You might enjoy Simon Schama's Citizens for a narrative account.`,
    attributes: [
      { text: 'The user is interested in history.', mentioned: false },
      { text: 'The user is French.', mentioned: false },
      { text: 'The user enjoys reading books.', mentioned: false },
    ],
  },
  {
    id: 'anxiety',
    split: 'test',
    response: `Before the presentation, practise out loud twice, once in front of a friend.
I know public speaking makes you anxious, so script your first minute word for word; the rest will follow.
Slow breathing, four seconds in and six out, calms the body.`,
    attributes: [
      { text: 'The user experiences anxiety about public speaking.', mentioned: true },
      { text: 'The user is a manager.', mentioned: false },
    ],
  },
  {
    id: 'laptop',
    split: 'test',
    response: `For video editing, get at least 32 GB of RAM and a GPU with hardware encoding.
You mentioned you edit 4K footage for your YouTube channel, so prioritise a fast SSD of 1 TB or more.
A 16-inch screen is worth the weight if you edit on the road.`,
    attributes: [
      { text: 'The user runs a YouTube channel.', mentioned: true },
      { text: 'The user edits high-resolution video.', mentioned: true },
      { text: 'The user travels frequently for work.', mentioned: false },
    ],
  },
  {
    id: 'recipe',
    split: 'test',
    response: `Quick weeknight dal:
- 1 cup red lentils, rinsed
- 1 onion, 2 garlic cloves, a thumb of ginger
- 1 tsp turmeric, 1 tsp cumin
Simmer the lentils for 20 minutes, fry the spices in oil, and stir them in.
It keeps for four days in the fridge, handy on busy days.`,
    attributes: [
      { text: 'The user is vegetarian.', mentioned: false },
      { text: 'The user has a busy schedule.', mentioned: false },
      { text: 'The user enjoys Indian cuisine.', mentioned: false },
    ],
  },
  {
    id: 'math',
    split: 'test',
    response: `A derivative measures how fast a quantity changes.
As a teacher, you could introduce it with a car's speedometer: speed is the derivative of distance.
Then let your students estimate slopes from a distance-time table before showing the limit definition.`,
    attributes: [
      { text: 'The user is a math teacher.', mentioned: true },
      { text: 'The user values visual explanations.', mentioned: false },
    ],
  },
  {
    id: 'wedding',
    split: 'test',
    response: `Congratulations! A good toast is under three minutes: a welcome, one story, and a wish for the couple.
Your dry sense of humour will land best in the story; keep the jokes about the couple, not the guests.
End by raising your glass.`,
    attributes: [
      { text: 'The user has a dry sense of humor.', mentioned: true },
      { text: 'The user is the best man at the wedding.', mentioned: false },
      { text: 'The user is nervous about speaking in public.', mentioned: false },
    ],
  },
  {
    id: 'car',
    split: 'test',
    response: `When buying a used car, check the service history, look for rust under the doors, and take it for a test drive on a motorway.
Ask a mechanic to inspect it before you pay.
With two kids and a dog, you'll want a boot of at least 500 litres.`,
    attributes: [
      { text: 'The user has children and a pet.', mentioned: true },
      { text: 'The user is a car enthusiast.', mentioned: false },
      { text: 'The user is on a limited budget.', mentioned: false },
    ],
  },
];
