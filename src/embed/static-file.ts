/**
 * The file of a static embedder: one vector per token of a vocabulary, made offline by scripts/distill-embedder.ts.
 *
 * Layout (little-endian): the 4 bytes `ATSV`, a u32 format version (1), a u32 byte length of a JSON header
 * (StaticHeader), the header, then per token a f32 scale (`vocab` of them) and then `vocab x dim` int8 values: a
 * token's vector is its int8 row times its scale (quantised per row: |error| <= scale / 2, about 0.4% of its largest
 * entry). Reading checks the magic, the version, the sizes and the header's fields.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AttuneError } from '../model/errors.js';

const MAGIC = 'ATSV';
const VERSION = 1;

export const StaticHeaderSchema = z.object({
  /** The embedder the vectors were distilled from (its id). */
  source: z.string(),
  /** What the source model is and its licence, carried with the vectors. */
  licence: z.string(),
  vocab: z.number().int().positive(),
  dim: z.number().int().positive(),
  /** How the token vectors are weighted before a sentence's mean (already applied to the stored vectors). */
  weighting: z.object({ kind: z.literal('sif'), a: z.number().positive() }),
  /** Share of the source vectors' variance the kept principal components explain. */
  explained: z.number().min(0).max(1),
});
export type StaticHeader = z.infer<typeof StaticHeaderSchema>;

export interface StaticVectors {
  header: StaticHeader;
  /** vocab x dim, row-major, weighting applied. */
  vectors: Float32Array;
  /** First 12 hex digits of the file's sha256: part of the embedder's id, so new vectors never meet cached old ones. */
  digest: string;
}

/** The bytes are not a static-vectors file this attune reads (code `unsupported_model`). */
export class StaticFileError extends AttuneError {
  constructor(detail: string) {
    super('unsupported_model', detail);
    this.name = 'StaticFileError';
  }
}

/** Encodes vectors (vocab x dim, row-major) and their header as a file's bytes. */
export function writeStaticVectors(header: StaticHeader, vectors: ArrayLike<number>): Uint8Array {
  const h = StaticHeaderSchema.parse(header);
  if (vectors.length !== h.vocab * h.dim) throw new StaticFileError(`expected ${h.vocab} x ${h.dim} values, got ${vectors.length}`);
  const json = Buffer.from(JSON.stringify(h), 'utf8');
  const start = 12 + json.length;
  const buf = Buffer.alloc(start + h.vocab * 4 + h.vocab * h.dim);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(VERSION, 4);
  buf.writeUInt32LE(json.length, 8);
  json.copy(buf, 12);
  const values = start + h.vocab * 4;
  for (let t = 0; t < h.vocab; t++) {
    let big = 0;
    for (let j = 0; j < h.dim; j++) big = Math.max(big, Math.abs(vectors[t * h.dim + j]!));
    const scale = Math.fround(big / 127);
    buf.writeFloatLE(scale, start + t * 4);
    for (let j = 0; j < h.dim; j++) buf.writeInt8(scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(vectors[t * h.dim + j]! / scale))), values + t * h.dim + j);
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

/** Decodes a file's bytes; throws StaticFileError when they are not a complete static-vectors file. */
export function readStaticVectors(bytes: Uint8Array): StaticVectors {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== MAGIC) throw new StaticFileError('not a static-vectors file (no ATSV magic)');
  const version = buf.readUInt32LE(4);
  if (version !== VERSION) throw new StaticFileError(`static-vectors format version ${version}; this attune reads ${VERSION}`);
  const len = buf.readUInt32LE(8);
  if (12 + len > buf.length) throw new StaticFileError('static-vectors file is cut short in its header');
  let header: StaticHeader;
  try {
    header = StaticHeaderSchema.parse(JSON.parse(buf.toString('utf8', 12, 12 + len)));
  } catch (e) {
    throw new StaticFileError(`static-vectors header: ${e instanceof Error ? e.message : String(e)}`);
  }
  const start = 12 + len;
  const values = start + header.vocab * 4;
  if (buf.length !== values + header.vocab * header.dim) throw new StaticFileError(`static-vectors file has ${buf.length} bytes, expected ${values + header.vocab * header.dim}`);
  const vectors = new Float32Array(header.vocab * header.dim);
  const q = new Int8Array(buf.buffer, buf.byteOffset + values, header.vocab * header.dim);
  for (let t = 0; t < header.vocab; t++) {
    const scale = buf.readFloatLE(start + t * 4);
    const row = t * header.dim;
    for (let j = 0; j < header.dim; j++) vectors[row + j] = q[row + j]! * scale;
  }
  return { header, vectors, digest: createHash('sha256').update(buf).digest('hex').slice(0, 12) };
}
