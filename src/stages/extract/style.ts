/**
 * Answer-style and format preferences stated in many ways (issue 20): "keep it brief", "no emojis please",
 * "bullet points work best for me", "I prefer metric", "use Celsius", "step-by-step instructions please",
 * "without jargon", "examples in Rust please", "when you show code, I prefer TypeScript". Each becomes a
 * "The user prefers ..." attribute the default selector reads as an answer-style preference.
 *
 * Read only from a statement (never a question), never from a sentence about a text at hand ("format the
 * following as bullet points", "convert this recipe to metric", "remove the emojis from this email") or one
 * framed as someone else's or a hypothetical.
 */

const TASK_RE = /\b(?:(?:in|for|from|on|to)\s+(?:the|my|our|a|an)\s+(?:report|email|essay|letter|post|document|doc|message|slides?|presentation|deck|cv|resume|text|invitation|card|newsletter|article|thesis|paper)|this|these|the following|below|above|that (?:email|text|list|recipe|message|paragraph)|convert|remove|format|rewrite|translate|turn|write|create|generate|implement|fix|debug)\b/i;
const FRAME_RE = /\b(?:if|suppose|imagine|pretend|said|says|told|he|she|they|his|her|their|someone|friend|boss|colleague|story|character)\b/i;
/** Politeness that looks like a condition: "bullet points if you can". */
const POLITE_IF_RE = /\bif (?:you can|you could|possible|poss|you don't mind|that's (?:ok|okay|alright))\b/gi;
export const LANGS = 'TypeScript|JavaScript|Python|Rust|Go|Golang|Java|Kotlin|Swift|C#|C\\+\\+|Ruby|PHP|Scala|Haskell|Elixir|Bash|Lua|Dart|Julia';

const HUMAN_LANGS = 'English|Spanish|French|German|Italian|Portuguese|Dutch|Polish|Swedish|Norwegian|Danish|Finnish|Greek|Turkish|Russian|Ukrainian|Arabic|Hebrew|Hindi|Bengali|Urdu|Chinese|Mandarin|Cantonese|Japanese|Korean|Vietnamese|Thai|Indonesian|Malay|Tagalog|Swahili|Czech|Romanian|Hungarian|Catalan';

/** Manners of speaking that name no one else: "talk to me like a friend would", "like I'm new to this". */
const MANNER_RE = /\blike\s+(?:a|an|my)\s+(?:friend|mate|buddy|normal person|human)(?:\s+would)?\b|\blike\s+I'm\s+(?:new to (?:this|all this|it)|a (?:complete |total )?beginner|five|5|a kid|a child|an idiot|dumb|stupid)\b/gi;

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  // chat register (set 7): "bullet points pls", "use simple words", "explain stuff like I'm new to this", "stop with the
  // long intros", "way too formal, talk to me like a friend"
  [/^(?:(?:and|also|oh|ok|so)[\s,]+)?(bullet[- ]?points?|numbered lists?|numbered steps|short answers?|tables)\s+(?:pls|please|plz|pl[sz]|only|ideally|always|from now on)\b/i, (m) => `prefers ${/^short/i.test(m[1]!) ? 'short answers' : `answers in ${m[1]!.toLowerCase().replace(/^bullet[- ]?points?$/, 'bullet points')}`}`],
  [/\b(?:use|with|in)\s+(?:simple|easy|basic|plain|simpler|easier)\s+(?:words|english|language|vocabulary|sentences)\b/i, () => 'prefers simple language'],
  [/\bexplain\s+(?:stuff|things|everything|it all)\s+(?:to me\s+)?like\s+I'm\s+(?:new to (?:this|all this|it)|a (?:complete |total )?beginner|five|5|a kid|a child)\b/i, () => 'prefers simple explanations for a beginner'],
  [/\b(?:stop|skip|cut|drop|ditch|no more|enough)\s+(?:with\s+)?(?:the\s+|all the\s+|these\s+)?(?:long\s+|lengthy\s+)?(?:intros|introductions|preambles?|fluff|waffle|waffling|disclaimers)\b/i, () => 'prefers direct answers without long intros'],
  [/\b(?:(?:too|so|very|super|way too)\s+formal|less formal|more casual|more relaxed|talk\s+(?:to me\s+)?like\s+(?:a|my)\s+(?:friend|mate|buddy|normal person))\b/i, () => 'prefers a casual, friendly tone'],
  [/\b(?:keep|make)\s+(?:it|things|everything|(?:your\s+|the\s+)?(?:answers?|responses?|replies|explanations?))\s+(?:really\s+|very\s+|nice and\s+|super\s+)?(short|brief|concise|simple)\b/i, (m) => `prefers ${m[1]!.toLowerCase()} answers`],
  [/\b(?:give me|i (?:want|like|prefer|need))\s+(?:just\s+)?the\s+(short|brief|quick)\s+version\b|\bi (?:hate|dislike|can't stand|don't like|do not like)\s+(?:long|lengthy|wordy)\s+(?:answers|responses|explanations|replies)\b|\b(?:short|brief|concise)\s+(?:answers|responses|replies)\s+(?:please|work best|are best|are better)\b/i, () => 'prefers short answers'],
  [/\b(?:stop|quit)\s+(?:writing|giving|sending|making)\s+(?:me\s+)?(?:such\s+|so\s+many\s+|these\s+)?(?:long|lengthy|wordy|huge)\s+(?:answers|responses|replies|messages|essays|paragraphs|walls of text)\b|\b(?:\d|one|two|three|four|five)(?:\s*(?:-|to|or)\s*(?:\d|two|three|four|five))?\s+(?:sentences|lines|paragraphs|bullets|bullet points)\s+(?:max|maximum|tops|at most|or less|or fewer)\b|\b(?:max|maximum|at most|no more than)\s+(?:\d|one|two|three|four|five)(?:\s*(?:-|to|or)\s*(?:\d|two|three|four|five))?\s+(?:sentences|lines|paragraphs)\b/i, () => 'prefers short answers'],
  [new RegExp(`\\b(?:(?:respond|reply|answer|write|talk|speak)\\s+(?:to me\\s+)?in\\s+(${HUMAN_LANGS})\\b(?=[^.!?]{0,30}\\b(?:from now on|always|going forward|by default|all the time|every time|please|pls|if you can)\\b)|i\\s+(?:\\w+\\s+)?(?:prefer|want|need|would like|'d like|like)\\s+(?:your\\s+)?(?:answers|responses|replies|you to (?:respond|reply|answer|write))\\s+in\\s+(${HUMAN_LANGS})\\b)`, 'i'), (m) => `prefers answers in ${(m[1] ?? m[2])![0]!.toUpperCase()}${(m[1] ?? m[2])!.slice(1).toLowerCase()}`],
  // "no emojis", "please don't use tables or emojis" (a screen reader reads both out)
  [/\b(?:no|don't use|do not use|without|skip the|stop using|never use|avoid|hold the|none of the|not a fan of|hate|dislike|can't stand)\s+(?:any\s+|the\s+)?(?:(?:tables|markdown|headings|headers|bold text|formatting|symbols)\s+(?:or|and|&)\s+)?emojis?\b/i, () => 'prefers answers without emojis'],
  [/\b(?:no|don't use|do not use|without|stop using|never use|avoid)\s+(?:any\s+)?(tables|markdown|headings|headers)\b(?!\s+(?:in|for|on)\s+(?:the|this|my|that)\b)/i, (m) => `prefers answers without ${m[1]!.toLowerCase()}`],
  // "just give me the gist", "no essays": a wish for short answers in chat words
  [/\b(?:give me|i (?:\w+\s+)?(?:want|need|like|prefer))\s+(?:just\s+)?the\s+gist\b|(?:^|[,;]\s*)(?:(?:ok|okay|so|and|also|oh|but)[\s,]+)*no\s+(?:essays|novels|waffle|lectures)\b/i, () => 'prefers short answers'],
  [/\b(bullet[- ]?points?|bulleted lists?|numbered lists?|numbered steps|tables|lists)\s+(?:work|works|are|is)\s+(?:best|better|great|easiest|easier)\s+for me\b|\bi\s+(?:\w+\s+)?(?:like|prefer|love|want)\s+(?:my\s+|your\s+)?(?:answers?|responses?|replies|things|info|information)\s+(?:in|as)\s+(bullet[- ]?points?|bulleted lists?|numbered lists?|numbered steps|tables)\b|\b(?:use|give me|answer in|answer with|reply in|stick to)\s+(?:(?:the|your|my)\s+)?(?:answers?\s+(?:in|as)\s+)?(bullet[- ]?points?|bulleted lists?|numbered lists?)\s*(?:please|when|whenever|if|[.!,;]|$)|(?:^|[,;]\s*)(bullet[- ]?points?|numbered lists?)\s+(?:please|pls|plz|if (?:you can|possible))\b/i, (m) => `prefers answers in ${(m[1] ?? m[2] ?? m[3] ?? m[4])!.toLowerCase().replace(/^bullet[- ]?points?$/, 'bullet points')}`],
  [/\b(?:i\s+(?:\w+\s+)?prefer|(?:always\s+)?use|(?:always\s+)?give me\s+(?:\w+\s+){0,3}?in|stick (?:to|with)|i (?:think|cook|measure) in)\s+(?:the\s+)?(metric|imperial|celsius|fahrenheit)\b/i, (m) => {
    const u = m[1]!.toLowerCase();
    return u === 'metric' || u === 'imperial' ? `prefers answers in ${u} units` : `prefers answers in ${u[0]!.toUpperCase()}${u.slice(1)}`;
  }],
  [/\b(?:i\s+(?:\w+\s+)?prefer|(?:always\s+)?use|(?:always\s+)?write in|stick (?:to|with))\s+(british|american|uk|us|australian|canadian)\s+(?:english\s+)?(spelling|english)\b/i, (m) => {
    const v = m[1]!.toLowerCase();
    return `prefers ${v.length === 2 ? v.toUpperCase() : v[0]!.toUpperCase() + v.slice(1)} ${m[2]!.toLowerCase()}`;
  }],
  [/\b(?:break|split|chop)\s+(?:things|it|everything|stuff|answers|your answers|instructions|tasks)\s+(?:down\s+)?into\s+(?:(?:small|smaller|short|shorter|tiny|bite[- ]sized|simple|clear|manageable)\s+)?(?:(numbered)\s+)?(?:steps|chunks|bits|pieces)\b/i, (m) => (m[1] ? 'prefers answers in small numbered steps' : 'prefers answers in small steps')],
  [/\b(?:long|big|dense|huge)\s+(?:paragraphs|blocks of text|answers)\s+(?:lose|overwhelm|confuse|bore)\s+me\b|\bwalls? of text\s+(?:lose|overwhelm|confuse|bore|kill)\s+me\b/i, () => 'prefers short answers'],
  // "put the most important thing first", "bottom line up front", "key point first please"
  [/\b(?:put|give me|start with|lead with|begin with)\s+(?:the\s+)?(?:most important (?:thing|point|bit|part|info)|key (?:point|thing|takeaway)|main (?:point|thing)|bottom line|answer)\s+(?:first|up front|at the (?:top|start))\b|\bbottom line up front\b|(?:^|[,;]\s*)key (?:point|points|takeaway) first\b/i, () => 'prefers the most important point first'],
  // "when comparing things please give me a table", "tables for comparisons please"
  [/\b(?:when|for|if)\s+(?:you(?:'re| are)?\s+)?compar\w*\b[^.!?]{0,30}?\b(?:give me|use|put (?:it|them) in|show me)\s+(?:a\s+)?tables?\b|\btables?\s+for\s+comparisons?\b/i, () => 'prefers tables for comparisons'],
  // "please write to me always in formal English", "reply in formal English please"
  [/\b(?:write|talk|speak|reply|respond|answer)\s+(?:to me\s+)?(?:always\s+)?in\s+(?:formal|proper|professional)\s+(?:english|language|register)\b/i, () => 'prefers formal English'],
  // "put css examples in a code block always", "code blocks please"
  [/\b(?:put|show|give|keep)\b[^.!?]{0,40}?\bin\s+(?:a\s+)?code\s?blocks?\b|(?:^|[,;]\s*)code\s?blocks?\s+(?:please|pls|always)\b/i, () => 'prefers code in code blocks'],
  // "I don't have time for long paragraphs", "I lose the thread in long replies"
  [/\b(?:no|don't have|do not have|haven't got|have no)\s+time\s+(?:for|to read)\s+(?:long|lengthy)\s+(?:paragraphs|answers|replies|explanations|messages|texts)\b|\bI\s+(?:always\s+|easily\s+)?lose\s+(?:the thread|track|focus|interest)\s+(?:in|with|during|reading)\s+(?:long|lengthy)\s+(?:paragraphs|answers|replies|explanations|messages|texts)\b/i, () => 'prefers short answers'],
  [/\b(?:give me|i (?:\w+\s+)?(?:like|prefer|need|want)|please (?:give|use|write))\s+(?:clear\s+)?step[- ]by[- ]step\s+(instructions|explanations|answers|guides?)\b/i, (m) => `prefers step-by-step ${m[1]!.toLowerCase()}`],
  [/\b(?:without|no|avoid|skip the|less|not too much|i (?:hate|dislike|don't like))\s+(?:technical\s+)?jargon\b|\bin plain (?:english|language|terms|words)\b/i, () => 'prefers answers in plain language without jargon'],
  [new RegExp(`\\b(?:code|examples?|snippets?|samples?)\\b[^.!?]{0,40}?\\b(?:in|prefer)\\s+(${LANGS})\\b(?!\\s+or\\b)`, 'i'), (m) => `prefers ${m[1]} for code`],
  [new RegExp(`\\bi\\s+(?:\\w+\\s+)?prefer\\s+(${LANGS})\\s+(?:over|to)\\s+(?:${LANGS})\\b`, 'i'), (m) => `prefers ${m[1]} for code`],
];

/** The answer-style preferences a sentence states ("The user prefers ..."); none for questions, tasks and frames. */
export function styleFindings(sentence: string): { text: string; conf: number }[] {
  const s = sentence.trim();
  // "if you can" / "if possible" is politeness, not a hypothetical frame
  if (/\?\s*$/.test(s)) return [];
  const out: { text: string; conf: number }[] = [];
  for (const [re, make] of RULES) {
    const m = re.exec(s);
    if (!m) continue;
    // the guards read up to the end of the preference's clause: a reason after it ("keep your answers short, I
    // read these on my phone") is no text at hand, while "for my report, use bullet points" is
    const clauseEnd = s.slice(m.index + m[0].length).search(/[,;:]|\s(?:because|since|as|cause|cos)\s/);
    // "write to me in formal English" is how to answer, not a text to write
    const framed = s.slice(0, clauseEnd < 0 ? s.length : m.index + m[0].length + clauseEnd).replace(MANNER_RE, ' ').replace(/\b(?:write|talk|speak)\s+to\s+me\b/gi, ' ');
    if (TASK_RE.test(framed) || FRAME_RE.test(framed.replace(POLITE_IF_RE, ''))) continue;
    out.push({ text: `The user ${make(m)}`, conf: 0.75 });
  }
  return out;
}
