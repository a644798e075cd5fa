/** Errors of the memory API: each has a stable `code` an application can branch on. Bad input changes nothing. */
export type AttuneErrorCode =
  | 'invalid_argument'
  | 'malformed_messages'
  | 'unknown_attribute'
  | 'attribute_of_another_user'
  | 'conversation_conflict'
  | 'no_model'
  | 'unsupported_model'
  | 'closed';

export class AttuneError extends Error {
  constructor(
    readonly code: AttuneErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AttuneError';
  }
}

/** A required field is missing or has the wrong type (names the field). */
export class InvalidArgumentError extends AttuneError {
  constructor(readonly field: string, detail: string) {
    super('invalid_argument', `${field}: ${detail}`);
    this.name = 'InvalidArgumentError';
  }
}

/** Messages that are not `{ role, content }` records with text (names the message and field). */
export class MalformedMessagesError extends AttuneError {
  constructor(readonly path: string, detail: string) {
    super('malformed_messages', `${path}: ${detail}`);
    this.name = 'MalformedMessagesError';
  }
}

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
