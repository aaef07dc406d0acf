import { defineCommand, DB_OPTION } from './cli/Command.ts';
import { loadCoreConfig, loadSection } from '../src/config/config.ts';
import { MatchingConfig } from '../src/matching/MatchingConfig.ts';
import { codeStoredOccupations } from '../src/occupations/saveOccupationCodes.ts';
import { loadReviewConfig } from '../src/review/ReviewConfig.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { PostingFileSource } from '../src/import/PostingFileSource.ts';
import { TEXT_ENCODINGS, TextEncodingName } from '../src/ingest/TextEncodingName.ts';
import { builtinMappingNames, loadMappingSync } from '../src/import/loadMapping.ts';
import { formatImportSummary, importPostings } from '../src/import/importPostings.ts';
import { parseDate } from '../src/import/parseDate.ts';
import { withStore } from '../src/store/DuckDBStore.ts';

export default defineCommand({
  name: 'import-postings',
  summary: 'import a job-board export of postings (CSV or Excel .xlsx) through a declarative field mapping',
  details: [
    `Built-in mappings: ${builtinMappingNames().join(', ')}; or pass the path of your own mapping JSON (docs/csv-import.md).`,
    "CSV or XLSX is told from the content, not the name. A CSV's encoding is detected (byte-order mark, " +
      'else UTF-8 if valid, else GB18030/GBK); --encoding overrides.',
    'Examples:',
    '  labourflow import-postings --file boss.csv --mapping jobboard --db labourflow.duckdb',
    '  labourflow import-postings --file 岗位信息.xlsx --sheet 招聘岗位 --mapping mappings/examples/jobfair.json',
    '  labourflow import-postings --file fair.csv --encoding gb18030 --mapping mappings/examples/jobfair.json --posted-date 2026-03-01',
    'Re-importing the same file changes nothing (ids hash the source name and the row; event_time is fixed per file).',
  ].join('\n'),
  options: {
    ...DB_OPTION,
    config: {
      type: 'string',
      description: 'JSON config file; its "review" section names trusted sources (default: $LABOURFLOW_CONFIG)',
      valueName: 'FILE',
    },
    file: { type: 'string', description: 'the export to import: CSV or Excel .xlsx', valueName: 'FILE' },
    csv: { type: 'string', description: 'same as --file (kept for scripts written before XLSX support)', valueName: 'FILE' },
    encoding: {
      type: 'string',
      description: `read a CSV in this encoding instead of detecting it: ${TEXT_ENCODINGS.join(', ')}`,
      valueName: 'NAME',
    },
    sheet: { type: 'string', description: 'the worksheet of an .xlsx to read (default: the first)', valueName: 'NAME' },
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
    if (values.file !== undefined && values.csv !== undefined && values.file !== values.csv) {
      throw new ConfigError('--file and --csv name two different files', { hint: '--csv is another name for --file: pass one of them' });
    }
    const file = values.file ?? values.csv;
    if (!file) throw new ConfigError('--file is required', { hint: 'pass --file FILE, the board export to import (CSV or .xlsx)' });
    let encoding: TextEncodingName | undefined;
    if (values.encoding !== undefined) {
      const parsed = TextEncodingName.safeParse(
        values.encoding
          .trim()
          .toLowerCase()
          .replace(/^utf8$/, 'utf-8'),
      );
      if (!parsed.success) {
        throw new ConfigError(`--encoding "${values.encoding}" is not one this command reads`, {
          hint: `pass one of ${TEXT_ENCODINGS.join(', ')}, or leave it out to detect`,
        });
      }
      encoding = parsed.data;
    }
    if (values.sheet !== undefined && values.sheet.trim() === '') {
      throw new ConfigError('--sheet is empty', { hint: 'pass the name of a worksheet, or leave it out to read the first' });
    }
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
    const core = loadCoreConfig({ db: values.db, configFile: values.config });
    // Opened before the store: a missing file, sheet or column fails before the database is touched.
    const source = await PostingFileSource.create({ path: file, mapping, sourceName, postedDate, encoding, sheet: values.sheet });
    const result = await withStore({ path: core.db }, async (store) => {
      const imported = await importPostings(store, source, { batchSize, review: loadReviewConfig(core) });
      // With a classification configured, the imported postings get their occupation codes saved.
      await codeStoredOccupations(store, core.taxonomyDir, loadSection(core, 'matching', MatchingConfig).occupationMinScore);
      return imported;
    });
    process.stdout.write(
      values.json
        ? `${JSON.stringify({
            ...result.summary,
            mapping: result.mapping,
            source_name: result.sourceName,
            format: result.format,
            encoding: result.encoding?.encoding ?? null,
            encoding_how: result.encoding?.how ?? null,
            sheet: result.sheet,
            mapping_rejects: result.mappingRejects,
          })}\n`
        : formatImportSummary(result),
    );
    return 0;
  },
});
