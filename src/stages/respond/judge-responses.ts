import { resolveLlm, type ModelInput } from '../../llm/client.js';
import type { Attribute, PairOrder } from '../../model/index.js';
import { runComparisonJudge } from './judge.js';
import { checkAttributeList, checkModel, checkNumber, checkOptionsObject, checkString } from '../../model/options.js';

export interface JudgeResponsesOptions {
  /** The judge. */
  model: ModelInput;
  prompt: string;
  generic: string;
  personalized: string;
  /** The attributes to judge the personalized response on, one 1-5 score each. */
  attributes: readonly (string | Attribute)[];
  /** Names the pair; with `seed` it fixes which response is shown first (default "pair"). */
  pairId?: string;
  /** Order seed (default 42): which response is shown first depends on (seed, pairId) only. */
  seed?: number;
  /** Judge both orders too, to measure position bias. */
  bothOrders?: boolean;
  abortSignal?: AbortSignal;
}

export interface JudgeResponsesResult {
  /** Per attribute and order: 1 = personalized much worse ... 3 = no difference ... 5 = much better. */
  ratings: { attribute: string; score: number; order: PairOrder }[];
  /** Mean score per attribute over the orders judged; undefined where the judge gave none. */
  scores: (number | undefined)[];
  /** The judge's raw outputs, one per order. */
  outputs: { order: PairOrder; text: string }[];
  judge: string;
}

/**
 * Stage 3's LLM judge, the paper's per-attribute comparison. The paper found such judges praise
 * personalized answers that people rate no better than generic ones: audit a judge against people
 * (`attune eval respond --ratings`) before trusting it.
 */
export async function judgeResponses(opts: JudgeResponsesOptions): Promise<JudgeResponsesResult> {
  checkJudgeResponsesOptions(opts);
  const attributes = opts.attributes.map((a) => (typeof a === 'string' ? a : a.text));
  const pair = {
    id: opts.pairId ?? 'pair', userId: 'user', promptId: 'prompt', generator: 'app',
    generic: opts.generic, personalized: opts.personalized, attributes: attributes.map((text) => ({ text })),
  };
  const run = await runComparisonJudge(resolveLlm(opts.model), [pair], new Map([['prompt', opts.prompt]]), {
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.bothOrders ? { bothOrders: true } : {}),
    ...(opts.abortSignal ? { signal: opts.abortSignal } : {}),
  });
  const ratings = run.ratings.map((r) => ({ attribute: r.attribute, score: r.score, order: r.order! }));
  const scores = attributes.map((a) => {
    const s = ratings.filter((r) => r.attribute === a).map((r) => r.score);
    return s.length ? s.reduce((x, y) => x + y, 0) / s.length : undefined;
  });
  return { ratings, scores, outputs: run.calls.map((c) => ({ order: c.order, text: c.output })), judge: run.judge };
}

/** Every check of judgeResponses' options, before the judge is called (each throws an InvalidArgumentError naming the option). */
function checkJudgeResponsesOptions(opts: JudgeResponsesOptions): void {
  checkOptionsObject('judgeResponses', opts);
  checkModel('model', opts.model);
  checkString('prompt', opts.prompt);
  checkString('generic', opts.generic);
  checkString('personalized', opts.personalized);
  checkAttributeList('attributes', opts.attributes, { nonEmpty: true });
  checkString('pairId', opts.pairId, { optional: true });
  checkNumber('seed', opts.seed, { optional: true, integer: true });
}
