import type { EnterprisePeriodRow } from './assessEnterprise.ts';
import type { CellConcentrationRow } from './assessCells.ts';
import type { RiskConfig } from './RiskConfig.ts';

/** GB/T 2260 prefix length per region level, GB/T 4754 code length per industry level. */
export const REGION_DIGITS = { province: 2, city: 4, county: 6 } as const;
export const INDUSTRY_CHARS = { section: 1, division: 3 } as const;

/** The cell an enterprise falls in: its region rolled up by GB/T 2260 prefix, its industry cut to the configured level. */
export function cellOf(
  regionCode: string,
  industryCode: string,
  config: Pick<RiskConfig, 'regionLevel' | 'industryLevel'>,
): { region_code: string; industry_code: string } {
  return {
    region_code: regionCode.slice(0, REGION_DIGITS[config.regionLevel]).padEnd(6, '0'),
    industry_code: industryCode.slice(0, INDUSTRY_CHARS[config.industryLevel]),
  };
}

/**
 * Each cell's biggest loser among the enterprises the SQL screen passed (pure). Any enterprise
 * losing enough to matter passes the screen, so no second pass over every report is needed;
 * `gross_loss` sums the screened losses, and assessCells compares the top loss with the larger of
 * that and the cell's own net loss.
 */
export function cellConcentration(
  rows: readonly EnterprisePeriodRow[],
  config: Pick<RiskConfig, 'regionLevel' | 'industryLevel'>,
): CellConcentrationRow[] {
  const cells = new Map<string, CellConcentrationRow>();
  for (const r of rows) {
    const insuredLoss = r.prev_insured === null ? 0 : r.prev_insured - r.insured_headcount;
    const loss = Math.max(r.layoffs_this_period, insuredLoss, 0);
    if (loss <= 0) continue;
    const { region_code, industry_code } = cellOf(r.region_code, r.industry_code, config);
    const key = `${region_code}:${industry_code}`;
    const cell = cells.get(key) ?? {
      region_code,
      industry_code,
      gross_loss: 0,
      top_loss: 0,
      top_employer_credit_code: null,
      top_employer_name: null,
    };
    cell.gross_loss += loss;
    if (loss > cell.top_loss) {
      cell.top_loss = loss;
      cell.top_employer_credit_code = r.employer_credit_code;
      cell.top_employer_name = r.employer_name;
    }
    cells.set(key, cell);
  }
  return [...cells.values()];
}
