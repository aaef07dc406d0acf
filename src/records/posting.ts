import { z } from 'zod';
import { defineRecordKind } from './RecordKind.ts';
import {
  CreditCode,
  EducationRequirement,
  EMPLOYMENT_TYPES,
  IndustryCode,
  IsoDate,
  LongText,
  MonthlySalary,
  OccupationCode,
  POSTING_STATUSES,
  RegionCode,
  ShortText,
  SkillList,
} from './fields.ts';

/** 岗位 / 招聘信息: a job posting (domain brief "Entities"; review and commitment flags per policy: posting-review, commitment-acceptance). */
export const PostingPayload = z
  .object({
    employer_credit_code: CreditCode,
    employer_name: ShortText.optional(),
    title: ShortText,
    occupation_code: OccupationCode.nullish(),
    /** Set when the code was found by the title coder: its score (0..1) and version (migration 008). */
    occupation_score: z.number().min(0).max(1).nullish(),
    occupation_coder_version: z.string().max(100).nullish(),
    /** GB/T 4754 code; absent when the source does not say (an import never invents one, issue #13). */
    industry_code: IndustryCode.nullish(),
    /** Set when industry_code was inferred (from the occupation), not stated: how sure (0..1). */
    industry_confidence: z.number().min(0).max(1).nullish(),
    region_code: RegionCode,
    salary_min: MonthlySalary,
    /** null = open-ended ("…以上"). */
    salary_max: MonthlySalary.nullish(),
    /** Months of pay per year when the board says so (e.g. ·13薪). */
    salary_months: z.number().int().min(12).max(24).nullish(),
    education_required: EducationRequirement,
    experience_min_years: z.number().min(0).max(40),
    experience_max_years: z.number().min(0).max(50).nullish(),
    headcount: z.number().int().min(1).max(10_000),
    description: LongText.default(''),
    skills: SkillList.default([]),
    employment_type: z.enum(EMPLOYMENT_TYPES),
    status: z.enum(POSTING_STATUSES),
    posted_date: IsoDate,
    expiry_date: IsoDate.nullish(),
    /** Accepted on a caseworker's written commitment (startups, flexible employers; policy: commitment-acceptance). */
    commitment_accepted: z.boolean().default(false),
    source: z.string().max(100).nullish(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.salary_max != null && p.salary_max < p.salary_min) {
      ctx.addIssue({ code: 'custom', path: ['salary_max'], message: `salary_max ${p.salary_max} is below salary_min ${p.salary_min}` });
    }
    if (p.experience_max_years != null && p.experience_max_years < p.experience_min_years) {
      ctx.addIssue({ code: 'custom', path: ['experience_max_years'], message: 'experience_max_years is below experience_min_years' });
    }
    if (p.expiry_date != null && p.expiry_date < p.posted_date) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiry_date'],
        message: `expiry_date ${p.expiry_date} is before posted_date ${p.posted_date}`,
      });
    }
  });
export type PostingPayload = z.infer<typeof PostingPayload>;

/** 岗位 / 招聘信息: job postings, stored in `postings`. */
export const posting = defineRecordKind({
  type: 'posting',
  table: 'postings',
  topic: 'postings',
  partitions: 6,
  file: 'postings.ndjson',
  schema: PostingPayload,
  inputOnly: [],
  scope: { regionColumn: 'region_code' },
  regionFields: ['region_code'],
  dateFields: ['posted_date', 'expiry_date'],
  badLine: { requiredField: 'region_code', enumField: 'employment_type', enumValue: 'contract_worker' },
});
