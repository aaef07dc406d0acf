import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier, type SparseExample } from '../../src/occupations/SoftmaxClassifier.ts';

const ex = (features: number[], label: number): SparseExample => ({
  features: Int32Array.from(features),
  values: new Float64Array(features.length).fill(1 / Math.sqrt(features.length)),
  label,
  weight: 1,
});

describe('SoftmaxClassifier', () => {
  // Feature 0 is shared by everything (like 工程师); 1, 2, 3 each signal one class.
  const examples = [ex([0, 1], 0), ex([1], 0), ex([0, 2], 1), ex([2], 1), ex([0, 3], 2), ex([3, 4], 2)];
  const model = SoftmaxClassifier.fit(examples, 5, 3, { epochs: 30, learningRate: 1, l2: 0, seed: 1 });
  const best = (features: number[]) => {
    const lp = model.logProbabilities(Int32Array.from(features), new Float64Array(features.length).fill(1));
    return lp.indexOf(Math.max(...lp));
  };
  it('learns which features separate the classes', () => {
    expect(best([0, 1])).toBe(0);
    expect(best([0, 2])).toBe(1);
    expect(best([3])).toBe(2);
    const lp = model.logProbabilities(Int32Array.from([0, 2]), Float64Array.from([0.7, 0.7]));
    expect(lp.reduce((a, b) => a + Math.exp(b), 0)).toBeCloseTo(1, 6);
    expect(Math.exp(lp[1]!)).toBeGreaterThan(0.8);
  });
  it('is reproducible for a seed', () => {
    const again = SoftmaxClassifier.fit(examples, 5, 3, { epochs: 30, learningRate: 1, l2: 0, seed: 1 });
    expect([...again.logProbabilities(Int32Array.from([0]), Float64Array.from([1]))]).toEqual([
      ...model.logProbabilities(Int32Array.from([0]), Float64Array.from([1])),
    ]);
  });
  it('rejects labels and features outside the model', () => {
    expect(() => SoftmaxClassifier.fit([ex([0], 3)], 5, 3)).toThrow(RangeError);
    expect(() => SoftmaxClassifier.fit([ex([5], 0)], 5, 3)).toThrow(RangeError);
    expect(() => SoftmaxClassifier.fit([], 0, 3)).toThrow(RangeError);
  });
});
