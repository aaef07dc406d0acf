import { ConfigError } from '../core/PipelineError.ts';

/** A parameter as declared in a query file's header: `-- param: name type = default -- description`. */
export interface ParamSpec {
  name: string;
  type: ParamType;
  /** Allowed values for `enum(...)` parameters. */
  choices?: string[];
  default: string;
  description: string;
}

export type ParamType = 'int' | 'number' | 'string' | 'date' | 'month' | 'quarter' | 'enum' | 'region';

/** One named query of the pack: its header metadata and the SQL body. */
export interface QueryDefinition {
  name: string;
  titleZh: string;
  titleEn: string;
  description: string;
  /** Tables the query reads; a table not yet written by its pipeline makes the result empty, not an error. */
  requires: string[];
  params: ParamSpec[];
  sql: string;
}

const PARAM_LINE = /^([a-z_][a-z0-9_]*)\s+(int|number|string|date|month|quarter|region|enum\(([^)]*)\))\s*=\s*(\S*)\s*(?:--\s*(.*))?$/;
const KEYS = new Set(['name', 'title_zh', 'title_en', 'description', 'requires', 'param']);

/**
 * Parses the header comment block at the top of a query file. Continuation lines are comment
 * lines indented by at least two spaces after `--`; they extend the previous key's text.
 */
export function parseQueryFile(fileName: string, text: string): QueryDefinition {
  const name = fileName.replace(/\.sql$/, '');
  const lines = text.split('\n');
  const fields = new Map<string, string[]>();
  let last: { key: string; index: number } | undefined;
  let bodyStart = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith('--')) {
      if (line.trim() === '') continue;
      bodyStart = i;
      break;
    }
    const content = line.slice(2);
    const keyed = /^\s?([a-z_]+):\s*(.*)$/.exec(content);
    if (keyed && KEYS.has(keyed[1]!)) {
      const list = fields.get(keyed[1]!) ?? [];
      list.push(keyed[2]!.trim());
      fields.set(keyed[1]!, list);
      last = { key: keyed[1]!, index: list.length - 1 };
    } else if (/^\s{2,}\S/.test(content) && last) {
      const list = fields.get(last.key)!;
      list[last.index] = `${list[last.index]} ${content.trim()}`;
    }
  }
  const one = (key: string): string => {
    const value = fields.get(key)?.[0];
    if (!value) throw invalid(fileName, `header has no "-- ${key}:" line`);
    return value;
  };
  if (one('name') !== name) throw invalid(fileName, `header name "${one('name')}" differs from the file name`);
  const params = (fields.get('param') ?? []).map((line) => parseParam(fileName, line));
  const sql = lines.slice(bodyStart).join('\n').trim();
  for (const p of params) {
    if (!new RegExp(`\\$${p.name}\\b`).test(sql))
      throw invalid(fileName, `parameter ${p.name} is declared but the SQL never uses $${p.name}`);
  }
  for (const used of sql.matchAll(/\$([a-z_][a-z0-9_]*)/g)) {
    if (!params.some((p) => p.name === used[1]))
      throw invalid(fileName, `the SQL uses $${used[1]} but the header declares no such parameter`);
  }
  return {
    name,
    titleZh: one('title_zh'),
    titleEn: one('title_en'),
    description: one('description'),
    requires: (fields.get('requires')?.[0] ?? '').split(/[\s,]+/).filter(Boolean),
    params,
    sql,
  };
}

function parseParam(fileName: string, line: string): ParamSpec {
  const m = PARAM_LINE.exec(line);
  if (!m) throw invalid(fileName, `cannot read parameter line "${line}" (expected: name type = default -- description)`);
  const [, name, rawType, choices, def, description] = m;
  const type = (rawType!.startsWith('enum') ? 'enum' : rawType) as ParamType;
  const spec: ParamSpec = { name: name!, type, default: def ?? '', description: description?.trim() ?? '' };
  if (type === 'enum') {
    spec.choices = choices!
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean);
    if (!spec.choices.includes(spec.default))
      throw invalid(fileName, `default "${spec.default}" of ${name} is not one of ${spec.choices.join(', ')}`);
  }
  return spec;
}

function invalid(fileName: string, message: string): ConfigError {
  return new ConfigError(`query file sql/queries/${fileName}: ${message}`, {
    code: 'QUERY_FILE_INVALID',
    hint: 'fix the header comment block of that file (see docs/analysts.md, "Writing a query")',
  });
}
