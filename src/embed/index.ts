export * from './embedder.js';
export * from './use-lite.js';
export * from './cache.js';
export * from './default.js';
export * from './ai-sdk.js';
export * from './static.js';
export * from './static-file.js';
export * from './resolve.js';
