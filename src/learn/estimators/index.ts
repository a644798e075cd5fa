export * from './logistic.js';
export * from './mlp.js';
export * from './ordinal.js';
