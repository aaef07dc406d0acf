import { defineCommand, DB_OPTION } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { writeReport } from '../src/report/writeReport.ts';
import { ApiClient, SERVER_OPTION } from '../src/client/ApiClient.ts';
import { writeReportFile } from '../src/client/writeReportFile.ts';

export default defineCommand({
  name: 'report',
  summary:
    'write one self-contained HTML report (charts inline, no network): ratio by region, wages, unemployment, key groups, layoff risk',
  details: [
    'Examples:',
    '  labourflow report --out out/report.html',
    '  labourflow report --period 2025-Q3 --scope 130500 --out out/xingtai.html',
  ].join('\n'),
  options: {
    ...DB_OPTION,
    ...SERVER_OPTION,
    out: { type: 'string', valueName: 'FILE', description: 'where to write the HTML (default out/report.html)' },
    period: { type: 'string', valueName: 'P', description: 'quarter YYYY-Qn or month YYYY-MM (default: the latest in the data)' },
    scope: { type: 'string', valueName: 'CODE', description: 'region code whose subtree the report covers (default: $LABOURFLOW_SCOPE)' },
    'taxonomy-dir': { type: 'string', valueName: 'DIR', description: 'reference classifications, for occupation names' },
  },
  async run({ values }) {
    const client = ApiClient.fromFlags(values.server);
    if (client) {
      ApiClient.refuseLocalFlags(values, ['db', 'scope', 'taxonomy-dir']);
      const answer = await client.report(values.period);
      const out = values.out ?? 'out/report.html';
      const bytes = await writeReportFile(out, answer.html);
      process.stdout.write(`report written: ${out} (${Math.round(bytes / 1024)} KiB; ${answer.scope_name}, ${answer.quarter})\n`);
      return 0;
    }
    const core = loadCoreConfig({ db: values.db, scope: values.scope, taxonomyDir: values['taxonomy-dir'] });
    const result = await writeReport({
      db: core.db,
      out: values.out ?? 'out/report.html',
      scope: core.scope,
      period: values.period,
      taxonomyDir: core.taxonomyDir,
    });
    process.stdout.write(
      `report written: ${result.out} (${Math.round(result.bytes / 1024)} KiB; ${result.data.scope.name}, ${result.data.quarter})\n`,
    );
    return 0;
  },
});
