import { defineCommand, DB_OPTION } from './cli/Command.ts';
import { loadCoreConfig, loadSection } from '../src/config/config.ts';
import { MatchingConfig } from '../src/matching/MatchingConfig.ts';
import { codeStoredOccupations } from '../src/occupations/saveOccupationCodes.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { expandSources } from '../src/ingest/expandSources.ts';
import { formatSummary } from '../src/ingest/formatSummary.ts';
import { ingestFiles } from '../src/ingest/ingestFiles.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../src/ingest/readNdjsonFile.ts';
import { INGEST_DUCKDB_SETTINGS, withStore } from '../src/store/DuckDBStore.ts';
import { ApiClient, SERVER_OPTION } from '../src/client/ApiClient.ts';
import { type AutomaticReviewResult, addReviewResults, formatReviewLine } from '../src/review/automaticReview.ts';
import { loadReviewConfig } from '../src/review/ReviewConfig.ts';

export default defineCommand({
  name: 'ingest',
  summary: 'Ingest NDJSON envelopes {type,id,version,event_time,payload} from files, or from Kafka with --from kafka.',
  details: `Every line is validated; bad lines go to the \`rejected\` table with their reasons and never stop the run.
Re-ingesting the same data changes nothing (newest version/event_time per id wins).

Examples:
  labourflow ingest --from data-samples/
  labourflow ingest --from "incoming/*.ndjson" --db pes.duckdb
  labourflow ingest --from kafka --group labourflow-ingest`,
  options: {
    ...DB_OPTION,
    ...SERVER_OPTION,
    config: {
      type: 'string',
      description: 'JSON config file; its "review" section names trusted sources (default: $LABOURFLOW_CONFIG)',
      valueName: 'FILE',
    },
    from: { type: 'string', multiple: true, description: 'file, directory, glob (quoted), or "kafka"', valueName: 'PATH|GLOB|kafka' },
    'batch-size': { type: 'string', description: 'records per DuckDB transaction (default 10000)', valueName: 'N' },
    'max-line-bytes': { type: 'string', description: `reject lines longer than this (default ${DEFAULT_MAX_LINE_BYTES})`, valueName: 'N' },
    quiet: { type: 'boolean', description: 'no progress output' },
    // Kafka mode (see docs/kafka.md).
    group: { type: 'string', description: 'Kafka consumer group (default labourflow-ingest)', valueName: 'ID' },
    topics: { type: 'string', description: 'comma-separated input topics (default: all labourflow input topics)', valueName: 'LIST' },
    lake: { type: 'string', description: 'scale-out mode: write Parquet to this lake folder instead of the DuckDB file', valueName: 'DIR' },
    'exit-when-idle': { type: 'string', description: 'stop after this many ms without new messages', valueName: 'MS' },
    'worker-id': { type: 'string', description: 'name of this worker in logs and lake file names', valueName: 'NAME' },
  },
  async run({ values }) {
    const from = values.from ?? [];
    if (from.length === 0) {
      throw new ConfigError('nothing to ingest: --from is required', { hint: 'pass --from FILE|DIR|GLOB, or --from kafka' });
    }
    const client = ApiClient.fromFlags(values.server);
    if (client) {
      // Through the server: each file is uploaded and ingested by its one writer, named as given here.
      if (from.includes('kafka'))
        throw new ConfigError('--from kafka cannot be used with --server', { hint: 'the server runs its own Kafka consumer' });
      ApiClient.refuseLocalFlags(values, [
        'db',
        'lake',
        'group',
        'topics',
        'exit-when-idle',
        'worker-id',
        'batch-size',
        'max-line-bytes',
        'config',
      ]);
      const summaries = [];
      let blankLines = 0;
      let review: AutomaticReviewResult | null = null;
      for (const file of await expandSources(from)) {
        const answer = await client.ingestFile(file, file);
        summaries.push(...answer.summaries);
        blankLines += answer.blank_lines;
        if (answer.review) review = review ? addReviewResults(review, answer.review) : answer.review;
      }
      process.stdout.write(formatSummary(summaries, { blankLines }));
      if (review) process.stdout.write(formatReviewLine(review));
      return 0;
    }
    const core = loadCoreConfig({ db: values.db, configFile: values.config });
    if (from.includes('kafka')) {
      if (from.length > 1) throw new ConfigError('--from kafka cannot be combined with file sources', { hint: 'run two ingest commands' });
      // Loaded only in Kafka mode, so file ingestion never loads kafkajs.
      const { runKafkaIngest } = await import('../src/kafka/runKafkaIngest.ts');
      const occupationMinScore = loadSection(core, 'matching', MatchingConfig).occupationMinScore;
      return runKafkaIngest({ ...values, occupationMinScore }, core, async (options) => {
        const { LakeBatchSink } = await import('../src/lake/LakeBatchSink.ts');
        return LakeBatchSink.create(options);
      });
    }
    const batchSize = positiveInt(values['batch-size'], '--batch-size');
    const maxLineBytes = positiveInt(values['max-line-bytes'], '--max-line-bytes');
    // Before the store is opened: a missing path or a spreadsheet given as NDJSON must not create the database file.
    await expandSources(from);
    const result = await withStore({ path: core.db, settings: INGEST_DUCKDB_SETTINGS }, async (store) => {
      const ingested = await ingestFiles({ store, from, batchSize, maxLineBytes, progress: !values.quiet, review: loadReviewConfig(core) });
      // Only with a classification configured (LABOURFLOW_TAXONOMY_DIR): each distinct new title is coded once.
      await codeStoredOccupations(store, core.taxonomyDir, loadSection(core, 'matching', MatchingConfig).occupationMinScore);
      return ingested;
    });
    process.stdout.write(formatSummary(result.summaries, { blankLines: result.blankLines }));
    if (result.review) process.stdout.write(formatReviewLine(result.review));
    return 0;
  },
});

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${flag} must be a positive whole number, got "${value}"`);
  return n;
}
