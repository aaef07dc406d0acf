import { z } from 'zod';
import { defineRecordKind } from './RecordKind.ts';
import {
  CONTACT_CHANNELS,
  EducationLevel,
  EMPLOYMENT_STATUSES,
  GENDERS,
  IndustryCode,
  IsoDate,
  KEY_GROUPS,
  LongText,
  MonthlySalary,
  OccupationCode,
  RegionCode,
  ShortText,
  SkillList,
} from './fields.ts';

const currentYear = () => new Date().getUTCFullYear();

/**
 * 求职者画像: a pseudonymous job-seeker profile. `id_number` is accepted only on the way in:
 * ingestion checks it (GB 11643) and replaces it with `id_hash` before the record goes anywhere.
 * `gender` exists for policy support definitions ("4050") and the fairness audit, never for scoring.
 */
export const SeekerPayload = z
  .object({
    id_number: z.string().optional(),
    id_hash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullish(),
    gender: z.enum(GENDERS).default('unspecified'),
    residence_region: RegionCode,
    /** The service office (region code) responsible for follow-ups; defaults to the residence county. */
    office_region: RegionCode.nullish(),
    birth_year: z
      .number()
      .int()
      .min(1940)
      // Every integer has a range that fits its INTEGER column (docs/security.md, limits): without
      // one, 3000000000 would pass zod and wrap around in DuckDB.
      .max(2100)
      .refine((y) => y <= currentYear() - 14, {
        message: 'birth_year makes the seeker younger than 14',
      }),
    education: EducationLevel,
    graduation_year: z.number().int().min(1960).max(2100).nullish(),
    experience_years: z.number().min(0).max(60),
    skills: SkillList.default([]),
    experience_text: LongText.default(''),
    desired_titles: z.array(ShortText).max(20).default([]),
    desired_occupations: z.array(OccupationCode).max(20).default([]),
    /** Set when desired_occupations were found by the title coder from desired_titles: the lowest score (0..1) and the coder's version. */
    occupation_score: z.number().min(0).max(1).nullish(),
    occupation_coder_version: z.string().max(100).nullish(),
    desired_industries: z.array(IndustryCode).max(20).default([]),
    desired_regions: z.array(RegionCode).max(20).default([]),
    desired_salary_min: MonthlySalary.nullish(),
    desired_salary_max: MonthlySalary.nullish(),
    willing_to_relocate: z.boolean().default(false),
    employment_status: z.enum(EMPLOYMENT_STATUSES),
    /** Employment/unemployment registration date (policy: employment-registration). */
    registration_date: IsoDate.nullish(),
    draws_ui_benefit: z.boolean().default(false),
    ui_benefit_since: IsoDate.nullish(),
    household_id: z.string().max(64).nullish(),
    key_groups: z.array(z.enum(KEY_GROUPS)).max(KEY_GROUPS.length).default([]),
    contact_channel: z.enum(CONTACT_CHANNELS).default('app'),
    /** Referrals that ended without a hire; a tiering factor. */
    failed_referrals: z.number().int().min(0).max(1000).default(0),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.desired_salary_min != null && s.desired_salary_max != null && s.desired_salary_max < s.desired_salary_min) {
      ctx.addIssue({ code: 'custom', path: ['desired_salary_max'], message: 'desired_salary_max is below desired_salary_min' });
    }
    if (s.employment_status === 'unemployed_registered' && s.registration_date == null) {
      ctx.addIssue({ code: 'custom', path: ['registration_date'], message: 'registered unemployed seekers need a registration_date' });
    }
    if (s.draws_ui_benefit && s.ui_benefit_since == null) {
      ctx.addIssue({ code: 'custom', path: ['ui_benefit_since'], message: 'draws_ui_benefit needs ui_benefit_since' });
    }
    if (s.graduation_year != null && s.graduation_year < s.birth_year + 10) {
      ctx.addIssue({ code: 'custom', path: ['graduation_year'], message: 'graduation_year is less than 10 years after birth_year' });
    }
    if (s.experience_years > currentYear() - s.birth_year - 14) {
      ctx.addIssue({ code: 'custom', path: ['experience_years'], message: 'experience_years exceeds the years since age 14' });
    }
  });
export type SeekerPayload = z.infer<typeof SeekerPayload>;

/** 求职者画像: job-seeker profiles, stored in `seekers` with the ID number replaced by its keyed hash. */
export const seeker = defineRecordKind({
  type: 'seeker',
  table: 'seekers',
  topic: 'seekers',
  partitions: 6,
  file: 'seekers.ndjson',
  schema: SeekerPayload,
  inputOnly: ['id_number'],
  scope: { regionColumn: 'residence_region' },
  regionFields: ['residence_region', 'office_region'],
  dateFields: ['registration_date', 'ui_benefit_since'],
  badLine: { requiredField: 'employment_status', enumField: 'education', enumValue: 'phd' },
});
