// Second part of the self-written tuning set (issue 20, designs 18+): four users written IN THE STYLE of
// LLM-inferred profiles (20-24 hedged interests, values, roles and habits, as a model would infer them from a
// chat history) and open, LIMA-style requests (advice, how-to, creative writing, explanations, a few look-ups).
// SELF-WRITTEN FOR THE ATTUNE PROJECT by one project engineer: no text comes from real users, from the
// recenter-pilot or from any dataset. Labelled by the paper's definition as worded there: relevant when the
// attribute should change the response in any way, explicitly (naming it) or implicitly (tone, vocabulary,
// examples, level of detail, framing); not relevant when the response would be word-for-word the same.
// (The first part, make.mjs, was labelled more strictly: "would a good answer differ because of it".)
export const pilotStyleUsers = {
  rafael: {
    attributes: [
      'The user is likely a computer science student.', // 0
      'The user is interested in game development, possibly using Unity.', // 1
      'The user values detailed, step-by-step explanations.', // 2
      'The user may be a non-native English speaker, possibly from Brazil.', // 3
      'The user is interested in anime and Japanese culture.', // 4
      'The user enjoys writing fantasy stories.', // 5
      'The user is interested in artificial intelligence and chatbots.', // 6
      'The user may be preparing for job interviews in tech.', // 7
      'The user is interested in fitness, particularly weightlifting.', // 8
      'The user is curious about philosophy.', // 9
      'The user likes humour in conversations.', // 10
      'The user uses Python for small projects.', // 11
      'The user may be on a limited student budget.', // 12
      'The user is interested in learning Japanese.', // 13
      'The user values creativity and originality.', // 14
      'The user plays online multiplayer games.', // 15
      'The user may struggle with procrastination.', // 16
      'The user is interested in cryptocurrency.', // 17
      'The user listens to heavy metal music.', // 18
      'The user is possibly living with his parents.', // 19
      'The user has an interest in mythology.', // 20
    ],
    prompts: [
      ['Write a short story about a dragon who is afraid of fire.', [5, 14, 20, 10, 4]],
      ['How do I stay motivated to study when the semester gets hard?', [0, 16, 2, 9]],
      ['Explain how a neural network learns, as if I were new to it.', [6, 0, 2, 11, 3]],
      ['What is the difference between a list and a tuple in Python?', [11, 0, 2]],
      ['What are some good habits for building muscle as a beginner?', [8, 12, 2]],
      ['Why did the Roman Empire fall?', [2]],
      ['Give me ideas for a small game I could finish in a weekend.', [1, 14, 11, 15, 20, 5]],
      ['How should I answer "tell me about a weakness" in an interview?', [7, 0, 16, 3]],
      ['What is the boiling point of water at sea level?', []],
      ['Is free will compatible with determinism?', [9, 2]],
      ['Write a funny poem about Monday mornings.', [10, 0]],
      ['How can I save money on groceries?', [12, 19, 8]],
    ],
  },
  helen: {
    attributes: [
      'The user is likely a primary school teacher.', // 0
      'The user may live in the north of England.', // 1
      'The user is interested in gardening, especially growing vegetables.', // 2
      'The user values kindness and inclusivity.', // 3
      'The user has children, possibly teenagers.', // 4
      'The user is interested in baking.', // 5
      'The user prefers clear and simple language.', // 6
      'The user enjoys walking in the countryside.', // 7
      'The user is interested in mental health and wellbeing.', // 8
      'The user reads historical fiction.', // 9
      'The user may be involved in a local church or charity.', // 10
      'The user is concerned about climate change.', // 11
      'The user is interested in crafts such as knitting.', // 12
      'The user uses Microsoft Word and PowerPoint for work.', // 13
      'The user has a cat.', // 14
      'The user may be managing a household budget carefully.', // 15
      'The user values practical advice over theory.', // 16
      'The user enjoys British TV dramas.', // 17
      'The user is possibly in her forties.', // 18
      'The user likes to plan things well in advance.', // 19
      'The user is interested in local history.', // 20
      'The user may have trouble sleeping.', // 21
    ],
    prompts: [
      ['Can you suggest activities for a class of seven-year-olds on a rainy day?', [0, 3, 12, 6, 16]],
      ['How do I get my teenager to talk to me more?', [4, 8, 16, 6]],
      ['Write a poem about the first frost in the garden.', [2, 1]],
      ['What is the capital of Australia?', []],
      ['How can I make my home more energy efficient?', [11, 15, 16, 6, 1]],
      ['Give me a plan for a relaxing Sunday.', [7, 5, 2, 12, 9, 17, 4]],
      ['What are the main causes of inflation?', [6, 16]],
      ['How do I make a presentation more engaging?', [13, 0, 6, 16]],
      ['Tips for falling asleep faster?', [21, 8, 16, 6]],
      ['Write a short speech for a charity coffee morning.', [10, 3, 5, 1]],
      ['How do I fix a sticky drawer?', [16]],
      ['Explain the difference between weather and climate.', [6, 0, 11]],
    ],
  },
  kenji: {
    attributes: [
      'The user is likely a marketing professional.', // 0
      'The user is interested in photography, particularly street photography.', // 1
      'The user may be living in a large city, possibly Tokyo or Osaka.', // 2
      'The user values concise and professional communication.', // 3
      'The user is interested in coffee and cafes.', // 4
      'The user enjoys travelling to new countries.', // 5
      'The user is interested in personal finance and investing.', // 6
      'The user may be learning English for work.', // 7
      'The user is interested in minimalism.', // 8
      'The user enjoys jazz music.', // 9
      'The user uses social media professionally.', // 10
      'The user is interested in design and branding.', // 11
      'The user may work long hours.', // 12
      'The user cycles for exercise.', // 13
      'The user is interested in productivity tools and techniques.', // 14
      'The user likes Japanese cuisine and cooking at home.', // 15
      'The user is curious about start-ups and entrepreneurship.', // 16
      'The user watches documentaries.', // 17
      'The user may be single and living alone.', // 18
      'The user values sustainability.', // 19
    ],
    prompts: [
      ['Write a product description for a reusable coffee cup.', [0, 11, 19, 4, 3]],
      ['How do I start investing with a small amount of money?', [6, 2, 3]],
      ['Plan a five-day trip to Portugal.', [5, 1, 4, 9, 15, 13]],
      ['What is photosynthesis?', [3]],
      ['How can I be more productive when I work from home?', [14, 12, 8, 3, 18]],
      ['Give me a simple recipe for one person.', [18, 15, 12]],
      ['What makes a good logo?', [11, 0, 8, 3]],
      ['Write a haiku about the city at night.', [2, 9, 1]],
      ['Who painted the Mona Lisa?', []],
      ['How do I write a LinkedIn post that gets attention?', [10, 0, 7, 3, 11]],
      ['Recommend some documentaries about nature.', [17, 19, 1]],
      ['How should I plan my week to avoid burnout?', [12, 14, 13, 8, 3]],
    ],
  },
  zainab: {
    attributes: [
      'The user is possibly a medical student.', // 0
      'The user may be Muslim.', // 1
      'The user is interested in writing poetry.', // 2
      'The user values thorough and well-researched answers.', // 3
      'The user is interested in social justice issues.', // 4
      'The user may be living in Canada.', // 5
      'The user enjoys reading classic literature.', // 6
      'The user is interested in learning to code.', // 7
      'The user has a younger sister.', // 8
      'The user may experience exam stress.', // 9
      'The user is interested in skincare.', // 10
      'The user enjoys baking desserts.', // 11
      'The user is interested in volunteering.', // 12
      'The user likes podcasts about science.', // 13
      'The user values honesty and directness.', // 14
      'The user may have an interest in psychology.', // 15
      'The user enjoys calligraphy and art.', // 16
      'The user is interested in environmental issues.', // 17
      'The user speaks Arabic and English.', // 18
      'The user may prefer vegetarian or halal food.', // 19
      'The user is interested in fashion, possibly modest fashion.', // 20
      'The user likes to keep a journal.', // 21
    ],
    prompts: [
      ['How should I organise my revision for a big anatomy exam?', [0, 9, 3, 21]],
      ['Write a poem about hope after a long winter.', [2, 5, 6]],
      ['What is a good dessert to bring to a family gathering?', [11, 19, 1, 8]],
      ['Explain how the heart pumps blood.', [0, 3]],
      ['How can I start learning to code with no experience?', [7, 0, 3]],
      ['What year did the Berlin Wall fall?', [3]],
      ['How do I deal with stress before exams?', [9, 0, 21, 15, 1]],
      ['Suggest a birthday gift for a 12-year-old girl.', [8, 16, 11, 6]],
      ['Why do people procrastinate?', [15, 3, 9]],
      ['Give me ideas for a community project.', [12, 4, 17, 5, 16]],
      ['What should I wear to a winter wedding?', [20, 5, 1]],
      ['Translate "good morning, how are you" into Arabic.', [18]],
    ],
  },
};
