import { defaultMatchingConfig } from '../../src/matching/MatchingConfig.ts';
import type { MatchPosting, MatchSeeker } from '../../src/matching/matchTypes.ts';

/** A fixed "today" so expiry, freshness and unemployment durations never drift. */
export const NOW = new Date('2026-06-30T12:00:00Z');
export const config = defaultMatchingConfig({ partnerRegions: [{ from: '510000', to: '330000' }] });

export function posting(overrides: Partial<MatchPosting> = {}): MatchPosting {
  return {
    id: 'P1',
    title: '数控车工',
    occupation_code: '6-18-01-01',
    industry_code: 'C34',
    region_code: '510104',
    salary_min: 5000,
    salary_max: 7000,
    education_required: 'junior_high',
    experience_min_years: 1,
    headcount: 2,
    skills: ['数控编程', '看图纸', '车床操作'],
    employment_type: 'full_time',
    status: 'published',
    posted_date: '2026-06-20',
    expiry_date: '2026-08-31',
    description: '负责数控车床加工。',
    ...overrides,
  };
}

export function seeker(overrides: Partial<MatchSeeker> = {}): MatchSeeker {
  return {
    id: 'S1',
    gender: 'female',
    residence_region: '510104',
    birth_year: 1990,
    education: 'senior_high',
    experience_years: 3,
    skills: ['数控编程', '车床操作'],
    experience_text: '',
    desired_titles: ['数控车工'],
    desired_occupations: ['6-18-01-01'],
    desired_industries: ['C'],
    desired_regions: [],
    desired_salary_min: 5500,
    desired_salary_max: null,
    willing_to_relocate: false,
    employment_status: 'unemployed_registered',
    registration_date: '2026-04-01',
    key_groups: [],
    contact_channel: 'app',
    failed_referrals: 0,
    ...overrides,
  };
}
