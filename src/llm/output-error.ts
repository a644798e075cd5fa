import { AttuneError } from '../model/errors.js';

/** A model's answer that stayed invalid after the repairs (its own module: catching it loads no AI SDK). */
export class LlmOutputError extends AttuneError {
  constructor(
    message: string,
    readonly lastText: string,
    readonly repairs: number,
    /** True when a turn of the failed path came from the cache (a fresh call might do better). */
    readonly replayed = false,
  ) {
    super('llm_output_invalid', message);
    this.name = 'LlmOutputError';
  }
}
