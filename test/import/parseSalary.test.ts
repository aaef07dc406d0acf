import { describe, expect, it } from 'vitest';
import { BUILTIN_NEGOTIABLE } from '../../src/import/builtinSynonyms.ts';
import { synonymKey } from '../../src/import/normalizeCell.ts';
import { parseSalary, type SalaryOptions } from '../../src/import/parseSalary.ts';

const OPTIONS: SalaryOptions = {
  defaultUnit: 'yuan',
  negotiable: 'reject',
  periods: { hour: 174, day: 21.75, week: 4.35, year: 12 },
  negotiableWords: new Set(BUILTIN_NEGOTIABLE.map(synonymKey)),
  stripLabel: true,
};

function value(cell: string, options: Partial<SalaryOptions> = {}) {
  const r = parseSalary(cell, { ...OPTIONS, ...options });
  if (!r.ok) throw new Error(`${cell}: ${r.code} ${r.message}`);
  return r.value;
}
function code(cell: string, options: Partial<SalaryOptions> = {}) {
  const r = parseSalary(cell, { ...OPTIONS, ...options });
  return r.ok ? 'ok' : r.code;
}

describe('parseSalary', () => {
  it.each([
    ['9k-18k', 9000, 18000, null],
    ['10K-15K', 10000, 15000, null],
    ['１０Ｋ－１５Ｋ', 10000, 15000, null],
    ['15k-25k·13薪', 15000, 25000, 13],
    ['15-25K·14薪', 15000, 25000, 14],
    ['8千-1.2万', 8000, 12000, null],
    ['1-1.5万', 10000, 15000, null],
    ['8000-1万', 8000, 10000, null],
    ['8000-10000元/月', 8000, 10000, null],
    ['8,000 - 10,000 元', 8000, 10000, null],
    ['6000~8000', 6000, 8000, null],
    ['月薪6000至8000元', 6000, 8000, null],
    ['薪资: 8千-1.2万·13薪', 8000, 12000, 13],
    ['7000', 7000, 7000, null],
    ['4500元/月(包吃住)', 4500, 4500, null],
  ])('%s → %d..%d, %s months', (cell, min, max, months) => {
    expect(value(cell)).toEqual({ min, max, months });
  });

  it('reads open-ended pay as salary_max null', () => {
    expect(value('1.5万以上')).toEqual({ min: 15000, max: null, months: null });
    expect(value('15K以上')).toEqual({ min: 15000, max: null, months: null });
    expect(value('3000元起')).toEqual({ min: 3000, max: null, months: null });
    expect(value('底薪3000+提成')).toEqual({ min: 3000, max: null, months: null });
  });

  it('converts daily, hourly and yearly pay with the mapping factors', () => {
    expect(value('200元/天')).toEqual({ min: 4350, max: 4350, months: null });
    expect(value('日薪150-200')).toEqual({ min: 3263, max: 4350, months: null });
    expect(value('25元/小时')).toEqual({ min: 4350, max: 4350, months: null });
    expect(value('30-36万/年')).toEqual({ min: 25000, max: 30000, months: null });
    expect(value('年薪24万')).toEqual({ min: 20000, max: 20000, months: null });
  });

  it('rejects a period the mapping does not convert, with the key to set', () => {
    const r = parseSalary('200元/天', { ...OPTIONS, periods: { ...OPTIONS.periods, day: null } });
    expect(r).toMatchObject({ ok: false, code: 'salary_period' });
    expect(!r.ok && r.message).toMatch(/salary\.periods\.day/);
  });

  it('follows the negotiable policy', () => {
    expect(code('面议')).toBe('salary_negotiable');
    expect(code('薪资面议')).toBe('salary_negotiable');
    expect(value('面议', { negotiable: { min: 3000, max: null } })).toEqual({ min: 3000, max: null, months: null });
  });

  it('uses the default unit for bare numbers and flags implausible amounts', () => {
    expect(code('8-12')).toBe('salary_implausible');
    expect(value('8-12', { defaultUnit: 'k' })).toEqual({ min: 8000, max: 12000, months: null });
    expect(code('100万-200万')).toBe('salary_implausible');
  });

  it('rejects empty, unreadable, reversed, ceiling-only and odd month counts', () => {
    expect(code('')).toBe('salary_missing');
    expect(code('待遇优厚')).toBe('salary_unparsed');
    expect(code('18k-9k')).toBe('salary_range_reversed');
    expect(code('8000以下')).toBe('salary_upper_only');
    expect(code('10k-15k·30薪')).toBe('salary_months_implausible');
    expect(code('10k-15k-20k')).toBe('salary_unparsed');
    expect(code('100元/天/月')).toBe('salary_unparsed');
  });
});
