import { describe, expect, it } from 'vitest';
import { defaultPointsTable, parsePointsTable } from '../../src/tiering/PointsTable.ts';
import { explainTier, monthsBetween, routeOf, tierSeeker } from '../../src/tiering/tiering.ts';
import { routeChannel } from '../../src/matching/routeChannel.ts';
import { policyHints } from '../../src/matching/policyHints.ts';
import { NOW, seeker, posting } from '../matching/fixtures.ts';

const table = defaultPointsTable();

describe('tiering from the published points table', () => {
  it('puts a recently registered, skilled seeker in T1 with no points', () => {
    const d = tierSeeker(seeker({ skills: ['数控编程', '车床操作', '看图纸'] }), table, NOW);
    expect(d).toMatchObject({ tier: 'T1', points: 0, stage_zh: '分类智能推送', breakdown: [] });
    expect(routeOf('T1', table)).toBe('push');
  });

  it('itemises every point: duration, key groups, education, skills, failed referrals', () => {
    const d = tierSeeker(
      seeker({
        registration_date: '2025-03-15',
        education: 'primary',
        skills: ['搬运'],
        failed_referrals: 3,
        key_groups: ['disabled', 'older_4050'],
      }),
      table,
      NOW,
    );
    // Expectations come from the table itself, so a new version of it cannot leave the test behind.
    const band = <B extends { points: number }>(bands: B[], fits: (b: B) => boolean) => [...bands].reverse().find(fits)!.points;
    const expected: [string, number][] = [
      ['unemployment_months', band(table.unemployment_months.bands, (b) => 15 >= b.min)],
      ['key_group:disabled', table.key_groups.disabled!.points],
      ['key_group:older_4050', table.key_groups.older_4050!.points],
      ['education', table.education.points.primary!],
      ['skills', [...table.skills.bands].find((b) => 1 <= b.max)!.points],
      ['failed_referrals', band(table.failed_referrals.bands, (b) => 3 >= b.min)],
    ];
    expect(d.breakdown.map((p) => [p.factor, p.points])).toEqual(expected.filter(([, points]) => points > 0));
    const total = expected.reduce((sum, [, points]) => sum + points, 0);
    expect(d.points).toBe(total);
    expect(d.tier).toBe([...table.tiers].reverse().find((t) => total >= t.min_points)!.tier);
    expect(routeOf('T4', table)).toBe('caseworker');
    const why = explainTier(d);
    expect(why.zh).toContain(`${d.tier} ${table.tiers.find((t) => t.tier === d.tier)!.stage_zh}（${total}分）`);
    expect(why.zh).toContain(`${table.unemployment_months.zh} +${expected[0]![1]} (15 months)`);
    expect(why.en).toContain(`${table.key_groups.disabled!.en} +${table.key_groups.disabled!.points}`);
  });

  it('maps totals onto T2 and T3 at the published thresholds', () => {
    const tierOf = (points: number) => [...table.tiers].reverse().find((t) => points >= t.min_points)!.tier;
    // Registered 2025-10-01: eight months at NOW.
    const months = [...table.unemployment_months.bands].reverse().find((b) => 8 >= b.min)!.points;
    const longTerm = table.key_groups.long_term_unemployed!.points;
    const zeroHousehold = table.key_groups.zero_employment_household!.points;
    const t2 = tierSeeker(seeker({ registration_date: '2025-10-01', key_groups: ['long_term_unemployed'] }), table, NOW);
    const pointsOf = (d: typeof t2, factor: string) => d.breakdown.find((p) => p.factor === factor)?.points ?? 0;
    expect(pointsOf(t2, 'unemployment_months')).toBe(months);
    expect(pointsOf(t2, 'key_group:long_term_unemployed')).toBe(longTerm);
    expect(t2.points).toBe(t2.breakdown.reduce((sum, p) => sum + p.points, 0));
    expect(t2.tier).toBe(tierOf(t2.points));
    expect(t2.tier).toBe('T2');
    const t3 = tierSeeker(
      seeker({ registration_date: '2025-10-01', key_groups: ['zero_employment_household', 'long_term_unemployed'] }),
      table,
      NOW,
    );
    expect(t3.points - t2.points).toBe(zeroHousehold);
    expect(t3.tier).toBe(tierOf(t3.points));
    expect(t3.tier).toBe('T3');
  });

  it('counts duration only for registered unemployed, and never reads gender', () => {
    expect(
      tierSeeker(seeker({ employment_status: 'employed', registration_date: '2020-01-01' }), table, NOW).breakdown.map((p) => p.factor),
    ).toEqual(['skills']);
    const f = tierSeeker(seeker({ gender: 'female', birth_year: 1980 }), table, NOW);
    const m = tierSeeker(seeker({ gender: 'male', birth_year: 1980 }), table, NOW);
    expect(f).toEqual(m);
    expect(monthsBetween('2026-01-31', new Date('2026-02-28T00:00:00Z'))).toBe(0);
    expect(monthsBetween('2026-01-15', new Date('2026-07-15T00:00:00Z'))).toBe(6);
  });

  it('rejects a malformed points table with the path to fix', () => {
    const bad = { ...table, tiers: table.tiers.map((t, i) => (i === 2 ? { ...t, min_points: 1 } : t)) };
    expect(() => parsePointsTable(bad)).toThrow(/rising min_points/);
    expect(() => parsePointsTable({ ...table, key_groups: { martians: { points: 1, zh: 'x', en: 'x' } } })).toThrow(/points/);
  });
});

describe('channel routing (policy: phone-sms-push) and policy hints (policy: policy-direct-reach)', () => {
  it('routes by preference, age and skill level; caseworker tiers to the queue', () => {
    expect(routeChannel(seeker(), 'push', 50, NOW)).toBe('app');
    expect(routeChannel(seeker({ contact_channel: 'phone' }), 'push', 50, NOW)).toBe('phone');
    expect(routeChannel(seeker({ birth_year: 1970 }), 'push', 50, NOW)).toBe('sms');
    expect(routeChannel(seeker({ education: 'junior_high', skills: ['搬运'] }), 'push', 50, NOW)).toBe('sms');
    expect(routeChannel(seeker({ birth_year: 1970, education: 'primary', skills: [] }), 'push', 50, NOW)).toBe('phone');
    expect(routeChannel(seeker(), 'caseworker', 50, NOW)).toBe('caseworker');
  });

  it('names the one-time hiring subsidy only for 6+ months registered unemployed on a contract post', () => {
    const long = seeker({ registration_date: '2025-12-01' });
    expect(policyHints(long, posting(), 'T2', NOW)).toEqual([
      expect.objectContaining({ policy: 'one_time_hiring_subsidy', amount_cny: 1000 }),
    ]);
    expect(policyHints(seeker({ registration_date: '2026-02-01' }), posting(), 'T1', NOW)).toEqual([]);
    expect(policyHints(long, posting({ employment_type: 'part_time' }), 'T2', NOW)).toEqual([]);
    const grad = policyHints(seeker({ key_groups: ['college_graduate'] }), posting({ employment_type: 'internship' }), 'T1', NOW).map(
      (h) => h.policy,
    );
    expect(grad).toEqual(['internship_subsidy']);
    const welfare = policyHints(seeker({ key_groups: ['disabled'] }), posting({ employment_type: 'public_welfare' }), 'T4', NOW).map(
      (h) => h.policy,
    );
    expect(welfare).toContain('public_welfare_post');
  });
});
