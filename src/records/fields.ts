import { z } from 'zod';
import { creditCodeProblem } from '../validation/creditCode.ts';
import { CODE_SCHEMAS } from './describeField.ts';
import { Regions } from '../validation/Regions.ts';

/** Closed vocabularies shared by several record kinds. Order matters where a level is compared. */
export const EDUCATION_LEVELS = [
  'none',
  'primary',
  'junior_high',
  'senior_high',
  'secondary_vocational',
  'associate',
  'bachelor',
  'master',
  'doctorate',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
/** Rank used for "meets the requirement" comparisons; secondary vocational ranks with senior high. */
export const EDUCATION_RANK: Record<EducationLevel, number> = {
  none: 0,
  primary: 1,
  junior_high: 2,
  senior_high: 3,
  secondary_vocational: 3,
  associate: 4,
  bachelor: 5,
  master: 6,
  doctorate: 7,
};
export const EducationLevel = z.enum(EDUCATION_LEVELS);
export const EducationRequirement = z.enum(['any', ...EDUCATION_LEVELS]);
export type EducationRequirement = z.infer<typeof EducationRequirement>;

export const EMPLOYMENT_TYPES = ['full_time', 'part_time', 'flexible', 'internship', 'public_welfare'] as const;
export const POSTING_STATUSES = ['pending_review', 'published', 'filled', 'withdrawn', 'expired'] as const;
export const CONTACT_CHANNELS = ['app', 'sms', 'phone'] as const;
export const EMPLOYMENT_STATUSES = [
  'employed',
  'flexible_employed',
  'unemployed_registered',
  'unemployed_unregistered',
  'student',
  'out_of_labour_force',
] as const;
/** Key groups (重点群体), domain brief "Key groups". */
export const KEY_GROUPS = [
  'college_graduate',
  'veteran',
  'rural_migrant',
  'poverty_alleviated',
  'laid_off',
  'employment_difficulty',
  'disabled',
  'older_4050',
  'zero_employment_household',
  'long_term_unemployed',
  'under_20_unemployed',
] as const;
export type KeyGroup = (typeof KEY_GROUPS)[number];
export const GENDERS = ['female', 'male', 'unspecified'] as const;
export const PRODUCTION_STATUSES = ['normal', 'reduced', 'halted', 'closed'] as const;
export const CLOSURE_NOTICES = ['none', 'closure', 'merger', 'relocation'] as const;
export const FOLLOW_UP_CHANNELS = ['phone', 'sms', 'app', 'visit', 'in_person'] as const;
export const FOLLOW_UP_RESULTS = ['reached', 'not_reached', 'employed', 'referred', 'training', 'declined_service'] as const;
export const OUTCOME_EVENTS = ['viewed', 'applied', 'interviewed', 'hired', 'declined', 'left_job'] as const;

/** Plausibility window for dates on records: nothing before 1990, nothing more than 2 years ahead. */
export const EARLIEST_DATE = '1990-01-01';
let latestCache = { year: -1, value: '', recheckAfterMs: 0 };
export function latestPlausibleDate(nowMs: number = Date.now()): string {
  // Called for every date on every record: recompute only when the clock may have crossed a year.
  if (nowMs >= latestCache.recheckAfterMs || nowMs < latestCache.recheckAfterMs - 3_600_000) {
    const year = new Date(nowMs).getUTCFullYear();
    latestCache = { year, value: `${year + 2}-12-31`, recheckAfterMs: nowMs + 60_000 };
  }
  return latestCache.value;
}

export const RegionCode = z
  .string()
  .regex(/^\d{6}$/, { message: 'region code must be six digits (GB/T 2260), e.g. 130506' })
  .refine((code) => Regions.get().has(code), { message: 'region code is not a GB/T 2260 division' });

// Registered as a code: it is held by its check character, not a pattern, and an all-digit credit
// code can have an ID number's shape without being one (see describeField's `code`).
export const CreditCode = z
  .string()
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem === 'length') ctx.addIssue({ code: 'custom', message: 'credit code must have 18 characters (GB 32100)' });
    else if (problem === 'characters')
      ctx.addIssue({ code: 'custom', message: 'credit code has characters outside the GB 32100 alphabet' });
    else if (problem === 'check_digit') ctx.addIssue({ code: 'custom', message: 'credit code check character does not match (GB 32100)' });
  })
  .register(CODE_SCHEMAS, { standard: 'GB 32100' });

/** GB/T 4754-2017: a section letter A–T, optionally followed by 2–4 digits of division/group/class. */
export const IndustryCode = z.string().regex(/^[A-T](\d{2}|\d{3}|\d{4})?$/, {
  message: 'industry code must be GB/T 4754-2017: a section letter A–T, optionally with 2–4 digits (e.g. C, C13, I6513)',
});

/** National occupational classification (2022): 1-23-45-67 (level 4), or a shorter group prefix. */
export const OccupationCode = z.string().regex(/^\d(-\d{2}){0,3}$/, {
  message: 'occupation code must look like 2-02-10-03 (or a group prefix such as 2-02)',
});

/**
 * A calendar date, YYYY-MM-DD, that exists (no 2026-02-30) and lies in the plausible window.
 * One hand-written check instead of zod's leap-year regex plus a refinement, and no Date objects:
 * dates are on every record, and this ran at a quarter of a posting's validation time.
 */
export const IsoDate = z.string({ message: 'date must be YYYY-MM-DD' }).superRefine((d, ctx) => {
  if (!isCalendarDate(d)) {
    ctx.addIssue({ code: 'invalid_format', format: 'date', message: 'date must be YYYY-MM-DD' });
  } else if (d < EARLIEST_DATE || d > latestPlausibleDate()) {
    ctx.addIssue({ code: 'custom', message: `date ${d} is outside the plausible range ${EARLIEST_DATE}..${latestPlausibleDate()}` });
  }
});

/**
 * YYYY-MM-DD naming a day that exists in the proleptic Gregorian calendar (years 0000–9999, as
 * JavaScript's Date reads them, without building one).
 */
export function isCalendarDate(d: string): boolean {
  if (d.length !== 10 || d.charCodeAt(4) !== 45 || d.charCodeAt(7) !== 45) return false;
  const year = digits(d, 0, 4);
  const month = digits(d, 5, 7);
  const day = digits(d, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month]!);
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The decimal value of text[start, end), or -1 if any character is not an ASCII digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

export const Period = z.string().regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' });

/** Monthly CNY. Below 300 or above 500,000 a month is a unit mistake (yuan per day, per year, or in 10k). */
export const MIN_MONTHLY_SALARY = 300;
export const MAX_MONTHLY_SALARY = 500_000;
export const MonthlySalary = z
  .number({ message: 'salary must be a number (monthly CNY)' })
  .int({ message: 'salary must be whole yuan' })
  .min(MIN_MONTHLY_SALARY, { message: `monthly salary below ${MIN_MONTHLY_SALARY} CNY is not plausible` })
  .max(MAX_MONTHLY_SALARY, { message: `monthly salary above ${MAX_MONTHLY_SALARY} CNY is not plausible` });

export const ShortText = z.string().trim().min(1).max(200);
export const LongText = z.string().max(20_000);
export const SkillList = z.array(z.string().trim().min(1).max(60)).max(100);
