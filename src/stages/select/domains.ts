/**
 * Life domains for the default selector: which kinds of request each kind of personal fact bears on.
 * Self-written for attune (keywords and example sentences; nothing taken from any dataset). `request` says what a
 * request in the domain looks like, `attribute` what a fact about the user in the domain looks like; each side has
 * a keyword pattern (a hit counts fully) and a few example sentences (embedded once, matched by cosine).
 */
/** What a keyword test needs: a RegExp, or several (anyOf). */
export interface Matcher {
  test(text: string): boolean;
}

export interface Domain {
  name: string;
  request: { keywords: Matcher; examples: readonly string[] };
  attribute: { keywords: Matcher; examples: readonly string[] };
}

const w = (words: string): RegExp => new RegExp(`\\b(?:${words})`, 'i');
const anyOf = (...res: RegExp[]): Matcher => ({ test: (text) => res.some((r) => r.test(text)) });
/** A fact that ends in the place it happens ("is a maths teacher in Leeds", "studies nursing in Glasgow"): case-sensitive. */
export const IN_A_PLACE = /\b(?:in|near) \p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?\.?$/u;

/** A fact about where the user lives (not one that merely ends in a place, as a job in a city does). */
export const LIVES_SOMEWHERE = w('lives? (?:in|near|(?:just )?outside)|living (?:in|near)|based (?:in|near)|moved to|from the|city|town\\b|rural|suburb|countryside|neighbo');

/**
 * Cues that say when or where a request happens, not what it is about: "a lunch I can take to work", "the office
 * potluck", "easy dinner I can batch cook on Sunday". A work cue names work only when the request names no subject of
 * its own (food, pets, code, ...); a day of the week names the place only when the request is not a task done at home
 * ("what should we do this weekend?" and "brunch spots this weekend" keep the city).
 */
export const SETTING_CUES: Readonly<Record<string, { cue: RegExp; subject: (bare: string, named: (domain: string) => boolean) => boolean }>> = {
  work: { cue: /\b(?:(?:at|to|from|for|after) work|(?:the|our|my) office|office)\b/gi, subject: (_bare, named) => ['food', 'pets', 'code', 'device', 'music', 'reading', 'screen', 'games', 'garden', 'language', 'study', 'health'].some(named) },
  place: { cue: /\b(?:this weekend|(?:this|on) (?:saturday|sunday))\b/gi, subject: (bare) => AT_HOME.test(bare) },
};
/** Tasks done at home, whose answer does not depend on the city: cooking, baking, meal prep, chores, DIY. */
const AT_HOME = /\b(?:cook|cooking|recipe|bake|baking|batch[- ]cook|meal prep|make for (?:dinner|lunch|breakfast)|chores|clean(?:ing)? the|tidy|laundry|diy)\b/i;

export const DOMAINS: readonly Domain[] = [
  {
    name: 'food',
    request: {
      keywords: w('dinner|lunch|breakfast|brunch|recipe|cook|meal|snack|dessert|food|restaurant|bread|loa(?:f|ves)|dough|pastry|caf[eé]|dish|bak(?:e|ing)|menu|grocer|eat\\b|eating|supper|soup|salad|sandwich|vegan|vegetarian|protein|nutrition|drinks?\\b|cocktail|wine|beer|pub\\b|bar\\b|toast\\b|feed (?:them|him|her|the (?:kids|family|boys|girls))|potluck|bring a dish|hungry|starving|packed lunch|lunchbox|bbq|barbecue|(?:make|have|cook|eat|for)\\s+(?:\\w+\\s+)?tea\\s+(?:tonight|today|tomorrow|later)|tea ideas|ideas for tea'),
      examples: ['What should I cook for dinner tonight?', 'Suggest a recipe for a quick lunch.', 'Which restaurant dishes should I order?', 'Healthy snacks to bring to work.', 'What should I eat before a race?'],
    },
    attribute: {
      keywords: w('vegan|vegetarian|pescatarian|diet|allerg(?!ic to (?:penicillin|amoxicillin|antibiotics|aspirin|ibuprofen|codeine|morphine|sulfa|latex|plasters|bee|wasp))|intoleran|gluten|lactose|dairy|halal|kosher|food|cook|chef\\b|bak(?:e|er|ing)|eat|meal|cuisine|barbecue|coffee|tea\\b|fasting|keto|sugar|drinks?\\b|drinking|alcohol|teetotal|sober\\b|wine|beer'),
      examples: ['The user is vegetarian.', 'The user is allergic to nuts.', 'The user follows a gluten-free diet.', 'The user loves cooking Italian food.'],
    },
  },
  {
    name: 'place',
    request: {
      keywords: w('this weekend|(?:this|on) (?:saturday|sunday)|fun to do|around town|in town|my city|my area|near (?:me|us)|nearby|(?<!help me |me out |stuck )here\\s*[?.!]*$|local|weather|things to do|events?\\b|day trip|outdoor|go out|where can i|move to|commute|neighbou?rhoods?|where (?:should i|to) live|wear\\b|outfit|coat\\b|jacket|umbrella|(?:rainy|snowy|sunny|cold|hot) (?:day|weekend|saturday|sunday)|day off|around here|where (?:could|should|can|do|might) (?:i|we) go|(?:good|nice|decent|best) (?:spots?|places?) (?:to|for)|spots? for|somewhere (?:to|for|nice|decent|good)|concerts?\\b|gigs?\\b'),
      examples: ['What can I do this weekend around town?', 'What is the weather like where I live?', 'Local events happening near me.', 'Ideas for a day out.', 'What should I wear today?'],
    },
    attribute: {
      keywords: anyOf(LIVES_SOMEWHERE, IN_A_PLACE),
      examples: ['The user lives in Chicago.', 'The user is based in a small town.', 'The user lives in the countryside.'],
    },
  },
  {
    name: 'travel',
    request: {
      keywords: w('trip|travel|pack\\b|packing|flight|airport|hotel|itinerar|holiday|vacation|visit|getaway|weekend away|long weekend|city break|abroad|passport'),
      examples: ['Plan a trip for me.', 'What should I pack for my holiday?', 'How do I get from the airport to the city centre?'],
    },
    attribute: {
      keywords: w('trip|travel|vacation|holiday|visit|planning to go|passport|flies (?:from|out of)|airport|flights?\\b|flying|(?:by|the|a|night) trains?\\b|rail\\b|hostels?'),
      examples: ['The user is planning a trip to Japan.', 'The user loves travelling abroad.'],
    },
  },
  {
    name: 'family',
    request: {
      keywords: w('kid|child|son\\b|daughter|boys\\b|girls\\b|little ones|toddler|bab(?:y|ies)|newborn|infant|naps?\\b|cot\\b|crib\\b|napp(?:y|ies)|diapers?|teething|weaning|breastfe|bottle[- ]fe|sleep regression|pram|buggy|stroller|car seat|famil(?:y|ies)|gift|present|birthday|partner|wife|husband|mother|mum|mom\\b|father|dad\\b|sister|brother|grand|parent|teen|wedding|anniversary'),
      examples: ['Activities to do with my kids.', 'What gift should I buy for my partner?', 'How do I talk to my children about it?', 'Birthday ideas for my sister.'],
    },
    attribute: {
      keywords: w('child|children|kids?\\b|daughter|son\\b|sons\\b|boys\\b|girls\\b|toddler|twins\\b|step(?:son|daughter|kids?)|grandchild|grandkid|partner|wife|husband|married|sister|brother|mother|father|mum\\b|mom\\b|dad\\b|nan\\b|gran\\b|grand(?:ma|pa|mother|father)|parent|family|household|baby|pregnan|teenage'),
      examples: ['The user has two young children.', 'The user is married.', 'The user has a younger brother.'],
    },
  },
  {
    name: 'work',
    request: {
      keywords: w('(?:at|for|from|my|after) work\\b|(?<!(?:get|getting|go|going|commute|commuting|cycle|cycling|drive|driving|walk|walking|ride|riding|bike|biking) )to work\\b|(?:my|new|our) team\\b|teammates|first day at|new job|workplace|job|career|interview|cv\\b|resume|r[eé]sum[eé]|client|colleague|coworker|email to|meeting|salary|boss|manager|invoice|productiv|office|shift|students?\\b|patients?\\b|business|pric(?:e|ing) (?:a|my)|quot(?:e|ing) (?:for|on)|charge (?:for|per)|project|cover letter|linkedin|promotion|raise\\b|coworkers?|customers\\b|(?:my|our|more|increase|boost) sales\\b|sell more\\b|(?:a|my|our|the) customer (?:wants|wanted|asked|asks|says|said|needs|is|has|came|complained)\\b|my class\\b|my pupils|(?:observed|first) lessons?\\b|lessons? (?:on|about)\\b|lesson plans?|busy season|peak season|workload|overtime|deadlines?|bookings|walk-ins|footfall|stock ?take|suppliers?|(?:my|our|the) staff\\b|employees?|apprentices?\\b|hiring|shift pattern|rota\\b'),
      examples: ['How do I prepare for a job interview?', 'Write an email to a client.', 'Tips to be more productive at work.', 'How should I price my services?'],
    },
    attribute: {
      keywords: w('works? (?:part[- ]time |full[- ]time |shifts |nights |weekends )?(?:as|at|for)\\b|working (?:part[- ]time )?(?:as|at|for)\\b|works? in (?:[\\w-]+ ){0,2}?(?:research|design|consulting|marketing|sales|analytics|engineering|accounting|support|operations)\\b|job|engineer|developer|teacher|nurse|(?:been|in|years? of|yrs? of) nursing\\b(?!\\s+(?:a|an|her|his|my|our|their|the|baby|babies|twins|newborn|grudge|hangover|cold|injur\\w*|wound\\w*)\\b)|nursing (?:for )?(?:\\d|two|three|four|five|six|ten|twenty)\\b|doctor|designer|lawyer|freelanc|manager|employ|career|retired(?! (?:racing )?(?:greyhound|racehorse|horse|guide dog|police dog|dog))|profession|owns? a (?:small )?business|runs? a|intern|technician|consultant|analyst|accountant|pharmacist|dentist|architect|electrician|plumber|chef\\b|barista|paramedic|surgeon|therapist|pilot\\b|lecturer|professor|librarian|journalist|carpenter|mechanic|firefighter|police officer|cashier|programmer|scientist|researcher|solicitor|vet\\b|veterinarian|midwife|social worker|receptionist|line cook|cook at|sous chef|waiter|waitress|bartender|clerk\\b|security guard|(?:bus|taxi|lorry|truck|delivery) driver|hygienist|tester\\b|(?:video|film|copy) ?editor|copywriter|translator|civil servant|postman|postwoman|cleaner\\b|paralegal|physio(?:therapist)?\\b|photographer|trainee|apprentice|teaches\\b|tutors\\b|florist|dog walker|childminder|nanny|hairdresser|barber|beautician|builder|bricklayer|roofer|decorator|gardener by trade|landscaper|estate agent|recruiter|bookkeeper|auditor|actuary|underwriter|pharmacy technician|optician|radiographer|sonographer|care worker|support worker|teaching assistant|headteacher|head teacher|sales assistant|shop assistant|store manager|warehouse|courier|air steward|flight attendant|cabin crew|sparky|chippy|brickie|tradesman|tradie|joiner|plasterer|tiler|welder|handyman|labourer|farmer|rancher|shepherd|self[- ]employed|(?:train|tram|van|cab|hgv|forklift|long[- ]haul) driver|drives (?:an? )?(?:taxi|cab|lorry|truck|bus|van|train|long haul)|(?:drives|rides|delivers) for\\b|taskrabbit|newsagent|shopkeeper|owns? (?:an? |the )(?:small |little )?(?:\\w+ )?(?:shop|salon|caf[eé]|restaurant|bakery|boulangerie|pub|store|garage|newsagents?)|has an? (?:small|little|family) (?:[\\w-]+ )?(?:shop|store|stall|salon|caf[eé]|bakery|business)\\b|care assistant|domestic (?:helper|worker)'),
      examples: ['The user works as a nurse.', 'The user is a software developer.', 'The user is a freelance designer.', 'The user is a retired teacher.'],
    },
  },
  {
    name: 'money',
    request: {
      keywords: w('cheap|budget|cost|price|buy|(?:which|what) [\\w -]{1,30} should (?:i|we) (?:get|choose|pick)\\b|afford|worth|sav(?:e|ing)|spend|invest|expensive|money|down payment|mortgage|loan|gift|bills?\\b|trip|plan a|bonus|windfall|inheritance|rebate|refund|pay ?rise|payday|debts?\\b|credit cards?|overdraft|bank account|savings|rent\\b'),
      examples: ['Is it worth buying this?', 'How can I save money on this?', 'Cheap ideas for the weekend.', 'What should I invest in?'],
    },
    attribute: {
      keywords: w('budget|saving|income|afford|money|debt|frugal|broke|skint|hard up|strapped|cash.strapped|pension|fixed income|expensive taste|wealthy|credit cards?|overdraft|loans?\\b|owes?\\b|salary|earns?\\b|paid (?:about|around)|(?:makes?|earns?) (?:about |around )?[£$€]?\\d|[£$€]\\d|\\d+k (?:on|in|of|salary|a year|before tax)\\b|quid'),
      examples: ['The user is on a tight budget.', 'The user is saving money for a house.', 'The user lives on a fixed income.'],
    },
  },
  {
    name: 'health',
    request: {
      keywords: w('exercise|workout|work out|run\\b|running|sleep|health|diet|stress|calm|anxi|injur|sprain|recover|fitness|(?:stay|keep|get) (?:fit|in shape)|training plan|plan my training|gym|lungs?|breath|pain|doctor|symptom|weight|energy|yoga|walk|hike|safe for(?! (?:dogs?|cats?|pets?|puppies|kittens|rabbits|birds))|snack|eat|stretch|(?:football|running|hiking|climbing) (?:boots|shoes)|boots for|racket|racquet|backhand|forehand|astro ?turf|cleats|studs\\b|(?:after|before|from) (?:training|practice|a game|the game|matches)'),
      examples: ['How should I structure my workout?', 'How do I sleep better?', 'Is this exercise safe for me?', 'How do I manage stress?'],
    },
    attribute: {
      keywords: w('diabet|asthma|blood pressure|anxiety|depress|condition|injur|marathon|triathlon|running|runs\\b|runner|jogs?\\b|jogging|swims\\b|cycles\\b|lifts weights|works out|yoga|gym|dumbbells?|kettlebells?|pull.?up bar|home gym|fitness|training for|pregnan|allerg|intoleran|disab|chronic|pain|adhd|insomnia|health|night ?shifts?|works? (?:the )?nights|(?:5|10|21) ?k\\b|half.marathon|parkrun|boulder|climbing|\\d-a-side|football|soccer|goalkeeper|keeper\\b|striker|midfielder|semi[- ]pro|athlete|sprinter|swims? for|powerlift|deadlift|weightlift|crossfit|boxing|judo|jiu.?jitsu|rowing|tennis|rugby|netball|basketball|badminton|squash\\b|cricket'),
      examples: ['The user has diabetes.', 'The user is training for a marathon.', 'The user has a bad knee.', 'The user struggles with anxiety.'],
    },
  },
  {
    name: 'pets',
    request: {
      keywords: w('dogs?\\b|cats?\\b|pets?\\b|puppy|kitten|vet\\b|houseplants?|toxic|poisonous|lead\\b|leash|lil(?:y|ies)\\b|hik(?:e|es|ing)\\b|walks?\\b|trail|outing|day out|camping|picnic|beach|weekend away|chew toys?|dog toys?|cat toys?|fleas?\\b|worming|kibble|litter (?:box|tray)|crate|grooming|harness|collars?\\b|treats\\b|bunn(?:y|ies)|hutch|cage\\b'),
      examples: ['How do I train my dog?', 'My cat keeps scratching the sofa.'],
    },
    attribute: {
      keywords: w('dogs?\\b|cats?\\b|pets?\\b|puppy|kitten|greyhound|retriever|terrier|spaniel|labrador|poodle|collie|parrot|rabbit|hamster|guinea pig|budgie|tortoise|gecko|snake\\b|horse|pony'),
      examples: ['The user has a dog.', 'The user owns two cats.'],
    },
  },
  {
    name: 'code',
    request: {
      keywords: w('code|coding|program|function|api\\b|python|javascript|typescript|golang|goroutine|(?:in|with|using|learn(?:ing)?|writ(?:e|ing)) go\\b(?! (?:for|to|with|on|out|back|away|home|there|ahead))|\\bgo (?:code|modules?|packages?|structs?|interfaces?|build|test|programs?|services?|backend|generics)\\b|rust|java\\b|sql|server|regex|bug|compile|linux|install|software|css|html|script|git\\b|docker|virtual environment|terminal|array|loop|dictionary|dict\\b|variable|recursion|algorithm|exception|stack trace|json|iterate|reverse a (?:list|string)|sort (?:a|the|this) (?:list|array)|websites?\\b|web ?(?:apps?|pages?)\\b|front-?end|back-?end|database|postgres|react\\b'),
      examples: ['How do I fix this bug in my code?', 'How do I set up a development environment?', 'Write a function that parses a file.'],
    },
    attribute: {
      keywords: w('developer|dev\\b|devs\\b|front-?end|back-?end|full-?stack|web ?dev|react\\b|postgres|programm|coder|code|python|javascript|typescript|(?:in|with|using|learning|writes?|mostly) go\\b(?! (?:for|to|with|on|out|back|away|home|there|ahead|\\w+ing)\\b)|\\bgo (?:developers?|programmers?|engineers?|backend|services?)\\b|golang|rust|java\\b|linux|windows|mac ?os|software|(?<!(?:civil|mechanical|structural|electrical|chemical|petroleum|sound|audio|recording|aerospace|marine|nuclear|biomedical|environmental|mining|agricultural|automotive|building|site|field|process|production|maintenance|gas|heating|railway|traffic) )engineer|figma|illustrator|data scien'),
      examples: ['The user is a software developer.', 'The user writes Python.', 'The user uses Linux.'],
    },
  },
  {
    // the computer or phone a how-to is done on: "how do I record my screen?" for a Mac user
    name: 'device',
    request: {
      keywords: w('screenshot|screen ?record|record (?:my|the) screen|my (?:laptop|computer|pc|phone|screen|keyboard|trackpad|desktop)|keyboard shortcut|shortcut for|settings\\b|bluetooth|wi-?fi|printer|update (?:my|the)|backup|back up (?:my|the)|app\\b|apps\\b'),
      examples: [],
    },
    attribute: {
      keywords: w('mac\\b|macbook|mac ?os|imac|m[123] (?:air|pro)|windows|linux|ubuntu|chromebook|iphone|ipad|android|pixel|samsung galaxy'),
      examples: ['The user uses a MacBook.', 'The user has an Android phone.'],
    },
  },
  {
    name: 'study',
    request: {
      keywords: w('study|exam|thesis|dissertation|essay|course|university|college|school|homework|revision|revise|lecture|assignment|degree|semester|placement|gcses?\\b|a[- ]levels?\\b|cv\\b|r[eé]sum[eé]'),
      examples: ['How should I study for my exams?', 'Help me plan my thesis.', 'Tips for writing an essay.'],
    },
    attribute: {
      keywords: w('student|studying|degree|exam|thesis|dissertation|(?:university|college|school)(?! (?:orchestra|band|choir|team|club|play|musical|society))|learning(?! to (?:play|swim|drive|ride|cook|bake|knit|sew|surf|ski|skate|dance|sing|paint|draw|climb|fish)\\b)|course|a[- ]levels?\\b|gcses?\\b|msc\\b|phd\\b|masters?\\b|undergrad|postgrad|sixth form|poly\\b|polytechnic'),
      examples: ['The user is a university student.', 'The user is studying for a master\'s degree.'],
    },
  },
  {
    name: 'transport',
    request: {
      keywords: w('get to|get from|get around|commute|drive|driving|car\\b|tyre|tire|bike|cycl|bus\\b|train\\b|route|parking|airport|fuel|petrol|diesel|mpg\\b|mileage|miles per gallon|(?:my|the|bike) chain\\b|gears?\\b|derailleur|puncture|inner tubes?|brake pads?|saddle|handlebars?|(?:back|front|rear) wheel|spokes?\\b|pedal(?:s|ling)?\\b'),
      examples: ['How do I get from the airport to downtown?', 'Best way to commute to work.', 'Is it worth fixing my car?'],
    },
    attribute: {
      keywords: w('car\\b|drives?|bicycle|bike|cycl|does not own a car|public transport|motorbike|toyota|honda|tesla|ford'),
      examples: ['The user does not own a car.', 'The user rides a bicycle everywhere.', 'The user drives an old car.'],
    },
  },
  {
    name: 'music',
    request: {
      keywords: w('albums?\\b|songs?\\b|music|playlist|listen|concerts?\\b|gigs?\\b|bands?\\b|radio|vinyl|record shop|(?:my|store|storing|clean(?:ing)?|organi[sz]e|sell(?:ing)?) (?:vinyl|records|lps)\\b|turntable|stylus|record player|\\blps\\b|instruments?\\b|(?:my|the|an?|some|new) (?:bow|strings?|reed|mouthpiece)\\b|intonation|vibrato|metronome|arpeggios?|(?:guitar|effects|fx) pedals?|amps?\\b|pickups\\b|fretboard|[ADEG] string\\b|chords?\\b|sheet music|(?:my|the) voice\\b|vocal|sing(?:ing)?\\b|choir|orchestra|rehears'),
      examples: [],
    },
    attribute: {
      keywords: w('music|vinyl|records? collect|collects? (?:\\w+ ){0,2}records|turntabl|\\bdj\\b|jazz|blues|rock\\b|pop\\b|hip hop|hip-hop|rap\\b|classical|folk\\b|bands?\\b|singer|albums?\\b|listens|bossa|afrobeats|metal\\b|punk|techno|opera|audiobook|podcast|guitar|piano|violin|drums|cello|viola|double bass|bass guitar|plays? (?:the )?bass\\b|flute|clarinet|oboe|bassoon|saxophone|sax\\b|trumpet|trombone|tuba|french horn|ukulele|harp\\b|synth|choir|orchestra|sings?\\b|singing|alto|soprano|tenor|baritone'),
      examples: ['The user listens mostly to jazz.', 'The user loves 80s rock.', 'The user plays guitar in a band.'],
    },
  },
  {
    name: 'reading',
    request: {
      keywords: w('books?\\b|novels?\\b|read\\b|reading|authors?\\b|library|kindle|audiobook'),
      examples: [],
    },
    attribute: {
      keywords: w('reads?\\b|reading|books?\\b|novels?\\b|fiction|author|poetry|audiobook|comics?\\b|manga'),
      examples: ['The user reads mostly science fiction.', 'The user loves crime novels.'],
    },
  },
  {
    name: 'screen',
    request: {
      keywords: w('films?\\b|movies?\\b|series\\b|tv\\b|shows?\\b|watch|binge|netflix|cinema|documentar|anime'),
      examples: [],
    },
    attribute: {
      keywords: w('films?\\b|movies?\\b|series\\b|tv\\b|television|shows?\\b|horror|cinema|anime|documentar|netflix|nollywood|bollywood'),
      examples: ['The user watches a lot of horror films.', 'The user likes sci-fi TV series.'],
    },
  },
  {
    name: 'audio',
    request: {
      keywords: w('podcasts?\\b|audiobooks?\\b|listen (?:to )?(?:on|during|while)'),
      examples: [],
    },
    attribute: {
      keywords: w('podcast|audiobook|learning (?:to speak )?[A-Z]\\w+|true crime|history'),
      examples: ['The user listens to true crime podcasts.', 'The user is learning Spanish.'],
    },
  },
  {
    name: 'games',
    request: {
      keywords: w('games?\\b|gaming|play (?:tonight|this weekend)|board game|video game|console|puzzle|chess|openings? (?:to|for|with|as)\\b|(?:learn|play|study) (?:an? |the )?openings?|(?:which|good|new|solid|sharp|aggressive|best|first) openings?\\b(?! hours| times)|checkmate|endgame|gambit|my (?:queen|rook|bishop|knight|pawns?)\\b|tilt(?:ing|ed)?\\b|ranked|elo\\b|gpus?\\b|graphics cards?|gaming (?:pc|laptop|chair|monitor|headset|mouse)'),
      examples: [],
    },
    attribute: {
      keywords: w('games?\\b|gaming|gamer|chess|lichess|blitz|overwatch|fortnite|valorant|apex\\b|elden ring|monster hunter|minecraft|league of legends|xbox|playstation|ps[345]\\b|steam deck|nintendo|puzzles?\\b|d&d|dungeons'),
      examples: ['The user enjoys video games.', 'The user is into board games.'],
    },
  },
  {
    name: 'free time',
    request: {
      keywords: w('this weekend|(?:on|for) (?:a |the )?(?:rainy |snowy |sunny |free |long )?(?:saturday|sunday|weekend|day off|evening)|free time|spare time|day off|what (?:should|can|could) (?:i|we) do|things to do|bored|hobby|hobbies|relax|outing|afternoon|kiln|glaz(?:e|es|ing)\\b|pottery wheel|(?:my|the) clay\\b|yarn|stitch(?:es)?\\b|knitting pattern|crochet|sewing machine|chisels?\\b|lathe|dovetail|wood ?glue|watercolou?rs?|acrylics?\\b|canvas\\b|sketchbook'),
      examples: [],
    },
    attribute: {
      keywords: w('hobb|bird(?:watch|ing|er)|ramblers?\\b|rambling|hillwalk|sailing|kayak|canoe|wild swim|climb|hik(?:e|es|ing)\\b|knit|garden|bak(?:e|es|ing)\\b|sourdough|chess|board games?|video games?|paint(?:s|ing)\\b|watercolou?rs?\\b|took up|sketch|photograph|fishing|camping|surf|skat|danc|crochet|sew|pottery|woodwork|kids?\\b|children|daughters?\\b|sons?\\b|dogs?\\b|puppy|greyhound|retriever|terrier|spaniel|labrador|poodle|collie|plays? (?:the )?(?:guitar|piano|football|tennis|golf|hockey)'),
      examples: ['The user enjoys rock climbing.', 'The user loves gardening.', 'The user has young children.'],
    },
  },
  {
    // the kit and technique of a craft or an outdoor sport done for fun (a finish for a table, knitting floats, a longer
    // surfboard, a trad rack): the hobby's own facts, not the kids or the dog that a free weekend takes
    name: 'craft',
    request: {
      keywords: w('(?:what|which) finish\\b|varnish|lacquer|polyurethane|danish oil|tung oil|wood stain|sanding|sandpaper|floats\\b|pucker|colou?rwork|fair isle|purl\\b|cast (?:on|off)\\b|(?:surf|paddle|snow|skate) ?boards?|(?:new|first|longer|shorter|bigger|smaller|foam|soft[- ]?top) board\\b|wetsuit|cam rack|\\bcams\\b|quickdraws?|belay|crag\\b|trad (?:lead|leader|climb|route|rack)|lead climb|top[- ]?rop|chalk bag|crash pad|hangboard|fingerboard'),
      examples: [],
    },
    attribute: {
      keywords: w('knit|crochet|sew(?:s|ing)?\\b|quilt|pottery|ceramic|woodwork|wood ?turn|carv(?:e|es|ing)\\b|surf|bodyboard|paddleboard|climb|boulder|skateboard|snowboard|ski(?:s|er|ing)?\\b'),
      examples: [],
    },
  },
  {
    // a garden or allotment: sowing, pests, pruning, outdoor jobs
    name: 'garden',
    request: {
      keywords: w('gardens?\\b|gardening|allotment|seeds?\\b|sow(?:ing)?\\b|seedlings?|compost|lawn|prun(?:e|ing)|weeds?\\b|greenfly|aphids?|slugs?\\b|greenhouse|harvest|raised beds?|repot(?:ting)?|pot[- ]bound|root[- ]bound|veg(?:etable)? (?:patch|beds?)|(?:jobs?|chores?) [\\w ]{0,25}outside|outdoor (?:jobs|chores)|tomato plants'),
      examples: [],
    },
    attribute: {
      keywords: w('allotment|gardens?\\b|gardening|greenhouse|veg(?:etable)? (?:patch|beds?)|raised beds?|grows? (?:\\w+ )?(?:vegetables|veg\\b|tomatoes|herbs|fruit|potatoes|beans|roses|bonsai)|growing (?:\\w+ )?(?:vegetables|veg\\b|tomatoes|herbs)|bonsai|houseplants'),
      // keywords only: the example sentences' likeness pulled in birdwatching and the outdoors in general
      examples: [],
    },
  },
  {
    // a farm: livestock, crops, the farming year
    name: 'farm',
    request: {
      keywords: w('hay\\b|silage|calv(?:ing|es)\\b|lambing|livestock|cattle|cows?\\b|heifers?|ewes?\\b|sheep\\b|herd\\b|flock\\b|tractors?|pasture|grazing|paddocks?|fertili[sz]er|milking|crop rotation|crops?\\b|harvest'),
      examples: [],
    },
    attribute: {
      keywords: w('farm(?:s|er|ers|ing)?\\b|ranch|herd\\b|cattle|cows\\b|holsteins?|sheep\\b|ewes\\b|flock\\b|livestock|smallholding|croft|orchard|vineyard|milks? (?:about |around )?\\d'),
      examples: [],
    },
  },
  {
    // looking after someone (a parent with dementia, a partner after a stroke): respite, burnout, adapting the home
    name: 'care',
    request: {
      keywords: w('respite|(?:get|have|take) a break\\b|burn(?:ed|t)? ?out|me time|time (?:to|for) myself|feel(?:ing)? guilty|carers?\\b|caring for|stair ?lifts?|grab rails?|mobility (?:aids?|scooter)|(?:adapt|adapting|adaptations? to) (?:the|our|my) (?:house|home|bathroom)|home care|care home|blue badge|power of attorney|dementia'),
      examples: [],
    },
    attribute: {
      keywords: w('carer\\b|caregiver|caring for|cares for|looks? after (?:their|his|her|an?) (?:\\w+ )?(?:mum|mom|mother|dad|father|parents?|husband|wife|partner|son|daughter|child|brother|sister|nan|gran|grand\\w+)'),
      examples: [],
    },
  },
  {
    // an audience the user publishes to (a channel, a podcast, a blog): growing it, keeping it watching
    name: 'audience',
    request: {
      keywords: w('subscribers|viewers|thumbnails?|watch time|retention|followers|engagement|(?:my|an|the) audience|(?:my|more) views\\b|grow (?:my|the) (?:channel|podcast|blog|newsletter|account|page)|people to (?:watch|listen|read|subscribe|follow)'),
      examples: [],
    },
    attribute: {
      keywords: w('youtuber|streamer|streams on|content creator|influencer|(?:runs?|has|started|hosts?|grows?) (?:a |an |their )?(?:small |new |little )?(?:[\\w-]+ )?(?:channel|podcast|blog|newsletter)|(?:makes?|posts?) (?:\\w+ )?videos'),
      examples: [],
    },
  },
  {
    // the user's age, for a request that asks with it in mind ("exercises for someone my age", "too old to learn piano?")
    name: 'age',
    request: {
      keywords: w('(?:my|your) age\\b|someone my age|people my age|too old (?:to|for)|(?:older|senior) (?:adults?|people|citizens?|person)|over[- ](?:40|50|60|65|70)s?\\b|in my (?:40|50|60|70|80)s\\b'),
      examples: [],
    },
    attribute: {
      keywords: w('\\d{2} years old\\b|in (?:their|his|her) (?:40|50|60|70|80|90)s\\b|pensioner|oap\\b'),
      examples: [],
    },
  },
  {
    // a language the user speaks or is learning, for requests about words, grammar and speaking
    name: 'language',
    request: {
      keywords: w('languages?\\b|phrases?\\b|vocab|grammar|verbs?\\b|conjugat|pronunciation|pronounce|fluen|accent\\b|alphabet|irregular|flashcards?|grammatical cases?|(?:which|what) case (?:to use|do i use|goes|comes|after)|nominative|accusative|genitive|dative|instrumental case|locative|practi[cs]e my (?:reading|listening|speaking|writing)|(?:reading|listening|speaking) practice|my level\\b'),
      examples: [],
    },
    attribute: {
      keywords: w('(?:learning|studying|speaks?|speaking|lessons? in|classes? in|course in) (?:\\w+ )?(?:spanish|french|german|italian|portuguese|japanese|korean|mandarin|chinese|cantonese|arabic|russian|welsh|irish|gaelic|dutch|polish|greek|turkish|hindi|swedish|norwegian|danish|finnish|hebrew|vietnamese|thai|sign language|bsl|asl)\\b|(?:spanish|french|german|italian|portuguese|japanese|korean|mandarin|chinese|cantonese|arabic|russian|welsh|irish|gaelic|dutch|polish|greek|turkish|hindi|swedish|norwegian|danish|finnish|hebrew|vietnamese|thai|sign language|bsl|asl) (?:class|course|lessons?|tutor)|duolingo|fluent|native speaker|first language|bilingual'),
      examples: ['The user is learning Spanish.', 'The user speaks French fluently.'],
    },
  },
];
