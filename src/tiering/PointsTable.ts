import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../core/PipelineError.ts';
import { formatZodIssues } from '../config/config.ts';
import { EDUCATION_LEVELS, KEY_GROUPS } from '../records/fields.ts';

const Label = { zh: z.string().min(1), en: z.string().min(1) };

/**
 * The employment-difficulty points instrument (policy: five-way-service, "employment difficulty by
 * grade"): a versioned input, `reference/tier-points.json` unless `matching.pointsFile` names
 * another, validated on load. Its `version` is stored with every match run.
 */
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

export const DEFAULT_POINTS_FILE = fileURLToPath(new URL('../../reference/tier-points.json', import.meta.url));

export function parsePointsTable(data: unknown, where = 'points table'): PointsTable {
  const parsed = PointsTableSchema.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(`invalid ${where}:\n${formatZodIssues(parsed.error, 'points')}`, {
      hint: `fix ${where} (format: reference/tier-points.json)`,
    });
  }
  return parsed.data;
}

const loaded = new Map<string, PointsTable>();

/** The table in `file` (read and validated once per process). */
export function loadPointsTable(file: string = DEFAULT_POINTS_FILE): PointsTable {
  let table = loaded.get(file);
  if (!table) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`cannot read the points table ${file}: ${(error as Error).message}`, {
        code: 'POINTS_TABLE_UNREADABLE',
        hint: 'point matching.pointsFile at a readable JSON file in the format of reference/tier-points.json',
        cause: error,
      });
    }
    table = parsePointsTable(data, file);
    loaded.set(file, table);
  }
  return table;
}

/** The shipped table. */
export function defaultPointsTable(): PointsTable {
  return loadPointsTable(DEFAULT_POINTS_FILE);
}
