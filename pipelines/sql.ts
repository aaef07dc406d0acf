import { defineCommand, DB_OPTION } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { withSandbox } from '../src/query/SqlSandbox.ts';
import { RECORD_KINDS } from '../src/records/recordKinds.ts';
import { exportResult, parseFormat } from '../src/query/exportResult.ts';
import { ApiClient, SERVER_OPTION } from '../src/client/ApiClient.ts';
import { writeBytes } from '../src/client/writeBytes.ts';

export default defineCommand({
  name: 'sql',
  summary: 'run one read-only SQL statement; with a scope, only that region subtree exists for it',
  positionals: '"SELECT …"',
  details: [
    `Tables: ${RECORD_KINDS.map((k) => k.table).join(', ')}, recommendations, layoff_alerts,`,
    'regions, occupations, key_groups, education_levels, industry_sections (docs/analysts.md has the schemas).',
    'With a scope the in-scope rows are copied into a private in-memory database, the store is detached and',
    'file access is switched off before your statement runs: nothing outside the scope can be reached.',
    '',
    'Examples:',
    '  labourflow sql "SELECT region_code, count(*) FROM postings GROUP BY 1 ORDER BY 2 DESC LIMIT 5"',
    '  LABOURFLOW_SCOPE=130500 labourflow sql "SELECT count(*) FROM seekers" --format json',
  ].join('\n'),
  options: {
    ...DB_OPTION,
    ...SERVER_OPTION,
    format: { type: 'string', valueName: 'FMT', description: 'table (default) | csv | json | parquet | arrow' },
    out: { type: 'string', valueName: 'FILE', description: 'write the result to FILE instead of stdout' },
    scope: { type: 'string', valueName: 'CODE', description: 'region code whose subtree is visible (default: $LABOURFLOW_SCOPE)' },
    'taxonomy-dir': { type: 'string', valueName: 'DIR', description: 'reference classifications, for occupation names' },
  },
  async run({ values, positionals }) {
    if (positionals.length !== 1 || !positionals[0]!.trim()) {
      throw new ConfigError('give the SQL as one argument', { hint: 'quote it: labourflow sql "SELECT …"' });
    }
    const format = parseFormat(values.format, values.out);
    const client = ApiClient.fromFlags(values.server);
    if (client) {
      // Through the server: the sandbox there holds only the rows of the token's region.
      ApiClient.refuseLocalFlags(values, ['db', 'scope', 'taxonomy-dir']);
      if (format === 'parquet') await writeBytes(values.out!, await client.sqlBytes(positionals[0]!, 'parquet'));
      else await exportResult(await client.sql(positionals[0]!), format, values.out);
      return 0;
    }
    const core = loadCoreConfig({ db: values.db, scope: values.scope, taxonomyDir: values['taxonomy-dir'] });
    const statement = positionals[0]!;
    await withSandbox(core.db, { scope: core.scope, taxonomyDir: core.taxonomyDir }, statement, async (sandbox) => {
      const result = await sandbox.queryReadOnly(statement);
      await exportResult(result, format, values.out);
    });
    return 0;
  },
});
