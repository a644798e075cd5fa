/**
 * The offline extractor is linear in its input and bounded: adversarial text (long runs of words without
 * punctuation, a 1 MiB message, 500 messages) does a bounded amount of work per character read, and a
 * conversation beyond the documented bounds is refused with a coded error. Work is counted, not timed, except
 * one comparison against a linear baseline measured in the same run.
 */
import { describe, expect, it } from 'vitest';
import { InputTooLargeError } from '../../src/model/errors.js';
import type { Conversation } from '../../src/model/index.js';
import { extractFromText, MAX_CONVERSATION_CHARS, MAX_MESSAGE_CHARS, MAX_SENTENCE_CHARS, MAX_TURNS, OfflineExtractor } from '../../src/stages/extract/offline.js';

const conv = (texts: string[]): Conversation => ({ id: 'c', userId: 'u', turns: texts.map((text, index) => ({ index, role: index % 2 ? 'assistant' : 'user', text })) });
const run = (words: string, chars: number): string => {
  let s = '';
  while (s.length < chars) s += `${words} `;
  return s.slice(0, chars);
};

describe('offline extractor: linear and bounded', () => {
  const adversarial = [
    ['"I I I" without punctuation', 'I'],
    ['"I am I am" run', "I am I'm I've"],
    ['adverbs after I', 'I really just totally definitely'],
    ['a clause that never ends', 'I like cheese and I like'],
    ['many favourites', 'my favorite thing is my favorite'],
    ['nothing first-person', 'lorem ipsum dolor sit amet'],
  ];

  it.each(adversarial)('%s: work per character read stays under the per-sentence bound', (_name, words) => {
    for (const n of [10_000, MAX_MESSAGE_CHARS]) {
      const { work } = extractFromText(run(words, n));
      // each "I" reads at most the rest of its sentence piece: at most MAX_SENTENCE_CHARS per character
      expect(work).toBeLessThanOrEqual(n * MAX_SENTENCE_CHARS);
      // and in practice far less (a few "I"s per piece read a piece each)
      expect(work / n).toBeLessThan(MAX_SENTENCE_CHARS);
    }
  });

  it('reads a 1 MiB message only up to MAX_MESSAGE_CHARS: the work equals that of its first part', () => {
    const big = run('I I like I am I have', 1024 * 1024);
    expect(extractFromText(big).work).toBe(extractFromText(big.slice(0, MAX_MESSAGE_CHARS)).work);
  });

  it('work grows linearly: twice the input, at most about twice the work', () => {
    const a = extractFromText(run('I I like I am I have', MAX_MESSAGE_CHARS / 2)).work;
    const b = extractFromText(run('I I like I am I have', MAX_MESSAGE_CHARS)).work;
    expect(b).toBeLessThanOrEqual(2 * a + 2 * MAX_SENTENCE_CHARS * MAX_SENTENCE_CHARS);
  });

  it('500 adversarial messages take no more than a generous multiple of 500 ordinary ones (same run)', () => {
    const x = new OfflineExtractor();
    const ordinary = conv(Array.from({ length: 500 }, (_, i) => (i % 2 ? 'Sure, here you go.' : `I'm a nurse in Leeds and I love hiking. ${run('We went to the park and it was nice.', 3000)}`)));
    const hostile = conv(Array.from({ length: 500 }, (_, i) => (i % 2 ? 'Sure.' : run('I I like I am I have', 3000))));
    const time = (c: Conversation): number => {
      const t0 = performance.now();
      x.extractSync(c);
      return performance.now() - t0;
    };
    time(ordinary);
    const base = time(ordinary);
    const bad = time(hostile);
    // superlinear regexes made this hundreds of times slower; linear work keeps it within a small multiple
    expect(bad).toBeLessThan(Math.max(50, base) * 25);
  });

  it('refuses a conversation beyond the bounds with a coded error', () => {
    const x = new OfflineExtractor();
    expect(() => x.extractSync(conv(Array.from({ length: MAX_TURNS + 1 }, () => 'hi')))).toThrow(InputTooLargeError);
    try {
      x.extractSync(conv(['x'.repeat(MAX_CONVERSATION_CHARS + 1)]));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputTooLargeError);
      expect((e as InputTooLargeError).code).toBe('input_too_large');
    }
  });

  it('still reads the statements inside a long run-on message', () => {
    const msg = `${run('and then we walked a bit', 5000)} I'm a nurse and I live in Leeds ${run('and then we walked a bit', 5000)}`;
    const texts = extractFromText(msg).findings.map((f) => f.text);
    expect(texts).toEqual(expect.arrayContaining(['The user is a nurse', 'The user lives in Leeds']));
  });
});
