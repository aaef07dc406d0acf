import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../../src/core/PipelineError.ts';

type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string };

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  name: string;
  summary: string;
  /** Extra usage lines shown under the summary, e.g. examples. */
  details?: string;
  options: O;
  /** Whether positional arguments are accepted (e.g. `query NAME`, `sql "…"`). */
  positionals?: string;
  run(args: { values: ParsedValues<O>; positionals: string[] }): Promise<number | undefined>;
}

export type ParsedValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean'
    ? O[K]['multiple'] extends true
      ? boolean[]
      : boolean
    : O[K]['multiple'] extends true
      ? string[]
      : string;
};

/** Every command that touches the store takes --db (default ./labourflow.duckdb, or LABOURFLOW_DB). */
export const DB_OPTION = {
  db: { type: 'string', description: 'DuckDB file (default: $LABOURFLOW_DB or ./labourflow.duckdb)', valueName: 'FILE' },
} as const satisfies Record<string, OptionSpec>;

export function defineCommand<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

export function helpText(spec: CommandSpec): string {
  const lines = [`labourflow ${spec.name}${spec.positionals ? ` ${spec.positionals}` : ''} [options]`, '', spec.summary];
  if (spec.details) lines.push('', spec.details.trimEnd());
  lines.push('', 'Options:');
  const entries = Object.entries({ ...spec.options, help: { type: 'boolean', description: 'show this help' } as OptionSpec });
  const flags = entries.map(([name, o]) => {
    const value = o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : '';
    return `  ${o.short ? `-${o.short}, ` : ''}--${name}${value}`;
  });
  const width = Math.max(...flags.map((f) => f.length)) + 2;
  entries.forEach(([, o], i) => lines.push(flags[i]!.padEnd(width) + o.description + (o.multiple ? ' (repeatable)' : '')));
  return `${lines.join('\n')}\n`;
}

export function parseCommandArgs<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>, argv: string[]) {
  const options: Record<string, NonNullable<ParseArgsConfig['options']>[string]> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(spec.options)) {
    const { description: _d, valueName: _v, ...rest } = o;
    options[name] = rest;
  }
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: Boolean(spec.positionals), strict: true });
    return parsed as unknown as { values: ParsedValues<O> & { help?: boolean }; positionals: string[] };
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}`, {
      code: 'CLI_ARGS_INVALID',
      hint: `run \`labourflow ${spec.name} --help\` to see the accepted options`,
      cause: error,
    });
  }
}
