import { z } from 'zod';
import { EducationRequirement, EMPLOYMENT_TYPES, IndustryCode, OccupationCode, POSTING_STATUSES } from '../records/fields.ts';
import { Regions } from '../validation/Regions.ts';
import { TextEncodingName } from '../ingest/TextEncodingName.ts';

/**
 * The declarative CSV mapping an office writes for a board's export (docs/csv-import.md).
 * A column is named by its header text, by a 0-based index (files without a header), or by a
 * list of either: the first one present in the file's header is used, so one mapping can
 * serve a board whose header wording changed between exports.
 */
const ColumnName = z.union([z.string().trim().min(1), z.number().int().min(0)]);
export const ColumnRef = z.union([ColumnName, z.array(ColumnName).min(1)]);
export type ColumnRef = z.infer<typeof ColumnRef>;

const ExperienceRange = z
  .object({ min: z.number().min(0).max(40), max: z.number().min(0).max(50).nullable() })
  .strict()
  .refine((r) => r.max === null || r.max >= r.min, { message: 'max must be ≥ min (or null for open-ended)' });
export type ExperienceRange = z.infer<typeof ExperienceRange>;

const RegionTarget = z.union([
  z
    .string()
    .refine((code) => Regions.get().has(code), { message: 'must be a GB/T 2260 code known to Regions (e.g. 810000 for Hong Kong)' }),
  z.object({ reject: z.string().min(1) }).strict(),
]);
export type RegionTarget = z.infer<typeof RegionTarget>;

/** "Per month" factors for pay quoted per hour/day/week, months a yearly figure is spread over; null = reject such rows. */
const PeriodFactor = z.number().positive().nullable();

export const MappingSpec = z
  .object({
    name: z.string().regex(/^[\w.-]{1,40}$/, { message: 'name: letters, digits, _ . - (at most 40)' }),
    description: z.string().optional(),
    /** Stored in each posting's `source` and hashed into its id; `--source-name` overrides it. */
    source_name: z
      .string()
      .regex(/^[\w.:-]{1,60}$/)
      .optional(),
    csv: z
      .object({
        delimiter: z.string().length(1).default(','),
        header: z.boolean().default(true),
        /** `auto`: byte-order mark, else UTF-8 if the file is valid UTF-8, else GB18030 (docs/csv-import.md). `--encoding` overrides. */
        encoding: z.union([z.literal('auto'), TextEncodingName]).default('auto'),
        /** Non-empty cells beyond the header's width: the row is misaligned, so reject it (or ignore them). */
        extra_fields: z.enum(['reject', 'ignore']).default('reject'),
        /** Drop a label repeated inside a cell ("薪资: 8千-1.2万") before parsing salary, place, experience, education. */
        strip_cell_labels: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    columns: z
      .object({
        title: ColumnRef,
        salary: ColumnRef,
        region: ColumnRef,
        district: ColumnRef.optional(),
        experience: ColumnRef.optional(),
        education: ColumnRef.optional(),
        employer_name: ColumnRef.optional(),
        employer_credit_code: ColumnRef.optional(),
        industry_code: ColumnRef.optional(),
        occupation_code: ColumnRef.optional(),
        employment_type: ColumnRef.optional(),
        headcount: ColumnRef.optional(),
        skills: ColumnRef.optional(),
        posted_date: ColumnRef.optional(),
        expiry_date: ColumnRef.optional(),
        /** Cells joined into the description, one "label: value" line each. */
        description: z.array(z.object({ column: ColumnRef, label: z.string().optional() }).strict()).default([]),
      })
      .strict(),
    /** Columns that identify a posting on the board (e.g. its URL). Default: every cell of the row. */
    id_columns: z.array(ColumnName).min(1).optional(),
    employer: z
      .object({
        /**
         * `reject`: a row without a valid credit code is rejected. `derive_from_name`: a
         * deterministic placeholder code is derived from the employer name (prefix 00000000,
         * which no registration authority issues) and the posting's source is marked.
         */
        when_credit_code_missing: z.enum(['reject', 'derive_from_name']).default('reject'),
      })
      .strict()
      .prefault({}),
    defaults: z
      .object({
        /** Only for a file whose every row is of one known industry: omit it and the industry stays unknown. */
        industry_code: IndustryCode.optional(),
        occupation_code: OccupationCode.optional(),
        employment_type: z.enum(EMPLOYMENT_TYPES).default('full_time'),
        status: z.enum(POSTING_STATUSES).default('published'),
        headcount: z.number().int().min(1).max(10_000).default(1),
        /** Used when the education cell is empty or the column absent; omit to reject such rows. */
        education_required: EducationRequirement.optional(),
        /** Used when the experience cell is empty or the column absent; omit to reject such rows. */
        experience: ExperienceRange.optional(),
        /** Days after posted_date, when the board gives no expiry. */
        expiry_days: z.number().int().min(1).max(3650).optional(),
      })
      .strict(),
    salary: z
      .object({
        /** Unit of bare numbers ("8-12"): yuan, k (thousand) or wan (ten thousand). */
        default_unit: z.enum(['yuan', 'k', 'wan']).default('yuan'),
        /** 面议 (negotiable): reject, or store this range instead. */
        negotiable: z
          .union([
            z.literal('reject'),
            z.object({ min: z.number().int().positive(), max: z.number().int().positive().nullable() }).strict(),
          ])
          .default('reject'),
        periods: z
          .object({
            hour: PeriodFactor.default(174),
            day: PeriodFactor.default(21.75),
            week: PeriodFactor.default(4.35),
            year: PeriodFactor.default(12),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    synonyms: z
      .object({
        education: z.record(z.string(), EducationRequirement).default({}),
        experience: z.record(z.string(), ExperienceRange).default({}),
        region: z.record(z.string(), RegionTarget).default({}),
        employment_type: z.record(z.string(), z.enum(EMPLOYMENT_TYPES)).default({}),
        negotiable: z.array(z.string()).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type MappingSpec = z.infer<typeof MappingSpec>;
