import { MAX_MONTHLY_SALARY, MIN_MONTHLY_SALARY } from '../records/fields.ts';
import { fail, ok, type FieldResult } from './FieldResult.ts';
import { normalizeCell, synonymKey } from './normalizeCell.ts';

export interface SalaryOptions {
  defaultUnit: 'yuan' | 'k' | 'wan';
  negotiable: 'reject' | { min: number; max: number | null };
  /** Per-month factors for hour/day/week; months a yearly figure spreads over; null = reject. */
  periods: { hour: number | null; day: number | null; week: number | null; year: number | null };
  negotiableWords: ReadonlySet<string>;
  stripLabel: boolean;
}

export interface Salary {
  min: number;
  /** null = open-ended ("…以上", "起"). */
  max: number | null;
  months: number | null;
}

type Period = 'hour' | 'day' | 'week' | 'month' | 'year';

const UNIT_FACTOR: Record<string, number> = { '': 1, 元: 1, 块: 1, 百: 100, k: 1000, 千: 1000, w: 10_000, 万: 10_000 };
const DEFAULT_UNIT_FACTOR = { yuan: 1, k: 1000, wan: 10_000 } as const;

const PERIOD_PATTERNS: [Period, RegExp][] = [
  ['hour', /(?:元|块)?(?:\/|每)(?:小时|时|hour|hr|h)|时薪|小时薪/g],
  ['day', /(?:元|块)?(?:\/|每)(?:天|日|day)|日薪|天薪/g],
  ['week', /(?:元|块)?(?:\/|每)(?:周|星期|week)|周薪/g],
  ['month', /(?:元|块)?(?:\/|每)(?:个?月|month)|月薪/g],
  ['year', /(?:元|块)?(?:\/|每)(?:年|year)|年薪|年包/g],
];
const PERIOD_WORD: Record<Period, string> = { hour: 'hour', day: 'day', week: 'week', month: 'month', year: 'year' };

const MONTHS = /[·•*.,、/]?(\d{1,2})薪/;
const OPEN_END = /(?:及以上|以上|起步|起|不封顶|\+)$/;
const OPEN_START = /^(?:最低|不低于|至少)/;
const UPPER_ONLY = /(?:及以下|以下|以内|封顶)$|^(?:最高|不超过|至多)/;
const LEADING_WORDS = /^(?:月薪|工资|薪资|薪酬|薪水|待遇|底薪|基本工资|保底|综合工资|税前)+/;
const COMMISSION = /\+(?:提成|绩效|奖金|补贴|加班费|分红|计件|其他|福利)+.*$/;
const BOUND = /^(\d+(?:\.\d+)?)(k|千|w|万|元|块|百)?$/;

/**
 * Parses a board's salary cell into a monthly CNY range: "9k-18k", "10K-15K·13薪", "8千-1.2万",
 * "1-1.5万", "8000-10000元/月", "1.5万以上", "底薪3000+提成", "200元/天", "30万/年".
 * Hourly, daily and weekly rates are converted with the mapping's factors (statutory defaults:
 * 174 hours and 21.75 days a month), yearly pay is divided over 12 months; a period whose
 * factor is null is rejected. 面议 follows the mapping's `negotiable` policy.
 */
export function parseSalary(cell: string, options: SalaryOptions): FieldResult<Salary> {
  const original = cell.trim();
  if (original === '') return fail('salary_missing', 'salary is empty');
  let s = normalizeCell(original, { stripLabel: options.stripLabel })
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/人民币|rmb|¥|cny/g, '')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '');

  if (!/\d/.test(s)) {
    if (options.negotiableWords.has(synonymKey(s)) || s.includes('面议')) {
      if (options.negotiable === 'reject')
        return fail('salary_negotiable', `salary "${original}" is negotiable (面议): no figure to store`);
      return ok({ min: options.negotiable.min, max: options.negotiable.max, months: null });
    }
    return fail('salary_unparsed', `salary "${original}" has no figure`);
  }

  let months: number | null = null;
  const m = MONTHS.exec(s);
  if (m) {
    months = Number(m[1]);
    if (months < 12 || months > 24)
      return fail('salary_months_implausible', `salary "${original}": ${months} months of pay a year is not plausible (12–24)`);
    s = s.replace(MONTHS, '');
  }

  const periods = new Set<Period>();
  for (const [period, pattern] of PERIOD_PATTERNS) {
    s = s.replace(pattern, () => {
      periods.add(period);
      return '';
    });
  }
  if (periods.size > 1) return fail('salary_unparsed', `salary "${original}" names more than one pay period (${[...periods].join(', ')})`);
  const period: Period = periods.values().next().value ?? 'month';

  s = s.replace(LEADING_WORDS, '');
  let openEnded = false;
  if (COMMISSION.test(s)) {
    // Base pay plus commission: the base is the floor, the ceiling is unknown.
    s = s.replace(COMMISSION, '');
    openEnded = true;
  }
  if (UPPER_ONLY.test(s))
    return fail('salary_upper_only', `salary "${original}" gives only a ceiling; a posting needs the lowest pay offered`);
  if (OPEN_END.test(s)) {
    s = s.replace(OPEN_END, '');
    openEnded = true;
  }
  if (OPEN_START.test(s)) {
    s = s.replace(OPEN_START, '');
    openEnded = true;
  }
  s = s.replace(LEADING_WORDS, '');

  const parts = s.split(/-|至|到/);
  if (parts.length > 2 || parts.some((p) => p === '')) return fail('salary_unparsed', `salary "${original}" is not a figure or a range`);
  const bounds = parts.map((p) => BOUND.exec(p));
  if (bounds.some((b) => b === null)) return fail('salary_unparsed', `salary "${original}" is not a figure or a range`);
  const [lo, hi] = bounds as RegExpExecArray[];
  if (hi && openEnded) return fail('salary_unparsed', `salary "${original}" is both a range and open-ended`);

  const unitOf = (b: RegExpExecArray) => (b[2] === undefined ? null : UNIT_FACTOR[b[2]]!);
  const loValue = Number(lo![1]);
  let loUnit = unitOf(lo!);
  let hiUnit = hi ? unitOf(hi) : null;
  const fallback = DEFAULT_UNIT_FACTOR[options.defaultUnit];
  if (hi) {
    // "1-1.5万": the unit written once applies to both ends — unless the lower number is
    // already bigger than the upper one ("8000-1万"), in which case it is plain yuan.
    if (loUnit === null) loUnit = hiUnit !== null && loValue <= Number(hi[1]) ? hiUnit : hiUnit !== null ? 1 : fallback;
    if (hiUnit === null) hiUnit = loUnit;
  } else if (loUnit === null) {
    loUnit = fallback;
  }

  const perMonth = toMonthlyFactor(period, options.periods);
  if (perMonth === null) {
    return fail(
      'salary_period',
      `salary "${original}" is paid per ${PERIOD_WORD[period]}; this mapping rejects such rows (set salary.periods.${period} to convert)`,
    );
  }
  const min = Math.round(loValue * loUnit * perMonth);
  const max = hi ? Math.round(Number(hi[1]) * hiUnit! * perMonth) : openEnded ? null : min;
  for (const v of [min, max]) {
    if (v !== null && (v < MIN_MONTHLY_SALARY || v > MAX_MONTHLY_SALARY)) {
      return fail(
        'salary_implausible',
        `salary "${original}" gives ${v} CNY a month, outside ${MIN_MONTHLY_SALARY}–${MAX_MONTHLY_SALARY}: a unit is probably missing or wrong`,
      );
    }
  }
  if (max !== null && max < min) return fail('salary_range_reversed', `salary "${original}": the upper bound is below the lower bound`);
  return ok({ min, max, months });
}

function toMonthlyFactor(period: Period, periods: SalaryOptions['periods']): number | null {
  if (period === 'month') return 1;
  const factor = periods[period];
  if (factor === null) return null;
  return period === 'year' ? 1 / factor : factor;
}
