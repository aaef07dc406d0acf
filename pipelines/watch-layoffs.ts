import { DB_OPTION, defineCommand } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { openOutbox } from '../src/push/openOutbox.ts';
import { loadRiskConfig } from '../src/risk/RiskConfig.ts';
import { checkWatchPeriods, watchLayoffPeriods, type WatchSummary } from '../src/risk/watchLayoffs.ts';
import { withStore } from '../src/store/DuckDBStore.ts';
import { ApiClient, SERVER_OPTION } from '../src/client/ApiClient.ts';

export default defineCommand({
  name: 'watch-layoffs',
  summary:
    'compute layoff-risk levels (蓝黄橙红) by enterprise, region × industry and region for a period; write layoff_alerts and push new or escalated alerts',
  details: [
    'Examples:',
    '  labourflow watch-layoffs --period 2026-06 --db lf.duckdb',
    '  labourflow watch-layoffs --period 2026-01 --through 2026-06 --json',
    'Alerts go to the layoff_alerts table; new or escalated ones to labourflow.layoff-alerts when',
    'KAFKA_BROKERS is set, else to <outbox-dir>/layoff-alerts.ndjson. Thresholds: "risk" section of --config (docs/layoffs.md).',
  ].join('\n'),
  options: {
    ...DB_OPTION,
    period: { type: 'string', description: 'YYYY-MM to assess (default: the latest period with enterprise reports)', valueName: 'YYYY-MM' },
    through: { type: 'string', description: 'also assess every following period up to this one, in order', valueName: 'YYYY-MM' },
    config: { type: 'string', description: 'JSON config file with a "risk" section (default: $LABOURFLOW_CONFIG)', valueName: 'FILE' },
    'outbox-dir': {
      type: 'string',
      description: 'embedded-mode outbox directory (default: $LABOURFLOW_OUTBOX_DIR or ./outbox)',
      valueName: 'DIR',
    },
    brokers: { type: 'string', description: 'Kafka host:port list (default: $KAFKA_BROKERS; none = embedded outbox)', valueName: 'LIST' },
    watch: { type: 'string', multiple: true, description: 'add a credit code to the watch list', valueName: 'CODE' },
    top: { type: 'string', description: 'orange and red alerts to print per period in text mode (default 5)', valueName: 'N' },
    json: { type: 'boolean', description: 'print the summaries as JSON lines instead of text' },
    ...SERVER_OPTION,
  },
  async run({ values }) {
    const client = ApiClient.fromFlags(values.server);
    if (client) return watchThroughServer(client, values);
    const core = loadCoreConfig({
      db: values.db,
      configFile: values.config,
      outboxDir: values['outbox-dir'],
      kafkaBrokers: values.brokers,
    });
    const base = loadRiskConfig(core);
    const config = values.watch?.length ? loadRiskConfig(core, { watchList: [...base.watchList, ...values.watch] }) : base;
    const top = values.top === undefined ? 5 : Number(values.top);
    if (!Number.isInteger(top) || top < 0) throw new ConfigError(`--top must be a whole number, got "${values.top}"`);
    checkWatchPeriods({ period: values.period, through: values.through });
    return withStore({ path: core.db }, async (store) => {
      const outbox = await openOutbox(core, 'layoff-alerts');
      try {
        await watchLayoffPeriods(store, { period: values.period, through: values.through }, config, outbox, (summary) =>
          process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary, top)),
        );
      } finally {
        await outbox.close();
      }
      return 0;
    });
  },
});

/** `watch-layoffs --server`: the run happens in the server; the summaries print as embedded. */
async function watchThroughServer(
  client: ApiClient,
  values: { period?: string; through?: string; top?: string; json?: boolean } & Record<string, unknown>,
): Promise<number> {
  ApiClient.refuseLocalFlags(values, ['db', 'config', 'outbox-dir', 'brokers', 'watch']);
  const top = values.top === undefined ? 5 : Number(values.top);
  if (!Number.isInteger(top) || top < 0) throw new ConfigError(`--top must be a whole number, got "${values.top}"`);
  for (const p of [values.period, values.through]) {
    if (p !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(p))
      throw new ConfigError(`period "${p}" is not YYYY-MM`, { hint: 'pass e.g. --period 2026-06' });
  }
  // YYYY-MM strings sort as the months do.
  if (values.period && values.through && values.through < values.period)
    throw new ConfigError(`--through ${values.through} is before --period ${values.period}`);
  for (const summary of await client.watchLayoffs({ period: values.period, through: values.through })) {
    process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary, top));
  }
  return 0;
}

function formatSummary(s: WatchSummary, top: number): string {
  const lines = [
    `layoff risk ${s.period}: ${s.enterprises_flagged} enterprises passed the SQL screen; ${s.written} alerts ` +
      `written, ${s.pushed} pushed${s.pushed_to ? ` to ${s.pushed_to}` : ''}`,
  ];
  for (const [kind, counts] of Object.entries(s.levels)) {
    lines.push(`  ${kind.padEnd(16)} red ${counts.red}  orange ${counts.orange}  yellow ${counts.yellow}  blue ${counts.blue}`);
  }
  lines.push(
    `  compliance: art. 41 plan not filed 30 days ahead ${s.compliance.art41_plan_not_filed}; ` +
      `job-retention refund ineligible ${s.compliance.refund_ineligible}`,
  );
  if (s.watch_list.length) lines.push(`  watch list: ${s.watch_list.map((w) => `${w.name ?? w.code} ${w.level}`).join('; ')}`);
  for (const t of s.top.slice(0, top)) lines.push(`  [${t.level}, ${t.status}] ${t.explanation_zh}`, `      ${t.explanation_en}`);
  return `${lines.join('\n')}\n`;
}
