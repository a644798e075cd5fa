import { InvalidArgumentError } from '../model/errors.js';
import type { Dataset, Rating } from '../model/index.js';
import { defaultEmbedder } from '../embed/default.js';
import { MentionDetector } from '../stages/respond/mention.js';
import { evaluateMentions, pairMentions, type MentionEvalResult } from './mention.js';
import { auditJudges, type JudgeAudit } from './judge-audit.js';

/** Stage 3 evaluated: how often responses mention attributes, and how LLM judges agree with people's ratings. */

export interface RespondEvalResult {
  dataset: string;
  provenance: string;
  mention?: Omit<MentionEvalResult, 'checks'>;
  audit?: JudgeAudit;
  ratingsFile?: string;
}

/** Mention rates of the dataset's responses and, when there are ratings, the judge audit. */
export async function runRespondEval(
  ds: Dataset,
  opts: { ratings?: Rating[]; ratingsFile?: string; embedding?: boolean; seed?: number; onProgress?: (stage: string, done: number, total: number) => void } = {},
): Promise<RespondEvalResult> {
  const report = (stage: string) => (opts.onProgress ? { onProgress: (d: number, t: number) => opts.onProgress!(stage, d, t) } : {});
  const detector = new MentionDetector(opts.embedding === false ? undefined : defaultEmbedder());
  const out: RespondEvalResult = { dataset: ds.name, provenance: ds.provenance };
  if (ds.responses.length) {
    const { checks: _c, ...mention } = await evaluateMentions(ds.responses, detector, { seed: opts.seed ?? 42, ...report('embedding response sentences') });
    out.mention = mention;
  }
  const ratings = opts.ratings ?? ds.ratings;
  if (ratings.length) {
    if (ds.responsePairs.length === 0) throw new InvalidArgumentError('--data', `dataset "${ds.name}" has no response pairs to join the ratings to`);
    const mentions = await pairMentions(ds.responsePairs, ratings, detector, report('embedding rated pairs').onProgress);
    const audit = auditJudges(ratings, ds.responsePairs, { mentions, seed: opts.seed ?? 42 });
    if (audit.unmatched === ratings.length) throw new InvalidArgumentError('--ratings', `none of the ${ratings.length} ratings names a response pair of "${ds.name}" (pairId must be a pair id, e.g. ${ds.responsePairs[0]!.id})`);
    out.audit = audit;
    if (opts.ratingsFile) out.ratingsFile = opts.ratingsFile;
  }
  return out;
}
