import { cutPrompt, PROMPT_MAX_CHARS } from '../../model/prompt.js';
import { cosine, embedUnique, type Embedder } from '../../embed/embedder.js';
import { DOMAINS, IN_A_PLACE, LIVES_SOMEWHERE, SETTING_CUES, type Domain } from './domains.js';
import { isHedged, isImpersonal, isShortWriting, isStylePreference, isTonePreference, requestKind } from './request-kind.js';
import type { Selection, SelectionPair, Selector } from './selector.js';
import { tokenize } from '../../util/tokenize.js';

/**
 * Knobs of the default selector. The defaults were chosen on the self-written tuning set
 * (examples/select-tuning) only; see docs/stage2-selector.md ("The label-free default").
 */
export interface DefaultSelectorOptions {
  /** Minimum score to select (default 0.5: chosen on the self-written tuning set's pilot-style part, see docs/stage2-selector.md, design 21). */
  threshold?: number;
  /** Weight of the topic match (request domain x attribute domain) (default 0.45). */
  topicWeight?: number;
  /** Weight of the attribute's standing within its own profile for this request (z-score / 3, capped at 1; default 0.6). */
  relativeWeight?: number;
  /** Weight of the raw cosine of request and attribute (default 0.4). */
  cosineWeight?: number;
  /** Score of an answer-style preference on any request (default 0.6; 0 to treat style like any fact). */
  styleScore?: number;
  /**
   * 'absolute' (default): score >= threshold. 'relative': score >= threshold and the score stands `zCut`
   * standard deviations above the mean score of the user's other (non-style) attributes for this request.
   */
  cut?: 'absolute' | 'relative';
  zCut?: number;
  /** Whether style preferences count against the per-request cap (default false). */
  capStyle?: boolean;
  /** At most this share of the profile per request, at least `minCap` (default 0.2 and 2; 0.15 until design 21). */
  capShare?: number;
  minCap?: number;
  /** Factor for hedged attributes ("may be interested in ...", default 1 since design 21: LLM-inferred profiles hedge most of what they say; 0.85 before). */
  hedgedFactor?: number;
  /** Use the attribute's confidence (score x (0.5 + confidence / 2)) when the profile has one (default true). */
  useConfidence?: boolean;
  /** Cosine ramps for the example sentences: [low, high] mapped to 0..1. */
  requestRamp?: readonly [number, number];
  attributeRamp?: readonly [number, number];
  promptMaxChars?: number;
  /** Without a topic match, an attribute is selected only if its cosine with the request reaches this (default 0.3; design 17). */
  minCosineWithoutTopic?: number;
  /** A content word shared by request and attribute ("jazz") counts as a full topic match (default true). */
  sharedWords?: boolean;
  /** Also treat tone and communication preferences ("values honesty and directness", "likes humour") and the user's level of English as answer-style preferences (design 18; default true). */
  broadStyle?: boolean;
  /**
   * Expected count per open request (design 19): fill up to round(fillShare x profile size) life facts with the best
   * scores that reach `fillFloor`, below the threshold; never a fact with no topic in common and a low cosine
   * (default 0.1 and 0.38; 0 turns it off).
   */
  fillShare?: number;
  fillFloor?: number;
  /**
   * A fact that names a domain by keyword for a request that names the same domain by keyword ("has three kids" for
   * "a rainy Saturday with the family") scores at least this before its confidence (design 31; 0 turns it off): a long
   * fact's low cosine had left such plain topic matches under the cut.
   */
  keywordFloor?: number;
  name?: string;
}

export interface DefaultSelection extends Selection {
  why: string;
}

/**
 * The default stage-2 selector, label-free: the kind of request (fact look-ups, arithmetic, translation and
 * code explanation take no personal facts), topic match between the request and the attribute's life domain
 * (diet -> food, home city -> local plans, family -> gifts and activities, ...), the attribute's cosine with the
 * request relative to the rest of the user's profile, answer-style and tone preferences applying broadly, the
 * attribute's confidence, a cap of a few attributes per request, and an expected count for open requests (the
 * best few life facts are taken even below the cut). Needs no fit; the score of each pair is in 0..~1.5.
 */
export class DefaultSelector implements Selector {
  readonly name: string;
  readonly protocol = 'label-free rule';
  readonly threshold: number;
  private readonly o: Required<Omit<DefaultSelectorOptions, 'name' | 'threshold'>>;
  private examples?: Promise<Map<string, Float32Array>>;
  private readonly attributeFeatures = new WeakMap<Float32Array, AttributeFeatures>();

  constructor(
    private readonly embedder: Embedder,
    opts: DefaultSelectorOptions = {},
  ) {
    this.name = opts.name ?? 'default';
    this.threshold = opts.threshold ?? 0.5;
    this.o = {
      topicWeight: opts.topicWeight ?? 0.45,
      relativeWeight: opts.relativeWeight ?? 0.6,
      cosineWeight: opts.cosineWeight ?? 0.4,
      styleScore: opts.styleScore ?? 0.6,
      capStyle: opts.capStyle ?? false,
      cut: opts.cut ?? 'absolute',
      zCut: opts.zCut ?? 1,
      capShare: opts.capShare ?? 0.2,
      minCap: opts.minCap ?? 2,
      hedgedFactor: opts.hedgedFactor ?? 1,
      useConfidence: opts.useConfidence ?? true,
      requestRamp: opts.requestRamp ?? [0.3, 0.6],
      attributeRamp: opts.attributeRamp ?? [0.4, 0.7],
      promptMaxChars: opts.promptMaxChars ?? PROMPT_MAX_CHARS,
      sharedWords: opts.sharedWords ?? true,
      minCosineWithoutTopic: opts.minCosineWithoutTopic ?? 0.3,
      broadStyle: opts.broadStyle ?? true,
      fillShare: opts.fillShare ?? 0.1,
      fillFloor: opts.fillFloor ?? 0.38,
      keywordFloor: opts.keywordFloor ?? 0.75,
    };
  }

  async select(pairs: SelectionPair[]): Promise<DefaultSelection[]> {
    // The example sentences are embedded once per selector; a failed attempt is retried on the next call.
    const examples = await (this.examples ??= embedUnique(this.embedder, DOMAINS.flatMap((d) => [...d.request.examples, ...d.attribute.examples])).catch((e: unknown) => {
      this.examples = undefined;
      throw e;
    }));
    const side = (s: Domain['request'], text: string, v: Float32Array, ramp: readonly [number, number]): number => domainMatch(s, text, v, examples, ramp);
    const prompts = pairs.map((p) => cutPrompt(p.promptText, this.o.promptMaxChars));
    // Each request is scored against the whole profile of its user (the pairs' profile when given, else the pairs).
    const groups = new Map<string, number[]>();
    pairs.forEach((p, i) => {
      const key = `${p.userId}\u0000${prompts[i]}`;
      const g = groups.get(key);
      if (g) g.push(i);
      else groups.set(key, [i]);
    });
    const texts = new Set<string>(prompts);
    for (const p of pairs) {
      texts.add(unnamed(p.attribute));
      for (const a of p.profile?.attributes ?? []) texts.add(unnamed(a.text));
    }
    const vec = await embedUnique(this.embedder, texts);
    const featuresOf = (a: string): AttributeFeatures => {
      // What a fact is, apart from any request, keyed by its vector object: a cached embedder hands back the same one
      // for the same text, and the entry goes when the vector does (no user text is kept here).
      const v = vec.get(unnamed(a))!;
      let f = this.attributeFeatures.get(v);
      if (!f) {
        // A fact that names its domain outright ("works as a software developer": work) is about that domain; its
        // likeness to another domain's example sentences (the same "The user ..." shape) stays below a topic match.
        const named = DOMAINS.map((dom) => dom.attribute.keywords.test(a));
        // (an age names the age domain, but it is no topic of its own: it keeps its likeness to the others)
        const any = named.some((n, k) => n && DOMAINS[k]!.name !== 'age');
        // A job is a work fact: the trade it names ("a line cook at a tapas place", "works at a guitar shop") does not
        // make the user a hobbyist of it, so "what should I cook tonight?" or "a song to practise" does not take it.
        const job = isJobFact(a);
        f = {
          domains: DOMAINS.map((dom, k) => {
            const x = side(dom.attribute, a, v, this.o.attributeRamp);
            return (any && !named[k]) || (job && LEISURE.has(dom.name)) ? Math.min(x, 0.49) : x;
          }),
          named: named.map((n, k) => n && !(job && LEISURE.has(DOMAINS[k]!.name))),
          trade: named.map((n, k) => n && job && LEISURE.has(DOMAINS[k]!.name)),
          style: isStylePreference(a) || (this.o.broadStyle && isTonePreference(a)),
          shapesAnyText: shapesAnyText(a),
          hedged: isHedged(a),
          words: tokenize(unnamed(a)),
          incidentalPlace: IN_A_PLACE.test(a) && !LIVES_SOMEWHERE.test(a),
        };
        this.attributeFeatures.set(v, f);
      }
      return f;
    };
    const out: DefaultSelection[] = new Array(pairs.length);
    for (const idx of groups.values()) {
      const first = pairs[idx[0]!]!;
      const prompt = prompts[idx[0]!]!;
      const vp = vec.get(prompt)!;
      const profileTexts = first.profile?.attributes.length ? [...new Set([...first.profile.attributes.map((a) => a.text), ...idx.map((i) => pairs[i]!.attribute)])] : idx.map((i) => pairs[i]!.attribute);
      const confidence = new Map(first.profile?.attributes.map((a) => [a.text, a.confidence]) ?? []);
      const { req, reqNamed } = requestDomains(prompt, (s, text) => side(s, text, vp, this.o.requestRamp));
      const scored = this.scoreProfile(prompt, vp, req, reqNamed, profileTexts, vec, featuresOf, confidence);
      const cap = Math.max(this.o.minCap, Math.round(this.o.capShare * profileTexts.length));
      const facts = [...scored.values()].filter((s) => !s.style).map((s) => s.score);
      const m = facts.reduce((a, x) => a + x, 0) / (facts.length || 1);
      const sd = Math.sqrt(facts.reduce((a, x) => a + (x - m) ** 2, 0) / (facts.length || 1)) || 1;
      const minimum = this.o.cut === 'relative' ? (s: Scored): boolean => s.style === true || (s.score - m) / sd >= this.o.zCut : (): boolean => true;
      const above = [...scored.values()].filter((s) => s.score >= this.threshold && minimum(s));
      // the cap takes facts the request names by keyword first (design 33), then the rest, each by score
      const capped = above.filter((s) => this.o.capStyle || !s.style).sort((a, b) => Number(b.keyword ?? false) - Number(a.keyword ?? false) || b.score - a.score);
      const chosen = new Set([...capped.slice(0, cap), ...above.filter((s) => !this.o.capStyle && s.style)].map((s) => s.text));
      // a small profile still gets one slot (design 27): round(0.1 x 4) had left profiles under five facts none
      const fill = Math.max(profileTexts.length >= 2 ? 1 : 0, Math.round(this.o.fillShare * profileTexts.length));
      if (fill > 0 && requestKind(prompt) === 'open') {
        const extra = [...scored.values()].filter((s) => !s.style && !s.far && !chosen.has(s.text) && s.score >= this.o.fillFloor).sort((a, b) => b.score - a.score);
        let have = [...chosen].filter((t) => !scored.get(t)!.style).length;
        for (const s of extra) {
          if (have >= fill) break;
          chosen.add(s.text);
          have++;
        }
      }
      for (const i of idx) {
        const s = scored.get(pairs[i]!.attribute)!;
        const relevant = chosen.has(s.text);
        const why = relevant ? (s.score < this.threshold && !s.style ? `${fill === 1 ? 'the best life fact' : `one of the ${fill} best life facts`} for an open request: ${s.why}` : s.why) : s.score >= this.threshold ? `${s.why}; over the cap of ${cap} for this request` : s.score > 0 ? `below the cut: ${s.why}` : s.why;
        out[i] = { relevant, score: s.score, why };
      }
    }
    return out;
  }

  private scoreProfile(
    prompt: string,
    vp: Float32Array,
    req: readonly number[],
    reqNamed: readonly boolean[],
    attributes: readonly string[],
    vec: Map<string, Float32Array>,
    featuresOf: (a: string) => AttributeFeatures,
    confidence: Map<string, number | undefined>,
  ): Map<string, Scored> {
    const kind = requestKind(prompt);
    const impersonal = isImpersonal(kind);
    const cos = attributes.map((a) => cosine(vp, vec.get(unnamed(a))!));
    const promptWords = this.o.sharedWords ? new Set(tokenize(otherSense(prompt)).filter((t) => !GENERIC.has(t))) : new Set<string>();
    const otherSenses = otherSenseWords(prompt);
    const placesIn = [...prompt.matchAll(PLACE_IN)].map((m) => m[1]!).filter((p) => !NOT_PLACES.test(p));
    const mean = cos.reduce((s, x) => s + x, 0) / cos.length;
    const sd = Math.sqrt(cos.reduce((s, x) => s + (x - mean) ** 2, 0) / cos.length) || 1;
    const out = new Map<string, Scored>();
    attributes.forEach((a, i) => {
      const f = featuresOf(a);
      if (f.style && this.o.styleScore > 0) {
        // a wish about code ("code in code blocks", "TypeScript for code") shapes only answers with code in them
        const applies = kind !== 'translation' && kind !== 'arithmetic' && ((!isShortWriting(prompt) && kind !== 'writing-for-others') || f.shapesAnyText)
          && (!CODE_ONLY_STYLE.test(a) || CODE_REQUEST.test(prompt));
        out.set(a, applies
          ? { text: a, score: this.o.styleScore, why: 'answer-style preference', style: true }
          : { text: a, score: 0, why: `answer-style preference; a ${isShortWriting(prompt) || kind === 'writing-for-others' ? 'short piece of writing' : kind} has no explanation to shape`, style: true });
        return;
      }
      if (impersonal) {
        out.set(a, { text: a, score: 0, why: `${kind} request: personal facts do not change the answer` });
        return;
      }
      // a fact that only ends in a place ("a trainee at a law firm in Leeds") is a place fact for a request that names
      // the place ("near me", "my city"), not for one that merely resembles a local plan
      // a request about somewhere else ("the weather in Tokyo", "restaurants in Lisbon") is not about the place the user lives
      const elsewhere = placesIn.length > 0 && !placesIn.some((p) => a.includes(p));
      const ad = (f.incidentalPlace && !reqNamed[PLACE]) || elsewhere ? f.domains.map((x, d) => (d === PLACE ? Math.min(x, 0.49) : x)) : f.domains;
      let topic = 0;
      let best = -1;
      ad.forEach((x, d) => {
        const t = x * req[d]!;
        if (t > topic) [topic, best] = [t, d];
      });
      // a number is no topic: "12 yrs" of nursing and a "12 hour" shift share nothing
      const shared = promptWords.size ? f.words.find((t) => promptWords.has(t) && !GENERIC.has(t) && !/^\d+$/.test(t)) : undefined;
      if (shared !== undefined && topic < 1) [topic, best] = [1, -1];
      // One attribute is the top of its profile, as the better of two is (z = 1 there).
      const z = cos.length === 1 ? 1 : (cos[i]! - mean) / sd;
      const rel = Math.min(1, Math.max(0, z / 3));
      let score = this.o.topicWeight * topic + this.o.relativeWeight * rel + this.o.cosineWeight * Math.max(0, cos[i]!);
      // Standing out in a small profile is not relevance: with no topic in common, the request must also be close.
      // A job's own trade asked about as a pastime ("a line cook" for "what should I cook tonight?") is not the answer's
      // subject either: the request names the leisure domain that the job merely works in.
      // a fact whose word the request uses in its other sense is no nearer for the likeness of that word
      const far = (topic < 0.5 && (cos[i]! < this.o.minCosineWithoutTopic || otherSenses.some((r) => r.test(a)))) || f.trade.some((t, d) => t && reqNamed[d] && !f.named.some((n, e) => n && reqNamed[e]));
      const byKeyword = f.named.findIndex((n, d) => n && reqNamed[d]);
      // only for open requests: an explanation ("explain how a mortgage works") keeps its plain topic score
      if (byKeyword >= 0 && kind === 'open' && this.o.keywordFloor > 0 && score < this.o.keywordFloor) {
        score = this.o.keywordFloor;
        best = byKeyword;
        topic = Math.max(topic, 1);
      }
      if (far) score = Math.min(score, this.threshold * 0.99);
      if (f.hedged) score *= this.o.hedgedFactor;
      const c = confidence.get(a);
      if (this.o.useConfidence && c !== undefined) score *= 0.5 + c / 2;
      const why = topic >= 0.5 && best >= 0
        ? `matches request topic: ${DOMAINS[best]!.name}`
        : topic >= 0.5 && shared !== undefined ? `shares the word "${shared}" with the request`
        : z >= 1.5 ? `close in meaning to the request (stands out in the profile, z ${z.toFixed(1)})` : 'no topic match with the request';
      out.set(a, { text: a, score, why, ...(far ? { far } : {}), ...(byKeyword >= 0 && kind === 'open' && this.o.keywordFloor > 0 ? { keyword: true } : {}) });
    });
    return out;
  }
}

/** Answer-style wishes about code only, and the requests that have code in their answer. */
const CODE_ONLY_STYLE = /\bcode blocks?\b|\bfor code\b/i;
const CODE_REQUEST = DOMAINS.find((d) => d.name === 'code')!.request.keywords;
/** A named place a request happens in: "in Tokyo", "around Lisbon" (case-sensitive; months, days and languages are not places). */
const PLACE_IN = /\b(?:in|around|near) (\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)/gu;
const NOT_PLACES = /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|English|French|Spanish|German|Italian|Portuguese|Dutch|Polish|Japanese|Chinese|Mandarin|Korean|Arabic|Hindi|Welsh|Irish|Python|Java|Excel|Word|Go)\b/;
const WORK = DOMAINS.find((d) => d.name === 'work')!;
const PLACE = DOMAINS.findIndex((d) => d.name === 'place');

/**
 * How well a request fits each domain, and which domains it names by keyword. A setting cue ("on Sunday", "to work",
 * "the office") names its domain only when the request names no subject of its own: "easy dinner I can batch cook on
 * Sunday" is about food, so a job in a city is not taken for it as a place fact.
 */
function requestDomains(prompt: string, fit: (side: Domain['request'], text: string) => number): { req: number[]; reqNamed: boolean[] } {
  prompt = otherSense(prompt);
  const bare = Object.values(SETTING_CUES).reduce((t, s) => t.replace(s.cue, ' '), prompt);
  const namedBare = (name: string): boolean => DOMAINS.some((d) => d.name === name && d.request.keywords.test(bare));
  const req: number[] = [];
  const reqNamed: boolean[] = [];
  for (const d of DOMAINS) {
    const named = d.request.keywords.test(prompt);
    const setting = SETTING_CUES[d.name];
    if (named && setting && !d.request.keywords.test(bare) && setting.subject(bare, (n) => n !== d.name && namedBare(n))) {
      req.push(Math.min(fit(d.request, bare), 0.49));
      reqNamed.push(false);
    } else {
      req.push(fit(d.request, prompt));
      reqNamed.push(named);
    }
  }
  return { req, reqNamed };
}

/**
 * Words with a second sense, and the context that shows the request means that one: Java coffee beans are not the
 * language, bass fishing is not the instrument, a python in a vivarium is not the code. In such a request the word
 * names neither a domain nor a shared topic.
 */
const OTHER_SENSES: readonly (readonly [RegExp, RegExp])[] = [
  [/\bjava\b/gi, /\b(?:coffee|beans?|espresso|roast|island|indonesia)\b/i],
  [/\bbass\b/gi, /\b(?:fish(?:ing)?|lures?|angl(?:ing|er)|largemouth|smallmouth|sea bass|fillets?)\b/i],
  [/\bpython\b/gi, /\b(?:snakes?|reptiles?|vivarium|enclosure)\b/i],
  [/\b(?:mouse|mice)\b/gi, /\b(?:scroll(?: wheel)?|click(?:s|ing)?|cursor|wireless|bluetooth|usb|mouse ?pad|dpi|laptop|computer|pc|trackpad|keyboard|gaming mouse)\b/i],
  [/\bjaguars?\b/gi, /\b(?:in the wild|wild|big cats?|animals?|rainforest|prey|jungle|habitat|species|zoo)\b/i],
  [/\bcranes?\b/gi, /\b(?:birds?|migrat\w*|wetlands?|flocks?|species|origami|paper cranes?|nests?|nesting)\b/i],
  [/\bapple\b/gi, /\b(?:apple (?:watch|id|pay|tv|music|store|pencil)|iphone|ipad|macbook|mac\b|airpods|icloud|app store)\b/i],
  [/\bdrive\b/gi, /\b(?:golf|slic(?:e|es|ing)|hook(?:s|ing)?|tee\b|tee shots?|fairways?|handicap|swing|iron shots?|putt(?:s|ing)?)\b/i],
  [/\bsquash\b/gi, /\b(?:butternut|soup|roast(?:ed)?|pumpkin|courgettes?|zucchini|spaghetti squash|acorn squash|recipe|risotto|vegetables?)\b/i],
  [/\brust\b/gi, /\b(?:car|bike|chain|metal|iron|steel|railings?|tools?|bodywork)\b/i],
];
const otherSense = (prompt: string): string => OTHER_SENSES.reduce((p, [word, context]) => (context.test(p) ? p.replace(word, ' ') : p), prompt);
/** The words a request uses in their other sense ("squash" in a butternut squash soup): a fact that has them is far from it. */
const otherSenseWords = (prompt: string): RegExp[] =>
  OTHER_SENSES.filter(([word, context]) => context.test(prompt) && new RegExp(word.source, 'i').test(prompt)).map(([word]) => new RegExp(word.source, 'i'));

/**
 * A fact without the names in it ("The user has a terrier named Pepper" -> "The user has a terrier"), for its meaning:
 * a name is not a topic, so "how much black pepper goes in a carbonara?" does not take the dog.
 */
const NAMED = /,?\s*\b(?:named|called)\s+\p{Lu}[\p{L}'-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}'-]*)*/gu;
const unnamed = (a: string): string => a.replace(NAMED, '');
const LEISURE = new Set(['food', 'music', 'reading', 'screen', 'audio', 'games', 'free time', 'garden']);
/** A fact about the user's job ("is a line cook at ...", "works at a guitar shop"), not about what they do for fun. */
const isJobFact = (a: string): boolean => WORK.attribute.keywords.test(a) && !/\b(?:hobby|hobbies|for fun|spare time|free time|weekends?|loves?|enjoys?|plays?|learning|lessons?|took up|taking up)\b/i.test(a);

/** Stems too common in "The user ..." attributes or requests to signal a shared topic. */
const GENERIC = new Set(
  'user use like love enjoy interest prefer want need make get good new time work way thing year day help know think look find give take go come try well much many one two first last best lot often usual general specif possibl learn cut keep old daili weekli'.split(' '),
);

interface AttributeFeatures {
  /** How well the fact fits each domain's attribute side, 0..1. */
  domains: number[];
  /** The domains the fact names by keyword (a job's trade excepted). */
  named: boolean[];
  /** The leisure domains a job fact names only as its trade ("line cook": food). */
  trade: boolean[];
  /** An answer-style or tone preference (applies broadly). */
  style: boolean;
  shapesAnyText: boolean;
  hedged: boolean;
  words: string[];
  /** Ends in a place without saying the user lives there ("a trainee at a law firm in Leeds"). */
  incidentalPlace: boolean;
}

interface Scored {
  text: string;
  score: number;
  why: string;
  /** Named by keyword in a domain the open request names by keyword: first in the cap. */
  keyword?: boolean;
  style?: boolean;
  /** No topic in common and a low cosine: never selected, not even to fill the expected count. */
  far?: boolean;
}

/** How well a text fits one side of a domain, 0..1: a keyword hit counts fully, else the best example cosine on a ramp. */
function domainMatch(side: Domain['request'], text: string, v: Float32Array, examples: Map<string, Float32Array>, ramp: readonly [number, number]): number {
  if (side.keywords.test(text)) return 1;
  let m = -1;
  for (const e of side.examples) m = Math.max(m, cosine(v, examples.get(e)!));
  return Math.min(1, Math.max(0, (m - ramp[0]) / (ramp[1] - ramp[0])));
}

/** Preferences about the surface of any text (emojis, spelling, the language), which a short message or poem has too. */
const shapesAnyText = (attribute: string): boolean =>
  /\b(?:emojis?|emoticons?|exclamation marks?)\b|\b(?:british|american) (?:spelling|english)\b|\bformal (?:english|register|language)\b|\baddressed formally\b|\b(?:in|into) (?:spanish|french|german|portuguese|italian|dutch|polish|japanese|chinese|korean|arabic|hindi)\b/i.test(attribute);
