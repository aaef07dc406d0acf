import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ENV_SETTINGS, type EnvSettingName } from '../core/envSettings.ts';
import { ConfigError } from '../core/PipelineError.ts';
import { Regions } from '../validation/Regions.ts';

/**
 * Configuration is read once per command: flags win over LABOURFLOW_* environment variables,
 * which win over the JSON config file (--config FILE or LABOURFLOW_CONFIG), which wins over
 * defaults. Each area (matching, risk, kafka, …) validates its own section of the file with
 * its own zod schema through `loadSection`, so a typo fails fast with the path to fix.
 */
export const CoreConfig = z.object({
  db: z.string().min(1).default('./labourflow.duckdb'),
  /** GB/T 2260 code that restricts every query and export to that region subtree. */
  scope: z
    .string()
    .regex(/^\d{6}$/, { message: 'scope must be a six-digit GB/T 2260 region code, e.g. 130500' })
    .nullish(),
  /** Directory with reference classifications (occupation_csco2022/, …); optional. */
  taxonomyDir: z.string().nullish(),
  /** Where embedded mode writes NDJSON outboxes (recommendations, alerts). */
  outboxDir: z.string().default('./outbox'),
  /** Comma-separated host:port list; empty means embedded mode (files, no Kafka). */
  kafkaBrokers: z.string().nullish(),
  topicPrefix: z
    .string()
    .regex(/^[\w.-]*$/)
    .default(''),
  configFile: z.string().nullish(),
});
export type CoreConfig = z.infer<typeof CoreConfig>;

const ENV_KEYS: Record<keyof CoreConfig, string> = {
  db: 'LABOURFLOW_DB',
  scope: 'LABOURFLOW_SCOPE',
  taxonomyDir: 'LABOURFLOW_TAXONOMY_DIR',
  outboxDir: 'LABOURFLOW_OUTBOX_DIR',
  kafkaBrokers: 'KAFKA_BROKERS',
  topicPrefix: 'LABOURFLOW_TOPIC_PREFIX',
  configFile: 'LABOURFLOW_CONFIG',
};

export function formatZodIssues(error: z.ZodError, where: string): string {
  return error.issues.map((i) => `  ${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`).join('\n');
}

/** Builds the core config from flags (already parsed) and the environment. */
export function loadCoreConfig(
  flags: Partial<Record<keyof CoreConfig, string | undefined>> = {},
  env: NodeJS.ProcessEnv = process.env,
): CoreConfig {
  const input: Record<string, unknown> = {};
  for (const [key, envName] of Object.entries(ENV_KEYS) as [keyof CoreConfig, string][]) {
    if (key === 'scope') continue;
    const value = flags[key] ?? env[envName];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const scope = resolveScope(flags.scope, env[ENV_KEYS.scope]);
  if (scope !== null) input.scope = scope;
  const parsed = CoreConfig.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(`invalid configuration:\n${formatZodIssues(parsed.error, 'config')}`, {
      hint: `fix the flag or environment variable named above (${Object.values(ENV_KEYS).join(', ')})`,
    });
  }
  return parsed.data;
}

const fileCache = new Map<string, Record<string, unknown>>();

function readConfigFile(path: string): Record<string, unknown> {
  const cached = fileCache.get(path);
  if (cached) return cached;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`, {
      hint: 'pass --config with a readable JSON file, or unset LABOURFLOW_CONFIG',
      cause: error,
    });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`config file ${path} must hold a JSON object with one key per section (matching, risk, kafka, …)`);
  }
  fileCache.set(path, data as Record<string, unknown>);
  return data as Record<string, unknown>;
}

/**
 * Validates one section of the config file (or {} when there is no file or no such section)
 * with the area's schema; defaults come from the schema. `overrides` (from flags) win.
 */
export function loadSection<S extends z.ZodType>(
  core: Pick<CoreConfig, 'configFile'>,
  section: string,
  schema: S,
  overrides: Record<string, unknown> = {},
): z.infer<S> {
  const fromFile = core.configFile ? (readConfigFile(core.configFile)[section] ?? {}) : {};
  const merged = {
    ...(fromFile as Record<string, unknown>),
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(`invalid "${section}" configuration:\n${formatZodIssues(parsed.error, section)}`, {
      hint: core.configFile ? `fix the "${section}" section of ${core.configFile}` : 'fix the flag named above',
    });
  }
  return parsed.data;
}

export { ENV_SETTINGS, type EnvSettingName, envSetting, requireEnvSetting } from '../core/envSettings.ts';

/**
 * Validates every LABOURFLOW_* variable that is set, core ones included (each command runs this
 * first): a bad value fails with the variable, its value, what is wrong and what to set.
 */
export function checkEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  const problems: string[] = [];
  const fixes: string[] = [];
  const coreNames = new Map(Object.entries(ENV_KEYS).map(([key, name]) => [name, key as keyof CoreConfig]));
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || raw === '') continue;
    if (name in ENV_SETTINGS) {
      const parsed = (ENV_SETTINGS[name as EnvSettingName].schema as z.ZodType).safeParse(raw);
      if (!parsed.success) {
        problems.push(`  ${name}=${raw}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        fixes.push(`set ${name} to ${ENV_SETTINGS[name as EnvSettingName].fix}`);
      }
      continue;
    }
    const key = coreNames.get(name);
    if (key) {
      const parsed = CoreConfig.shape[key].safeParse(raw);
      if (!parsed.success) {
        problems.push(`  ${name}=${raw}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        fixes.push(`fix or unset ${name}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid environment:\n${problems.join('\n')}`, { code: 'ENV_INVALID', hint: fixes.join('; ') });
  }
}

/**
 * Checks one scope value from `where` (a flag, an environment variable, a config file, a request):
 * a six-digit GB/T 2260 code that exists. An empty or malformed value is an error, never "no
 * scope": dropping it silently would widen what the caller sees to the whole store.
 */
export function checkScope(value: string, where: string): string {
  if (value.trim() === '') {
    throw new ConfigError(`${where} is empty: an empty scope does not mean "no scope"`, {
      code: 'SCOPE_EMPTY',
      hint: `give a GB/T 2260 region code such as 130500, or leave ${where} out entirely`,
    });
  }
  if (!/^\d{6}$/.test(value) || !Regions.get().has(value)) {
    throw new ConfigError(`${where} "${value}" is not a GB/T 2260 region code`, {
      code: 'SCOPE_INVALID',
      hint: 'use a province, city or county code such as 130000, 130500 or 130502',
    });
  }
  return value;
}

/**
 * The scope a command runs with. The environment's scope (LABOURFLOW_SCOPE, set for an analyst
 * by whoever runs their account) is a ceiling: a --scope flag may narrow it to a region within
 * it, never widen it or drop it. Set but empty is an error, as is a malformed code anywhere.
 */
export function resolveScope(flag: string | undefined, envValue: string | undefined): string | null {
  const ceiling = envValue === undefined ? null : checkScope(envValue, ENV_KEYS.scope);
  if (flag === undefined) return ceiling;
  const narrowed = checkScope(flag, '--scope');
  if (ceiling !== null && !Regions.get().within(narrowed, ceiling)) {
    throw new ConfigError(`--scope ${narrowed} lies outside ${ENV_KEYS.scope}=${ceiling}`, {
      code: 'SCOPE_WIDENS',
      hint: `a flag may only narrow the environment's scope: pass a region within ${ceiling}, or no --scope`,
    });
  }
  return narrowed;
}
