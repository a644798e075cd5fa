export * from './generate-response.js';
export * from './judge-responses.js';
export * from './generator.js';
export * from './judge-prompts.js';
export * from './judge.js';
export * from './mention.js';
export * from './reward/index.js';
