import { describe, expect, it } from 'vitest';
import type { LayoffEvent } from '../../src/generate/enterpriseReportGenerator.ts';
import { backtestLayoffs, score } from '../../src/risk/backtestLayoffs.ts';
import { defaultRiskConfig } from '../../src/risk/RiskConfig.ts';

describe('layoff backtest', () => {
  it('meets the precision, recall and seasonal-dip targets on generated data', async () => {
    const r = await backtestLayoffs({ enterprises: 500, months: 16, seed: 9, startPeriod: '2024-09', config: defaultRiskConfig() });
    expect(r.by_kind.mass_layoff.events + r.by_kind.gradual_decline.events + r.by_kind.closure.events).toBeGreaterThan(20);
    expect(r.by_kind.seasonal_dip.events).toBeGreaterThan(5);
    expect(r.precision).toBeGreaterThanOrEqual(0.8);
    expect(r.recall).toBeGreaterThanOrEqual(0.9);
    expect(r.seasonal_dips_above_yellow).toBe(0);
    expect(r.targets.met).toBe(true);
  });

  it('scores alerts against ground truth', () => {
    const event = (code: string, kind: LayoffEvent['kind'], peak: string): LayoffEvent => ({
      kind,
      risk: kind !== 'seasonal_dip',
      enterprise: 0,
      employer_credit_code: code,
      employer_name: '',
      region_code: '510104',
      industry_code: 'C13',
      startPeriod: peak,
      peakPeriod: peak,
      endPeriod: peak,
      magnitude: 0.3,
      months: 1,
      plan: 'none',
      headcountBefore: 100,
      jobsLost: 30,
    });
    const hit = (code: string, period: string, level: 'yellow' | 'orange' | 'red', pushed = true) => ({
      period,
      scope_kind: 'enterprise',
      scope_key: code,
      level,
      level_rank: { yellow: 2, orange: 3, red: 4 }[level],
      pushed,
    });
    const truth = [event('A', 'mass_layoff', '2026-05'), event('B', 'closure', '2026-05'), event('D', 'seasonal_dip', '2026-02')];
    const r = score(
      truth,
      [hit('A', '2026-03', 'orange'), hit('A', '2026-05', 'red'), hit('C', '2026-05', 'orange'), hit('D', '2026-02', 'orange')],
      'orange',
      3,
    );
    expect(r.alerts).toBe(4);
    expect(r.true_alerts).toBe(2);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBe(0.5);
    expect(r.by_kind.mass_layoff.lead_time_months_mean).toBe(2);
    expect(r.by_kind.closure.detected).toBe(0);
    expect(r.seasonal_dips_above_yellow).toBe(1);
  });
});
