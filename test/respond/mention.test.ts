import { beforeAll, describe, expect, it } from 'vitest';
import { UseLiteEmbedder } from '../../src/embed/use-lite.js';
import type { Embedder } from '../../src/embed/embedder.js';
import {
  DEFAULT_MENTION_THRESHOLDS,
  MentionDetector,
  decideMention,
  isAddressed,
  keyStems,
  secondPerson,
  splitSentences,
  type MentionScore,
} from '../../src/stages/respond/mention.js';
import { fitMentionThresholds, mentionPrf, type LabelledMention } from '../../src/stages/respond/mention-fit.js';
import { evaluateMentions, mentionJobs } from '../../src/eval/mention.js';
import type { Response } from '../../src/model/index.js';
import { MENTION_FIXTURE } from './mention-fixture.js';

describe('mention detector parts', () => {
  it('key stems drop the frame and framing words', () => {
    expect(keyStems('The user is detail-oriented.')).toEqual(['detail', 'orient']);
    expect(keyStems('The user is interested in Sikh culture or has a personal connection to it.')).toEqual(['sikh', 'culture', 'personal', 'connection']);
    expect(keyStems('The user may be someone who values precision.')).toEqual(['precision']);
  });

  it('second person rewrite', () => {
    expect(secondPerson('The user is Iranian.')).toBe('You are Iranian.');
    expect(secondPerson("The user's job is teaching.")).toBe('Your job is teaching.');
    expect(secondPerson('The user has two kids.')).toBe('You have two kids.');
    expect(secondPerson('Likes tea.')).toBe('Likes tea.');
  });

  it('sentences: markdown out, code skipped, split at sentence ends', () => {
    const text = '# Title\n- **Bold** item. Second sentence here!\n```js\nconst you = 1;\n```\n1. e.g. this stays one. Next';
    expect(splitSentences(text)).toEqual(['Title', 'Bold item.', 'Second sentence here!', 'e.g. this stays one.', 'Next']);
    expect(isAddressed('Since you’re a teacher, try this.')).toBe(true);
    expect(isAddressed('As someone who loves games, ...')).toBe(true);
    expect(isAddressed('Teachers often try this.')).toBe(false);
  });

  it('lexical signal alone (no embedder): every key stem in one addressed sentence', async () => {
    const d = new MentionDetector();
    const [row] = await d.detect([{ text: 'Detail matters. Because you seem detail-oriented, keep a log. Teachers like logs.', attributes: ['The user is detail-oriented.', 'The user is a teacher.'] }]);
    expect(row!.map((m) => [m.mentioned, m.via, m.lexical])).toEqual([[true, 'lexical', 1], [false, 'none', 0]]);
    expect(row![0]!.lexicalSentence).toBe('Because you seem detail-oriented, keep a log.');
    expect(Number.isNaN(row![0]!.embedding)).toBe(true);
  });

  it('decideMention combines with OR', () => {
    const s: MentionScore = { attribute: 'x', lexical: 0.5, embedding: 0.6 };
    expect(decideMention(s, { lexical: 0.5, embedding: 0.7 }).via).toBe('lexical');
    expect(decideMention(s, { lexical: 0.6, embedding: 0.6 }).via).toBe('embedding');
    expect(decideMention(s, { lexical: 0.5, embedding: 0.6 }).via).toBe('both');
    expect(decideMention(s, { lexical: 0.6, embedding: 0.7 }).mentioned).toBe(false);
    expect(decideMention({ attribute: 'x', lexical: 0, embedding: Number.NaN }, { lexical: 0, embedding: 0 }).mentioned).toBe(false);
  });
});

describe('mention detector on the self-written fixture (illustrative, hand-labelled)', () => {
  let embedder: Embedder;
  const label = async (opts: { exclusive?: boolean; embeddingNeedsOverlap?: boolean } = {}) => {
    const det = new MentionDetector(embedder, opts);
    const scores = await det.score(MENTION_FIXTURE.map((f) => ({ text: f.response, attributes: f.attributes.map((a) => a.text) })));
    const all = MENTION_FIXTURE.flatMap((f, i) => f.attributes.map((a, j): LabelledMention & { split: string } => ({ split: f.split, score: scores[i]![j]!, mentioned: a.mentioned })));
    return { dev: all.filter((x) => x.split === 'dev'), test: all.filter((x) => x.split === 'test') };
  };
  beforeAll(() => {
    embedder = new UseLiteEmbedder();
  });

  it('the fixture has both splits and both labels', () => {
    const n = (split: string, m: boolean) => MENTION_FIXTURE.filter((f) => f.split === split).flatMap((f) => f.attributes).filter((a) => a.mentioned === m).length;
    expect([n('dev', true), n('dev', false), n('test', true), n('test', false)]).toEqual([9, 20, 10, 17]);
  });

  it('the defaults are what the grid chooses on dev; held-out test P/R as reported', async () => {
    const { dev, test } = await label();
    const fit = fitMentionThresholds(dev);
    expect({ lexical: fit.lexical, embedding: fit.embedding }).toEqual(DEFAULT_MENTION_THRESHOLDS);
    expect(fit.f1).toBeCloseTo(0.875, 3);
    expect(fit.precision).toBe(1);
    expect(fit.recall).toBeCloseTo(7 / 9, 6);
    const t = mentionPrf(test, DEFAULT_MENTION_THRESHOLDS);
    // Held out: 6 of 10 mentions found, no false mention among 17 non-mentions.
    expect({ tp: t.tp, fp: t.fp, fn: t.fn, tn: t.tn }).toEqual({ tp: 6, fp: 0, fn: 4, tn: 17 });
    expect(t.precision).toBe(1);
    expect(t.recall).toBeCloseTo(0.6, 6);
  }, 60_000);

  it('the exclusive and overlap rules were kept because they help on dev', async () => {
    const { dev } = await label({ exclusive: false, embeddingNeedsOverlap: false });
    expect(fitMentionThresholds(dev).f1).toBeCloseTo(0.824, 3);
  }, 60_000);
});

describe('mention rates table', () => {
  const r = (mode: Response['mode'], generator: string, text: string, attributes: string[] = [], userId = 'u1', promptId = '1'): Response => ({ userId, promptId, generator, mode, text, attributes });
  const responses: Response[] = [
    r('personalized_human', 'g', 'Because you seem detail-oriented, keep a log.', ['The user is detail-oriented.', 'The user is a teacher.']),
    r('personalized_llm', 'g', 'Keep a log.', ['The user is a teacher.']),
    r('generic', 'g', 'Keep a log. If you are detail-oriented, colour-code it.'),
    r('personalized_human', 'g', 'No attributes given.', [], 'u2'),
    r('generic', 'g', 'Generic for u2.', [], 'u2'),
  ];

  it('generic responses are checked against each personalized attribute set; empty sets are skipped', () => {
    const jobs = mentionJobs(responses);
    expect(jobs.map((j) => [j.response.mode, j.attributeSet, j.attributes.length])).toEqual([
      ['personalized_human', 'human', 2],
      ['personalized_llm', 'llm', 1],
      ['generic', 'human', 2],
      ['generic', 'llm', 1],
    ]);
  });

  it('rates per generator, mode and attribute set (lexical only)', async () => {
    const res = await evaluateMentions(responses, new MentionDetector(), { iterations: 50 });
    expect(res.rows.map((x) => [x.mode, x.attributeSet, x.attributes, x.mentioned, x.rate.estimate, x.responseRate])).toEqual([
      ['generic', 'human', 2, 1, 0.5, 1],
      ['personalized_human', 'human', 2, 1, 0.5, 1],
      ['generic', 'llm', 1, 0, 0, 0],
      ['personalized_llm', 'llm', 1, 0, 0, 0],
    ]);
    expect(res.usesEmbeddings).toBe(false);
    expect(res.protocol).toContain('lexical only');
  });
});
