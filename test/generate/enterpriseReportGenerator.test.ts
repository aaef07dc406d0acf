import { describe, expect, it } from 'vitest';
import { defaultStartPeriod, generateEnterpriseReports } from '../../src/generate/enterpriseReportGenerator.ts';
import { validateEnvelope } from '../../src/records/envelope.ts';
import { isValidCreditCode } from '../../src/validation/creditCode.ts';

const base = { enterprises: 300, months: 18, startPeriod: '2024-07', seed: 11 } as const;

describe('EnterpriseReportGenerator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = [...generateEnterpriseReports(base).reports].map((e) => JSON.stringify(e));
    const b = [...generateEnterpriseReports(base).reports].map((e) => JSON.stringify(e));
    const c = [...generateEnterpriseReports({ ...base, seed: 12 }).reports].map((e) => JSON.stringify(e));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('yields valid envelopes, one per enterprise and month, period-major, unique ids', () => {
    const g = generateEnterpriseReports(base);
    const seen = new Set<string>();
    let lastPeriod = '';
    const closures = g.groundTruth.filter((e) => e.kind === 'closure');
    let count = 0;
    for (const env of g.reports) {
      count++;
      const result = validateEnvelope(JSON.parse(JSON.stringify(env)), Date.parse('2030-01-01'));
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect(isValidCreditCode(env.payload.employer_credit_code)).toBe(true);
      expect(env.payload.period >= lastPeriod).toBe(true);
      lastPeriod = env.payload.period;
      seen.add(env.id);
    }
    expect(seen.size).toBe(count);
    // Closed enterprises stop reporting after their closure month.
    const missing = closures.reduce(
      (s, e) => s + (base.months - 1 - (Number(e.peakPeriod.slice(0, 4)) * 12 + Number(e.peakPeriod.slice(5)) - (2024 * 12 + 7))),
      0,
    );
    expect(count).toBe(base.enterprises * base.months - missing);
  });

  it('injects explicit events with their ground truth', () => {
    const g = generateEnterpriseReports({
      ...base,
      events: [
        { kind: 'mass_layoff', enterprise: 3, period: '2025-03', magnitude: 0.4, plan: 'late' },
        { kind: 'seasonal_dip', enterprise: 4, period: '2025-02', magnitude: 0.25 },
        { kind: 'closure', enterprise: 5, period: '2025-01' },
        { kind: 'gradual_decline', enterprise: 6, period: '2024-11', months: 5, magnitude: 0.4 },
      ],
    });
    expect(g.groundTruth.map((e) => [e.kind, e.peakPeriod, e.risk])).toEqual([
      ['mass_layoff', '2025-03', true],
      ['seasonal_dip', '2025-02', false],
      ['closure', '2025-03', true],
      ['gradual_decline', '2025-03', true],
    ]);
    const at = (i: number, period: string) =>
      [...g.reportsFor(period)].find((e) => e.payload.employer_credit_code === g.profile(i).creditCode)?.payload;
    const mass = at(3, '2025-03')!;
    const before = at(3, '2025-02')!;
    expect(mass.layoffs_this_period).toBeGreaterThan(0.3 * before.headcount_now);
    expect(mass.plan_filed_date! > '2025-02-01').toBe(true); // filed late: under 30 days ahead
    const dip = at(4, '2025-02')!;
    expect(dip.layoffs_this_period).toBe(0);
    expect(dip.headcount_now).toBeLessThan(0.85 * at(4, '2025-01')!.headcount_now);
    expect(at(5, '2025-02')!.closure_notice).toBe('closure');
    expect(at(5, '2025-03')!.production_status).toBe('closed');
    expect(at(5, '2025-04')).toBeUndefined();
    expect(at(6, '2025-01')!.headcount_now).toBeLessThan(at(6, '2024-10')!.headcount_now);
    expect(g.groundTruth[0]!.jobsLost).toBeGreaterThan(0);
  });

  it('rejects bad options with a reason', () => {
    expect(() => generateEnterpriseReports({ ...base, enterprises: 0 })).toThrow(/enterprises/);
    expect(() => generateEnterpriseReports({ ...base, startPeriod: '2024-13' })).toThrow(/YYYY-MM/);
    expect(() => generateEnterpriseReports({ ...base, regions: ['999999'] })).toThrow(/GB\/T 2260/);
    expect(() => generateEnterpriseReports({ ...base, events: [{ kind: 'mass_layoff', enterprise: 999, period: '2025-01' }] })).toThrow(
      /outside/,
    );
    expect(() => generateEnterpriseReports({ ...base, events: [{ kind: 'mass_layoff', enterprise: 1, period: '2030-01' }] })).toThrow(
      /within the run/,
    );
  });

  it('default events cover every kind and a default start ends last month', () => {
    const g = generateEnterpriseReports({ enterprises: 2000, months: 24, startPeriod: '2024-09', seed: 3 });
    const kinds = new Set(g.groundTruth.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['closure', 'gradual_decline', 'mass_layoff', 'seasonal_dip']);
    expect(g.groundTruth.every((e) => e.kind !== 'seasonal_dip' || e.peakPeriod.endsWith('-02'))).toBe(true);
    expect(defaultStartPeriod(24, new Date('2026-11-21T00:00:00Z'))).toBe('2024-11');
    expect(generateEnterpriseReports({ ...base, events: 'none' }).groundTruth).toEqual([]);
  });
});
