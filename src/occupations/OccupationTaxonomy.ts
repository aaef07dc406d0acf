import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, SourceError } from '../core/PipelineError.ts';
import { splitMarkers, type Occupation } from './Occupation.ts';
import { parseCsvObjects } from './parseCsv.ts';

/**
 * Reads the occupational classification from the taxonomy directory of the configuration
 * (`taxonomyDir`, `LABOURFLOW_TAXONOMY_DIR` or `--taxonomy DIR`). The project ships no copy of
 * it: without the directory, coding is unavailable and matching uses the codes on records.
 *
 * Accepted layouts: DIR/occupation_csco2022/*.csv, DIR/*.csv, or DIR itself naming a CSV file.
 * Columns: level, code, name, definition, tasks, alias (comma-separated job-board titles).
 *
 * API: `OccupationTaxonomy.load(dir)` → taxonomy; `.occupations`, `.get(code)`, `.source`.
 * `OccupationTaxonomy.fromRows(records)` builds one from parsed CSV records (tests).
 */
const REQUIRED = ['level', 'code', 'name', 'alias'] as const;

export class OccupationTaxonomy {
  private readonly byCode: Map<string, Occupation>;

  private constructor(
    readonly occupations: readonly Occupation[],
    readonly source: string,
  ) {
    this.byCode = new Map(occupations.map((o) => [o.code, o]));
  }

  get(code: string): Occupation | undefined {
    return this.byCode.get(code);
  }

  static unavailable(reason: string): ConfigError {
    return new ConfigError(`occupation coding is unavailable: ${reason}`, {
      code: 'TAXONOMY_MISSING',
      hint:
        'pass --taxonomy DIR (or set LABOURFLOW_TAXONOMY_DIR / taxonomyDir) to a directory holding ' +
        'occupation_csco2022/*.csv; matching still works from occupation codes on records',
    });
  }

  static async load(dir: string | null | undefined): Promise<OccupationTaxonomy> {
    if (!dir) throw OccupationTaxonomy.unavailable('no taxonomy directory is configured');
    const file = await findCsv(dir);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new SourceError(`cannot read ${file}: ${(error as Error).message}`, { code: 'TAXONOMY_UNREADABLE', cause: error });
    }
    const { header, records } = parseCsvObjects(text);
    const missing = REQUIRED.filter((c) => !header.includes(c));
    if (missing.length) {
      throw new ConfigError(`${file} is not an occupation classification file: missing column(s) ${missing.join(', ')}`, {
        code: 'TAXONOMY_FORMAT',
        hint: 'the file needs the columns level,code,name,definition,tasks,alias',
      });
    }
    return OccupationTaxonomy.fromRows(records, file);
  }

  static fromRows(records: readonly Record<string, string>[], source = 'memory'): OccupationTaxonomy {
    const occupations: Occupation[] = [];
    for (const r of records) {
      const level = Number(r.level);
      const code = (r.code ?? '').trim();
      if (![1, 2, 3, 4].includes(level) || !/^\d-\d{2}-\d{2}-\d{2}$/.test(code)) continue;
      const raw = (r.name ?? '').trim();
      const { name, markers } = splitMarkers(raw);
      const aliases = [
        ...new Set(
          (r.alias ?? '')
            .split(',')
            .map((a) => a.trim())
            .filter((a) => a && a !== raw && a !== name),
        ),
      ];
      occupations.push({
        level: level as Occupation['level'],
        code,
        name,
        markers,
        definition: r.definition ?? '',
        tasks: r.tasks ?? '',
        aliases,
      });
    }
    if (occupations.length === 0) throw OccupationTaxonomy.unavailable(`${source} holds no occupation rows`);
    return new OccupationTaxonomy(occupations, source);
  }
}

async function findCsv(dir: string): Promise<string> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw OccupationTaxonomy.unavailable(`taxonomy directory ${dir} does not exist`);
  if (info.isFile()) return dir;
  for (const candidate of [join(dir, 'occupation_csco2022'), dir]) {
    const files = await readdir(candidate).catch(() => [] as string[]);
    const csv = files.filter((f) => f.endsWith('.csv')).sort();
    if (csv.length) return join(candidate, csv[0]!);
  }
  throw OccupationTaxonomy.unavailable(`no occupation_csco2022/*.csv under ${dir}`);
}
