import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AttuneError, ERROR_CODES, InputTooLargeError, InvalidArgumentError, MalformedMessagesError, ModelFileError, type AttuneErrorCode,
} from '../../src/index.js';
import { DataError } from '../../src/data/errors.js';
import { PythonLiteralError } from '../../src/data/pyrepr.js';
import { LlmConfigError } from '../../src/llm/config.js';
import { LlmOutputError } from '../../src/llm/client.js';
import { LlmCallError, LlmDeadlineError, LlmTimeoutError } from '../../src/llm/retry.js';
import { ConversationConflictError, ForeignAttributeError, UnknownAttributeError } from '../../src/memory/errors.js';
import { DependencyTimeoutError } from '../../src/queue/transient.js';
import { BodyError } from '../../src/server/body.js';
import { FromRunError } from '../../src/studio/from-run.js';
import { VerifyModelError } from '../../src/stages/extract/verify/index.js';
import { RewardModelFileError } from '../../src/stages/respond/reward/index.js';
import { KeyError } from '../../src/store/keys.js';
import { StudyError } from '../../src/studio/types.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** One of each error class attune throws, with the code it must carry. */
const samples: [AttuneError, AttuneErrorCode][] = [
  [new InvalidArgumentError('topK', 'must be an integer >= 1, got 0', 0), 'invalid_argument'],
  [new MalformedMessagesError('messages[0].role', 'missing'), 'malformed_messages'],
  [new InputTooLargeError('characters', 10, 11), 'input_too_large'],
  [new DataError('labels.jsonl', 3, 'relevant', 'expected a boolean'), 'invalid_data'],
  [new PythonLiteralError(4, 'unexpected ]'), 'invalid_data'],
  [new ModelFileError('m.json: not JSON'), 'invalid_model_file'],
  [new VerifyModelError('v.json: field "format": wrong'), 'invalid_model_file'],
  [new RewardModelFileError('r.json: field "format": wrong'), 'invalid_model_file'],
  [new LlmConfigError('llm.json: cannot read LLM config'), 'invalid_llm_config'],
  [new LlmTimeoutError(1000), 'llm_timeout'],
  [new LlmDeadlineError(5000), 'llm_deadline'],
  [new LlmCallError('provider said 500', 'server', 3, 500), 'llm_call_failed'],
  [new LlmOutputError('no valid JSON', '{', 1), 'llm_output_invalid'],
  [new UnknownAttributeError('a1', 'u1'), 'unknown_attribute'],
  [new ForeignAttributeError('a1', 'u1'), 'attribute_of_another_user'],
  [new ConversationConflictError('c1'), 'conversation_conflict'],
  [new DependencyTimeoutError('Postgres', 100), 'dependency_timeout'],
  [new BodyError('the body must be JSON', 400), 'invalid_request'],
  [new BodyError('request body too large', 413), 'input_too_large'],
  [new FromRunError('no run r1'), 'invalid_study'],
  [new StudyError('a study named "s" exists', 'exists'), 'study_exists'],
  [new StudyError('bad settings', 'invalid'), 'invalid_study'],
  [new KeyError('no API key with id "k"', 'not_found'), 'key_not_found'],
];

describe('the error tree', () => {
  it('every error class is an AttuneError with its code, recognised by isInstance', () => {
    for (const [e, code] of samples) {
      expect(AttuneError.isInstance(e), e.name).toBe(true);
      expect(e).toBeInstanceOf(Error);
      expect(e.code, e.name).toBe(code);
      expect(Object.keys(ERROR_CODES)).toContain(e.code);
    }
  });

  it("a subclass's isInstance recognises that kind only, and its subclasses", () => {
    const invalid = samples[0]![0];
    const data = samples[3]![0];
    expect(InvalidArgumentError.isInstance(invalid)).toBe(true);
    expect(InvalidArgumentError.isInstance(data)).toBe(false);
    expect(DataError.isInstance(data)).toBe(true);
    expect(DataError.isInstance(invalid)).toBe(false);
    // VerifyModelError extends ModelFileError: both recognise it; ModelFileError's own instance is not a VerifyModelError
    expect(ModelFileError.isInstance(new VerifyModelError('x'))).toBe(true);
    expect(VerifyModelError.isInstance(new ModelFileError('x'))).toBe(false);
    expect(LlmCallError.isInstance(new LlmTimeoutError(1))).toBe(false);
  });

  it('is false for anything else: a plain Error, a TypeError, an object with a code, nothing', () => {
    for (const v of [new Error('x'), new TypeError('x'), { code: 'invalid_argument', message: 'x' }, null, undefined, 'invalid_argument', 42]) {
      expect(AttuneError.isInstance(v)).toBe(false);
    }
  });

  it('holds across two copies of attune (the symbol marker, where instanceof fails)', () => {
    // What another copy of attune in the same process throws: its own classes, the same global symbol.
    class OtherCopyError extends Error {
      readonly code = 'invalid_argument';
    }
    const e = Object.assign(new OtherCopyError('topK: must be an integer'), { [Symbol.for('attune.error')]: ['InvalidArgumentError', 'AttuneError'] });
    expect(e instanceof AttuneError).toBe(false);
    expect(AttuneError.isInstance(e)).toBe(true);
    expect(InvalidArgumentError.isInstance(e)).toBe(true);
    expect(DataError.isInstance(e)).toBe(false);
  });

  it('an invalid argument names its parameter and keeps the value; input codes and failure codes are told apart', () => {
    const e = new InvalidArgumentError('topK', 'must be an integer >= 1, got 0', 0);
    expect([e.parameter, e.value, e.field, e.message]).toEqual(['topK', 0, 'topK', 'topK: must be an integer >= 1, got 0']);
    // isInstance narrows an unknown catch value to the class, so its fields type-check
    const caught: unknown = e;
    if (!InvalidArgumentError.isInstance(caught)) throw new Error('not recognised');
    expect(caught.parameter).toBe('topK');
    expect(AttuneError.isInputError(e)).toBe(true);
    expect(AttuneError.isInputError(new DataError('f.json', undefined, undefined, 'file not found'))).toBe(true);
    expect(AttuneError.isInputError(new LlmTimeoutError(1))).toBe(false);
    expect(AttuneError.isInputError(new Error('x'))).toBe(false);
  });

  it('docs/errors.md documents every code', () => {
    const doc = fs.readFileSync(path.join(root, 'docs', 'errors.md'), 'utf8');
    for (const code of Object.keys(ERROR_CODES)) expect(doc, code).toContain(`\`${code}\``);
  });
});
