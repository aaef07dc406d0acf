import { describe, expect, it } from 'vitest';
import { allocate, postingCapacity, remainingCapacity } from '../../src/matching/capacityAllocator.ts';

const list = (seeker: number, postings: number[], scores: number[], priority = 1) => ({
  seeker,
  priority,
  postings: Int32Array.from(postings),
  scores: Float64Array.from(scores),
});

describe('capacity and pacing', () => {
  it('caps a posting at ⌈k·headcount⌉ seekers and each seeker at N', () => {
    expect(postingCapacity(2, 1.5)).toBe(3);
    expect(postingCapacity(1, 0.1)).toBe(1);
    const lists = Array.from({ length: 10 }, (_, s) => list(s, [0, 1, 2], [0.9, 0.8, 0.7]));
    const out = allocate(lists, (p) => (p === 0 ? 3 : 100), { perSeeker: 2, crowdPenalty: 0 });
    expect(out.filter((a) => a.posting === 0)).toHaveLength(3);
    for (let s = 0; s < 10; s++) expect(out.filter((a) => a.seeker === s)).toHaveLength(2);
  });

  it('spreads seekers over near-equal posts instead of piling onto the top one', () => {
    const lists = Array.from({ length: 6 }, (_, s) => list(s, [0, 1], [0.81, 0.8]));
    const piled = allocate(lists, () => 10, { perSeeker: 1, crowdPenalty: 0 });
    expect(piled.every((a) => a.posting === 0)).toBe(true);
    const spread = allocate(lists, () => 10, { perSeeker: 1, crowdPenalty: 0.15 });
    const counts = [0, 1].map((p) => spread.filter((a) => a.posting === p).length);
    expect(Math.abs(counts[0]! - counts[1]!)).toBeLessThanOrEqual(2);
    expect(counts[1]).toBeGreaterThan(0);
  });

  it('lets harder tiers pick first when capacity is short', () => {
    const out = allocate([list(1, [0], [0.95], 1), list(2, [0], [0.6], 4)], () => 1, { perSeeker: 1, crowdPenalty: 0 });
    expect(out).toEqual([{ seeker: 2, posting: 0, score: 0.6 }]);
  });

  it('leaves a posting only what earlier runs left open of its capacity, and none once it is used up', () => {
    expect(remainingCapacity(2, 1.5, 0)).toBe(3);
    expect(remainingCapacity(2, 1.5, 2)).toBe(1);
    expect(remainingCapacity(2, 1.5, 7)).toBe(0);
    const lists = Array.from({ length: 5 }, (_, s) => list(s, [0, 1], [0.9, 0.8]));
    const out = allocate(lists, (p) => (p === 0 ? remainingCapacity(1, 3, 3) : remainingCapacity(1, 3, 1)), {
      perSeeker: 2,
      crowdPenalty: 0,
    });
    expect(out.filter((a) => a.posting === 0)).toHaveLength(0);
    expect(out.filter((a) => a.posting === 1)).toHaveLength(2);
  });

  it('returns nothing when nobody has candidates', () => {
    expect(allocate([list(1, [], [])], () => 1, { perSeeker: 3, crowdPenalty: 0.1 })).toEqual([]);
  });
});
