// Writes the illustrative stage-1 verifier example: conversations, extracted attributes with evidence and
// Makes sense / Maybe / Doesn't make sense judgments of three invented annotators.
// SELF-WRITTEN, ILLUSTRATIVE DATA: no real user, annotator or model produced any of it.
// Run: node examples/verify/make.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));

// [kind, turns (user, assistant, user, ...), attribute, reason, confidence, evidence turn indices]
// kind: ok (people accept it), maybe (borderline), or a failure mode of the paper.
const items = [
  // ---- acceptable: the user says it about themselves
  ['ok', ["I'm a nurse and I work night shifts, so I sleep during the day. Any tips for blackout curtains?", 'Look for curtains labelled 100% blackout with side channels...'], 'The user works night shifts as a nurse.', 'States "I\'m a nurse and I work night shifts".', 0.9, [0]],
  ['ok', ['My two kids (6 and 9) get bored on long car trips. Ideas for a 5-hour drive?', 'Audiobooks, travel bingo, a snack schedule...'], 'The user has two children aged 6 and 9.', 'Mentions "my two kids (6 and 9)".', 0.9, [0]],
  ['ok', ["I've been vegetarian for ten years. Can you suggest a high-protein dinner?", 'Lentil bolognese, tofu stir-fry, chickpea curry...', 'The chickpea curry sounds good, I always cook with lots of spice.', 'Great, add chili flakes...'], 'The user is a vegetarian.', 'Says "I\'ve been vegetarian for ten years".', 0.95, [0]],
  ['ok', ['I run a small bakery in Leeds and want to post on Instagram more. How often should I post?', 'Three to five times a week works for small food businesses...'], 'The user runs a small bakery in Leeds.', 'States "I run a small bakery in Leeds".', 0.9, [0]],
  ['ok', ["I'm training for my first marathon in October. How long should my longest run be?", 'Most plans peak at 32-35 km three weeks before race day...'], 'The user is training for their first marathon.', 'Says "I\'m training for my first marathon".', 0.9, [0]],
  ['ok', ['I use Python at work every day for data cleaning. How do I speed up pandas groupby?', 'Use categorical dtypes, avoid apply...', 'We have about 20 million rows per file.', 'Then consider polars or chunking...'], 'The user uses Python for data cleaning at work.', 'Says "I use Python at work every day for data cleaning".', 0.85, [0, 2]],
  ['ok', ['Please keep answers short, I read them on my phone between meetings.', 'Understood, I will keep answers brief.', 'What is a good way to structure a weekly team update?', 'Three bullets: done, next, blocked.'], 'The user prefers short answers.', 'Asks to "keep answers short".', 0.85, [0]],
  ['ok', ['My landlord wants to raise my rent by 20%. I rent a flat in Berlin. Is that legal?', 'In Berlin the Mietpreisbremse and the 15% cap over three years...'], 'The user rents a flat in Berlin.', 'Says "I rent a flat in Berlin".', 0.9, [0]],
  ['ok', ['I have a golden retriever who pulls on the leash. How do I train her to walk nicely?', 'Stop when she pulls, reward loose-leash steps...'], 'The user has a golden retriever.', 'Mentions "I have a golden retriever".', 0.9, [0]],
  ['ok', ["I'm a high-school chemistry teacher. Give me a safe demo for 15-year-olds about reaction rates.", 'Try the iodine clock reaction...'], 'The user teaches chemistry at a high school.', 'States "I\'m a high-school chemistry teacher".', 0.9, [0]],
  ['ok', ["I'm learning Japanese, I'm at about N4 level. Which grammar should I study next?", 'For N3, focus on ~ように, ~ばかり...', "I study an hour every evening after work.", 'That is a solid routine...'], 'The user is learning Japanese at about N4 level.', 'Says "I\'m learning Japanese, I\'m at about N4 level".', 0.9, [0, 2]],
  ['ok', ['I play the cello in a community orchestra. How do I stop my bow from shaking in quiet passages?', 'Relax the thumb, use more arm weight...'], 'The user plays the cello in a community orchestra.', 'States "I play the cello in a community orchestra".', 0.9, [0]],
  ['ok', ["We just bought an old house from 1920 and I'm renovating the kitchen myself. Should I remove the plaster?", 'Test for lead paint first...'], 'The user is renovating the kitchen of an old house.', 'Says "I\'m renovating the kitchen myself" of a 1920 house.', 0.85, [0]],
  ['ok', ["I'm allergic to peanuts, what snacks can I bring on a flight?", 'Pretzels, dried fruit, seeds if tolerated...'], 'The user has a peanut allergy.', 'Says "I\'m allergic to peanuts".', 0.9, [0]],
  ['ok', ["I work remotely for a company in Toronto but I live in Lisbon. How do I handle the time difference for standups?", 'Ask for a late-morning Toronto slot...'], 'The user lives in Lisbon and works remotely.', 'Says "I work remotely ... I live in Lisbon".', 0.9, [0]],
  ['ok', ["I'm a beginner at chess, rated about 800 online. What opening should I learn?", 'The Italian Game is a good start...'], 'The user is a beginner chess player.', 'Says "I\'m a beginner at chess, rated about 800".', 0.85, [0]],
  ['ok', ['I always bike to work, about 12 km each way. What should I carry for rainy days?', 'Mudguards, a waterproof jacket, overtrousers...'], 'The user commutes to work by bike.', 'Says "I always bike to work".', 0.85, [0]],
  ['ok', ["I'm a freelance graphic designer. How should I price a logo for a small business?", 'Many freelancers charge a flat fee...'], 'The user is a freelance graphic designer.', 'States "I\'m a freelance graphic designer".', 0.9, [0]],
  ['ok', ['I prefer explanations with concrete examples rather than theory. Explain recursion.', 'Think of Russian dolls: each one opens to a smaller one...'], 'The user prefers explanations with concrete examples.', 'Says "I prefer explanations with concrete examples".', 0.85, [0]],
  ['ok', ["My mum is turning 70 next month and I'm organizing a surprise party for her.", 'Plan the guest list first...'], "The user is organizing a surprise party for their mother's 70th birthday.", 'Says "I\'m organizing a surprise party" for "my mum".', 0.8, [0]],
  ['ok', ['I grow tomatoes and peppers on my balcony. The leaves are turning yellow, why?', 'Often overwatering or a nitrogen deficiency...'], 'The user grows vegetables on their balcony.', 'Says "I grow tomatoes and peppers on my balcony".', 0.85, [0]],
  ['ok', ["I'm saving for a house deposit, I put away 500 a month. Is a savings account or index fund better?", 'For a horizon under five years...'], 'The user is saving for a house deposit.', 'Says "I\'m saving for a house deposit".', 0.85, [0]],
  ['ok', ["I'm a PhD student in ecology and I need to learn R for my thesis.", 'Start with the tidyverse...'], 'The user is a PhD student in ecology.', 'States "I\'m a PhD student in ecology".', 0.9, [0]],
  ['ok', ["I don't eat pork. Can you give me a cassoulet recipe without it?", 'Use duck confit and chicken sausages...'], 'The user does not eat pork.', 'Says "I don\'t eat pork".', 0.85, [0]],
  ['ok', ['I volunteer at a food bank every Saturday. How can we reduce waste of fresh produce?', 'Partner with community fridges...'], 'The user volunteers at a food bank.', 'Says "I volunteer at a food bank every Saturday".', 0.85, [0]],
  ['ok', ["I'm colour-blind (red-green), can you suggest a chart palette I can read?", 'Use blue-orange palettes such as viridis or cividis...'], 'The user is red-green colour-blind.', 'Says "I\'m colour-blind (red-green)".', 0.85, [0]],
  ['ok', ['I drive an electric car, a 2021 Kia. How do I plan charging for a 600 km trip?', 'Use an app such as ABRP...'], 'The user drives an electric car.', 'Says "I drive an electric car".', 0.85, [0]],
  ['ok', ['I have been playing guitar for 15 years, mostly blues. How do I get into jazz chords?', 'Start with shell voicings...'], 'The user is an experienced blues guitarist.', 'Says "I have been playing guitar for 15 years, mostly blues".', 0.85, [0]],
  ['ok', ["I'm moving to Montreal in September for a new job. What should I know about winter there?", 'Invest in a proper parka and boots...'], 'The user is moving to Montreal for a new job.', 'Says "I\'m moving to Montreal in September for a new job".', 0.9, [0]],
  ['ok', ['I hate long meetings. How can I run a 15-minute weekly meeting with my team of six?', 'Use a fixed agenda...'], 'The user manages a team of six people.', 'Says "my team of six" and runs its meeting.', 0.7, [0]],

  // ---- overgeneralization: one request read as a lasting trait
  ['overgeneralization', ["Translate 'where is the train station' into French.", 'Où est la gare ?'], 'The user is learning French.', 'Asked for a French translation.', 0.6, [0]],
  ['overgeneralization', ['Give me a recipe for sourdough bread.', 'Mix 500 g flour, 350 g water, 100 g starter...'], 'The user is an experienced baker.', 'Asked for a sourdough recipe.', 0.55, [0]],
  ['overgeneralization', ['What are the rules of cricket?', 'Two teams of eleven...'], 'The user is a cricket fan.', 'Asked about the rules of cricket.', 0.6, [0]],
  ['overgeneralization', ['How do I fix a leaking tap?', 'Turn off the water, replace the washer...'], 'The user is a plumber.', 'Asked how to fix a leaking tap.', 0.5, [0]],
  ['overgeneralization', ['Explain how vaccines train the immune system.', 'Vaccines present an antigen...'], 'The user works in healthcare.', 'Asked about how vaccines work.', 0.5, [0]],
  ['overgeneralization', ['What is the capital of Mongolia?', 'Ulaanbaatar.'], 'The user is planning a trip to Mongolia.', 'Asked about the capital of Mongolia.', 0.55, [0]],
  ['overgeneralization', ['Write a SQL query that counts orders per customer.', 'SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id;'], 'The user is a database administrator.', 'Asked for a SQL query.', 0.6, [0]],
  ['overgeneralization', ['Suggest a name for a cat.', 'Miso, Pepper, Luna...'], 'The user owns several cats.', 'Asked for a cat name.', 0.6, [0]],
  ['overgeneralization', ['How many calories are in an avocado?', 'About 240 kcal for a medium avocado.'], 'The user is on a diet.', 'Asked about calories in an avocado.', 0.55, [0]],
  ['overgeneralization', ['What does "carpe diem" mean?', 'Seize the day, from Horace.'], 'The user studies Latin.', 'Asked what a Latin phrase means.', 0.6, [0]],
  ['overgeneralization', ['Recommend a good thriller movie.', 'Prisoners (2013), Zodiac...'], 'The user loves thriller movies.', 'Asked for a thriller recommendation.', 0.65, [0]],
  ['overgeneralization', ['How do you change a bike tyre?', 'Remove the wheel, use tyre levers...'], 'The user is a competitive cyclist.', 'Asked how to change a bike tyre.', 0.5, [0]],
  ['overgeneralization', ['Convert 350 Fahrenheit to Celsius.', 'About 177 °C.'], 'The user lives in the United States.', 'Used Fahrenheit.', 0.5, [0]],
  ['overgeneralization', ['What is the difference between stocks and bonds?', 'Stocks are ownership, bonds are loans...'], 'The user is an active investor.', 'Asked about stocks and bonds.', 0.55, [0]],
  ['overgeneralization', ['Translate this into Spanish: "the meeting is moved to Thursday".', 'La reunión se ha trasladado al jueves.'], 'The user speaks Spanish at work.', 'Asked for a Spanish translation of a work message.', 0.55, [0]],
  ['overgeneralization', ['Give me three tips for public speaking.', 'Practise out loud, know your first minute, pause...'], 'The user has a fear of public speaking.', 'Asked for public speaking tips.', 0.5, [0]],
  ['overgeneralization', ['What time is sunrise in Reykjavik in June?', 'Around 3 am; it barely gets dark.'], 'The user lives in Iceland.', 'Asked about sunrise in Reykjavik.', 0.5, [0]],
  ['overgeneralization', ['How do I write a for loop in Rust?', 'for i in 0..10 { ... }'], 'The user is a professional Rust developer.', 'Asked about a Rust for loop.', 0.6, [0]],

  // ---- missing evidence: nothing in the cited turns supports it
  ['missing_evidence', ['How do I get red wine out of a carpet?', 'Blot, then salt or a vinegar solution...'], 'The user has two young children.', 'Households with stains often have kids.', 0.45, [0]],
  ['missing_evidence', ['Which is better for a laptop, 16 or 32 GB of RAM?', 'For most work 16 GB is enough...'], 'The user is a video editor.', 'Asked about RAM.', 0.5, [0]],
  ['missing_evidence', ['Summarize the causes of the French Revolution.', 'Fiscal crisis, Enlightenment ideas, bread prices...'], 'The user is a history teacher.', 'Interest in history.', 0.5, [0]],
  ['missing_evidence', ['What is a good stretch for lower back pain?', "Child's pose, cat-cow..."], 'The user works at a desk all day.', 'Back pain suggests desk work.', 0.5, [0]],
  ['missing_evidence', ['Can you check the grammar of: "Their going to the park tomorrow."', "They're going to the park tomorrow."], 'The user is not a native English speaker.', 'Made a grammar mistake.', 0.5, [0]],
  ['missing_evidence', ['List some board games for four players.', 'Catan, Ticket to Ride, Carcassonne...'], 'The user is married.', 'Four players suggests a family.', 0.45, [0]],
  ['missing_evidence', ['How long should I boil an egg for a runny yolk?', 'About six minutes from boiling...'], 'The user lives alone.', 'Cooking one egg.', 0.45, [0]],
  ['missing_evidence', ['What are some good podcasts about science?', 'Radiolab, Science Vs, The Infinite Monkey Cage...'], 'The user has a long commute.', 'People listen to podcasts while commuting.', 0.5, [0]],
  ['missing_evidence', ['Explain the offside rule in football.', 'A player is offside if...'], 'The user supports Manchester United.', 'Interest in football.', 0.45, [0]],
  ['missing_evidence', ['Give me a packing list for a weekend trip.', 'Clothes for two days, charger, toiletries...'], 'The user travels for work every month.', 'Packing for a trip.', 0.5, [0]],

  // ---- task-context confusion: content of a task taken as a fact about the user
  ['task_context_confusion', ['Write a cover letter for a marketing manager with 5 years of experience in digital campaigns.', 'Dear Hiring Manager, with five years of experience...'], 'The user has 5 years of marketing experience.', 'The cover letter mentions 5 years of marketing experience.', 0.7, [0]],
  ['task_context_confusion', ["Let's role-play: you are a customer and I am a pirate captain selling treasure maps.", 'Arr, how much for that map?'], 'The user is a pirate captain.', 'Says "I am a pirate captain".', 0.6, [0]],
  ['task_context_confusion', ['Write a short story about a detective who lives in Paris and hates coffee.', 'Inspector Morel poured his tea...'], 'The user lives in Paris and dislikes coffee.', 'The story is about someone in Paris who hates coffee.', 0.6, [0]],
  ['task_context_confusion', ['Translate into German: "I am a doctor and I have three daughters."', 'Ich bin Arzt und habe drei Töchter.'], 'The user is a doctor with three daughters.', 'Said "I am a doctor and I have three daughters".', 0.7, [0]],
  ['task_context_confusion', ['Pretend you are my grandmother telling me about her life on the farm in the 1950s.', 'Oh dear, we got up at five to milk the cows...'], 'The user grew up on a farm.', 'Talks about life on the farm.', 0.55, [0]],
  ['task_context_confusion', ['Write a wedding speech for the best man, who has known the groom since kindergarten.', 'Good evening everyone, I have known Tom since...'], 'The user is a best man at a wedding.', 'Asked for a best man speech.', 0.55, [0]],
  ['task_context_confusion', ['Imagine you are a 25-year-old software engineer in Seattle. Describe your morning routine.', 'I wake up at 7, grab a coffee...'], 'The user is a software engineer in Seattle.', 'Describes a software engineer in Seattle.', 0.6, [0]],
  ['task_context_confusion', ['Proofread this email: "Hi Sam, as the new head of sales I would like to meet the team on Monday."', 'Looks good; consider "I would like to meet the team on Monday".'], 'The user is the head of sales.', 'The email says "as the new head of sales".', 0.65, [0]],
  ['task_context_confusion', ['Write a poem from the perspective of a lonely lighthouse keeper.', 'The lamp turns, the sea replies...'], 'The user feels lonely.', 'The poem is about loneliness.', 0.5, [0]],
  ['task_context_confusion', ['Draft a resignation letter for someone leaving a nursing job after 12 years.', 'Dear Ms. Patel, please accept this letter...'], 'The user is resigning from a nursing job.', 'Asked for a resignation letter from nursing.', 0.65, [0]],
  ['task_context_confusion', ['Continue this story: "My husband and I moved to Tokyo in 2010..."', 'The apartment was tiny but had a view...'], 'The user is married and lives in Tokyo.', 'Says "My husband and I moved to Tokyo".', 0.6, [0]],
  ['task_context_confusion', ['Write dialogue for a character who is a retired army colonel.', 'COLONEL: Back in my day...'], 'The user is a retired army colonel.', 'Dialogue of a retired colonel.', 0.55, [0]],

  // ---- not standalone: only makes sense next to the conversation
  ['not_standalone', ['Here is my essay draft on climate policy. Can you make it shorter?', 'Here is a shorter version...', 'Better, but keep the second paragraph.', 'Done.'], 'The user wants the second paragraph kept.', 'Asked to "keep the second paragraph".', 0.6, [2]],
  ['not_standalone', ['Give me three names for a coffee shop.', 'Bean There, Daily Grind, The Roastery.', 'I like the second one.', 'Daily Grind it is.'], 'The user likes the second option.', 'Said "I like the second one".', 0.6, [2]],
  ['not_standalone', ['Can you rewrite this paragraph?', 'Sure, here it is...', 'That is too formal.', 'Here is a more casual version.'], 'The user finds it too formal.', 'Said "That is too formal".', 0.55, [2]],
  ['not_standalone', ['Make a workout plan for me.', 'Monday: legs; Wednesday: push; Friday: pull.', 'Swap Wednesday and Friday.', 'Updated.'], 'The user wants Wednesday and Friday swapped.', 'Asked to swap the days.', 0.6, [2]],
  ['not_standalone', ['Here is my code. Why does it crash?', 'Line 12 dereferences a null pointer...', 'Thanks, that fixed it.', 'Glad it works.'], 'The user fixed the bug.', 'Said "that fixed it".', 0.55, [2]],
  ['not_standalone', ['Summarize this article for me.', 'The article argues that...', 'Add more about the methods.', 'The study used...'], 'The user wants more about the methods.', 'Asked for more about the methods.', 0.55, [2]],
  ['not_standalone', ['Write an intro for my talk.', 'Good morning everyone...', 'Use the same tone as before.', 'Sure.'], 'The user likes the same tone as before.', 'Asked for "the same tone as before".', 0.5, [2]],

  // ---- borderline: plausible, not clearly stated
  ['maybe', ['What are good beginner DSLR cameras? I want to take better photos of birds in my garden.', 'The Canon 250D or Nikon D3500 with a 70-300 mm lens...'], 'The user is interested in bird photography.', 'Wants to photograph birds in the garden.', 0.65, [0]],
  ['maybe', ['Can you recommend books like "The Name of the Wind"? I finished it last week.', 'Try "Mistborn" or "The Lies of Locke Lamora"...'], 'The user enjoys fantasy novels.', 'Finished a fantasy novel and wants similar ones.', 0.7, [0]],
  ['maybe', ['How do I get my toddler to sleep through the night?', 'A consistent bedtime routine...'], 'The user is a parent of a toddler.', 'Asks about "my toddler".', 0.75, [0]],
  ['maybe', ["What's a good gift for a coworker who's leaving? We work in a hospital lab.", 'A nice pen, a plant, a group card...'], 'The user works in a hospital laboratory.', 'Says "we work in a hospital lab".', 0.7, [0]],
  ['maybe', ['I need vegan options for a dinner party, two of my guests are vegan.', 'A mushroom Wellington...'], 'The user hosts dinner parties.', 'Planning a dinner party.', 0.55, [0]],
  ['maybe', ['How do I prepare for a job interview at a bank?', 'Research the bank, prepare STAR stories...'], 'The user is looking for a job in banking.', 'Preparing for a bank interview.', 0.6, [0]],
  ['maybe', ['Our startup has 8 employees, how do we set up payroll in the UK?', 'Register as an employer with HMRC...'], 'The user works at a small UK startup.', 'Says "our startup has 8 employees".', 0.7, [0]],
];

// Three invented annotators; each kind has a distribution of verdicts (people disagree, as in the paper).
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(2026);
const pick = (dist) => {
  let u = rnd();
  for (const [v, p] of dist) if ((u -= p) < 0) return v;
  return dist[dist.length - 1][0];
};
const DIST = {
  ok: [['makes_sense', 0.85], ['maybe', 0.12], ['doesnt_make_sense', 0.03]],
  maybe: [['makes_sense', 0.35], ['maybe', 0.5], ['doesnt_make_sense', 0.15]],
  problem: [['doesnt_make_sense', 0.75], ['maybe', 0.18], ['makes_sense', 0.07]],
};

// Users: a seeded shuffle of the items, four per user (the last user takes the rest).
const order = items.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(rnd() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const nUsers = Math.floor(items.length / 4);
const conversations = [];
const profiles = new Map();
const judgments = [];
order.forEach((itemIdx, k) => {
  const u = Math.min(Math.floor(k / 4), nUsers - 1);
  const userId = `v${String(u + 1).padStart(2, '0')}`;
  const [kind, turns, text, reason, confidence, evidence] = items[itemIdx];
  const convId = `${userId}/c${itemIdx}`;
  conversations.push({
    id: convId, userId, source: 'illustrative',
    turns: turns.map((t, i) => ({ index: i, role: i % 2 === 0 ? 'user' : 'assistant', text: t })),
  });
  if (!profiles.has(userId)) profiles.set(userId, []);
  profiles.get(userId).push({
    text, reason, confidence, source: 'illustrative', members: [],
    evidence: evidence.map((turnIndex) => ({ conversationId: convId, turnIndex })),
  });
  for (const annotator of ['ann-a', 'ann-b', 'ann-c']) {
    const verdict = pick(DIST[kind === 'ok' || kind === 'maybe' ? kind : 'problem']);
    const j = { annotator, userId, attribute: text, verdict };
    if (verdict !== 'makes_sense' && kind !== 'ok' && kind !== 'maybe') j.failureMode = kind;
    judgments.push(j);
  }
});

const jsonl = (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify({ name: 'verify-example', provenance: 'illustrative' }, null, 2) + '\n');
fs.writeFileSync(path.join(dir, 'conversations.jsonl'), jsonl(conversations));
fs.writeFileSync(path.join(dir, 'profiles.jsonl'), jsonl([...profiles].map(([userId, attributes]) => ({ userId, attributes }))));
fs.writeFileSync(path.join(dir, 'attribute_judgments.jsonl'), jsonl(judgments));
const counts = {};
for (const it of items) counts[it[0]] = (counts[it[0]] ?? 0) + 1;
console.log(`${items.length} attributes, ${nUsers} users, ${judgments.length} judgments`, counts);
