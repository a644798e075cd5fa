/**
 * Informal typing the first-person patterns would otherwise miss, rewritten before they run:
 * - a dropped subject at the start of a clause ("Update: relocated to Utrecht", "been dealing with X for years",
 *   "living in Rotterdam these days", "turning 50 next month", "just adopted a greyhound"): "I" is put back,
 *   only before verbs that state something about the speaker (never before an imperative or a question);
 * - bulleted lists under a heading ("Things I'm into:\n- woodworking\n- board games") joined into one
 *   coordinated sentence, so the list is read as one object.
 * Both are single passes over the text (linear).
 */

import { MEDS } from './self-patterns.js';
import { ROLE_NOUNS } from './event-patterns.js';
import { DEMONYMS } from './vocabulary.js';

/** Labels and discourse words a clause may start with before its verb. */
const LEAD_RE = /^((?:(?:update|edit|fyi|ps|p\.s\.|btw|news|big news|quick update|small update|life update|update on me)\s*[:\-\u2013\u2014]\s*|(?:hi|hey|hiya|heya|hello|so|well|anyway|anyways|ok|okay|also|and|but|oh|yeah|yes|honestly|basically|so basically|lol|haha|finally|just|recently|officially|now|all|guess who|guess what)[\s,]+)*)/i;

/** Past-tense verbs of a life event: "relocated to", "adopted a", "got hired as", "retired in June". */
const PAST_RE = /^(?:moved|relocated|adopted|packed in|jacked in|(?:handed|put) (?:in )?my notice\b|voted|rescued|retired|took (?:early |voluntary )?retirement|graduated|got (?:hired|promoted|married|engaged|divorced|a (?:new )?job)|landed a (?:new )?job|started (?:a new job|working|my new job|an? (?:[\w-]+ ){0,2}?(?:class|classes|course|lessons|club|choir))\b|switched (?:jobs|careers|over to|to|from)|(?:went|gone) back to|came out\b|finished (?:my|uni|school|college)\b|cut out|quit|stopped|gave up|started (?:eating|drinking) (?:[\w-]+ ){1,2}?again\b|started (?:running|jogging|cycling|swimming|climbing|bouldering|lifting|boxing|dancing|knitting|crocheting|gardening|painting|baking)\b|sold (?:my|the|our)\b|got rid of (?:my|the|our)\b|(?:did|ran|finished|completed) (?:the|my) (?:[\w-]+ ){0,2}?(?:marathon|half|10k|5k|race|triathlon|ultra|swim|ride)\b|turned \d{1,3}\b|got the (?:[\w&-]+ ){1,4}?(?:job|role|position)\b|accepted (?:an? |the )(?:[\w-]+ ){0,3}?(?:job|offer|role|position)\b|took up|picked up|signed up (?:for|to)|registered for|left [\w&'.-]+(?: [\w&'.-]+)? (?:and|to) (?:join|joined|start|started)|(?:joined|started (?:at|with))\b(?=[^,.;!?]{1,60}\bas\b))\b/i;
/** Present-tense verbs typed without "I": "hate coriander", "love birdwatching", "work from home 3 days a week", "got a kitten", "got two kids", "cutting back on booze", "trying to get fitter". */
const PRESENT_RE = /^(?:work (?:from home|remotely|in|at|as|for|nights|days|weekends|shifts|night shifts|hybrid|part[- ]time|full[- ]time)\b|live (?:(?:alone|on my own|by myself) )?(?:in|near|outside|just outside) (?!(?:fear|hope|denial|the moment|the past|a bubble|peace|sin)\b)(?=[a-z])|(?:hate|love|adore|can't stand)\s+(?!(?:this|that|it|your|the|being|you|u)\b)|(?:just\s+|finally\s+|only\s+)?got (?:a|an|my|our|two|three|\d+)\s|got (?:about |around |over |nearly |almost )?[£$€]\d[\d,.]*k?\s+(?:on|in|of|left|saved|owing)\b|(?:love|hate|like|enjoy|adore)\s+(?!(?:this|that|it|your|the|being)\b)\w{3,}ing\b|(?:got|have)\s+(?:two|three|four|five|six|\d)\s+(?:(?:young|little|small|teenage|grown-up)\s+)?(?:kids|children|sons|daughters|boys|girls|lads|dogs|cats|grandkids|grandchildren)\b|(?:trying to |having to )?cut(?:ting)? (?:back|down) on\s|(?:trying|hoping|aiming|want) to (?:get (?:better|good|fitter|stronger|healthier|in shape)|learn)\b|play (?:the )?[\w-]+ in (?:a|an|my|our) (?:(?!(?:in|at|on|for|with|of|the)\b)[\w-]+ ){0,3}?(?:band|orchestra|choir|ensemble)\b|run (?:a|an|my|our) (?:(?!(?:in|at|on|for|with|of|the)\b)[\w-]+ ){0,3}?(?:business|shop|school|caf[eé]|salon|bakery|store|company|restaurant|pub|farm|stall|studio|gym|nursery|agency)\b|(?:trying|hoping|aiming) to (?:get into|bulk|bulk up|lose weight|put on weight|gain weight|cut down|quit|save up)\b)/i;
/** "on sertraline for depression", "uni student studying nursing in Glasgow": a state or a role typed without "I'm". */
const DIET_STATE_RE = /^(?:(?:mostly|fully|strictly|mainly|pretty much|basically)\s+)?(?:vegan|vegetarian|veggie|pescatarian|plant-based|(?:lactose|gluten|dairy|fructose)[- ]intolerant|coeliac|celiac|gluten-free|dairy-free|teetotal|tee-total)(?=\s*$|\s+(?:here|so|these days|now|nowadays|at home|for (?:\d+|a|two|three|years|months|ages|life)|most of the time|mostly|tbh|lol)\b)/i;
const BARE_PARTY_RE = /^(?:an?\s+)?(?:lifelong\s+|life-long\s+|die-?hard\s+|staunch\s+|loyal\s+)?(Tory|Labour|Lib Dem|Green|SNP|Conservative|Republican|Democrat)\b(?:\s+(?:voter|supporter|member))?\s*(?:through and through|all my life|always have been|since forever|here|voter|supporter|member|,|$)/;
/** "allergic to shellfish, found out the hard way": an allergy typed without "I'm" (not "allergic to that"). */
const ALLERGY_STATE_RE = /^(?:(?:very|severely|really|badly|seriously|quite)\s+)?allergic\s+to\s+(?!(?:it|that|this|them|those|these|something|stuff)\b)\w/i;
/** "now on 31k", "on about 28k": pay said without "I'm". */
const PAY_ON_RE = /^(?:now\s+)?on\s+(?:about\s+|around\s+|roughly\s+)?[$£€]?\s?\d[\d.,]*\s*(?:k|grand)\b/i;
const ON_MEDS_RE = new RegExp(`^on\\s+(?:a\\s+(?:low|high|small|new)\\s+dose\\s+of\\s+)?${MEDS}\\b`, 'i');
/** "starting sertraline next week", "going pescatarian now": a medicine or a diet begun, typed without "I'm". */
const BEGUN = `(?:(?:starting|going\\s+on)\\s+(?:on\\s+)?${MEDS}|going\\s+(?:fully\\s+)?(?:vegan|vegetarian|veggie|pescatarian|plant-based|gluten-free|dairy-free|teetotal))\\b`;
const BEGUN_RE = new RegExp(`^${BEGUN}`, 'i');
const BEGUN_AFTER_COMMA_RE = new RegExp(`^,\\s+(?:now\\s+)?${BEGUN}`, 'i');
const STARTED_LEARNING_RE = /^(?:just\s+)?(?:started|starting|start)\s+(?:to\s+learn|learning)\s+(?=\w)/i;
const PLAYING_RE = /^playing\s+(?:golf|tennis|football|footy|rugby|cricket|netball|hockey|squash|badminton|padel|pickleball|chess|bridge|darts|pool|snooker|bowls|p[ée]tanque|volleyball|basketball|baseball|softball|guitar|piano|drums|bass|violin|cello|ukulele|saxophone|sax|trumpet|flute|the (?:guitar|piano|drums|bass|violin|cello|ukulele|saxophone|sax|trumpet|flute))\b/i;
const RETIRED_ROLE_RE = new RegExp(`^retired\\s+(?:[\\w-]+\\s+)?(?:${ROLE_NOUNS})\\b`, 'i');
const ROLE_DOING_RE = new RegExp(`^(?:[\\w-]+\\s+){0,2}?(?:${ROLE_NOUNS})\\s+(?:studying|working|living|based)\\s`, 'i');
/** Present participles of an ongoing state: "living in", "working as", "turning 50". */
const ING_RE = /^(?:coming out|staying in\b|no longer (?:with|together|dating|seeing|an?|working|living|based)\b|not (?:an? )?[\w-]+(?: [\w-]+)? (?:any ?more|any longer)\b|living|working(?!\s+(?:mum|mom|dad|parent|mother|father)\b)|based|leaving|quitting|(?:moving|relocating|shifting)\s+to\s+(?=\p{Lu})|switching (?:over )?to|turning \d{1,3}\b|training for|studying(?!\s+for\b)|learning|currently living|currently working)\b/iu;

/** A skill level said without a subject: "total beginner at chess", "complete novice with sourdough". */
const SKILL_LABEL_RE = /^(?:an?\s+)?((?:total|complete|absolute|relative|bit of a)\s+)?(?:beginner|novice|newbie)\s+(?:at|with|in)\s+(?=\w)/i;
/** "American living in Berlin", "Brit based in Madrid": a nationality with the place lived in. */
const DEMONYM_LIVING_RE = /^(?:an?\s+)?([A-Z][a-z]+(?:an|ian|ese|ish|ch|er|ie|ard)|Brit|Scot|Kiwi|Aussie|Swiss|Thai)\s+(?:living|based|working)\s+in\s+(?=\p{Lu})/u;
/** The same typed in lower case or after "as": "as an american living in japan, do I ...". */
const DEMONYM_LIVING_CI_RE = new RegExp(`^(?:as\\s+)?(?:an?\\s+)?(?:${DEMONYMS})\\s+(?:living|based|working)\\s+in\\s+(?=\\p{L})`, 'iu');

/** Puts the dropped "I" back at the start of a clause: "relocated to Utrecht" -> "I relocated to Utrecht". */
export function restoreSubject(clause: string): string {
  const lead = LEAD_RE.exec(clause)?.[1] ?? '';
  const rest = clause.slice(lead.length);
  if (!rest || /^(?:I|I'm|I've|I'd|we|we're|we've)\b/i.test(rest)) return clause;
  const low = rest[0]!.toLowerCase() + rest.slice(1);
  if (/^been\s+\w+/i.test(rest)) return `${lead}I've ${low}`;
  // "retired postie here in Fife": "retired" before a role is its adjective (the bare role is read as one)
  if (PAST_RE.test(rest) && !RETIRED_ROLE_RE.test(rest)) return `${lead}I ${low}`;
  // "playing golf 3 times a week", "started learning veena", "I start to learn python": a pastime or study, as "I play" / "I'm learning" read
  if (PLAYING_RE.test(rest)) return `${lead}I play ${rest.replace(/^playing\s+/i, '')}`;
  const learning = STARTED_LEARNING_RE.exec(rest);
  if (learning) return `${lead}I'm learning ${rest.slice(learning[0].length)}`;
  // "trying to learn spanish", "cutting back on booze" take "I'm" ("I trying to learn" read as nothing)
  if (PRESENT_RE.test(rest)) return `${lead}I${/^got\b/i.test(rest) ? "'ve" : /^(?:trying|hoping|aiming|having|cutting)\b/i.test(rest) ? "'m" : ''} ${low}`;
  // "lactose intolerant so ...", "mostly plant-based these days": a diet or intolerance said as a bare state
  if (DIET_STATE_RE.test(rest) || ALLERGY_STATE_RE.test(rest)) return `${lead}I'm ${low}`;
  // "on sertraline", "starting metformin next week", "going pescatarian now"
  if (ON_MEDS_RE.test(rest) || BEGUN_RE.test(rest)) return `${lead}I'm ${low}`;
  // "doing keto since january": a diet kept, read as "I've been doing keto"
  if (/^doing\s+(?:keto|paleo|whole30|atkins|intermittent fasting|slimming world|weight watchers|low[- ]carb)\b/i.test(rest)) return `${lead}I've been ${low}`;
  // "starting as a mid-level dev at Booking next month" after "I got a new job!": the new job
  if (/^(?:just\s+)?starting\s+(?:as|at)\s+\S/i.test(rest)) return `${lead}I'm ${low}`;
  // "Tory through and through", "lifelong Labour voter": a party the user votes for, typed without "I"
  const party = BARE_PARTY_RE.exec(rest);
  if (party) return `${lead}I vote ${party[1]}`;
  // "originally from Poland": where the user comes from
  if (/^originally\s+from\s+\p{Lu}/u.test(rest)) return `${lead}I'm ${low}`;
  if (PAY_ON_RE.test(rest)) return `${lead}I'm ${low}`;
  // a comma ends the role, as it ends a job ("..., 2nd yr, skint af" is no list of roles)
  if (ROLE_DOING_RE.test(rest)) {
    // "as a nurse living in Leeds": the frame and its article go, the role stays
    const role = low.replace(/^(?:as\s+)?(?:an?\s+)?/i, '').replace(/,.*$/, '');
    return `${lead}I'm ${/^(?:[aeio]|u(?!ni|s[eu]))/i.test(role) ? 'an' : 'a'} ${role}`;
  }
  // "total beginner at chess": a verbless self-description
  // "(as an) American living in Japan": the nationality and the home, each a fact of its own
  const demonym = DEMONYM_LIVING_RE.test(rest) || DEMONYM_LIVING_CI_RE.test(rest) ? /^(?:as\s+)?(?:an?\s+)?(.+?)\s+(living|based|working)\s+in\s+/i.exec(rest) : null;
  if (demonym) return `${lead}I'm ${demonym[1]}, I ${demonym[2] === 'working' ? 'work' : 'live'} in ${rest.slice(demonym[0].length).replace(/\s*,.*$/, '').replace(/\s+here\b.*$/i, '')}`;
  if (SKILL_LABEL_RE.test(rest)) {
    const bare = rest.replace(/^(?:as\s+)?an?\s+/i, '').replace(/\s*,.*$/, '').replace(/\s+here\b/i, '');
    return `${lead}I'm ${/^(?!uni|use|eu|one)[aeiou]/i.test(bare) ? 'an' : 'a'} ${bare}`;
  }
  if (ING_RE.test(rest)) return `${lead}I'm ${low}`;
  return clause;
}

/** A life event typed without "I" after a comma: "I'm from India, moved to London for my masters", "I've stopped eating meat, going pescatarian". */
const DROPPED_EVENT_RE = new RegExp(`,\\s+(?=(?:then\\s+|just\\s+|recently\\s+|now\\s+)?(?:staying in (?=[a-z])|(?:moved|relocated|graduated|retired|got (?:hired|married|engaged|promoted|a (?:new )?job)|started (?:a new job|working|at|with)|joined)\\b|${BEGUN}))`, 'i');

/** "... but (now) working as / living in / based in": the present after an origin. */
const BUT_NOW_RE = /\s+but\s+(?:now\s+)?(?=(?:working|living|based|studying)\s+(?:as|in|at|near|outside)\b|doing\s+(?:my|a|an)\s)/i;

/** Splits a clause where a life event without its "I" follows a comma, so each part is read on its own. */
export function splitDroppedSubject(clause: string): string[] {
  // "I'm from Cebu but working as a nurse in Dubai": where the user is now, typed after "but" without its "I"
  const but = clause.search(BUT_NOW_RE);
  if (but > 0 && !/^[^,.;!?]*\b(?:is|was|are|were)\b/i.test(clause.slice(but)) && /(?:\b(?:I|I'm|im|I am)\s+|^\W*)(?:originally\s+)?from\b/i.test(clause.slice(0, but))) return [clause.slice(0, but), clause.slice(but).replace(/^\s*but\s+(?:now\s+)?/i, '')];
  const at = clause.search(DROPPED_EVENT_RE);
  if (at < 0 || !(/\b(?:I|I'm|we|we're)\b/i.test(clause.slice(0, at)) || BEGUN_AFTER_COMMA_RE.test(clause.slice(at)))) return [clause];
  return [clause.slice(0, at), clause.slice(at).replace(/^,\s+/, '')];
}

/** "I graduated in May and started as a lab technician": the second verb of a restored clause gets its own "I". */
export function secondVerbSubject(clause: string): string {
  return clause.replace(/^((?:[^,;]{0,30}?\s)?I\s[^,;]{0,80}?)\s+and\s+(?:then\s+)?(?=(?:started|joined|began|got hired)\s+(?:as|at|with|an?|the)\s)/, '$1 and I ');
}

const BULLET_LINE_RE = /^\s*(?:[-*\u2022\u25aa\u2023]|\d{1,2}[.)])\s+(\S.*?)\s*$/;

/**
 * "Things I'm into:\n- woodworking\n- board games\n- trail running" -> "Things I'm into: woodworking, board games
 * and trail running." A heading line ending in a colon followed by two or more bullet lines; other text is kept.
 */
export function joinBulletLists(text: string): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i]!;
    if (!/:\s*$/.test(head)) {
      out.push(head);
      continue;
    }
    const items: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const m = BULLET_LINE_RE.exec(lines[j]!);
      if (!m || /[.!?]\s*\S/.test(m[1]!) || m[1]!.split(/\s+/).length > 8) break;
      items.push(m[1]!.replace(/[.;,]+$/, ''));
    }
    if (items.length < 2) {
      out.push(head);
      continue;
    }
    out.push(`${head.trimEnd()} ${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}.`);
    i = j - 1;
  }
  return out.join('\n');
}

/** A taste used as a label at the start of a sentence: "love: jazz, sci-fi. can't stand: cilantro". */
const LABEL_RE = /(^|[.!?;\n]\s*)(?:(?:things\s+)?I\s+)?(loves?|likes?|enjoys?|hates?|dislikes?|can't stand|cannot stand|avoids?|into|not into)\s*[:\-\u2013\u2014]\s*(?=\S)/gi;

/** "love: spicy food, jazz" -> "I love spicy food, jazz" (one pass, linear). */
export function labelLists(text: string): string {
  return text.replace(LABEL_RE, (_m, lead: string, verb: string) => {
    const v = verb.toLowerCase();
    const base = v === 'into' ? "I'm into" : v === 'not into' ? "I'm not into" : `I ${/^(?:loves|likes|enjoys|hates|dislikes|avoids)$/.test(v) ? v.slice(0, -1) : v}`;
    return `${lead}${base} `;
  });
}
