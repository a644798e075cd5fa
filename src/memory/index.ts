export * from './errors.js';
export { toConversation, type RememberInput } from './messages.js';
export { readRememberFile, type CheckedRememberInput, type ReadRememberFileOptions } from './remember-file.js';
export { contentText, messagesToTurns, conversationHash, type ChatMessage } from '../model/messages.js';
export * from './attune.js';
export * from './middleware.js';
export * from './labels.js';
export * from './forget-everywhere.js';
export * from './tools.js';
