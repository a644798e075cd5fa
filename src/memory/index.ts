export * from './errors.js';
export { contentText, messagesToTurns, conversationHash, toConversation } from './messages.js';
export type { ChatMessage, RememberInput } from './messages.js';
export * from './attune.js';
export * from './middleware.js';
export * from './labels.js';
export * from './forget-everywhere.js';
