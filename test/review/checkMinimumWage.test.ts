import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMinimumWage, statedHourlyRate, type WagePosting } from '../../src/review/checkMinimumWage.ts';
import { DEFAULT_MINIMUM_WAGES_PATH, type MinimumWageTable, MinimumWages } from '../../src/review/MinimumWages.ts';

// The shipped table with Sichuan's tiers fixed here, so the test does not move when the figures are updated.
const table = JSON.parse(readFileSync(DEFAULT_MINIMUM_WAGES_PATH, 'utf8')) as MinimumWageTable;
table.provinces.find((p) => p.code === '510000')!.tiers = [
  { tier: 1, monthly: 2100, hourly: 22 },
  { tier: 2, monthly: 1970, hourly: 21 },
  { tier: 3, monthly: 1870, hourly: 20 },
];
const wages = MinimumWages.fromJson(table);
const CHENGDU = '510104';
const post = (o: Partial<WagePosting>): WagePosting => ({
  region_code: CHENGDU,
  salary_min: 4000,
  employment_type: 'full_time',
  title: '仓库管理员',
  ...o,
});

describe('checkMinimumWage', () => {
  it('blocks a full-time posting below the lowest monthly tier, and names the figures and the law', () => {
    const [f] = checkMinimumWage(post({ salary_min: 1800 }), wages);
    expect(f).toMatchObject({ check: 'minimum_wage', severity: 'block', category: 'minimum_wage' });
    expect(f!.zh).toContain('1800元/月低于四川省最低档最低工资标准1870元/月');
    expect(f!.zh).toContain('《劳动法》第四十八条');
    expect(f!.en).toContain('Labour Law art. 48');
  });

  it('notes, without blocking, a salary between the lowest and the highest tier (the county tier is unknown)', () => {
    const findings = checkMinimumWage(post({ salary_min: 1900 }), wages);
    expect(findings.map((f) => f.severity)).toEqual(['note']);
    expect(findings[0]!.zh).toContain('介于');
    expect(checkMinimumWage(post({ salary_min: 1870 }), wages)[0]!.severity).toBe('note'); // at the lowest tier: not below it
  });

  it('is silent at or above the highest tier, and for public-welfare posts above it too', () => {
    expect(checkMinimumWage(post({ salary_min: 2100 }), wages)).toEqual([]);
    expect(checkMinimumWage(post({ salary_min: 6000 }), wages)).toEqual([]);
    expect(checkMinimumWage(post({ salary_min: 2500, employment_type: 'public_welfare' }), wages)).toEqual([]);
    expect(checkMinimumWage(post({ salary_min: 1500, employment_type: 'public_welfare' }), wages)[0]!.severity).toBe('block');
  });

  it('compares part-time posts on the hourly figure only when the posting states an hourly rate', () => {
    expect(checkMinimumWage(post({ employment_type: 'part_time', salary_min: 800, title: '超市理货员（兼职）' }), wages)).toEqual([]);
    const low = checkMinimumWage(
      post({ employment_type: 'part_time', salary_min: 800, title: '兼职理货员', description: '时薪18元，日结' }),
      wages,
    );
    expect(low.map((f) => f.severity)).toEqual(['block']);
    expect(low[0]!.zh).toContain('18元/小时低于四川省最低档最低工资标准20元/小时');
    expect(checkMinimumWage(post({ employment_type: 'part_time', salary_min: 800, description: '21元/小时' }), wages)[0]!.severity).toBe(
      'note',
    );
    expect(checkMinimumWage(post({ employment_type: 'part_time', salary_min: 800, description: '每小时25元' }), wages)).toEqual([]);
  });

  it('skips internships and flexible work, and regions outside the table', () => {
    expect(checkMinimumWage(post({ salary_min: 1000, employment_type: 'internship' }), wages)).toEqual([]);
    expect(checkMinimumWage(post({ salary_min: 1000, employment_type: 'flexible' }), wages)).toEqual([]);
    expect(checkMinimumWage(post({ salary_min: 1000, region_code: '810000' }), wages)).toEqual([]);
  });
});

describe('statedHourlyRate', () => {
  it.each([
    ['时薪25元', 25],
    ['时薪：２２．５元', 22.5],
    ['25元/小时', 25],
    ['25元一小时，周结', 25],
    ['每小时20块', 20],
    ['30 RMB/hour', 30],
  ])('reads %s', (text, rate) => {
    expect(statedHourlyRate(text)).toBe(rate);
  });

  it.each(['月薪5000元', '每天工作8小时', '3000-4000元/月', ''])('finds no hourly rate in %s', (text) => {
    expect(statedHourlyRate(text)).toBeNull();
  });
});
