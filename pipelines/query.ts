import { defineCommand, DB_OPTION } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { withSession } from '../src/query/AnalyticsSession.ts';
import { QueryPack } from '../src/query/QueryPack.ts';
import { runNamedQuery } from '../src/query/runNamedQuery.ts';
import { parseParamFlags } from '../src/query/bindParams.ts';
import { exportResult, parseFormat } from '../src/query/exportResult.ts';
import { formatQueryList } from '../src/query/formatQueryList.ts';
import { ApiClient, SERVER_OPTION } from '../src/client/ApiClient.ts';
import { bindParams } from '../src/query/bindParams.ts';
import { parquetRowCount, writeBytes } from '../src/client/writeBytes.ts';

export default defineCommand({
  name: 'query',
  summary: "run a named query from the analysts' query pack (sql/queries/NAME.sql), region-scoped when a scope is set",
  positionals: 'NAME',
  details: [
    'Examples:',
    '  labourflow query --list',
    '  labourflow query wage-guide --param group_by=region --param region_level=city',
    '  labourflow query supply-demand --param quarter=2025-Q2 --scope 130500 --format csv --out ratio.csv',
    '  labourflow query unemployment --format parquet --out unemployment.parquet',
  ].join('\n'),
  options: {
    ...DB_OPTION,
    ...SERVER_OPTION,
    list: { type: 'boolean', description: 'list the queries with their parameters' },
    param: { type: 'string', multiple: true, valueName: 'K=V', description: 'a query parameter' },
    format: { type: 'string', valueName: 'FMT', description: 'table (default) | csv | json | parquet | arrow' },
    out: { type: 'string', valueName: 'FILE', description: 'write the result to FILE instead of stdout' },
    scope: { type: 'string', valueName: 'CODE', description: 'region code whose subtree is visible (default: $LABOURFLOW_SCOPE)' },
    'taxonomy-dir': {
      type: 'string',
      valueName: 'DIR',
      description: 'reference classifications, for occupation names (default: $LABOURFLOW_TAXONOMY_DIR)',
    },
  },
  async run({ values, positionals }) {
    const client = ApiClient.fromFlags(values.server);
    if (client) {
      ApiClient.refuseLocalFlags(values, ['db', 'scope', 'taxonomy-dir']);
      return runRemote(client, values, positionals);
    }
    const pack = await QueryPack.load();
    if (values.list) {
      process.stdout.write(formatQueryList(pack.list()));
      return 0;
    }
    const name = positionals[0];
    if (!name || positionals.length > 1) {
      throw new ConfigError('give exactly one query name', { hint: 'run `labourflow query --list` to see the names' });
    }
    const def = pack.get(name);
    const params = parseParamFlags(values.param);
    const format = parseFormat(values.format, values.out);
    const core = loadCoreConfig({ db: values.db, scope: values.scope, taxonomyDir: values['taxonomy-dir'] });
    await withSession({ db: core.db, scope: core.scope, taxonomyDir: core.taxonomyDir }, async (session) => {
      const result = await runNamedQuery(session, def, params);
      await exportResult(result, format, values.out);
      if (values.out) process.stderr.write(`labourflow query: ${result.rows.length} rows of ${def.name} written to ${values.out}\n`);
    });
    return 0;
  },
});

/** Through the server: the same listing, checks, formats and messages as embedded, from the server's pack and store. */
async function runRemote(
  client: ApiClient,
  values: { list?: boolean; param?: string[]; format?: string; out?: string },
  positionals: string[],
): Promise<number> {
  const defs = await client.listQueries();
  if (values.list) {
    process.stdout.write(formatQueryList(defs));
    return 0;
  }
  const name = positionals[0];
  if (!name || positionals.length > 1) {
    throw new ConfigError('give exactly one query name', { hint: 'run `labourflow query --list` to see the names' });
  }
  const def = defs.find((d) => d.name === name);
  if (!def) {
    throw new ConfigError(`no query named "${name}"`, {
      code: 'QUERY_UNKNOWN',
      hint: `run \`labourflow query --list\`; known: ${defs.map((d) => d.name).join(', ')}`,
    });
  }
  const params = parseParamFlags(values.param);
  const format = parseFormat(values.format, values.out);
  // Checked here as embedded, so a bad parameter reads the same; the server checks again.
  bindParams(def, params);
  let rows: number;
  if (format === 'parquet') {
    const bytes = await client.queryBytes(name, params, 'parquet');
    await writeBytes(values.out!, bytes);
    rows = await parquetRowCount(values.out!);
  } else {
    const result = await client.runQuery(name, params);
    await exportResult(result, format, values.out);
    rows = result.rows.length;
  }
  if (values.out) process.stderr.write(`labourflow query: ${rows} rows of ${def.name} written to ${values.out}\n`);
  return 0;
}
