// Writes the self-written stage-2 tuning set (attune JSONL) from the spec below.
// SELF-WRITTEN FOR THE ATTUNE PROJECT: the users, prompts and relevance judgements were written by one
// project engineer; nothing comes from real users or from the recenter-pilot. Relevance follows the paper's
// strict definition: an attribute is relevant when a good answer to this request would differ because of it.
// One judge, so each label is a single vote (yesRate 0 or 1). Used to tune the default selector.
// Run: node examples/select-tuning/make.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pilotStyleUsers } from './pilot-style.mjs';

const dir = path.dirname(fileURLToPath(import.meta.url));

// Per user: attributes, then prompts as [text, indices of the relevant attributes].
const users = {
  maya: {
    attributes: [
      'The user is vegan.', // 0
      'The user lives in Leeds, England.', // 1
      'The user works as a secondary school chemistry teacher.', // 2
      'The user has a seven-year-old daughter.', // 3
      'The user prefers concise answers without long introductions.', // 4
      'The user is training for her first half marathon.', // 5
      'The user is on a tight budget this year.', // 6
      'The user is interested in science fiction novels.', // 7
      'The user has a rescue greyhound.', // 8
      'The user is learning to play the ukulele.', // 9
      'The user drives an old Toyota Yaris.', // 10
      'The user may be interested in environmental issues.', // 11
    ],
    prompts: [
      ['What can I make for dinner tonight with chickpeas and spinach?', [0, 4]],
      ['What is the capital of Mongolia?', [4]],
      ['Translate "where is the train station" into Italian.', [4]],
      ['Any ideas for a rainy Saturday afternoon with a kid?', [1, 3, 6, 4]],
      ['Help me write a lab safety briefing for Year 10 students.', [2, 4]],
      ['What should I eat the night before a long run?', [0, 5, 4]],
      ['What is 15% of 240?', [4]],
      ['Recommend a few books for my summer holiday.', [7, 4]],
      ['How do I stop my dog pulling on the lead?', [8, 4]],
      ['Explain how vaccines train the immune system.', [4]],
      ['What birthday present could I get a seven year old who likes drawing?', [3, 6, 4]],
      ['Is it worth replacing the timing belt on a car with 120k miles?', [10, 6, 4]],
      ['Give me a simple chord progression for a happy song.', [9, 4]],
      ['What is the weather usually like in October where I live?', [1, 4]],
      ['How do I convert Celsius to Fahrenheit?', [4]],
      ['Plan a cheap weekend away by train.', [1, 6, 8, 4]],
      ['Write a haiku about autumn leaves.', []],
      ['Who won the World Cup in 2010?', [4]],
      ['How can I mark 90 exam papers faster?', [2, 4]],
    ],
  },
  daniel: {
    attributes: [
      'The user is a backend developer who mostly writes Go.', // 0
      'The user lives in Austin, Texas.', // 1
      'The user has type 2 diabetes.', // 2
      'The user is married with two teenage sons.', // 3
      'The user likes detailed explanations with code examples.', // 4
      'The user plays competitive chess online.', // 5
      'The user is saving to buy a house.', // 6
      'The user is a fan of barbecue and smoking meat.', // 7
      'The user is interested in the history of the Roman Empire.', // 8
      'The user works remotely.', // 9
      'The user is allergic to shellfish.', // 10
      'The user uses Linux as his main operating system.', // 11
      'The user volunteers at a food bank on weekends.', // 12
    ],
    prompts: [
      ['How do I handle context cancellation in an HTTP server?', [0, 4]],
      ['Explain what this regex does: ^\\d{3}-\\d{4}$', [4]],
      ['Suggest a dessert for a family dinner.', [2, 3]],
      ['What are good things to do this weekend around town?', [1, 3]],
      ['What year did Julius Caesar cross the Rubicon?', []],
      ['How should I structure a 30-minute workout at home?', [2, 9]],
      ['Convert 5 miles to kilometres.', []],
      ['What is the best way to learn the Sicilian Defence?', [5, 4]],
      ['Give me a rub recipe for a beef brisket.', [7]],
      ['How much should I put aside each month for a down payment on a $350k house?', [6, 1, 4]],
      ['Recommend a podcast for my commute.', [8, 5]],
      ['Which seafood dishes are popular in New Orleans?', [10]],
      ['How do I set up a Python virtual environment?', [11, 4]],
      ['Tips to stay productive working from home?', [9, 3]],
      ['Write a thank-you note to volunteers who helped this month.', [12]],
      ['How do I talk to my kids about screen time?', [3]],
      ['What is the derivative of x^3?', [4]],
      ['Summarise the causes of the fall of the Western Roman Empire.', [8, 4]],
    ],
  },
  priya: {
    attributes: [
      'The user is a vegetarian for religious reasons.', // 0
      'The user is a nurse who works night shifts.', // 1
      'The user lives in Toronto.', // 2
      'The user prefers bullet-point answers.', // 3
      'The user has mild asthma.', // 4
      'The user enjoys painting with watercolours.', // 5
      'The user is planning a trip to Portugal in May.', // 6
      'The user speaks Hindi and English.', // 7
      'The user has a cat named Biscuit.', // 8
      'The user is studying for a master\'s degree part-time.', // 9
      'The user does not own a car.', // 10
      'The user is interested in true crime podcasts.', // 11
    ],
    prompts: [
      ['Quick dinner ideas after a late shift?', [0, 1, 3]],
      ['How do I get better sleep during the day?', [1, 3]],
      ['What should I pack for a week in Lisbon?', [6, 3]],
      ['What does the mitochondria do?', [3]],
      ['Translate "good morning, how are you" into Spanish.', []],
      ['Suggest an outdoor winter activity for this weekend.', [2, 4, 10, 3]],
      ['How do I keep my cat off the kitchen counters?', [8, 3]],
      ['Give me a study plan for my thesis literature review.', [9, 1, 3]],
      ['What is 12 times 17?', []],
      ['Which paper is best for watercolour beginners?', [5, 3]],
      ['What is the difference between an API and an SDK?', [3]],
      ['Recommend something to listen to on a long walk.', [11, 3]],
      ['Is running in cold air bad for your lungs?', [4, 3]],
      ['Write a birthday message for my mother.', [7]],
      ['How should I get from the airport to downtown Porto?', [6, 10, 3]],
      ['Who painted the Mona Lisa?', []],
      ['What are healthy snacks to bring to work?', [0, 1, 3]],
    ],
  },
  tom: {
    attributes: [
      'The user is a retired electrician.', // 0
      'The user lives in rural Vermont.', // 1
      'The user has three grandchildren.', // 2
      'The user is not comfortable with technical jargon.', // 3
      'The user has high blood pressure.', // 4
      'The user grows vegetables in a large garden.', // 5
      'The user enjoys fly fishing.', // 6
      'The user is on a fixed income.', // 7
      'The user volunteers with the local fire department.', // 8
      'The user likes woodworking.', // 9
      'The user may be interested in American Civil War history.', // 10
    ],
    prompts: [
      ['How do I set up a video call with my grandkids?', [2, 3]],
      ['What vegetables can I still plant in late August?', [1, 5]],
      ['What is a good low-salt soup recipe?', [4, 5]],
      ['What is the boiling point of water in Fahrenheit?', []],
      ['Gift ideas for a 10-year-old boy?', [2, 7, 9]],
      ['How does a cloud storage service work?', [3]],
      ['Which flies work best for trout in early spring?', [6, 1]],
      ['Should I buy a generator for power outages?', [1, 7, 0, 3]],
      ['How do I build a simple birdhouse?', [9]],
      ['What happened at the Battle of Gettysburg?', [10]],
      ['What exercises are safe for someone my age?', [4]],
      ['Calculate 8% sales tax on $56.', []],
      ['Write a short speech for the fire department fundraiser.', [8, 1]],
      ['Is it worth getting a smartphone with a bigger screen?', [3, 7]],
      ['Explain what a GFCI outlet does.', [0]],
      ['Suggest a weekend trip within driving distance.', [1, 6, 7]],
      ['Define the word "ephemeral".', []],
    ],
  },
  lena: {
    attributes: [
      'The user is a freelance graphic designer.', // 0
      'The user lives in Berlin.', // 1
      'The user is gluten intolerant.', // 2
      'The user prefers a casual, friendly tone.', // 3
      'The user is learning Japanese.', // 4
      'The user has a partner who is a musician.', // 5
      'The user practices yoga regularly.', // 6
      'The user is interested in sustainable fashion.', // 7
      'The user uses Figma and Adobe Illustrator daily.', // 8
      'The user rides a bicycle to get around.', // 9
      'The user is considering adopting a dog.', // 10
      'The user may enjoy indie video games.', // 11
      'The user has a small apartment with no balcony.', // 12
    ],
    prompts: [
      ['How should I price a logo design project for a small business?', [0, 1, 3]],
      ['What is the plural of "cactus"?', [3]],
      ['Recommend a cafe breakfast dish I could order.', [2, 3]],
      ['How do I write a polite invoice reminder email?', [0, 3]],
      ['What is the population of Canada?', [3]],
      ['Gift ideas for my partner\'s birthday?', [5, 7, 3]],
      ['How do I remember kanji more easily?', [4, 3]],
      ['Which dog breeds do well in apartments?', [10, 12, 3]],
      ['Convert 3/8 to a decimal.', []],
      ['What are fun things to do on a Sunday in my city?', [1, 9, 3]],
      ['How can I make my wardrobe more eco-friendly?', [7, 3]],
      ['Suggest a morning routine to feel more energetic.', [6, 3]],
      ['What does the CSS property flex-grow do?', [3]],
      ['Which houseplants survive in low light?', [12, 3]],
      ['Recommend a cozy game for a rainy evening.', [11, 3]],
      ['Translate "thank you very much" into German.', []],
      ['How do I export an SVG with clean layers?', [8, 0, 3]],
      ['How do I fix a flat tyre?', [9, 3]],
    ],
  },
  sam: {
    attributes: [
      'The user is a university student studying economics.', // 0
      'The user lives in Manchester.', // 1
      'The user is lactose intolerant.', // 2
      'The user plays football on Sundays.', // 3
      'The user prefers step-by-step explanations.', // 4
      'The user works part-time in a supermarket.', // 5
      'The user has a limited budget.', // 6
      'The user is interested in hip hop music.', // 7
      'The user is looking for a summer internship in finance.', // 8
      'The user shares a flat with three other students.', // 9
      'The user has a younger sister.', // 10
      'The user may be interested in cryptocurrency.', // 11
      'The user struggles with anxiety before exams.', // 12
      'The user is learning to cook.', // 13
    ],
    prompts: [
      ['How do I calculate elasticity of demand?', [0, 4]],
      ['Cheap meals I can batch cook for the week?', [2, 6, 13, 9]],
      ['How should I prepare for an interview at an investment bank?', [8, 0, 4]],
      ['What is the square root of 144?', []],
      ['How do I stay calm the night before an exam?', [12, 0]],
      ['Who wrote Pride and Prejudice?', []],
      ['What should I get my sister for her 15th birthday?', [10, 6]],
      ['How do I write a CV with little work experience?', [5, 0, 8, 4]],
      ['Is Bitcoin a good investment right now?', [11, 6, 0]],
      ['Suggest a playlist for a house party.', [7, 9]],
      ['How do I split bills fairly with flatmates?', [9, 6]],
      ['What is inflation?', [4]],
      ['How do I recover from a sprained ankle?', [3, 4]],
      ['Translate "I would like a coffee with oat milk" into French.', []],
      ['What can I do in town on a free evening?', [1, 6]],
      ['Explain how a for loop works in Python.', [4]],
      ['What\'s a good pre-match breakfast?', [3, 2]],
    ],
  },
  // Three users in the style of profiles an LLM infers from chat logs (hedged interests, values, roles).
  ines: {
    attributes: [
      'The user is likely a web developer working with React and TypeScript.', // 0
      'The user is interested in game design.', // 1
      'The user values clean, maintainable code.', // 2
      'The user may be a university student in computer science.', // 3
      'The user is interested in Japanese anime and manga.', // 4
      'The user prefers concise solutions or examples.', // 5
      'The user may be living in Portugal.', // 6
      'The user is interested in personal finance and investing.', // 7
      'The user enjoys writing fan fiction.', // 8
      'The user is familiar with Linux command-line tools.', // 9
      'The user values productivity and time management.', // 10
      'The user is possibly learning to draw digitally.', // 11
      'The user is interested in mental health topics.', // 12
      'The user may be preparing for technical job interviews.', // 13
      'The user has an interest in retro video games.', // 14
      'The user likely speaks Portuguese as a first language.', // 15
      'The user appreciates humor in conversations.', // 16
      'The user is interested in cooking simple meals.', // 17
      'The user may have a cat.', // 18
      'The user is curious about how things work scientifically.', // 19
    ],
    prompts: [
      ['How do I debounce an input field in a React component?', [0, 2, 5]],
      ['Write a short story about a knight who is afraid of the dark.', [8, 16]],
      ['What is the difference between a process and a thread?', [3, 5, 13]],
      ['How do I grep for a word recursively but skip node_modules?', [9, 5]],
      ['Give me tips to stop procrastinating.', [10, 12]],
      ['Explain the rules of chess to a beginner.', []],
      ['What should I invest in with 200 euros a month?', [7, 6]],
      ['Which drawing tablet should I buy for a beginner?', [11]],
      ['How many bones are in the human body?', []],
      ['Design a boss fight for a 2D platformer.', [1, 14]],
      ['Recommend some anime similar to Cowboy Bebop.', [4]],
      ['How do I reverse a linked list? Show it in code.', [0, 5, 13]],
      ['What is a quick pasta recipe for one person?', [17]],
      ['Why is the sky blue?', [19]],
      ['Rewrite this sentence to sound more formal: "we gotta fix this asap".', []],
      ['How do I cope with burnout at university?', [3, 12]],
    ],
  },
  george: {
    attributes: [
      'The user is likely working in a management or leadership role.', // 0
      'The user is interested in history, particularly World War II.', // 1
      'The user values clear communication and effective presentation of information.', // 2
      'The user may be based in the United Kingdom.', // 3
      'The user is interested in golf.', // 4
      'The user is possibly a parent of young children.', // 5
      'The user is interested in home improvement and DIY projects.', // 6
      'The user may be planning a holiday in Italy.', // 7
      'The user uses Microsoft Excel at work.', // 8
      'The user is interested in wine.', // 9
      'The user values efficiency.', // 10
      'The user may be trying to lose weight.', // 11
      'The user is interested in classic cars.', // 12
      'The user has some knowledge of project management methods.', // 13
      'The user is interested in motivational content.', // 14
      'The user may have a dog.', // 15
      'The user enjoys reading thrillers.', // 16
      'The user is interested in investing in property.', // 17
      'The user may be involved in local community events.', // 18
      'The user likes gardening.', // 19
      'The user has a formal writing style.', // 20
      'The user is interested in economics.', // 21
    ],
    prompts: [
      ['How do I give difficult feedback to an employee who keeps missing deadlines?', [0, 2]],
      ['Write a short speech for a team offsite kickoff.', [0, 2, 14, 20]],
      ['How do I use VLOOKUP across two sheets?', [8]],
      ['What caused the Battle of Britain?', [1]],
      ['What is the speed of light?', []],
      ['How do I fix a squeaky door hinge?', [6]],
      ['What are must-see places in Rome for three days?', [7]],
      ['Suggest a healthy lunch I can take to the office.', [11]],
      ['How do I improve my golf swing?', [4]],
      ['Which wine goes well with lamb?', [9]],
      ['Tips for keeping kids entertained on a long car journey?', [5]],
      ['Is buying a flat to rent out still a good investment?', [17, 3, 21]],
      ['Recommend a novel for a long flight.', [16, 7]],
      ['What is 18% of 350?', []],
      ['Explain what a Gantt chart is.', [13, 0]],
      ['How do I get my lawn green again after summer?', [19, 3]],
    ],
  },
  amara: {
    attributes: [
      'The user is likely a nursing student.', // 0
      'The user is interested in natural hair care.', // 1
      'The user may be living in Lagos, Nigeria.', // 2
      'The user is interested in Afrobeats music.', // 3
      'The user values detailed explanations.', // 4
      'The user is interested in starting a small online business.', // 5
      'The user may be religious, possibly Christian.', // 6
      'The user is interested in fashion and styling.', // 7
      'The user is concerned about budgeting and saving money.', // 8
      'The user has an interest in public health.', // 9
      'The user may have younger siblings she helps care for.', // 10
      'The user is learning French.', // 11
      'The user enjoys Nollywood films.', // 12
      'The user is interested in fitness and home workouts.', // 13
      'The user values encouragement and positive feedback.', // 14
      'The user may be preparing for professional licensing exams.', // 15
      'The user is interested in cooking Nigerian dishes.', // 16
      'The user uses social media for marketing.', // 17
    ],
    prompts: [
      ['How do I calculate a drug dosage from mg/kg?', [0, 15, 4]],
      ['How do I keep my curls moisturised in dry weather?', [1, 2]],
      ['Give me a plan to sell handmade jewellery on Instagram.', [5, 17, 2, 8]],
      ['What is the chemical symbol for gold?', []],
      ['Write a short poem for my little brother\'s birthday.', [10]],
      ['What causes malaria and how is it prevented?', [9, 0, 2, 4]],
      ['What should I wear to a church wedding?', [7, 6, 2]],
      ['How can I save money as a student?', [8, 0, 2]],
      ['Translate "see you tomorrow" into French.', [11]],
      ['Suggest a 20-minute workout with no equipment.', [13]],
      ['How do I make jollof rice?', [16]],
      ['How do I study for a pharmacology exam?', [0, 15, 4]],
      ['Who discovered penicillin?', [4]],
      ['Recommend some songs for a road trip.', [3]],
      ['I failed a quiz today and feel bad. Any advice?', [14, 0, 6]],
    ],
  },
};

const lines = { profiles: [], prompts: [], labels: [] };
// pilot-style.mjs: four more users in the style of LLM-inferred profiles, labelled by the paper's wording (designs 18+).
for (const [userId, u] of Object.entries({ ...users, ...pilotStyleUsers })) {
  lines.profiles.push({ userId, attributes: u.attributes.map((text) => ({ text, confidence: 0.8, source: 'self-written' })) });
  u.prompts.forEach(([text, relevant], j) => {
    const promptId = `${userId}-${j + 1}`;
    lines.prompts.push({ id: promptId, text });
    const yes = new Set(relevant);
    for (const i of yes) if (!(i >= 0 && i < u.attributes.length)) throw new Error(`${promptId}: no attribute ${i}`);
    u.attributes.forEach((attribute, i) => {
      lines.labels.push({ userId, promptId, attribute, relevant: yes.has(i), yesRate: yes.has(i) ? 1 : 0, nAnnotators: 1, round: 'self-written' });
    });
  });
}
for (const [name, rows] of Object.entries(lines)) {
  fs.writeFileSync(path.join(dir, `${name}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify({ name: 'select-tuning', provenance: 'illustrative' }, null, 2) + '\n');
const yes = lines.labels.filter((l) => l.relevant).length;
console.log({ profiles: lines.profiles.length, prompts: lines.prompts.length, labels: lines.labels.length, yesRate: +(yes / lines.labels.length).toFixed(3) });
