import { describe, expect, it } from 'vitest';
import { auditExposure } from '../../src/matching/fairnessAudit.ts';
import { runMatch } from '../../src/matching/matcher.ts';
import { generatePostings, generateSeekers, SYNTHETIC_NOW } from '../../src/matching/syntheticMarket.ts';
import { config } from './fixtures.ts';

describe('protected attributes never enter a score', () => {
  const postings = generatePostings(1500, 11);
  const seekers = generateSeekers(400, 12);
  const baseline = runMatch({ seekers, postings, config, now: SYNTHETIC_NOW });
  const key = (r: { seeker_id: string; posting_id: string; score: number; grade: string; tier: string; channel: string }) =>
    `${r.seeker_id}|${r.posting_id}|${r.score}|${r.grade}|${r.tier}|${r.channel}`;

  it('produces recommendations to compare (the test would be vacuous otherwise)', () => {
    expect(baseline.recommendations.length).toBeGreaterThan(500);
  });

  it("flipping every seeker's gender changes no score, grade, tier, channel or ranking", () => {
    const flipped = seekers.map((s) => ({ ...s, gender: s.gender === 'female' ? 'male' : 'female' }));
    const after = runMatch({ seekers: flipped, postings, config, now: SYNTHETIC_NOW });
    expect(after.recommendations.map(key)).toEqual(baseline.recommendations.map(key));
  });

  it('extra protected fields (ethnicity, marital, childbearing) on the record change nothing', () => {
    const tagged = seekers.map(
      (s, i) => ({ ...s, ethnicity: i % 2 ? '汉族' : '彝族', marital_status: 'married', children: i % 3 }) as typeof s,
    );
    const after = runMatch({ seekers: tagged, postings, config, now: SYNTHETIC_NOW });
    expect(after.recommendations.map(key)).toEqual(baseline.recommendations.map(key));
  });

  it('age never lowers a score: the same profile born 25 years earlier scores the same on every posting', () => {
    const older = seekers.map((s) => ({ ...s, birth_year: s.birth_year - 25 }));
    const after = runMatch({ seekers: older, postings, config, now: SYNTHETIC_NOW });
    const scores = (rs: typeof baseline.recommendations) => rs.map((r) => `${r.seeker_id}|${r.posting_id}|${r.score}`);
    expect(scores(after.recommendations)).toEqual(scores(baseline.recommendations));
    // … but channel routing may add help (SMS/phone) for older workers.
    const moreHelp = after.recommendations.filter((r) => r.channel === 'sms' || r.channel === 'phone').length;
    const before = baseline.recommendations.filter((r) => r.channel === 'sms' || r.channel === 'phone').length;
    expect(moreHelp).toBeGreaterThanOrEqual(before);
  });
});

describe('auditExposure', () => {
  const now = new Date('2026-06-30T00:00:00Z');
  const seekers = [
    ...Array.from({ length: 30 }, (_, i) => ({ seeker_id: `f${i}`, gender: 'female', birth_year: 1995 })),
    ...Array.from({ length: 30 }, (_, i) => ({ seeker_id: `m${i}`, gender: 'male', birth_year: 1975 })),
  ];

  it('reports balanced groups without flags', () => {
    const recs = seekers.flatMap((s) => [
      { seeker_id: s.seeker_id, grade: 'A' },
      { seeker_id: s.seeker_id, grade: 'C' },
    ]);
    const report = auditExposure('r1', seekers, recs, { minRatio: 0.8, minGroupSize: 20, now });
    expect(report.flagged).toBe(0);
    const female = report.groups.find((g) => g.dimension === 'gender' && g.group === 'female')!;
    expect(female).toMatchObject({ seekers: 30, recommendations: 60, ab_recommendations: 30, ab_share: 0.5, ab_per_seeker: 1 });
    expect(report.groups.filter((g) => g.dimension === 'age_band').map((g) => g.group)).toEqual(['25-34', '45-54']);
  });

  it('flags a group whose A/B exposure is below 0.8 of the best group', () => {
    const recs = seekers.flatMap((s) => [
      { seeker_id: s.seeker_id, grade: s.gender === 'female' ? 'C' : 'A' },
      { seeker_id: s.seeker_id, grade: 'B' },
    ]);
    const report = auditExposure('r1', seekers, recs, { minRatio: 0.8, minGroupSize: 20, now });
    const female = report.groups.find((g) => g.dimension === 'gender' && g.group === 'female')!;
    expect(female.flagged).toBe(true);
    expect(female.reason).toMatch(/A\/B share 50.0% < 0.8 × best 100.0%/);
    expect(report.groups.find((g) => g.group === 'male')!.flagged).toBe(false);
    // Small groups are shown but not flagged.
    const small = auditExposure('r1', seekers, recs, { minRatio: 0.8, minGroupSize: 31, now });
    expect(small.flagged).toBe(0);
  });
});
