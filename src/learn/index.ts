export * from './cv.js';
export * from './linalg.js';
export * from './logistic.js';
export * from './mlp.js';
export * from './calibrate.js';
export * from './preprocess.js';
export * from './nested.js';
export * from './model-file.js';
