import { describe, expect, it } from 'vitest';
import { ConditionalLogit, type RankQuery } from '../../src/occupations/ConditionalLogit.ts';

/** Queries of 4 candidates with 2 features: feature 0 marks the right one (with noise), feature 1 is noise. */
function queries(count: number, seed = 1): RankQuery[] {
  let s = seed;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const out: RankQuery[] = [];
  for (let q = 0; q < count; q++) {
    const label = Math.floor(rand() * 4);
    const x = new Float64Array(8);
    for (let i = 0; i < 4; i++) {
      x[i * 2] = (i === label ? 1 : 0) + 0.8 * rand();
      x[i * 2 + 1] = rand();
    }
    out.push({ x, n: 4, label });
  }
  return out;
}

describe('ConditionalLogit', () => {
  it('learns to rank the right candidate first from its feature', () => {
    const train = queries(300);
    const model = ConditionalLogit.fit(train, 2, { l2: 0.001, iterations: 300, learningRate: 0.1 });
    expect(model.weights[0]!).toBeGreaterThan(2);
    expect(Math.abs(model.weights[1]!)).toBeLessThan(model.weights[0]! / 3);
    const test = queries(200, 99);
    expect(ConditionalLogit.accuracy(model, test, 1)).toBeGreaterThan(0.9);
    expect(ConditionalLogit.logLoss(model, test)).toBeLessThan(ConditionalLogit.logLoss(ConditionalLogit.fromWeights([0, 0]), test));
    const p = model.probabilities(test[0]!.x, 4);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
  it('stays at the prior without data and shrinks towards it with a strong penalty', () => {
    const prior = Float64Array.from([0.5, -0.5]);
    expect([...ConditionalLogit.fit([], 2, { l2: 0.01, iterations: 10, learningRate: 0.1, prior }).weights]).toEqual([0.5, -0.5]);
    const strong = ConditionalLogit.fit(queries(100), 2, { l2: 100, iterations: 300, learningRate: 0.05, prior });
    expect(strong.weights[0]!).toBeCloseTo(0.5, 1);
    expect(strong.weights[1]!).toBeCloseTo(-0.5, 1);
  });
  it('rejects malformed queries', () => {
    expect(() => ConditionalLogit.fit([{ x: new Float64Array(3), n: 2, label: 0 }], 2)).toThrow(RangeError);
    expect(() => ConditionalLogit.fit([{ x: new Float64Array(4), n: 2, label: 2 }], 2)).toThrow(RangeError);
    expect(() => ConditionalLogit.fit([], 0)).toThrow(RangeError);
    expect(() => ConditionalLogit.fit([], 2, { l2: 0, iterations: 1, learningRate: 0.1, prior: new Float64Array(3) })).toThrow(RangeError);
  });
});
