import { completeCreditCode } from '../../src/validation/creditCode.ts';

/** Small valid envelopes for tests; override any field. Region codes are real (Xingtai, Hebei). */
export const EMPLOYER = completeCreditCode('91130500MA0ABCDE1');

export function posting(id: string, overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  return {
    type: 'posting',
    id,
    version: 1,
    event_time: '2026-03-01T08:00:00+08:00',
    ...header,
    payload: {
      employer_credit_code: EMPLOYER,
      employer_name: '邢台市南和区某机械制造有限公司',
      title: '数控车床操作工',
      occupation_code: '6-18-01-01',
      industry_code: 'C34',
      region_code: '130506',
      salary_min: 4500,
      salary_max: 6500,
      education_required: 'secondary_vocational',
      experience_min_years: 1,
      experience_max_years: 5,
      headcount: 3,
      description: '操作数控车床，按图纸加工零件，能看懂机械图纸。',
      skills: ['数控车床', '机械制图'],
      employment_type: 'full_time',
      status: 'published',
      posted_date: '2026-02-28',
      expiry_date: '2026-05-31',
      commitment_accepted: false,
      ...overrides,
    },
  };
}

export function seeker(id: string, overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  return {
    type: 'seeker',
    id,
    version: 1,
    event_time: '2026-03-01T09:00:00+08:00',
    ...header,
    payload: {
      gender: 'male',
      residence_region: '130529',
      birth_year: 1975,
      education: 'junior_high',
      experience_years: 20,
      skills: ['电焊', '钳工'],
      experience_text: '在巨鹿县农机厂做电焊工十五年',
      desired_titles: ['焊工'],
      desired_occupations: ['6-18-02-04'],
      desired_industries: ['C'],
      desired_regions: ['130500'],
      desired_salary_min: 4000,
      desired_salary_max: 6000,
      willing_to_relocate: false,
      employment_status: 'unemployed_registered',
      registration_date: '2025-11-03',
      key_groups: ['older_4050', 'rural_migrant'],
      contact_channel: 'phone',
      ...overrides,
    },
  };
}

export function ndjson(records: readonly unknown[]): string {
  return `${records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
}
