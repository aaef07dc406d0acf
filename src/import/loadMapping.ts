import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatZodIssues } from '../config/config.ts';
import { ConfigError } from '../core/PipelineError.ts';
import { MappingSpec } from './MappingSpec.ts';

export const BUILTIN_MAPPINGS_DIR = fileURLToPath(new URL('../../mappings/', import.meta.url));

/** Names of the mappings shipped in mappings/*.json (e.g. "jobboard"). */
export function builtinMappingNames(): string[] {
  return readdirSync(BUILTIN_MAPPINGS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** `--mapping NAME|FILE`: a built-in name, else a path to an office's own mapping JSON. */
export function loadMappingSync(nameOrFile: string): MappingSpec {
  const builtin = builtinMappingNames().includes(nameOrFile);
  const path = builtin ? `${BUILTIN_MAPPINGS_DIR}${nameOrFile}.json` : nameOrFile;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read mapping "${nameOrFile}": ${(error as Error).message}`, {
      code: 'CSV_MAPPING_UNREADABLE',
      cause: error,
      hint: `pass a built-in mapping name (${builtinMappingNames().join(', ')}) or the path of a mapping JSON file (docs/csv-import.md)`,
    });
  }
  return parseMapping(text, path);
}

export function parseMapping(text: string, where: string): MappingSpec {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`mapping ${where} is not valid JSON: ${(error as Error).message}`, { code: 'CSV_MAPPING_INVALID', cause: error });
  }
  const parsed = MappingSpec.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(`mapping ${where} is invalid:\n${formatZodIssues(parsed.error, 'mapping')}`, {
      code: 'CSV_MAPPING_INVALID',
      hint: 'fix the keys named above; docs/csv-import.md describes every key',
    });
  }
  return parsed.data;
}
