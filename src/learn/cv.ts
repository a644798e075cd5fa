/** Former path, kept so existing imports still resolve: see ./model-selection/split.ts. */
export * from './model-selection/split.js';
