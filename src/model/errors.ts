/**
 * attune's one error tree: every error attune throws for a condition a caller can act on is an AttuneError with
 * a stable `code` an application can branch on (docs/errors.md lists them). Bad input changes nothing.
 *
 * `AttuneError.isInstance(e)` (and `InvalidArgumentError.isInstance(e)`, ... on each subclass) recognises them
 * by a symbol marker, like the AI SDK's errors: it holds across two copies of attune in one process (a bundled
 * one and an installed one), where `instanceof` does not.
 *
 * The base and the input errors live here, beside the records they check, so every layer throws the same ones;
 * each layer's own errors (DataError, LlmCallError, the memory's UnknownAttributeError, ...) extend the base.
 */

/** Every code, and whether it is the caller's input (CLI exit status 2, HTTP 4xx) or a failure (exit 1, 5xx). */
export const ERROR_CODES = {
  // the caller's input
  invalid_argument: 'input',
  malformed_messages: 'input',
  input_too_large: 'input',
  invalid_data: 'input',
  invalid_model_file: 'input',
  invalid_llm_config: 'input',
  invalid_request: 'input',
  invalid_study: 'input',
  invalid_key: 'input',
  no_model: 'input',
  unsupported_model: 'input',
  unknown_attribute: 'input',
  attribute_of_another_user: 'input',
  conversation_conflict: 'input',
  study_exists: 'input',
  study_conflict: 'input',
  key_not_found: 'input',
  // a failure on the way (a model, a dependency, a closed instance)
  closed: 'failure',
  llm_timeout: 'failure',
  llm_deadline: 'failure',
  llm_call_failed: 'failure',
  llm_output_invalid: 'failure',
  dependency_timeout: 'failure',
} as const;

export type AttuneErrorCode = keyof typeof ERROR_CODES;

const MARKER = Symbol.for('attune.error');

/** The class names an error carries under the marker (its class and every AttuneError class above it). */
function lineage(ctor: unknown): string[] {
  const names: string[] = [];
  for (let c = ctor as { name?: string } | null; c && c !== Error && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    if (c.name) names.push(c.name);
  }
  return names;
}

export class AttuneError extends Error {
  private readonly [MARKER]: readonly string[];

  constructor(
    readonly code: AttuneErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AttuneError';
    this[MARKER] = lineage(new.target);
  }

  /**
   * True for an error of this class (or a subclass), from any copy of attune: `AttuneError.isInstance(e)` for
   * any attune error, `InvalidArgumentError.isInstance(e)` for that kind only.
   */
  static isInstance<T extends abstract new (...args: never[]) => AttuneError>(this: T, error: unknown): error is InstanceType<T> {
    if (error == null || typeof error !== 'object') return false;
    const names = (error as { [MARKER]?: unknown })[MARKER];
    return Array.isArray(names) && names.includes(this.name);
  }

  /** True when the error is the caller's input (bad arguments, a bad file, an unknown id): exit 2, HTTP 4xx. */
  static isInputError(error: unknown): boolean {
    return AttuneError.isInstance(error) && ERROR_CODES[error.code] === 'input';
  }
}

/** An argument is missing, of the wrong type or out of range: names the parameter, and keeps the value given. */
export class InvalidArgumentError extends AttuneError {
  /** The option's name, as the caller wrote it (`topK`, `facts.2`, `--base`). */
  readonly parameter: string;
  /** The value given (absent when the parameter was missing). */
  readonly value: unknown;

  constructor(parameter: string, detail: string, value?: unknown) {
    super('invalid_argument', `${parameter}: ${detail}`);
    this.name = 'InvalidArgumentError';
    this.parameter = parameter;
    this.value = value;
  }

  /** The parameter's name (the older name of `parameter`). */
  get field(): string {
    return this.parameter;
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

/** A trained model's file (selector, verifier, reward model) that cannot be read or is not a valid model. */
export class ModelFileError extends AttuneError {
  constructor(message: string) {
    super('invalid_model_file', message);
    this.name = 'ModelFileError';
  }
}
