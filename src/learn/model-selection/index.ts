export * from './split.js';
export * from './search.js';
export * from './cross-validate.js';
export * from './threshold.js';
export * from './calibration.js';
