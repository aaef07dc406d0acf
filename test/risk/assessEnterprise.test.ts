import { describe, expect, it } from 'vitest';
import { assessEnterprise, type EnterprisePeriodRow } from '../../src/risk/assessEnterprise.ts';
import { defaultRiskConfig } from '../../src/risk/RiskConfig.ts';

const config = defaultRiskConfig();

function row(over: Partial<EnterprisePeriodRow> = {}): EnterprisePeriodRow {
  return {
    employer_credit_code: '91350100M000100Y43',
    employer_name: '成都华鑫食品有限公司',
    region_code: '510104',
    industry_code: 'C13',
    period: '2026-06',
    headcount_baseline: 400,
    headcount_now: 400,
    insured_headcount: 360,
    layoffs_this_period: 0,
    planned_layoffs: 0,
    plan_filed_date: null,
    production_status: 'normal',
    wage_arrears: false,
    wage_arrears_amount: null,
    closure_notice: 'none',
    reduction_reason: null,
    prev_headcount: 400,
    prev_insured: 360,
    layoffs_window: 0,
    insured_window_start: 360,
    insured_recent_max: 360,
    postings_withdrawn: 0,
    ...over,
  };
}

describe('assessEnterprise', () => {
  it('reports no level for a steady enterprise', () => {
    const a = assessEnterprise(row(), config);
    expect(a.level).toBe('none');
    expect(a.signals).toEqual([]);
    expect(a.explanation_en).toMatch(/no risk signal/);
  });

  it('keeps a seasonal dip (headcount down 28%, no layoffs, insured barely moving) at yellow or below', () => {
    const a = assessEnterprise(
      row({ headcount_now: 288, prev_headcount: 400, insured_headcount: 350, prev_insured: 360, insured_recent_max: 362 }),
      config,
    );
    expect(['blue', 'yellow']).toContain(a.level);
    expect(a.signals.map((s) => s.name)).toContain('headcount_drop');
  });

  it('raises a mass layoff without a filed plan to red with an art. 41 compliance flag', () => {
    const a = assessEnterprise(
      row({ headcount_now: 280, layoffs_this_period: 120, insured_headcount: 250, layoffs_window: 120, production_status: 'reduced' }),
      config,
    );
    expect(a.level).toBe('red');
    expect(a.compliance_flags).toEqual(expect.arrayContaining(['art41_plan_not_filed_30_days', 'refund_ineligible']));
    expect(a.explanation_zh).toMatch(/第四十一条/);
    expect(a.explanation_en).toMatch(/art\. 41/);
    const signal = a.signals.find((s) => s.name === 'layoff_rate')!;
    expect(signal.value).toBe(0.3);
    expect(signal.level).toBe('red');
  });

  it('does not flag a layoff whose plan was filed 30 days ahead', () => {
    const a = assessEnterprise(
      row({ headcount_now: 370, layoffs_this_period: 30, insured_headcount: 333, planned_layoffs: 30, plan_filed_date: '2026-05-02' }),
      config,
    );
    expect(a.compliance_flags).not.toContain('art41_plan_not_filed_30_days');
    const late = assessEnterprise(
      row({ headcount_now: 370, layoffs_this_period: 30, insured_headcount: 333, planned_layoffs: 30, plan_filed_date: '2026-05-03' }),
      config,
    );
    expect(late.compliance_flags).toContain('art41_plan_not_filed_30_days');
  });

  it('warns ahead of time on a filed plan at the art. 41 scale', () => {
    const a = assessEnterprise(row({ planned_layoffs: 25, plan_filed_date: '2026-06-10' }), config);
    expect(a.level).toBe('orange');
    expect(a.signals[0]!.name).toBe('planned_layoffs');
  });

  it('puts a closure notice at red and a slow decline at orange by corroboration', () => {
    expect(assessEnterprise(row({ closure_notice: 'closure', production_status: 'halted' }), config).level).toBe('red');
    const decline = assessEnterprise(
      row({
        headcount_now: 380,
        prev_headcount: 400,
        layoffs_this_period: 20,
        insured_headcount: 342,
        prev_insured: 360,
        insured_recent_max: 380,
        production_status: 'reduced',
      }),
      config,
    );
    expect(decline.level).toBe('orange');
    expect(decline.explanation_en).toMatch(/level raised one step/);
  });

  it('needs at least minPersons for a person-count signal on a small firm', () => {
    const a = assessEnterprise(
      row({
        headcount_baseline: 12,
        headcount_now: 11,
        prev_headcount: 12,
        insured_headcount: 9,
        prev_insured: 10,
        insured_recent_max: 10,
        insured_window_start: 10,
      }),
      config,
    );
    expect(a.level).toBe('none');
  });

  it('counts withdrawn postings and flags refund ineligibility from the 12-month layoffs', () => {
    expect(assessEnterprise(row({ postings_withdrawn: 2 }), config).level).toBe('none');
    expect(assessEnterprise(row({ postings_withdrawn: 3 }), config).level).toBe('blue');
    const many = assessEnterprise(row({ postings_withdrawn: 10 }), config);
    expect(many.level).toBe('yellow');
    expect(many.explanation_zh).toMatch(/撤回招聘岗位 10 个/);
    // 25 laid off over the year from 360 insured at the window start: 6.9% > 5.5%.
    const refund = assessEnterprise(row({ layoffs_this_period: 5, headcount_now: 395, layoffs_window: 25 }), config);
    expect(refund.compliance_flags).toContain('refund_ineligible');
    expect(refund.metrics.refund_eligible).toBe(false);
    expect(
      assessEnterprise(row({ layoffs_this_period: 5, headcount_now: 395, layoffs_window: 19 }), config).compliance_flags,
    ).not.toContain('refund_ineligible');
  });

  it('marks watch-list enterprises even with no signal', () => {
    const a = assessEnterprise(row(), config, true);
    expect(a.on_watch_list).toBe(true);
    expect(a.explanation_zh).toMatch(/重点监测名单/);
  });
});
