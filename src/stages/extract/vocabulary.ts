/** Word lists and task, role-play and frame markers of the offline extractor (self-written). */
export const ADVERBS = [
  'really', 'also', 'just', 'absolutely', 'totally', 'definitely', 'actually', 'personally', 'especially', 'mostly',
  'mainly', 'generally', 'usually', 'often', 'always', 'normally', 'typically', 'still', 'truly', 'genuinely',
  'honestly', 'certainly', 'sometimes', 'occasionally', 'kind of', 'sort of', 'kinda', 'probably', 'maybe', 'even',
  'already', 'now', 'currently', 'both', 'all', 'deeply', 'strongly', 'especially', 'regularly', 'frequently',
  'do', 'rarely', 'seldom', 'mostly', 'pretty much', 'very much', 'quite', 'super', 'so', 'strict', 'strictly', 'fully',
];
export const ADV = `(?:(?:${ADVERBS.map((a) => a.replace(/ /g, '\\s+')).join('|')})\\s+)*`;
/** "may" as a hedge, not the month ("in May", "since May", "May 3rd"). */
export const MAY = '(?<!\\b(?:in|this|next|last|early|late|mid|by|of|until|till|since|from|before|after|around)\\s)may(?!\\s+\\d)';
export const HEDGE_RE = new RegExp(`\\b(?:(?<!\\bto\\s)think|guess|suppose|believe|reckon|probably|maybe|perhaps|kind of|sort of|kinda|sometimes|occasionally|might|${MAY}|could|not sure)\\b`, 'i');

export const PREF_VERBS: Record<string, { conf: number; past?: boolean }> = {
  love: { conf: 0.8 }, adore: { conf: 0.8 }, hate: { conf: 0.8 }, detest: { conf: 0.8 }, despise: { conf: 0.8 },
  like: { conf: 0.75 }, enjoy: { conf: 0.75 }, prefer: { conf: 0.75 }, dislike: { conf: 0.75 }, avoid: { conf: 0.75 },
  loved: { conf: 0.6, past: true }, liked: { conf: 0.6, past: true }, enjoyed: { conf: 0.6, past: true },
};
export const HABIT_VERBS = [
  'eat', 'drink', 'cook', 'bake', 'watch', 'play', 'read', 'listen to', 'use', 'own', 'drive', 'ride', 'run', 'swim',
  'hike', 'follow', 'practice', 'practise', 'collect', 'grow', 'knit', 'paint', 'draw', 'sing', 'travel', 'volunteer',
  'kayak', 'surf', 'ski', 'snowboard', 'climb', 'cycle', 'skate', 'dance', 'sail', 'garden', 'golf', 'jog', 'crochet', 'sew', 'quilt', 'camp',
  'teach', 'study', 'speak', 'go to', 'walk', 'exercise', 'work out', 'meditate', 'take care of', 'care for', 'look after', 'coach', 'main', 'raise',
  'keep', 'wear', 'attend', 'visit', 'spend', 'write', 'sell', 'code in', 'program in', 'pray', 'code', 'program', 'develop in', 'work with',
];
export const STATES = [
  'retired', 'married', 'single', 'divorced', 'widowed', 'engaged', 'pregnant', 'self-employed', 'unemployed',
  'vegetarian', 'vegan', 'pescatarian', 'plant-based', 'flexitarian', 'gluten-free', 'dairy-free', 'lactose intolerant', 'gluten intolerant', 'celiac', 'coeliac', 'teetotal',
  'diabetic', 'autistic', 'dyslexic', 'dyspraxic', 'epileptic', 'asthmatic', 'bipolar', 'neurodivergent', 'colorblind', 'colourblind', 'deaf', 'blind', 'introverted', 'extroverted', 'shy', 'bilingual',
  'left-handed', 'right-handed', 'a student', 'a parent', 'a mom', 'a dad', 'an introvert', 'an extrovert',
  'an early riser', 'a night owl', 'a beginner', 'new to', 'on a budget', 'on a diet', 'into', 'passionate about',
  'interested in', 'obsessed with', 'fond of', 'keen on', 'crazy about', 'a fan of', 'a big fan of', 'a huge fan of',
  'based in', 'from', 'originally from', 'in the mood for', 'in (?:a|an) [\\w-]+ mood', 'craving', 'open to', 'okay with', 'ok with', 'fine with',
  'not the biggest fan of', 'the biggest fan of', 'looking forward to',
  // sensitive self-identifications: kept only because they are stated outright (see sensitiveCategory)
  'gay', 'lesbian', 'bisexual', 'bi(?![-\\w])', 'queer', 'transgender', 'trans(?![-\\w])', 'HIV(?:[- ]positive|\\+)', 'in recovery', 'sober', 'asexual', 'non-binary', 'nonbinary', 'genderqueer', 'genderfluid', 'christian', 'a christian', 'muslim', 'a muslim',
  'jewish', 'hindu', 'a hindu', 'buddhist', 'a buddhist', 'catholic', 'a catholic', 'atheist', 'an atheist', 'agnostic',
];
export const DIET_STATES = new Set(['vegetarian', 'vegan', 'pescatarian', 'gluten-free', 'dairy-free', 'lactose intolerant', 'gluten intolerant', 'plant-based', 'flexitarian', 'celiac', 'coeliac']);
/** A pet, by kind or dog breed. */
export const PET_NOUN = '(?:dog|cat|puppy|kitten|retriever|labrador|lab|terrier|spaniel|poodle|beagle|collie|shepherd|husky|greyhound|whippet|dachshund|pug|bulldog|corgi|schnauzer|tabby|parrot|budgie|rabbit|bunny|hamster|guinea pig|tortoise|horse)';
/** Who a carer looks after: a parent, grandparent, partner or sibling (looking after a son is parenting; a neighbour's cat, a favour). */
export const CARED_FOR = '(?:mum|mom|mother|dad|father|parents|nan|nana|gran|granny|grandma|grandmother|grandad|granddad|grandpa|grandfather|husband|wife|partner|brother|sister|aunt|auntie|uncle|in-laws|mother-in-law|father-in-law)';
export const RELATIONS = [
  'wife', 'husband', 'partner', 'spouse', 'boyfriend', 'girlfriend', 'fiance', 'fiancee', 'fiancé', 'fiancée',
  'kids', 'kid', 'children', 'child', 'son', 'sons', 'daughter', 'daughters', 'baby', 'babies', 'toddler', 'twins',
  'mom', 'mother', 'dad', 'father', 'parents', 'brother', 'brothers', 'sister', 'sisters', 'siblings', 'grandma',
  'grandmother', 'grandpa', 'grandfather', 'grandparents', 'grandchildren', 'grandkids', 'grandson', 'granddaughter',
  'roommate', 'roommates', 'flatmate', 'flatmates', 'housemate', 'housemates', 'landlord', 'landlady', 'family', 'dog', 'dogs', 'cat', 'cats', 'puppy', 'puppies', 'kitten', 'kittens', 'horse',
  'horses', 'parrot', 'bird', 'birds', 'fish', 'hamster', 'rabbit', 'bunny', 'pets', 'pet',
  // vehicles the user owns ("my van keeps stalling")
  'car', 'van', 'truck', 'pickup', 'motorbike', 'motorcycle', 'campervan', 'camper van', 'scooter',
];
export const REL_ADJ = '(?:(?:little|older|younger|big|baby|new|old|elderly|teenage|teenaged|adult|grown|two|three|four|five|2|3|4|5|twin|\\d+[- ]year[- ]old|\\w+[- ]year[- ]old)\\s+)*';
export const NUMBER_WORDS = new Set(['two', 'three', 'four', 'five', '2', '3', '4', '5']);

/** Objects that point into the conversation rather than describe the user. */
export const DANGLING_RE = /^(?:or|and|ones|some more|more|it|its|it's|that|this|these|those|them|him|her|you|your|yours|here|there|so|too|well|what|how|when|where|why|if|whether|one(?!\s+(?:kid|child|son|daughter|boy|girl|baby|brother|sister|sibling|grandchild|grandkid|dog|cat|pet|horse)\b)|ones|both|all of them|the (?:idea|sound|suggestion|suggestions|recommendation|recommendations|option|options|first|second|third|last|one|ones|other|rest|list|above|same|answer|plan)|to (?:hear|know|see|try|ask|learn more|get|find out|check)|hearing|knowing|talking|chatting|doing|going|sure|glad|happy|sorry|afraid|not sure|okay|ok|fine|good|great|a (?:lot|little|bit|few|couple|question)|no idea)\b/i;

// Task-context markers: what follows is content the user wants produced or handled, not facts about them.
export const WRITING_TASK_RE = /\b(?:write|compose|draft|create|generate|make|give me|help me (?:write|with)|can you write|could you write)\b[^.?!\n]{0,40}?\b(?:story|stories|poem|poems|letter|cover letter|essay|email|e-mail|script|dialogue|dialog|song|lyrics|speech|post|tweet|review|monologue|scene|novel|chapter|fanfic|fan fiction|bio|biography|resume|résumé|cv|advert|advertisement|joke|rap|message|text|caption|description)\b/i;
export const HANDLE_TASK_RE = /\b(?:translate|proofread|rewrite|re-write|paraphrase|summari[sz]e|rephrase|reword|(?:correct|fix|check|fix up|clean up|tidy up) (?:the |my |this |her |his |their |up )?(?:grammar|spelling|typos|punctuation|wording|text|following)|edit (?:this|the following|my)|improve (?:this|the following)|continue (?:this|the) story|fix (?:this|the following))\b/i;
export const ROLEPLAY_RE = /\b(?:pretend|role[- ]?play|roleplay|act as|acting as|play the role|in character|imagine (?:you|that you|you're)|you are (?:now )?(?:a|an|my|the) |from the perspective of|in the voice of|as if you were|let's play|lets play|stay in character)\b/i;
/** Frames before a first-person clause that make it hypothetical, reported or about someone else. */
export const LEAD_GUARD_RE = /\b(?:if|suppose|supposing|imagine|imagining|pretend|pretending|unless|whether|wish|when|whenever|once|as if|as though|said|says|told|tells|asks|asked|thinks|believes|claims|character|story|he|she|they|his|her|their|someone|somebody|friend|where|ignore|disregard|claim|state that|assume\w*|assuming|presum\w*|mistak\w*|mistook|hypothetically)\b|^\W*(?:let'?s\s+|lets\s+|just\s+)?say\b/i;
export const QUESTION_START_RE = /^(?:am|do|does|did|should|shall|can|could|would|will|is|are|was|were|what|how|why|which|where|when|who|whom|whose|any|is it)\b/i;

/** Nationalities said of oneself ("I'm Irish", "an American living in Japan"): ordinary facts, like a home country. */
export const DEMONYMS = 'Irish|Scottish|Welsh|English|British|American|Canadian|Mexican|Brazilian|Argentinian|Argentine|Chilean|Colombian|Peruvian|Venezuelan|Cuban|Australian|New Zealander|Kiwi|Aussie|Brit|French|German|Dutch|Belgian|Swiss|Austrian|Italian|Spanish|Portuguese|Greek|Polish|Czech|Slovak|Hungarian|Romanian|Bulgarian|Croatian|Serbian|Slovenian|Ukrainian|Russian|Lithuanian|Latvian|Estonian|Finnish|Swedish|Norwegian|Danish|Icelandic|Turkish|Israeli|Lebanese|Egyptian|Moroccan|Nigerian|Ghanaian|Kenyan|South African|Ethiopian|Indian|Pakistani|Bangladeshi|Sri Lankan|Nepali|Chinese|Japanese|Korean|Vietnamese|Thai|Filipino|Indonesian|Malaysian|Singaporean|Iranian|Iraqi|Syrian|Saudi|Emirati';

/** Weekly activities one "has" on given days ("I've yoga tues and thurs"), and the days as typed. */
export const ACTIVITIES = 'yoga|pilates|choir|football|netball|rugby|hockey|cricket|tennis|badminton|swimming|climbing|boxing|karate|judo|dance|dancing|ballet|salsa|spin|spinning|crossfit|band practice|practice|training|rehearsals?|orchestra|book club|pottery|art class|language class|french class|spanish class|guitar lessons?|piano lessons?|driving lessons?|therapy|physio|church|bible study|volunteering|bingo|quiz night|parkrun';
export const DAY = '(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day|days|s|nesday|nesdays|rsday|rsdays|urday|urdays)?';

/** "I've transitioned", "I have socially transitioned": read whole by the first-person patterns and in loose talk. */
export const TRANSITIONED = "I(?:'ve| have)?\\s+(?:(?:just|fully|medically|socially|finally|recently)\\s+)?transitioned\\b";
