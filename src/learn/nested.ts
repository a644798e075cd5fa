/** Former path, kept so existing imports still resolve: see ./model-selection/cross-validate.ts. */
export * from './model-selection/cross-validate.js';
export { chooseThresholdInRate } from './model-selection/threshold.js';
