import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../core/PipelineError.ts';

/** reference/occupations.json: codes, names and levels of the classification, shipped with the code. */
export const OCCUPATION_NAMES_PATH = fileURLToPath(new URL('../../reference/occupations.json', import.meta.url));

const OccupationNamesFile = z.object({
  columns: z.tuple([z.literal('code'), z.literal('name'), z.literal('level')]),
  occupations: z.array(z.tuple([z.string().regex(/^\d(-\d{2}){0,3}$/), z.string().min(1), z.number().int().min(1).max(4)])).min(1),
});

export interface OccupationName {
  code: string;
  name: string;
  level: number;
}

let cached: OccupationName[] | null = null;

/**
 * The shipped names (scripts/build-occupation-names.ts builds the file from the public
 * classification): labels show a name even when no classification directory is configured.
 * Group codes are in the short form postings use (2-02).
 */
export function shippedOccupationNames(path = OCCUPATION_NAMES_PATH): OccupationName[] {
  if (cached && path === OCCUPATION_NAMES_PATH) return cached;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read the occupation names ${path}: ${(error as Error).message}`, {
      code: 'OCCUPATION_NAMES_MISSING',
      hint: 'rebuild it with `npx tsx scripts/build-occupation-names.ts CSV`',
      cause: error,
    });
  }
  const parsed = OccupationNamesFile.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(`${path} is not an occupation names file: ${parsed.error.issues[0]?.message}`, {
      code: 'OCCUPATION_NAMES_FORMAT',
      hint: 'rebuild it with `npx tsx scripts/build-occupation-names.ts CSV`',
    });
  }
  const names = parsed.data.occupations.map(([code, name, level]) => ({ code, name, level }));
  if (path === OCCUPATION_NAMES_PATH) cached = names;
  return names;
}
