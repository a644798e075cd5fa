import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { HEAR, NOTHING, type CorpusCase } from './corpus.js';

const FILLER = /\b(?:mostly|really|also|just|usually|lately|now|still|very|actually)\b/gi;
const norm = (s: string): string => s.toLowerCase().replace(FILLER, ' ').replace(/[.!]+$/, '').replace(/\s+/g, ' ').trim();

export function conversationOf(c: CorpusCase): Conversation {
  const turns = c.asked
    ? [{ index: 0, role: 'assistant' as const, text: c.asked }, { index: 1, role: 'user' as const, text: c.say }]
    : [{ index: 0, role: 'user' as const, text: c.say }];
  return { id: 'c', userId: 'u', turns };
}

export interface CorpusScore {
  expected: number;
  found: number;
  recall: number;
  /** Attributes emitted where nothing (or not that) was wanted. */
  junk: number;
  outputs: number;
  missed: { say: string; want: string; got: string[] }[];
  junkItems: { say: string; got: string }[];
}

export function scoreCorpus(extractor = new OfflineExtractor(), cases: readonly CorpusCase[] = [...HEAR, ...NOTHING]): CorpusScore {
  let expected = 0;
  let found = 0;
  let junk = 0;
  let outputs = 0;
  const missed: CorpusScore['missed'] = [];
  const junkItems: CorpusScore['junkItems'] = [];
  for (const c of cases) {
    const got = extractor.extractSync(conversationOf(c)).map((a) => a.text);
    outputs += got.length;
    const g = got.map(norm);
    for (const want of c.expect ?? []) {
      expected++;
      // the expected text, or it followed by more words ("The user writes Go" in "The user writes Go at work")
      if (g.some((x) => x === norm(want) || x.startsWith(`${norm(want)} `))) found++;
      else missed.push({ say: c.say, want, got });
    }
    const bad = c.none ? got : got.filter((x) => (c.not ?? []).some((n) => norm(n) === norm(x)));
    junk += bad.length;
    for (const b of bad) junkItems.push({ say: c.say, got: b });
  }
  return { expected, found, recall: found / expected, junk, outputs, missed, junkItems };
}
