import type { PostingPayload } from '../records/posting.ts';
import { highestTier, lowestTier, type MinimumWages, type ProvinceMinimumWages } from './MinimumWages.ts';
import { normalizePostingText } from './normalizePostingText.ts';
import type { ReviewFinding } from './ReviewFinding.ts';

export type WagePosting = Pick<PostingPayload, 'region_code' | 'salary_min' | 'employment_type' | 'title'> & { description?: string };

const LABEL = { label_zh: '低于最低工资标准', label_en: 'below the minimum wage' };

/**
 * Salary below the local minimum wage (Labour Law art. 48; Minimum Wage Provisions, MOLSS order
 * no. 21 of 2004). The table knows a province's tiers but not which tier a county is in, so:
 * - full-time and public-welfare posts (labour relations, monthly standard, Provisions art. 5):
 *   `salary_min` below the province's lowest monthly tier blocks; between the lowest and the
 *   highest tier it is a note for the reviewer, who knows the county;
 * - part-time posts (非全日制, hourly standard): compared only when the posting states an hourly
 *   rate (时薪25元, 25元/小时). Otherwise skipped: a part-time `salary_min` is a monthly estimate of
 *   unknown hours and says nothing about the hourly rate;
 * - internships (见习, a living allowance under the trainee programme, not a wage) and flexible or
 *   platform work (no labour relation is established by the posting) are skipped.
 */
export function checkMinimumWage(posting: WagePosting, wages: MinimumWages): ReviewFinding[] {
  const province = wages.forRegion(posting.region_code);
  if (!province) return [];
  const source = `${province.name}《${province.document}》（${province.effective_date}起执行）`;
  const sourceEn = `${province.name}, "${province.document}", effective ${province.effective_date}`;
  if (posting.employment_type === 'full_time' || posting.employment_type === 'public_welfare') {
    return compare(posting.salary_min, lowestTier(province).monthly, highestTier(province).monthly, province, {
      what: '月薪下限',
      whatEn: 'monthly salary floor',
      unit: '元/月',
      unitEn: 'CNY a month',
      source,
      sourceEn,
    });
  }
  if (posting.employment_type === 'part_time') {
    const hourly = statedHourlyRate(`${posting.title}\n${posting.description ?? ''}`);
    if (hourly === null) return [];
    return compare(hourly, lowestTier(province).hourly, highestTier(province).hourly, province, {
      what: '小时工资',
      whatEn: 'hourly rate',
      unit: '元/小时',
      unitEn: 'CNY an hour',
      source,
      sourceEn,
    });
  }
  return [];
}

function compare(
  offered: number,
  lowest: number,
  highest: number,
  province: ProvinceMinimumWages,
  t: { what: string; whatEn: string; unit: string; unitEn: string; source: string; sourceEn: string },
): ReviewFinding[] {
  const evidence = `${offered} vs ${lowest}..${highest} ${t.unitEn} (${province.name})`;
  if (offered < lowest) {
    return [
      {
        check: 'minimum_wage',
        category: 'minimum_wage',
        severity: 'block',
        ...LABEL,
        zh:
          `${t.what}${offered}${t.unit}低于${province.name}最低档最低工资标准${lowest}${t.unit}（${t.source}）` +
          `。用人单位支付的工资不得低于当地最低工资标准（《劳动法》第四十八条）。`,
        en:
          `The ${t.whatEn} of ${offered} ${t.unitEn} is below the lowest tier of ${province.name}'s minimum wage, ` +
          `${lowest} ${t.unitEn} (${t.sourceEn}). Wages may not be below the local minimum wage (Labour Law art. 48).`,
        evidence,
      },
    ];
  }
  if (offered < highest) {
    return [
      {
        check: 'minimum_wage',
        category: 'minimum_wage',
        severity: 'note',
        ...LABEL,
        zh:
          `${t.what}${offered}${t.unit}介于${province.name}最低工资标准最低档${lowest}${t.unit}与最高档` +
          `${highest}${t.unit}之间；本表不知道岗位所在区县适用哪一档，` +
          `请核对当地标准（${t.source}）。`,
        en:
          `The ${t.whatEn} of ${offered} ${t.unitEn} lies between the lowest (${lowest}) and highest (${highest}) tiers of ` +
          `${province.name}'s minimum wage; which tier the county is in is not known here, so check it (${t.sourceEn}).`,
        evidence,
      },
    ];
  }
  return [];
}

const HOURLY = new RegExp(
  '(?:时薪|每小时|小时工资|小时薪资)\\s*[:：]?\\s*(\\d+(?:\\.\\d+)?)\\s*(?:元|块)?|(\\d+(?:\\.\\d+)?)\\s*' +
    '(?:元|块|rmb|cny)?\\s*(?:\\/|每|一)\\s*(?:小时|时|h\\b|hour)',
);

/** The hourly rate a posting states ("时薪25元", "25元/小时", "每小时25元", "25元一小时"), or null. */
export function statedHourlyRate(text: string): number | null {
  const m = HOURLY.exec(normalizePostingText(text));
  if (!m) return null;
  const rate = Number(m[1] ?? m[2]);
  return rate > 0 && rate < 1000 ? rate : null;
}
