export * from './selector.js';
export * from './tokenize.js';
export * from './bm25.js';
export * from './embedding.js';
export * from './mem0.js';
export * from './votes.js';
export * from './threshold.js';
