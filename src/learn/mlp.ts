/** Former path, kept so existing imports still resolve: see ./estimators/mlp.ts. */
export * from './estimators/mlp.js';
