import { describe, expect, it } from 'vitest';
import { assessCells, cellMetrics, type CellPeriodRow } from '../../src/risk/assessCells.ts';
import { defaultRiskConfig } from '../../src/risk/RiskConfig.ts';
import { robustZ } from '../../src/risk/robustZ.ts';
import { addMonths } from '../../src/core/periods.ts';

const config = defaultRiskConfig();

/** 13 months of a steady cell, then `last` for 2026-06. */
function history(region: string, industry: string, last: Partial<CellPeriodRow>, size = 10_000): CellPeriodRow[] {
  const rows: CellPeriodRow[] = [];
  for (let i = 13; i >= 1; i--) {
    const wobble = (i % 3) * 5;
    rows.push({
      region_code: region,
      industry_code: industry,
      period: addMonths('2026-06', -i),
      enterprises: 50,
      headcount: size,
      insured: size * 0.9 - wobble,
      layoffs: 5 + (i % 2),
      prev_headcount: size,
      prev_insured: size * 0.9,
    });
  }
  rows.push({
    region_code: region,
    industry_code: industry,
    period: '2026-06',
    enterprises: 50,
    headcount: size,
    insured: size * 0.9,
    layoffs: 5,
    prev_headcount: size,
    prev_insured: size * 0.9,
    ...last,
  });
  return rows;
}

describe('region × industry cells', () => {
  it('computes the robust z-score from median and MAD', () => {
    expect(robustZ(5, [1, 2, 3, 4, 5])).toBeNull();
    expect(robustZ(10, [1, 2, 3, 4, 5, 6])).toBeCloseTo((10 - 3.5) / (1.4826 * 1.5), 6);
    expect(robustZ(0.01, [0, 0, 0, 0, 0, 0])).toBeCloseTo(5, 6); // floored scale 0.002
  });

  it('takes the larger of layoff rate and insured drop', () => {
    expect(cellMetrics({ headcount: 900, insured: 850, layoffs: 20, prev_headcount: 1000, prev_insured: 900 })).toMatchObject({
      layoff_rate: 0.02,
      loss_rate: 50 / 900,
    });
  });

  it('bands a cell, raises it on its own history and names a dominant enterprise', () => {
    const rows = [...history('510100', 'C36', { layoffs: 450, insured: 8600, headcount: 9500 }), ...history('510100', 'H62', {})];
    const { cells, regions } = assessCells(
      '2026-06',
      rows,
      [
        {
          region_code: '510100',
          industry_code: 'C36',
          gross_loss: 450,
          top_loss: 400,
          top_employer_credit_code: '91350100M000100Y43',
          top_employer_name: '成都汽车零部件有限公司',
        },
      ],
      config,
    );
    const c36 = cells.find((c) => c.industry_code === 'C36')!;
    // 4.5% loss is orange on the ladder; far above the cell's history, so red.
    expect(c36.level).toBe('red');
    expect(c36.metrics.concentration).toBeCloseTo(0.8889, 3);
    expect(c36.explanation_zh).toMatch(/成都汽车零部件有限公司/);
    expect(c36.signals.map((s) => s.name)).toEqual(['cell_loss_rate', 'cell_headcount_drop', 'cell_robust_z']);
    expect(cells.find((c) => c.industry_code === 'H62')!.level).toBe('none');
    expect(regions).toHaveLength(1);
    expect(regions[0]!.region_name).toBe('成都市');
    expect(regions[0]!.metrics.cells_at_orange).toBe(1);
  });

  it('keeps a Spring Festival cell at yellow even when it is far outside its flat history', () => {
    // Headcount −12%, insured −1.5% (blue), no layoffs: the z-score raises the job-loss level to yellow, not the headcount dip to orange.
    const { cells } = assessCells('2026-06', history('511300', 'C39', { headcount: 8800, insured: 8865, layoffs: 0 }), [], config);
    expect(cells[0]!.metrics.robust_z as number).toBeGreaterThan(3.5);
    expect(cells[0]!.level).toBe('yellow');
  });

  it('keeps a seasonal headcount dip with steady insured staff at yellow, and caps small cells', () => {
    const { cells } = assessCells('2026-06', history('330100', 'E47', { headcount: 8000 }), [], config);
    expect(cells[0]!.level).toBe('yellow');
    const small = assessCells('2026-06', history('330100', 'I65', { layoffs: 30, insured: 200 }, 250), [], config).cells[0]!;
    expect(small.level).toBe('yellow');
    expect(small.explanation_en).toMatch(/capped at yellow/);
  });
});

describe('cell concentration from screened enterprises', () => {
  it('finds each cell’s biggest loser and rolls regions and industries up', async () => {
    const { cellConcentration } = await import('../../src/risk/cellConcentration.ts');
    const base = {
      employer_name: null,
      period: '2026-06',
      headcount_baseline: 100,
      headcount_now: 90,
      planned_layoffs: 0,
      plan_filed_date: null,
      production_status: 'normal',
      wage_arrears: false,
      wage_arrears_amount: null,
      closure_notice: 'none',
      reduction_reason: null,
      prev_headcount: 100,
      layoffs_window: 0,
      insured_window_start: null,
      insured_recent_max: null,
      postings_withdrawn: 0,
    };
    const rows = [
      {
        ...base,
        employer_credit_code: 'A',
        region_code: '510104',
        industry_code: 'C3670',
        insured_headcount: 80,
        prev_insured: 90,
        layoffs_this_period: 4,
      },
      {
        ...base,
        employer_credit_code: 'B',
        region_code: '510105',
        industry_code: 'C36',
        insured_headcount: 50,
        prev_insured: 52,
        layoffs_this_period: 30,
      },
      {
        ...base,
        employer_credit_code: 'C',
        region_code: '330102',
        industry_code: 'C36',
        insured_headcount: 90,
        prev_insured: 90,
        layoffs_this_period: 0,
      },
    ];
    expect(cellConcentration(rows, config)).toEqual([
      { region_code: '510100', industry_code: 'C36', gross_loss: 40, top_loss: 30, top_employer_credit_code: 'B', top_employer_name: null },
    ]);
  });
});
