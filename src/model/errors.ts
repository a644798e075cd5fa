/**
 * attune's typed errors: each has a stable `code` an application can branch on. Bad input changes nothing.
 * The base and the input errors live here, beside the records they check, so every layer throws the same ones;
 * the memory's own errors (unknown attribute, conflict, ...) extend the base in memory/errors.ts.
 */
export type AttuneErrorCode =
  | 'invalid_argument'
  | 'malformed_messages'
  | 'unknown_attribute'
  | 'attribute_of_another_user'
  | 'conversation_conflict'
  | 'no_model'
  | 'unsupported_model'
  | 'closed'
  | 'input_too_large';

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


/** Input beyond a documented bound (a conversation's characters or turns); names the bound. */
export class InputTooLargeError extends AttuneError {
  constructor(readonly what: string, readonly limit: number, readonly actual: number) {
    super('input_too_large', `input too large: ${actual} ${what}, the limit is ${limit}`);
    this.name = 'InputTooLargeError';
  }
}
