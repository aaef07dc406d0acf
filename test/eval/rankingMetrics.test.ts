import { describe, expect, it } from 'vitest';
import { averagePrecision, groupedRankingMetrics, ndcgAt, rankByScore, rocAuc } from '../../src/eval/rankingMetrics.ts';

describe('ranking metrics', () => {
  it('average precision', () => {
    expect(averagePrecision([1, 0, 1, 0])).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(averagePrecision([0, 0, 1])).toBeCloseTo(1 / 3, 12);
    expect(averagePrecision([0, 0])).toBe(0);
  });
  it('NDCG@k', () => {
    expect(ndcgAt([1, 1, 0], 5)).toBe(1);
    expect(ndcgAt([0, 1], 5)).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcgAt([0, 0, 0, 0, 0, 1], 5)).toBe(0);
  });
  it('ROC-AUC counts ties as half', () => {
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5], [1, 0, 0])).toBe(0.5);
    expect(rocAuc([0.3, 0.3, 0.1], [1, 0, 0])).toBeCloseTo(0.75, 12);
  });
  it('ranks best first with stable ties and skips groups without a positive for MAP', () => {
    expect(
      rankByScore([
        { score: 1, id: 'a' },
        { score: 2, id: 'b' },
        { score: 1, id: 'c' },
      ]).map((x) => x.id),
    ).toEqual(['b', 'a', 'c']);
    const m = groupedRankingMetrics([
      [
        { score: 2, label: 1 },
        { score: 1, label: 0 },
      ],
      [
        { score: 2, label: 0 },
        { score: 1, label: 0 },
      ],
    ]);
    expect(m.map).toBe(1);
    expect(m.ndcg5).toBe(1);
    expect(m.groups).toBe(1);
    // The positive (2) beats two negatives (1, 1) and ties one (2): (1 + 1 + 0.5) / 3.
    expect(m.auc).toBeCloseTo(2.5 / 3, 12);
  });
});
