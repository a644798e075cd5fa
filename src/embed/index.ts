export * from './embedder.js';
export * from './use-lite.js';
export * from './cache.js';
export * from './ai-sdk.js';
