export * from './logistic.js';
export * from './mlp.js';
