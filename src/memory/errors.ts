/** The memory API's errors. The base class and the input errors are the model's (model/errors.ts), re-exported here. */
import { AttuneError } from '../model/errors.js';

export { AttuneError, InvalidArgumentError, MalformedMessagesError, type AttuneErrorCode } from '../model/errors.js';

export class UnknownAttributeError extends AttuneError {
  constructor(readonly attributeId: string, userId: string) {
    super('unknown_attribute', `no attribute ${JSON.stringify(attributeId)} in the memory of user ${JSON.stringify(userId)}`);
    this.name = 'UnknownAttributeError';
  }
}

/** The id exists but belongs to another user (or tenant): the call is refused and says no more about it. */
export class ForeignAttributeError extends AttuneError {
  constructor(readonly attributeId: string, userId: string) {
    super('attribute_of_another_user', `attribute ${JSON.stringify(attributeId)} does not belong to user ${JSON.stringify(userId)}`);
    this.name = 'ForeignAttributeError';
  }
}

export class ConversationConflictError extends AttuneError {
  constructor(readonly conversationId: string) {
    super(
      'conversation_conflict',
      `conversation ${JSON.stringify(conversationId)} was already remembered with other content; give the new content another id, or omit the id (a content hash is used)`,
    );
    this.name = 'ConversationConflictError';
  }
}
