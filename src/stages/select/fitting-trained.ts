/** Former path, kept so existing imports still resolve: see ./trained/fitting.ts. */
export * from './trained/fitting.js';
