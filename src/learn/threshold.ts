/** Former path, kept so existing imports still resolve: see ./model-selection/threshold.ts. */
export * from './model-selection/threshold.js';
