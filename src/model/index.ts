export * from './conversation.js';
export * from './attribute.js';
export * from './relevance.js';
export * from './response.js';
export * from './run.js';
export * from './dataset.js';
export * from './key.js';
