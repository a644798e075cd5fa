export * from './agreement.js';
export * from './extract.js';
export * from './judge-audit.js';
export * from './mention.js';
export * from './refine-run.js';
export * from './select.js';
export * from './selectors.js';
export * from './train-select.js';
