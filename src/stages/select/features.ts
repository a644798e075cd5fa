/** Former path, kept so existing imports still resolve: see ./trained/features.ts. */
export * from './trained/features.js';
