import { describe, expect, it } from 'vitest';
import {
  FollowUpGenerator,
  GenerationContext,
  OutcomeGenerator,
  PostingGenerator,
  SeekerGenerator,
  generateOutcomes,
  generatePostings,
  generateSeekers,
} from '../../src/generate/index.ts';
import { validateEnvelope, type Envelope } from '../../src/records/envelope.ts';

function invalid(envelopes: Iterable<Envelope>): { id: string; issues: string[] }[] {
  const bad: { id: string; issues: string[] }[] = [];
  for (const e of envelopes) {
    // Round-trip through JSON: what is validated is what would be written to a file.
    const result = validateEnvelope(JSON.parse(JSON.stringify(e)));
    if (!result.ok) bad.push({ id: e.id, issues: result.issues.map((i) => `${i.path}: ${i.message}`) });
  }
  return bad;
}

describe('generators produce valid envelopes', () => {
  for (const profile of ['national', 'sample'] as const) {
    it(`every record of every kind validates (${profile} profile)`, () => {
      const ctx = new GenerationContext({ seed: 7, profile, idNumberShare: 0.05 });
      const postings = new PostingGenerator(ctx, { count: 3000 });
      const seekers = new SeekerGenerator(ctx, 3000);
      const followUps = [...new FollowUpGenerator(ctx, seekers)];
      const outcomes = [...new OutcomeGenerator(ctx, seekers, postings, { count: 3000 })];
      expect(invalid(postings)).toEqual([]);
      expect(invalid(seekers)).toEqual([]);
      expect(followUps.length).toBeGreaterThan(1000);
      expect(invalid(followUps)).toEqual([]);
      expect(outcomes).toHaveLength(3000);
      expect(invalid(outcomes)).toEqual([]);
    });
  }

  it('stays valid across seeds, short windows and other end months', () => {
    for (const [seed, months, endMonth] of [
      [1, 1, '2026-02'],
      ['abc', 3, '2025-01'],
      [99, 24, '2026-10'],
    ] as const) {
      const ctx = new GenerationContext({ seed, months, endMonth });
      const postings = new PostingGenerator(ctx, { count: 500 });
      const seekers = new SeekerGenerator(ctx, 500);
      expect(invalid(postings)).toEqual([]);
      expect(invalid(seekers)).toEqual([]);
      expect(invalid(new FollowUpGenerator(ctx, seekers))).toEqual([]);
      expect(invalid(new OutcomeGenerator(ctx, seekers, postings, { count: 500 }))).toEqual([]);
    }
  });
});

describe('determinism', () => {
  it('the same seed gives the same records, a different seed different ones', () => {
    const a =
      JSON.stringify(generatePostings(300, 42)) +
      JSON.stringify(generateSeekers(300, 42)) +
      JSON.stringify(generateOutcomes(300, 300, 300, 42));
    const b =
      JSON.stringify(generatePostings(300, 42)) +
      JSON.stringify(generateSeekers(300, 42)) +
      JSON.stringify(generateOutcomes(300, 300, 300, 42));
    const c =
      JSON.stringify(generatePostings(300, 43)) +
      JSON.stringify(generateSeekers(300, 43)) +
      JSON.stringify(generateOutcomes(300, 300, 300, 43));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('record i does not depend on how many records are generated (random access)', () => {
    const ctx = new GenerationContext({ seed: 5 });
    const few = new PostingGenerator(ctx, { count: 10, employers: 50 });
    const many = new PostingGenerator(ctx, { count: 10_000, employers: 50 });
    expect(JSON.stringify(few.at(7))).toBe(JSON.stringify([...many][7]));
    expect(JSON.stringify(new SeekerGenerator(ctx, 10).at(3))).toBe(JSON.stringify(new SeekerGenerator(ctx, 5000).at(3)));
  });

  it('in-memory helpers carry the envelope id', () => {
    const [p] = generatePostings(1, 1);
    expect(p!.id).toBe('P000000000');
    expect(p!.title.length).toBeGreaterThan(0);
  });
});
