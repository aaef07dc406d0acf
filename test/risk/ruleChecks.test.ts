import { describe, expect, it } from 'vitest';
import { defaultRiskConfig } from '../../src/risk/RiskConfig.ts';
import { art41Check, reachesArt41, refundEligibility } from '../../src/risk/ruleChecks.ts';

const config = defaultRiskConfig();

describe('Labour Contract Law art. 41 check', () => {
  const check = (layoffs: number, workforce: number, filed: string | null = null) =>
    art41Check({ layoffs, workforce, planFiledDate: filed, period: '2026-06' }, config);

  it('applies from 20 people whatever the share', () => {
    expect(check(19, 1000).applies).toBe(false);
    expect(check(20, 1000).applies).toBe(true);
    expect(check(20, 1000).compliant).toBe(false);
  });

  it('applies under 20 people from 10% of the workforce', () => {
    expect(check(19, 192).applies).toBe(false); // 9.9%
    expect(check(10, 100).applies).toBe(true); // exactly 10%
    expect(check(19, 190).applies).toBe(true);
    expect(check(0, 5).applies).toBe(false);
    expect(reachesArt41(3, 30, config)).toBe(true);
    expect(reachesArt41(2, 30, config)).toBe(false);
  });

  it('needs the plan filed 30 or more days before the period', () => {
    // The period starts 2026-06-01: filed 2026-05-03 is 29 days ahead, 2026-05-02 is 30.
    expect(check(25, 500, '2026-05-03')).toMatchObject({ applies: true, daysAhead: 29, compliant: false });
    expect(check(25, 500, '2026-05-02')).toMatchObject({ applies: true, daysAhead: 30, compliant: true });
    expect(check(25, 500, null)).toMatchObject({ daysAhead: null, compliant: false });
    expect(check(5, 500, null).compliant).toBeNull();
  });

  it('follows configured thresholds', () => {
    const strict = { art41: { ...config.art41, minPersons: 50, noticeDays: 60 } };
    expect(art41Check({ layoffs: 25, workforce: 1000, planFiledDate: null, period: '2026-06' }, strict).applies).toBe(false);
    expect(art41Check({ layoffs: 60, workforce: 1000, planFiledDate: '2026-05-02', period: '2026-06' }, strict).compliant).toBe(false);
  });
});

describe('job-retention refund eligibility (policy: job-retention-refund)', () => {
  it('allows 20% for enterprises with 30 insured staff but the target rate from 31', () => {
    expect(refundEligibility({ insured: 30, layoffs: 6 }, config)).toMatchObject({ eligible: true, small: true, limit: 0.2 });
    expect(refundEligibility({ insured: 30, layoffs: 7 }, config)).toMatchObject({ eligible: false, small: true });
    expect(refundEligibility({ insured: 31, layoffs: 6 }, config)).toMatchObject({ eligible: false, small: false, limit: 0.055 });
  });

  it('compares against the unemployment target at the boundary', () => {
    expect(refundEligibility({ insured: 1000, layoffs: 55 }, config).eligible).toBe(true); // 5.5%
    expect(refundEligibility({ insured: 1000, layoffs: 56 }, config).eligible).toBe(false);
    expect(refundEligibility({ insured: 0, layoffs: 0 }, config).eligible).toBe(true);
  });
});
