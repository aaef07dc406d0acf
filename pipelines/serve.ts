import { DB_OPTION, defineCommand } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { runService } from '../src/serve/runService.ts';
import { SERVE_ROUTES } from '../src/serve/routes/index.ts';
import { initAdminModule } from '../src/serve/routes/initAdmin.ts';

/** The flags of `labourflow serve`; route groups that need one of their own add it here. */
export const SERVE_OPTIONS = {
  ...DB_OPTION,
  port: { type: 'string', description: 'TCP port to listen on (default 8080; 0 = any free port)', valueName: 'N' },
  host: { type: 'string', description: 'address to listen on (default 127.0.0.1: this machine only)', valueName: 'ADDR' },
  inbox: {
    type: 'string',
    description: 'without Kafka: folder whose NDJSON, CSV and XLSX files are ingested (default ./inbox)',
    valueName: 'DIR',
  },
  lake: {
    type: 'string',
    description: 'with Kafka: write the Parquet lake (scale-out, one group); without: read it (query-only)',
    valueName: 'DIR',
  },
  config: { type: 'string', description: 'JSON config file (default: $LABOURFLOW_CONFIG)', valueName: 'FILE' },
  'outbox-dir': {
    type: 'string',
    description: 'embedded-mode outbox for recommendations and alerts (default: $LABOURFLOW_OUTBOX_DIR or ./outbox)',
    valueName: 'DIR',
  },
  group: { type: 'string', description: 'Kafka consumer group (default labourflow-ingest)', valueName: 'ID' },
  topics: { type: 'string', description: 'comma-separated input topics (default: all labourflow input topics)', valueName: 'LIST' },
  'worker-id': { type: 'string', description: 'name of this instance in logs and lake file names', valueName: 'NAME' },
  'no-ingest': { type: 'boolean', description: 'query-only: no consumer and no inbox (with --lake: read the lake)' },
  'init-admin': { type: 'boolean', description: 'create user admin with $LABOURFLOW_INIT_ADMIN_PASSWORD before listening (first start)' },
} as const;

export default defineCommand({
  name: 'serve',
  summary: 'run the service: the only writer of the store (Kafka or inbox ingest, scheduled match and watch-layoffs) with an HTTP API',
  details: [
    'Ingest: Kafka when KAFKA_BROKERS is set (exactly-once, as `ingest --from kafka`), else the --inbox folder:',
    'each NDJSON, CSV or XLSX file that lands there is ingested and moved to done/ (or failed/ with a .error.txt).',
    'Write a file under a .partial name and rename it when complete, or let it sit still for 2 s.',
    'GET /health answers 200 once ready; /metrics is Prometheus text; /openapi.json describes the API.',
    'SIGTERM: the batch in flight commits, the running job finishes, then the process exits 0.',
    'Examples:',
    '  labourflow serve --db pes.duckdb --inbox ./inbox',
    '  KAFKA_BROKERS=kafka:9092 labourflow serve --db pes.duckdb --port 8080',
    '  KAFKA_BROKERS=kafka:9092 labourflow serve --db node-a.duckdb --lake /data/lake --worker-id node-a',
    'Settings: "service", "inbox" and "schedule" sections of --config (docs/serve.md).',
  ].join('\n'),
  options: SERVE_OPTIONS,
  async run({ values }) {
    const port = values.port === undefined ? 8080 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ConfigError(`--port "${values.port}" is not a TCP port`, { hint: 'pass a number from 0 to 65535' });
    const core = loadCoreConfig({ db: values.db, configFile: values.config, outboxDir: values['outbox-dir'] });
    if (values['no-ingest'] && values.inbox) throw new ConfigError('--no-ingest and --inbox exclude each other');
    return runService({
      core,
      ingest: !values['no-ingest'],
      inbox: values.inbox ?? './inbox',
      lake: values.lake ?? null,
      kafka: { group: values.group, topics: values.topics, 'worker-id': values['worker-id'] },
      port,
      host: values.host ?? '127.0.0.1',
      routes: values['init-admin'] ? [initAdminModule(), ...SERVE_ROUTES] : SERVE_ROUTES,
      onListening: (url) => process.stdout.write(`labourflow serve: listening on ${url} (store ${core.db})\n`),
    });
  },
});
