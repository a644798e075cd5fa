/** Former path, kept so existing imports still resolve: see ./verify/verify-attributes.ts. */
export * from './verify/verify-attributes.js';
