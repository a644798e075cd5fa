/** Former path, kept so existing imports still resolve: the verifier lives in ./verify/. */
export * from './verify/index.js';
