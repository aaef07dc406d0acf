import { hostname } from 'node:os';
import type { CoreConfig } from '../config/config.ts';
import { ConfigError } from '../core/PipelineError.ts';
import { codeAfterCommit, OCCUPATION_MIN_SCORE } from '../occupations/saveOccupationCodes.ts';
import { formatSummary } from '../ingest/formatSummary.ts';
import { DuckDBStore, INGEST_DUCKDB_SETTINGS } from '../store/DuckDBStore.ts';
import { sweepUnreviewedPostings } from '../review/automaticReview.ts';
import { BackgroundReview } from '../review/BackgroundReview.ts';
import { loadReviewConfig } from '../review/ReviewConfig.ts';
import type { BatchSink } from './BatchSink.ts';
import { Logger } from '../core/Logger.ts';
import { DeadLetterPublisher } from './DeadLetterPublisher.ts';
import { SocketRegistry } from './SocketRegistry.ts';
import { DuckDBBatchSink } from './DuckDBBatchSink.ts';
import { INPUT_TOPIC_KEYS, type KafkaConfig, loadKafkaConfig, resolveTopic, topicName } from './KafkaConfig.ts';
import { KafkaIngestJob, type KafkaIngestOptions, type KafkaIngestSummary } from './KafkaIngestJob.ts';
import { KafkaOutbox } from './KafkaOutbox.ts';
import { TopicAdmin } from './TopicAdmin.ts';

/**
 * Opens the sink of the scale-out mode (`--lake DIR`: Parquet shared by several workers). The
 * command passes it in, so this module does not depend on the lake that depends on it.
 */
export type LakeSinkFactory = (options: { dir: string; workerId: string; deadLetters: DeadLetterPublisher }) => Promise<BatchSink>;

/** The longest a posting the consumer stored waits for the automatic review (policy: posting-review) to reach it. */
export const REVIEW_MAX_DELAY_MS = 2_000;

/** The flags `labourflow ingest` declares for Kafka mode. */
export interface KafkaIngestFlags {
  group?: string;
  topics?: string;
  lake?: string;
  'exit-when-idle'?: string;
  'worker-id'?: string;
  quiet?: boolean;
  /** Not a flag: the command sets it from `matching.occupationMinScore` (codes saved after each commit). */
  occupationMinScore?: number;
}

function nonNegativeInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${flag} must be a whole number of milliseconds, got "${value}"`);
  return n;
}

/** What a sink is opened with: the group and worker, and where its dead letters go. */
export interface SinkContext {
  groupId: string;
  workerId: string;
  deadLetters: DeadLetterPublisher;
}

/** A consumer ready to run, with everything it holds; close() releases it all (after run() returned). */
export interface KafkaIngestSetup {
  job: KafkaIngestJob;
  sink: BatchSink;
  admin: TopicAdmin;
  config: KafkaConfig;
  groupId: string;
  workerId: string;
  topics: string[];
  close(): Promise<void>;
}

/**
 * Composes the Kafka consumer of `ingest --from kafka` and of `serve`: checks the flags and that
 * the input topics exist, opens the dead-letter outbox and the sink, and creates the job.
 */
export async function openKafkaIngest(
  values: KafkaIngestFlags,
  core: CoreConfig,
  openSink: (context: SinkContext) => Promise<BatchSink>,
  jobOptions: Pick<KafkaIngestOptions, 'exitWhenIdleMs' | 'awaitDurable' | 'handleSignals'> = {},
): Promise<KafkaIngestSetup> {
  const config = loadKafkaConfig(core);
  const groupId = values.group ?? config.consumer.groupId;
  if (!/^[\w.-]+$/.test(groupId)) throw new ConfigError(`--group "${groupId}" may use letters, digits, _ . - only`);
  const workerId = values['worker-id'] ?? `${hostname()}-${process.pid}`;
  if (!/^[\w.-]+$/.test(workerId)) throw new ConfigError(`--worker-id "${workerId}" may use letters, digits, _ . - only`);
  const topics = values.topics
    ? values.topics
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
        .map((t) => resolveTopic(config, t))
    : INPUT_TOPIC_KEYS.map((k) => topicName(config, k));

  const sockets = new SocketRegistry();
  const admin = await TopicAdmin.create(config, sockets);
  let outbox: KafkaOutbox | null = null;
  let sink: BatchSink | undefined;
  const close = async () => {
    await sink?.close().catch(() => undefined);
    await outbox?.close().catch(() => undefined);
    await admin.close().catch(() => undefined);
    const leaked = sockets.destroyOpen();
    if (leaked > 0) Logger.for('kafka').warn('kafka_leaked_connections_closed', { count: leaked });
  };
  try {
    const existing = new Set(await admin.raw.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      throw new ConfigError(`input topic(s) ${missing.join(', ')} do not exist on ${config.brokers.join(',')}`, {
        hint: 'create them with `labourflow topics create` (or pass --topics with existing topics)',
      });
    }
    await admin.ensureTopics(['dead-letter']);
    outbox = await KafkaOutbox.create(config, `dlq-${workerId}`, sockets);
    const deadLetters = new DeadLetterPublisher(outbox, topicName(config, 'dead-letter'), groupId);
    sink = await openSink({ groupId, workerId, deadLetters });
    const job = await KafkaIngestJob.create({
      config,
      groupId,
      topics,
      sink,
      admin,
      workerId,
      sockets,
      decodeWorker: config.consumer.decodeWorker,
      ...jobOptions,
    });
    return { job, sink, admin, config, groupId, workerId, topics, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Runs `labourflow ingest --from kafka` to completion (signal or --exit-when-idle) and prints the
 * same summary as file ingestion. DuckDB mode (default) writes the --db file; --lake DIR writes
 * Parquet so several workers of one group can share the partitions.
 */
export async function runKafkaIngestSummary(
  values: KafkaIngestFlags,
  core: CoreConfig,
  openLake?: LakeSinkFactory,
): Promise<KafkaIngestSummary> {
  const exitWhenIdleMs = nonNegativeInt(values['exit-when-idle'], '--exit-when-idle');
  if (values.lake && !openLake)
    throw new ConfigError('--lake is not available here', { hint: 'run `labourflow ingest --from kafka --lake DIR`' });
  let store: DuckDBStore | null = null;
  let review: BackgroundReview | null = null;
  const setup = await openKafkaIngest(
    values,
    core,
    async ({ groupId, workerId, deadLetters }) => {
      if (values.lake) return openLake!({ dir: values.lake, workerId, deadLetters });
      const db = await DuckDBStore.create({ path: core.db, settings: INGEST_DUCKDB_SETTINGS });
      store = db;
      const duckSink = await DuckDBBatchSink.create(db, groupId, deadLetters);
      // The automatic posting review after each transaction; the sweep first catches up a previous process's crash.
      const reviewConfig = loadReviewConfig(core);
      await sweepUnreviewedPostings(db, reviewConfig);
      // Beside the consumer, not after each transaction: the review would otherwise hold every
      // fetch behind it. A posting waits at most REVIEW_MAX_DELAY_MS for its step.
      const background = await BackgroundReview.create(db, reviewConfig, { maxDelayMs: REVIEW_MAX_DELAY_MS });
      review = background;
      // Occupation codes too, when a classification is configured: each new title coded once.
      const minScore = values.occupationMinScore ?? OCCUPATION_MIN_SCORE;
      duckSink.afterEachCommit(async (counts) => {
        background.committed(counts.stored);
        await codeAfterCommit(db, core.taxonomyDir, minScore);
      });
      return duckSink;
    },
    // One DuckDB writer: fetching may run ahead of the commit. Lake workers share partitions: it may not.
    { exitWhenIdleMs, awaitDurable: Boolean(values.lake) },
  ).catch(async (error) => {
    await (review as BackgroundReview | null)?.finish();
    await (store as DuckDBStore | null)?.close().catch(() => undefined);
    throw error;
  });
  try {
    return await setup.job.run();
  } finally {
    await setup.close();
    // The postings of the last transactions: reviewed before the store closes.
    await (review as BackgroundReview | null)?.finish();
    await (store as DuckDBStore | null)?.close().catch(() => undefined);
  }
}

/**
 * The CLI entry used by pipelines/ingest.ts (library callers use runKafkaIngestSummary); returns
 * the exit code. kafkajs can leave retry timers behind (e.g. an offset commit sent while a broker
 * was restarting) that would keep the finished process alive for minutes, so the process is ended
 * 10 s after the job if nothing else ended it; the guard is unref'd and never delays a normal exit.
 */
export async function runKafkaIngest(values: KafkaIngestFlags, core: CoreConfig, openLake?: LakeSinkFactory): Promise<number> {
  try {
    const summary = await runKafkaIngestSummary(values, core, openLake);
    process.stdout.write(formatSummary([summary]));
    process.stdout.write(`stopped: ${summary.stopReason}\n`);
    return 0;
  } finally {
    setTimeout(() => {
      Logger.for('kafka').warn('kafka_exit_forced', { reason: 'kafkajs timers still pending 10 s after the job finished' });
      process.exit(process.exitCode ?? 0);
    }, 10_000).unref();
  }
}
