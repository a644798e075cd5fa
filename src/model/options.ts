/**
 * The checks the verbs run on their options, in one place per verb (each verb's `check...Options`): every one
 * throws an InvalidArgumentError (code `invalid_argument`) whose `parameter` names the option and whose `value`
 * is what was given, so a caller's mistake surfaces before any model is called.
 */
import { InvalidArgumentError } from './errors.js';

/** What a value is, for messages: `a string`, `null`, `an array`, `a number (NaN)`. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : `a number (${v})`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** `opts` is an options object, not a string or nothing (`verb` names the function, for the message). */
export function checkOptionsObject(verb: string, opts: unknown): void {
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new InvalidArgumentError('options', `${verb} takes one options object, got ${kindOf(opts)}`, opts);
  }
}

/** A string (non-empty unless `allowEmpty`). */
export function checkString(name: string, v: unknown, o: { optional?: boolean; allowEmpty?: boolean } = {}): void {
  if (v === undefined && o.optional) return;
  if (typeof v !== 'string') throw new InvalidArgumentError(name, `must be a string, got ${kindOf(v)}`, v);
  if (!o.allowEmpty && !v.trim()) throw new InvalidArgumentError(name, 'must not be empty', v);
}

/** An array of attribute texts or records with a `text` (`nonEmpty`: at least one). */
export function checkAttributeList(name: string, v: unknown, o: { optional?: boolean; nonEmpty?: boolean } = {}): void {
  if (v === undefined && o.optional) return;
  if (!Array.isArray(v)) throw new InvalidArgumentError(name, `must be an array of attribute texts (or records with a text), got ${kindOf(v)}`, v);
  if (o.nonEmpty && v.length === 0) throw new InvalidArgumentError(name, 'give at least one attribute', v);
  v.forEach((a: unknown, i) => {
    const text = typeof a === 'string' ? a : a && typeof a === 'object' ? (a as { text?: unknown }).text : undefined;
    if (typeof text !== 'string') throw new InvalidArgumentError(`${name}.${i}`, `must be a string or a record with a text, got ${kindOf(a)}`, a);
  });
}

/** An array (of records the verb reads further). */
export function checkArray(name: string, v: unknown, o: { optional?: boolean } = {}): void {
  if (v === undefined && o.optional) return;
  if (!Array.isArray(v)) throw new InvalidArgumentError(name, `must be an array, got ${kindOf(v)}`, v);
}

/** A finite number within [min, max] (`integer`: a whole number). */
export function checkNumber(name: string, v: unknown, o: { optional?: boolean; min?: number; max?: number; integer?: boolean } = {}): void {
  if (v === undefined && o.optional) return;
  const ok = typeof v === 'number' && Number.isFinite(v) && (!o.integer || Number.isInteger(v)) && (o.min === undefined || v >= o.min) && (o.max === undefined || v <= o.max);
  if (ok) return;
  const range = o.min !== undefined && o.max !== undefined ? ` from ${o.min} to ${o.max}` : o.min !== undefined ? ` >= ${o.min}` : o.max !== undefined ? ` <= ${o.max}` : '';
  throw new InvalidArgumentError(name, `must be ${o.integer ? 'an integer' : 'a number'}${range}, got ${kindOf(v)}`, v);
}

/** A model: a `provider/model` string, an AI SDK LanguageModel or an Llm (not checked further here). */
export function checkModel(name: string, v: unknown, o: { optional?: boolean } = {}): void {
  if (v === undefined && o.optional) return;
  if (typeof v === 'string' ? !v.trim() : v === null || typeof v !== 'object') {
    throw new InvalidArgumentError(name, `give a model: a "provider/model" string, an AI SDK LanguageModel or an Llm; got ${kindOf(v)}`, v);
  }
}

/** At most one of the named options (`required`: exactly one). */
export function checkOneOf(opts: Record<string, unknown>, names: readonly string[], o: { required?: boolean; detail?: string } = {}): void {
  const given = names.filter((n) => opts[n] !== undefined);
  const list = names.map((n) => `\`${n}\``).join(' or ');
  if (given.length > 1) throw new InvalidArgumentError(given[1]!, `give ${list}, not both${o.detail ? ` (${o.detail})` : ''}`, opts[given[1]!]);
  if (o.required && given.length === 0) throw new InvalidArgumentError(names[0]!, `give ${list}${o.detail ? ` (${o.detail})` : ''}`);
}
