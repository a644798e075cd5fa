export * from './extract-attributes.js';
export * from './verify-attributes.js';
export * from './extractor.js';
export * from './offline.js';
export * from './llm-extractor.js';
export * from './merge.js';
export * from './verifier.js';
export * from './refine.js';
