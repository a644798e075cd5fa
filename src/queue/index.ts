export * from './types.js';
export { inlineQueue } from './inline.js';
export type { InlineQueueOptions } from './inline.js';
export { bullQueue, bullWorker } from './bullmq.js';
export type { BullOptions, BullWorkerOptions, JobWorker } from './bullmq.js';
export { QueuedExtractor, extractHandler, EXTRACT_QUEUE_SUFFIX } from './extract.js';
export type { ExtractJob } from './extract.js';
