import { InvalidArgumentError } from '../model/errors.js';

/** A commander parser for an integer flag of at least `min`, whose error names the flag and the value given. */
export const integerFlag = (flag: string, min: number) => (v: string): number => {
  const n = Number(v);
  if (!(v.trim() !== '' && Number.isInteger(n) && n >= min)) throw new InvalidArgumentError(flag, `must be an integer >= ${min}, got "${v}"`, v);
  return n;
};
