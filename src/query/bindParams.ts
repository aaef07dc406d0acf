import { ConfigError } from '../core/PipelineError.ts';
import { isCalendarDate } from '../records/fields.ts';
import { Regions } from '../validation/Regions.ts';
import type { ParamSpec, QueryDefinition } from './parseQueryFile.ts';

export type BoundParams = Record<string, string | number>;

/** Parses `k=v` strings from `--param` flags. */
export function parseParamFlags(flags: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--param "${flag}" is not of the form name=value`, { hint: 'e.g. --param min_n=50' });
    out[flag.slice(0, eq).trim()] = flag.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Checks every given value against its declared type and fills defaults. Values reach DuckDB
 * only as bound parameters, so this is about clear errors, not about injection.
 */
export function bindParams(def: QueryDefinition, given: Record<string, string>): BoundParams {
  for (const key of Object.keys(given)) {
    if (!def.params.some((p) => p.name === key)) {
      throw new ConfigError(`query ${def.name} has no parameter "${key}"`, {
        code: 'QUERY_PARAM_UNKNOWN',
        hint: def.params.length ? `its parameters: ${def.params.map((p) => p.name).join(', ')}` : 'it takes no parameters',
      });
    }
  }
  const bound: BoundParams = {};
  for (const spec of def.params) bound[spec.name] = convert(def.name, spec, given[spec.name] ?? spec.default);
  return bound;
}

function convert(query: string, spec: ParamSpec, raw: string): string | number {
  const fail = (expected: string) =>
    new ConfigError(`query ${query}: parameter ${spec.name}="${raw}" is not ${expected}`, {
      code: 'QUERY_PARAM_INVALID',
      hint: `${spec.name}: ${spec.description || spec.type} (default ${spec.default || 'empty'})`,
    });
  switch (spec.type) {
    case 'int':
      if (!/^-?\d{1,9}$/.test(raw)) throw fail('a whole number');
      return Number(raw);
    case 'number':
      if (raw === '' || !Number.isFinite(Number(raw))) throw fail('a number');
      return Number(raw);
    case 'enum':
      if (!spec.choices!.includes(raw)) throw fail(`one of ${spec.choices!.join(' | ')}`);
      return raw;
    case 'date':
      // isCalendarDate, not Date.parse: Date.parse('2026-02-30') rolls over to 2 March.
      if (raw !== 'latest' && !isCalendarDate(raw)) throw fail('a calendar date YYYY-MM-DD or "latest"');
      return raw;
    case 'month':
      if (raw !== 'latest' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(raw)) throw fail('a month YYYY-MM or "latest"');
      return raw;
    case 'quarter':
      if (raw !== 'latest' && !/^\d{4}-Q[1-4]$/.test(raw)) throw fail('a quarter YYYY-Qn (e.g. 2025-Q3) or "latest"');
      return raw;
    case 'region':
      if (raw !== '' && !Regions.get().has(raw)) throw fail('a GB/T 2260 region code (six digits) or empty');
      return raw;
    case 'string':
      if (raw.length > 200) throw fail('at most 200 characters');
      return raw;
  }
}
