/**
 * The one way attune's trained models (selector, verifier, reward model) go to and from disk: a JSON file
 * whose `format` names the model kind, validated by its zod schema plus the model's own shape checks, written
 * atomically. Errors name the file and the first bad field, and are all ModelFileErrors (or a subclass).
 */
import fs from 'node:fs';
import type { z } from 'zod';
import { writeFileAtomic } from '../data/files.js';

import { ModelFileError } from '../model/errors.js';

export { ModelFileError };

type Fail = (field: string, message: string) => never;

export interface ModelCodec<T> {
  /** The `format` field a file of this kind carries. */
  format: string;
  schema: z.ZodType<T>;
  /** Shape checks the schema cannot express (vector lengths); call `fail(field, message)` to reject. */
  check?: (model: T, fail: Fail) => void;
  /** The error class to throw (default ModelFileError). */
  error?: new (message: string) => ModelFileError;
}

export function parseModel<T>(codec: ModelCodec<T>, json: unknown, file = '(model)'): T {
  const E = codec.error ?? ModelFileError;
  const fail = (field: string, message: string): never => {
    throw new E(`${file}: field "${field}": ${message}`);
  };
  if (json && typeof json === 'object' && 'format' in json && (json as { format: unknown }).format !== codec.format) {
    fail('format', `expected "${codec.format}", got ${JSON.stringify((json as { format: unknown }).format)}`);
  }
  const r = codec.schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : '';
    fail(issue.path.length ? issue.path.join('.') : '(root)', `${issue.message}${more}`);
  }
  codec.check?.(r.data!, fail);
  return r.data!;
}

export function readModel<T>(codec: ModelCodec<T>, file: string): T {
  const E = codec.error ?? ModelFileError;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new E(`${file}: cannot read model file (${(e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new E(`${file}: not JSON (${(e as Error).message})`);
  }
  return parseModel(codec, json, file);
}

/** Validates, then writes atomically (temp file, then rename): a bad model never reaches the disk. */
export function writeModel<T>(codec: ModelCodec<T>, file: string, model: T): void {
  parseModel(codec, model, file);
  writeFileAtomic(file, JSON.stringify(model) + '\n');
}

/** A standardised model file: one standardisation value per feature name. */
export interface StandardisedModel {
  featureNames: readonly string[];
  standardisation: { mean: readonly number[]; std: readonly number[] };
}

/** The vectors of a standardised model file whose lengths follow from its feature names and PCA size. */
export interface FeatureShapes {
  /** Coefficient vectors by field name: one coefficient per feature name each. */
  coefficients?: Readonly<Record<string, readonly number[]>>;
  /** PCA component lists by field name: `dims` components each. */
  pca?: { dims: number; components: Readonly<Record<string, readonly unknown[]>> };
}

/** The shape checks every standardised model file shares (a codec's `check` calls it, then adds its own). */
export function checkFeatureShapes(fail: Fail, model: StandardisedModel, shapes: FeatureShapes = {}): void {
  const d = model.featureNames.length;
  if (model.standardisation.mean.length !== d || model.standardisation.std.length !== d) fail('standardisation', `expected ${d} values (one per feature name)`);
  for (const [field, coef] of Object.entries(shapes.coefficients ?? {})) {
    if (coef.length !== d) fail(field, `expected ${d} coefficients, got ${coef.length}`);
  }
  for (const [field, components] of Object.entries(shapes.pca?.components ?? {})) {
    if (components.length !== shapes.pca!.dims) fail(field, `expected ${shapes.pca!.dims} components`);
  }
}
