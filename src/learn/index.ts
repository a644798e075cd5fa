export * from './model-selection/index.js';
export * from './estimators/index.js';
export * from './linalg.js';
export * from './preprocess.js';
export * from './model-file.js';
export * from './model-io.js';
