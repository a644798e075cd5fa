/** Former path, kept so existing imports still resolve: see ./model-selection/calibration.ts. */
export * from './model-selection/calibration.js';
