/** The seeded PRNG lives in util/ (every layer may use it); this re-export keeps `attune/metrics`' names. */
export { seededRandom, shuffled } from '../util/random.js';
