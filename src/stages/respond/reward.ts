/** Former path, kept so existing imports still resolve: the reward model lives in ./reward/. */
export * from './reward/index.js';
