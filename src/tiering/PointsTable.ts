import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../core/PipelineError.ts';
import { formatZodIssues } from '../config/Config.ts';
import { EDUCATION_LEVELS, KEY_GROUPS } from '../records/fields.ts';

/** The published points instrument (points.json beside this file), validated on load. */
const Label = { zh: z.string().min(1), en: z.string().min(1) };

export const PointsTableSchema = z.object({
  name: z.string(),
  version: z.string(),
  note: z.string().optional(),
  unemployment_months: z.object({ ...Label, bands: z.array(z.object({ min: z.number().min(0), points: z.number().int().min(0) })).min(1) }),
  key_groups: z.partialRecord(z.enum(KEY_GROUPS), z.object({ points: z.number().int().min(0), ...Label })),
  education: z.object({ ...Label, points: z.partialRecord(z.enum(EDUCATION_LEVELS), z.number().int().min(0)) }),
  skills: z.object({ ...Label, bands: z.array(z.object({ max: z.number().int().min(0), points: z.number().int().min(0) })) }),
  failed_referrals: z.object({ ...Label, bands: z.array(z.object({ min: z.number().int().min(1), points: z.number().int().min(0) })) }),
  tiers: z
    .array(
      z.object({
        tier: z.enum(['T1', 'T2', 'T3', 'T4']),
        min_points: z.number().int().min(0),
        stage_zh: z.string(),
        stage_en: z.string(),
        route: z.enum(['push', 'caseworker']),
      }),
    )
    .length(4)
    .refine((t) => t[0]!.min_points === 0 && t.every((x, i) => i === 0 || x.min_points > t[i - 1]!.min_points), {
      message: 'tiers must be T1..T4 in order with rising min_points, T1 starting at 0',
    }),
});
export type PointsTable = z.infer<typeof PointsTableSchema>;

export const POINTS_FILE = fileURLToPath(new URL('./points.json', import.meta.url));

export function parsePointsTable(data: unknown, where = 'points table'): PointsTable {
  const parsed = PointsTableSchema.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(`invalid ${where}:\n${formatZodIssues(parsed.error, 'points')}`, {
      hint: `fix ${where} (format: src/matching/tiering/points.json)`,
    });
  }
  return parsed.data;
}

let cached: PointsTable | undefined;

/** The shipped table; loaded once per process. */
export function defaultPointsTable(): PointsTable {
  return (cached ??= parsePointsTable(JSON.parse(readFileSync(POINTS_FILE, 'utf8')), POINTS_FILE));
}
