import { defineCommand, DB_OPTION } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/Config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { CsvPostingSource } from '../src/import/CsvPostingSource.ts';
import { builtinMappingNames, loadMappingSync } from '../src/import/loadMapping.ts';
import { formatImportSummary, importPostings } from '../src/import/importPostings.ts';
import { parseDate } from '../src/import/parseDate.ts';
import { withStore } from '../src/store/DuckDBStore.ts';

export default defineCommand({
  name: 'import-postings',
  summary: 'import a job-board CSV export of postings through a declarative field mapping',
  details: [
    `Built-in mappings: ${builtinMappingNames().join(', ')}; or pass the path of your own mapping JSON (docs/csv-import.md).`,
    'Examples:',
    '  labourflow import-postings --csv boss.csv --mapping jobboard --db labourflow.duckdb',
    '  labourflow import-postings --csv fair.csv --mapping mappings/examples/jobfair.json --posted-date 2026-03-01',
    'Re-importing the same file changes nothing (ids hash the source name and the row; event_time is fixed per file).',
  ].join('\n'),
  options: {
    ...DB_OPTION,
    csv: { type: 'string', description: 'the CSV export to import', valueName: 'FILE' },
    mapping: { type: 'string', description: 'built-in mapping name or mapping JSON file', valueName: 'NAME|FILE' },
    'source-name': {
      type: 'string',
      description: "name stored in each posting's source and hashed into its id (default: the mapping's)",
      valueName: 'S',
    },
    'posted-date': {
      type: 'string',
      description: "posted_date for rows without one (default: the file's modification date)",
      valueName: 'YYYY-MM-DD',
    },
    'batch-size': { type: 'string', description: 'rows per DuckDB transaction (default 5000)', valueName: 'N' },
    json: { type: 'boolean', description: 'print the summary as one JSON line instead of text' },
  },
  async run({ values }) {
    if (!values.csv) throw new ConfigError('--csv is required', { hint: 'pass --csv FILE, the board export to import' });
    if (!values.mapping)
      throw new ConfigError('--mapping is required', { hint: `pass --mapping ${builtinMappingNames().join('|')} or a mapping JSON file` });
    const sourceName = values['source-name'];
    if (sourceName !== undefined && !/^[\w.:-]{1,60}$/.test(sourceName)) {
      throw new ConfigError(`--source-name "${sourceName}" is not allowed`, { hint: 'use 1–60 letters, digits, _ . : -' });
    }
    let postedDate: string | undefined;
    if (values['posted-date'] !== undefined) {
      const parsed = parseDate(values['posted-date'], false);
      if (!parsed.ok) throw new ConfigError(`--posted-date: ${parsed.message}`, { hint: 'write it as YYYY-MM-DD' });
      postedDate = parsed.value;
      // event_time is derived from it, and the store refuses events from the future.
      if (Date.parse(`${postedDate}T00:00:00+08:00`) > Date.now()) {
        throw new ConfigError(`--posted-date ${postedDate} is in the future`, {
          hint: 'pass the date the export was made, or leave it out to use the file date',
        });
      }
    }
    const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
      throw new ConfigError(`--batch-size must be a positive integer, got "${values['batch-size']}"`);
    }
    const mapping = loadMappingSync(values.mapping);
    const core = loadCoreConfig({ db: values.db });
    const source = await CsvPostingSource.create({ path: values.csv, mapping, sourceName, postedDate });
    const result = await withStore({ path: core.db }, (store) => importPostings(store, source, { batchSize }));
    process.stdout.write(
      values.json
        ? `${JSON.stringify({
            ...result.summary,
            mapping: result.mapping,
            source_name: result.sourceName,
            mapping_rejects: result.mappingRejects,
          })}\n`
        : formatImportSummary(result),
    );
    return 0;
  },
});
