/** Former path, kept so existing imports still resolve: the trained selector lives in ./trained/. */
export * from './trained/train.js';
export * from './trained/selector.js';
