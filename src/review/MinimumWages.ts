import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { formatZodIssues } from '../config/config.ts';
import { ConfigError } from '../core/PipelineError.ts';
import { isCalendarDate } from '../records/fields.ts';
import { OUTSIDE_MAINLAND, Regions } from '../validation/Regions.ts';

/** reference/minimum-wages.json, shipped with the code. */
export const DEFAULT_MINIMUM_WAGES_PATH = fileURLToPath(new URL('../../reference/minimum-wages.json', import.meta.url));

const DateString = z.string().refine(isCalendarDate, { message: 'date must be YYYY-MM-DD' });

const Tier = z
  .object({
    tier: z.number().int().min(1),
    /** CNY per month, full-time (全日制). */
    monthly: z.number().int().min(1000).max(10_000),
    /** CNY per hour, part-time (非全日制). */
    hourly: z.number().min(5).max(100),
    areas: z.string().min(1).optional(),
  })
  .strict();

const ProvinceWages = z
  .object({
    code: z.string().regex(/^\d{2}0000$/, { message: 'province code must be six digits ending 0000 (GB/T 2260)' }),
    name: z.string().min(2),
    effective_date: DateString,
    issuer: z.string().min(2),
    document: z.string().min(4),
    document_number: z.string().min(4).nullable(),
    source_url: z.url().nullable(),
    confidence: z.enum(['high', 'medium', 'low']),
    tiers: z.array(Tier).min(1),
    note: z.string(),
  })
  .strict()
  .superRefine((p, ctx) => {
    p.tiers.forEach((t, i) => {
      if (t.tier !== i + 1)
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'tier'], message: `tiers must be numbered 1, 2, 3… in order (got ${t.tier})` });
      const prev = p.tiers[i - 1];
      if (prev && t.monthly > prev.monthly) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', i, 'monthly'],
          message: `tier ${t.tier} (${t.monthly}) is above tier ${prev.tier} (${prev.monthly}); tiers go from highest to lowest`,
        });
      }
    });
  });

const MAINLAND_PROVINCES = () =>
  [...Regions.get().all()].filter((r) => r.level === 'province' && !(r.code in OUTSIDE_MAINLAND)).map((r) => r.code);

export const MinimumWageTableSchema = z
  .object({
    title: z.string(),
    /** The day the table was compiled. */
    compiled: DateString,
    status: z.enum(['to_be_verified', 'verified']),
    notice_zh: z.string().min(10),
    notice_en: z.string().min(10),
    confidence_levels: z.record(z.string(), z.string()),
    national_source: z.string(),
    units: z.object({ monthly: z.string(), hourly: z.string() }).strict(),
    provinces: z.array(ProvinceWages),
  })
  .strict()
  .superRefine((t, ctx) => {
    // One entry for each of the 31 mainland provinces (the Minimum Wage Provisions apply there; 2004 MOLSS order no. 21).
    const expected = new Set(MAINLAND_PROVINCES());
    const seen = new Set<string>();
    t.provinces.forEach((p, i) => {
      if (!expected.has(p.code))
        ctx.addIssue({ code: 'custom', path: ['provinces', i, 'code'], message: `${p.code} is not a mainland province (GB/T 2260)` });
      if (seen.has(p.code)) ctx.addIssue({ code: 'custom', path: ['provinces', i, 'code'], message: `${p.code} appears twice` });
      seen.add(p.code);
    });
    const missing = [...expected].filter((c) => !seen.has(c));
    if (missing.length) ctx.addIssue({ code: 'custom', path: ['provinces'], message: `provinces missing: ${missing.join(', ')}` });
  });
export type MinimumWageTable = z.infer<typeof MinimumWageTableSchema>;
export type ProvinceMinimumWages = MinimumWageTable['provinces'][number];

/**
 * The provincial minimum wages (reference/minimum-wages.json), validated when loaded. Lookup is by
 * the province of a GB/T 2260 region code; which tier a county is in is not in the table.
 */
export class MinimumWages {
  private readonly byProvince: Map<string, ProvinceMinimumWages>;

  private constructor(readonly table: MinimumWageTable) {
    this.byProvince = new Map(table.provinces.map((p) => [p.code, p]));
  }

  /** Validates a parsed table; `source` names it in the error. */
  static fromJson(value: unknown, source = 'minimum wage table'): MinimumWages {
    const parsed = MinimumWageTableSchema.safeParse(value);
    if (!parsed.success) {
      throw new ConfigError(`invalid ${source}:\n${formatZodIssues(parsed.error, 'minimum-wages')}`, {
        code: 'MINIMUM_WAGES_INVALID',
        hint: 'fix the entries named above in reference/minimum-wages.json (see its notice_en for the rules)',
      });
    }
    return new MinimumWages(parsed.data);
  }

  static async load(path: string = DEFAULT_MINIMUM_WAGES_PATH): Promise<MinimumWages> {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new ConfigError(`cannot read the minimum wage table ${path}: ${(error as Error).message}`, {
        code: 'MINIMUM_WAGES_UNREADABLE',
        cause: error,
        hint: 'restore reference/minimum-wages.json from the repository, or pass a readable JSON file',
      });
    }
    return MinimumWages.fromJson(value, path);
  }

  forRegion(regionCode: string): ProvinceMinimumWages | undefined {
    return this.byProvince.get(`${regionCode.slice(0, 2)}0000`);
  }
}

export function lowestTier(p: ProvinceMinimumWages): { monthly: number; hourly: number } {
  return { monthly: Math.min(...p.tiers.map((t) => t.monthly)), hourly: Math.min(...p.tiers.map((t) => t.hourly)) };
}

export function highestTier(p: ProvinceMinimumWages): { monthly: number; hourly: number } {
  return { monthly: Math.max(...p.tiers.map((t) => t.monthly)), hourly: Math.max(...p.tiers.map((t) => t.hourly)) };
}
