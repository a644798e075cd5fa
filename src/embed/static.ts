/**
 * A static embedder distilled from USE-lite (model2vec-style): a sentence is the mean of its tokens' vectors, each
 * token vector the full model's output for that token alone, PCA-reduced and SIF-weighted (scripts/distill-embedder.ts
 * makes the file; assets/static-use-lite-256.bin ships with attune). Tokenized exactly as USE-lite tokenizes. No
 * model runs: a sentence costs a tokenization and a few hundred additions, so it embeds in microseconds where
 * USE-lite takes milliseconds, at some cost in quality (docs/speed.md has the figures).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '../model/errors.js';
import type { Embedder } from './embedder.js';
import { readStaticVectors, type StaticVectors } from './static-file.js';
import { useLiteTokenizer, type UseTokenizer } from './use-tokenizer.js';

/** The vectors file that ships with attune (beside src/ and dist/, so the same path works from either). */
export const STATIC_VECTORS_FILE = fileURLToPath(new URL('../../assets/static-use-lite-256.bin', import.meta.url));

const loaded = new Map<string, StaticVectors>();

function load(file: string): StaticVectors {
  let v = loaded.get(file);
  if (!v) {
    if (!fs.existsSync(file)) throw new InvalidArgumentError('embedder', `no static-vectors file at ${file} (make one with scripts/distill-embedder.ts)`);
    loaded.set(file, (v = readStaticVectors(fs.readFileSync(file))));
  }
  return v;
}

export interface StaticEmbedderOptions {
  /** A vectors file from scripts/distill-embedder.ts (default: the one attune ships, STATIC_VECTORS_FILE). */
  file?: string;
}

/**
 * Static token vectors distilled from USE-lite. Vectors are L2-normalised (a dot product is the cosine); a text
 * with no tokens gets a zero vector. The file (~2 MB) and USE-lite's vocabulary are read on first use (id, dim or
 * embed; ~0.2 s), once per process.
 */
export class StaticEmbedder implements Embedder {
  private readonly file: string;
  private state: { vectors: StaticVectors; tokenizer: UseTokenizer } | undefined;

  constructor(opts: StaticEmbedderOptions = {}) {
    this.file = opts.file ?? STATIC_VECTORS_FILE;
  }

  private get ready(): { vectors: StaticVectors; tokenizer: UseTokenizer } {
    if (!this.state) {
      const vectors = load(this.file);
      const tokenizer = useLiteTokenizer();
      if (tokenizer.vocabulary.length !== vectors.header.vocab) {
        throw new Error(`${this.file}: ${vectors.header.vocab} token vectors for USE-lite's ${tokenizer.vocabulary.length}-token vocabulary`);
      }
      this.state = { vectors, tokenizer };
    }
    return this.state;
  }

  /** `static-use-lite-<dim>@<first 12 hex of the file's sha256>`: new vectors never meet cached old ones. */
  get id(): string {
    const v = this.ready.vectors;
    return `static-use-lite-${v.header.dim}@${v.digest}`;
  }

  get dim(): number {
    return this.ready.vectors.header.dim;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.embedOne(t)));
  }

  /** One text, synchronously. */
  embedOne(text: string): Float32Array {
    const { vectors, tokenizer } = this.ready;
    const d = vectors.header.dim;
    const table = vectors.vectors;
    const out = new Float32Array(d);
    for (const id of tokenizer.encode(text)) {
      const base = id * d;
      for (let j = 0; j < d; j++) out[j]! += table[base + j]!;
    }
    // the mean's direction is the sum's: normalising the sum gives the normalised mean
    let n = 0;
    for (let j = 0; j < d; j++) n += out[j]! * out[j]!;
    if (n > 0) {
      const s = 1 / Math.sqrt(n);
      for (let j = 0; j < d; j++) out[j]! *= s;
    }
    return out;
  }
}
