/**
 * Facts whose object is in the sentence before: "are there nuts in pesto? I'm allergic" (allergic to nuts), "can you
 * eat prawns if you're allergic to shellfish? asking because I am" (allergic to shellfish). Bounded, linear regexes.
 */
import { LEAD_GUARD_RE } from './vocabulary.js';

const ALLERGENS = 'tree nuts|pine nuts|peanuts|nuts|cashews|almonds|walnuts|hazelnuts|pistachios|shellfish|prawns|shrimp|crab|lobster|seafood|fish|gluten|wheat|dairy|milk|lactose|eggs|egg|soy|soya|sesame|mustard|celery|lupin|penicillin|latex|bee stings|wasp stings|cats|dogs|pollen|strawberries|kiwi';
const ALLERGEN_RE = new RegExp(`\\b(${ALLERGENS})\\b`, 'i');
const ALLERGIC_TO_RE = new RegExp(`\\ballergic\\s+to\\s+(${ALLERGENS})\\b`, 'i');
/** "I'm allergic", "I'm really allergic lol" with no object of its own. */
const BARE_ALLERGIC_RE = /\bI(?:'m| am)\s+(?:(?:very|severely|really|so|quite|super|badly|deathly|seriously)\s+)?allergic\b(?!\s+to\b)/i;
/** "asking because I am", "cos I am lol": an elliptic "I am" that takes the predicate of the question before. */
const ELLIPTIC_AM_RE = /\b(?:because|cause|cos|coz|since|as)\s+I\s+am\b(?=\s*(?:$|[,.!;)]|and\b|lol\b|haha\b|tbh\b|too\b|myself\b))/i;

/** An allergy said with its object in the previous sentence, or null. */
export function allergyFromContext(sentence: string, previous: string | undefined): { text: string; conf: number; kind: string } | null {
  if (!previous) return null;
  const bare = BARE_ALLERGIC_RE.exec(sentence);
  const elliptic = bare ? null : ELLIPTIC_AM_RE.exec(sentence);
  const m = bare ?? elliptic;
  if (!m || LEAD_GUARD_RE.test(sentence.slice(0, m.index))) return null;
  // the elliptic "I am" only answers a question about being allergic; a bare "I'm allergic" takes a food named before
  const food = (ALLERGIC_TO_RE.exec(previous) ?? (bare ? ALLERGEN_RE.exec(previous) : null))?.[1];
  return food ? { text: `The user is allergic to ${food.toLowerCase()}`, conf: 0.8, kind: 'allergy' } : null;
}
