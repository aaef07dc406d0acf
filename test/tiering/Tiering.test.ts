import { describe, expect, it } from 'vitest';
import { defaultPointsTable, parsePointsTable } from '../../src/tiering/PointsTable.ts';
import { explainTier, monthsBetween, routeOf, tierSeeker } from '../../src/tiering/Tiering.ts';
import { routeChannel } from '../../src/matching/ChannelRouter.ts';
import { policyHints } from '../../src/matching/PolicyHints.ts';
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
    expect(d.breakdown.map((p) => [p.factor, p.points])).toEqual([
      ['unemployment_months', 3],
      ['key_group:disabled', 3],
      ['key_group:older_4050', 2],
      ['education', 2],
      ['skills', 1],
      ['failed_referrals', 2],
    ]);
    expect(d.points).toBe(13);
    expect(d.tier).toBe('T4');
    expect(routeOf('T4', table)).toBe('caseworker');
    const why = explainTier(d);
    expect(why.zh).toContain('T4 专家重点服务（13分）');
    expect(why.zh).toContain('登记失业时长 +3 (15 months)');
    expect(why.en).toContain('person with disability +3');
  });

  it('maps totals onto T2 and T3 at the published thresholds', () => {
    expect(tierSeeker(seeker({ registration_date: '2025-10-01', key_groups: ['long_term_unemployed'] }), table, NOW).tier).toBe('T2'); // 2 + 1
    expect(
      tierSeeker(seeker({ registration_date: '2025-10-01', key_groups: ['zero_employment_household', 'long_term_unemployed'] }), table, NOW)
        .tier,
    ).toBe('T3'); // 2 + 3 + 1
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

describe('channel routing (domain rule 2) and policy hints (rule 7)', () => {
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
