/** Statistics for comparing systems with people: classification, agreement, correlation, bootstrap. */
export * from './classification.js';
export * from './agreement.js';
export * from './correlation.js';
export * from './bootstrap.js';
export { seededRandom, shuffled } from '../util/random.js';
