import { InvalidArgumentError } from '../model/errors.js';
import type { Embedder } from './embedder.js';
import { StaticEmbedder } from './static.js';
import { UseLiteEmbedder } from './use-lite.js';

/**
 * The one grammar for an embedder's name, used by createAttune and the CLI's `--embedder`: `'use-lite'` (Universal
 * Sentence Encoder lite, 512-d, the default), `'static'` (static token vectors distilled from it, 256-d: faster,
 * rougher; docs/speed.md), or `'static:<file>'` (a vectors file from scripts/distill-embedder.ts).
 */
export const EMBEDDER_GRAMMAR = ['use-lite', 'static', 'static:<file>'] as const;

export interface ResolveEmbedderOptions {
  /** Wraps a model that is worth caching on disk (USE-lite; a static embedder is faster than a disk lookup). */
  cache?: (inner: Embedder) => Embedder;
  /** Wraps an embedder too cheap for a disk cache but not for an LRU in memory (the static one). */
  memo?: (inner: Embedder) => Embedder;
}

/** Builds the embedder a name gives (see EMBEDDER_GRAMMAR); an Embedder object is returned as is. */
export function resolveEmbedder(spec: string | Embedder, opts: ResolveEmbedderOptions = {}): Embedder {
  if (typeof spec === 'object') return spec;
  if (spec === 'use-lite') {
    const inner = new UseLiteEmbedder();
    return opts.cache ? opts.cache(inner) : inner;
  }
  const memo = (e: Embedder): Embedder => (opts.memo ? opts.memo(e) : e);
  if (spec === 'static') return memo(new StaticEmbedder());
  if (typeof spec === 'string' && spec.startsWith('static:') && spec.length > 'static:'.length) return memo(new StaticEmbedder({ file: spec.slice('static:'.length) }));
  throw new InvalidArgumentError('embedder', `unknown embedder ${JSON.stringify(spec)}; use one of ${EMBEDDER_GRAMMAR.join(' | ')}, or an Embedder`);
}
