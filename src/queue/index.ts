export * from './types.js';
export { inlineQueue } from './inline.js';
export type { InlineQueueOptions } from './inline.js';
export { bullQueue, bullWorker } from './bullmq.js';
export type { BullOptions, BullWorkerOptions, JobWorker } from './bullmq.js';
