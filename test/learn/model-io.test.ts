import { describe, expect, it } from 'vitest';
import { checkFeatureShapes, ModelFileError, type FeatureShapes, type StandardisedModel } from '../../src/learn/model-io.js';

/** checkFeatureShapes' first complaint as "field: message", or null when the shapes hold. */
function complaint(model: StandardisedModel, shapes?: FeatureShapes): string | null {
  try {
    checkFeatureShapes((field, message) => { throw new ModelFileError(`${field}: ${message}`); }, model, shapes);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('checkFeatureShapes (the shape checks every standardised model file shares)', () => {
  const model = { featureNames: ['a', 'b'], standardisation: { mean: [0, 0], std: [1, 1] } };

  it('passes vectors with one value per feature name and the stated number of components', () => {
    expect(complaint(model, { coefficients: { coef: [1, 2] }, pca: { dims: 1, components: { 'pca.components': [[1]] } } })).toBeNull();
    expect(complaint({ featureNames: [], standardisation: { mean: [], std: [] } })).toBeNull();
  });

  it('names the first field whose length is wrong', () => {
    expect(complaint({ ...model, standardisation: { mean: [0, 0], std: [1] } })).toBe('standardisation: expected 2 values (one per feature name)');
    expect(complaint(model, { coefficients: { 'flag.coef': [1, 2], 'modes.0.coef': [1] } })).toBe('modes.0.coef: expected 2 coefficients, got 1');
    expect(complaint(model, { pca: { dims: 2, components: { 'pcaAttribute.components': [[], []], 'pcaEvidence.components': [[]] } } })).toBe('pcaEvidence.components: expected 2 components');
  });
});
