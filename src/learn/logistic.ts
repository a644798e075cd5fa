/** Former path, kept so existing imports still resolve: see ./estimators/logistic.ts. */
export * from './estimators/logistic.js';
