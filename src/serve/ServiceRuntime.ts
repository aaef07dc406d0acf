import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type CoreConfig, loadSection } from '../config/config.ts';
import { Logger } from '../core/Logger.ts';
import { limitMallocArenas, MallocTrimmer } from '../core/glibcMalloc.ts';
import { ConfigError, PipelineError } from '../core/PipelineError.ts';
import { loadMappingSync } from '../import/loadMapping.ts';
import { IngestPipeline, type IngestSummary } from '../ingest/IngestPipeline.ts';
import { readNdjsonFile } from '../ingest/readNdjsonFile.ts';
import { decodeFileInWorker } from '../ingest/decodeFileInWorker.ts';
import { RecordBatchWriter } from '../ingest/RecordBatchWriter.ts';
import type { KafkaIngestFlags, KafkaIngestSetup } from '../kafka/runKafkaIngest.ts';
import { MatchingConfig } from '../matching/MatchingConfig.ts';
import { type MatchJobSummary, runMatchJob } from '../matching/runMatchJob.ts';
import { openOutbox } from '../push/openOutbox.ts';
import { type AutomaticReviewResult, PostingReviewStep, sweepUnreviewedPostings } from '../review/automaticReview.ts';
import { loadReviewConfig } from '../review/ReviewConfig.ts';
import { loadRiskConfig } from '../risk/RiskConfig.ts';
import { type WatchSummary, watchLayoffPeriods } from '../risk/watchLayoffs.ts';
import { ScheduleConfig } from '../schedule/ScheduleConfig.ts';
import { Scheduler, type SchedulerSummary } from '../schedule/Scheduler.ts';
import { StoreHost } from '../store/StoreHost.ts';
import { WriteLock } from '../store/WriteLock.ts';
import { isCalendarDate } from '../records/fields.ts';
import { admitRegion } from '../ingest/admitRegion.ts';
import { codeAfterCommit, OCCUPATION_MIN_SCORE } from '../occupations/saveOccupationCodes.ts';
import { sqlFile } from '../store/sqlFile.ts';
import { InboxWatcher } from './InboxWatcher.ts';
import { SessionPool, type SessionLease } from './SessionPool.ts';
import type { AnalyticsSession } from '../query/AnalyticsSession.ts';
import { MeteredSink } from './MeteredSink.ts';
import { defaultMallocArenas, defaultMaxReaders, InboxSection, loadServiceSection, type ServiceSection } from './serviceConfig.ts';
import type { IngestSourceStatus, IngestStatus, MatchRequest, ServiceContext, WatchRequest } from './ServiceContext.ts';
import { ServiceMetrics } from './ServiceMetrics.ts';
import { serviceJobs } from './serviceJobs.ts';

export interface ServiceRuntimeOptions {
  core: CoreConfig;
  /**
   * Ingest source when KAFKA_BROKERS is not set: the folder watched for NDJSON, CSV and XLSX files
   * (default ./inbox); null: no ingest (query-only).
   */
  inbox?: string | null;
  /** With Kafka: write the Parquet lake (scale-out, several services in one group). Without: read it (query-only). */
  lake?: string | null;
  /** false: no consumer and no inbox (query-only), while Kafka stays configured for the runs' pushes. */
  ingest?: boolean;
  /** Kafka consumer: group, topics, worker id (as `ingest --from kafka` takes them). */
  kafka?: Pick<KafkaIngestFlags, 'group' | 'topics' | 'worker-id'>;
  /** Overrides of the "service" section (flags, tests). */
  service?: Partial<ServiceSection>;
  /** Overrides of the "inbox" section. */
  inboxSettings?: Partial<InboxSection>;
  /** Called when ingest stops for good on an error (the consumer gave up): the process should end and be restarted. */
  onFatal?: (error: unknown) => void;
}

/**
 * The long-running process behind `labourflow serve`, and the only writer of its store: one
 * DuckDB instance (StoreHost) shared by the ingest consumer (Kafka, or the inbox folder), the
 * scheduler's match and watch-layoffs runs, and whatever the HTTP API asks. Writers take turns on
 * the one writing connection; readers get their own connections through an admission gate.
 *
 * Kafka stays exactly-once: the consumer is `ingest --from kafka`'s own job, with its
 * DuckDBBatchSink over the host's writer, so offsets still commit in the rows' transaction.
 * `stop()` lets the batch in flight commit and the running job finish; `close()` closes the store.
 */
export class ServiceRuntime implements ServiceContext {
  private readonly log = Logger.for('serve');
  readonly metrics: ServiceMetrics;
  private kafka: { setup: KafkaIngestSetup; sink: MeteredSink; run: Promise<unknown> } | null = null;
  private inboxWatcher: InboxWatcher | null = null;
  /** The automatic posting review after every ingest commit (files, uploads, Kafka transactions). */
  private review: PostingReviewStep | null = null;
  /** matching.occupationMinScore, read once at start for the codes saved after each commit. */
  private occupationMinScore = OCCUPATION_MIN_SCORE;
  private scheduler: Scheduler | null = null;
  private schedulerRun: Promise<SchedulerSummary> | null = null;
  private walTimer: NodeJS.Timeout | null = null;
  private checkpointing = false;
  private started = false;
  private stopping: Promise<void> | null = null;
  private closed = false;
  /** Gives freed glibc pages back to the system while the service runs (null: not glibc, or turned off). */
  private trimmer: MallocTrimmer | null = null;
  /** One match run at a time, and one risk run (in-process; scheduled and requested alike). */
  private readonly matchRuns = new WriteLock();
  private readonly riskRuns = new WriteLock();
  /** Runs and uploads in progress, awaited by stop(). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly uploads = { read: 0, stored: 0, stale: 0, rejected: 0, lastCommitAt: null as number | null };
  private readonly sessions: SessionPool;

  private constructor(
    readonly host: StoreHost,
    readonly core: CoreConfig,
    readonly settings: ServiceSection & { maxReaders: number },
    /** The writing connection's one RecordBatchWriter: its staging tables are per connection. */
    private readonly writer: RecordBatchWriter,
    private readonly options: ServiceRuntimeOptions,
  ) {
    this.sessions = new SessionPool(host, { taxonomyDir: core.taxonomyDir, maxIdle: Math.max(4, settings.maxReaders * 2) });
    this.metrics = new ServiceMetrics({
      consumerLag: () => this.lagByPartition(),
      walBytes: () => this.walBytes(),
      readers: () => ({ running: host.readGate.running, queued: host.readGate.queued }),
      writersQueued: () => host.lock.queued,
      inboxWaiting: () => this.inboxWatcher?.status().waiting ?? 0,
    });
  }

  static async create(options: ServiceRuntimeOptions): Promise<ServiceRuntime> {
    const loaded = { ...loadServiceSection(options.core), ...options.service };
    const settings = { ...loaded, maxReaders: loaded.maxReaders ?? defaultMaxReaders() };
    // Before the store opens: the statements' threads must not each get an arena of their own.
    const arenas = await limitMallocArenas(settings.mallocArenas ?? defaultMallocArenas());
    Logger.for('serve').info('malloc_arenas', arenas);
    const host = await StoreHost.open({
      path: options.core.db,
      maxReaders: settings.maxReaders,
      settings: {
        memory_limit: settings.memoryLimit,
        threads: String(settings.threads),
        checkpoint_threshold: settings.checkpointThreshold,
      },
    });
    try {
      const writer = await RecordBatchWriter.create(host.writer);
      const runtime = new ServiceRuntime(host, options.core, settings, writer, options);
      runtime.trimmer = settings.mallocTrimMs > 0 ? await MallocTrimmer.create(settings.mallocTrimMs) : null;
      runtime.trimmer?.start();
      return runtime;
    } catch (error) {
      await host.close().catch(() => undefined);
      throw error;
    }
  }

  /** The writer connection's RecordBatchWriter, for records the console writes (a caseworker's contact). */
  get recordWriter(): RecordBatchWriter {
    return this.writer;
  }

  get mode(): IngestStatus['mode'] {
    if (this.options.ingest === false) return 'off';
    if (this.options.core.kafkaBrokers) return 'kafka';
    return this.options.inbox === null ? 'off' : 'inbox';
  }

  ready(): boolean {
    return this.started && !this.stopping;
  }

  /** Starts the consumer (or the inbox watcher), the scheduler and the WAL watch. */
  async start(): Promise<void> {
    if (this.started) return;
    const core = this.options.core;
    // With a lake the records are in Parquet, not in this store: match and watch-layoffs have nothing to read here.
    const scheduling = this.settings.scheduler && !this.options.lake;
    // A schedule the service cannot run is refused before anything starts.
    const jobs = scheduling ? serviceJobs(loadSection(core, 'schedule', ScheduleConfig).jobs, this) : [];
    if (!this.options.lake) {
      // Postings are reviewed before publication (policy: posting-review): the sweep catches up postings a previous
      // process stored but never reviewed (a crash between a commit and its review) before anything new.
      const reviewConfig = loadReviewConfig(core);
      await sweepUnreviewedPostings(this.host, reviewConfig);
      this.review = await PostingReviewStep.open(this.host, reviewConfig);
      this.occupationMinScore = loadSection(core, 'matching', MatchingConfig).occupationMinScore;
    }
    if (this.mode === 'kafka') await this.startKafka();
    else if (this.options.lake) await this.attachLake(this.options.lake);
    if (this.mode === 'inbox') {
      const inbox = { ...loadSection(core, 'inbox', InboxSection), ...this.options.inboxSettings };
      this.inboxWatcher = new InboxWatcher({
        dir: this.options.inbox ?? './inbox',
        host: this.host,
        writer: this.writer,
        mapping: loadMappingSync(inbox.mapping),
        settleMs: inbox.settleMs,
        pollMs: inbox.pollMs,
        batchSize: inbox.batchSize,
        onBatch: (delta, seconds) => {
          this.metrics.countRecords('inbox', delta);
          this.metrics.batchSeconds.observe({ source: 'inbox' }, seconds);
        },
        onFile: (file) => {
          this.metrics.inboxFiles.inc({ outcome: file.outcome });
          void this.afterIngest();
        },
      });
      await this.inboxWatcher.start();
    }
    if (scheduling) {
      this.scheduler = new Scheduler({ jobs });
      this.schedulerRun = this.scheduler.runUntilStopped();
    }
    this.walTimer = setInterval(() => void this.checkWal(), this.settings.walCheckIntervalMs);
    this.walTimer.unref();
    this.started = true;
    this.log.info('service_started', {
      db: core.db,
      ingest: this.mode,
      inbox: this.inboxWatcher?.dir,
      lake: this.options.lake ?? undefined,
      scheduler: scheduling,
      duckdb: {
        memory_limit: this.settings.memoryLimit,
        threads: this.settings.threads,
        checkpoint_threshold: this.settings.checkpointThreshold,
      },
      max_readers: this.settings.maxReaders,
    });
  }

  /**
   * After each committed batch or inbox file: the automatic posting review (policy: posting-review),
   * then, with a classification configured, occupation codes for titles not yet coded.
   */
  private async afterIngest(): Promise<AutomaticReviewResult | null> {
    const review = (await this.review?.afterCommit()) ?? null;
    const taxonomyDir = this.options.core.taxonomyDir;
    if (taxonomyDir && !this.options.lake) {
      const minScore = this.occupationMinScore;
      // Never fails the ingest (the inbox calls this without waiting): codes left out are filled later.
      await this.host
        .write((store) => codeAfterCommit(store, taxonomyDir, minScore))
        .catch((error: unknown) => {
          this.log.warn('occupation_coding_skipped', { error: (error as Error).message ?? String(error) });
        });
    }
    return review;
  }

  private async startKafka(): Promise<void> {
    const { openKafkaIngest } = await import('../kafka/runKafkaIngest.ts');
    const { DuckDBBatchSink } = await import('../kafka/DuckDBBatchSink.ts');
    const lake = this.options.lake;
    let metered!: MeteredSink;
    const setup = await openKafkaIngest(
      { ...this.options.kafka },
      this.options.core,
      async ({ groupId, workerId, deadLetters }) => {
        const inner = lake
          ? await (await import('../lake/LakeBatchSink.ts')).LakeBatchSink.create({ dir: lake, workerId, deadLetters })
          : await DuckDBBatchSink.create(this.host.writer, groupId, deadLetters, this.writer);
        if (inner instanceof DuckDBBatchSink) inner.afterEachCommit(() => this.afterIngest());
        metered = new MeteredSink(inner, this.metrics);
        return metered;
      },
      // The lake's workers share partitions, so a batch returns only once durable; one DuckDB writer may fetch ahead.
      { awaitDurable: Boolean(lake), handleSignals: false },
    );
    const run = setup.job.run().then(
      (summary) => this.log.info('consumer_stopped', { reason: summary.stopReason, read: summary.read }),
      (error: unknown) => {
        this.log.error('consumer_failed', { error });
        if (!this.stopping) this.options.onFatal?.(error);
      },
    );
    this.kafka = { setup, sink: metered, run };
  }

  /** Query-only over a lake: lake_postings, … views in the store, and the lake's folder set on every reader. */
  private async attachLake(dir: string): Promise<void> {
    const { LakeViews } = await import('../lake/LakeViews.ts');
    await LakeViews.attach(this.host.writer, dir);
    const folder = resolve(dir);
    this.host.onReaderConnect((connection) => connection.run('SET VARIABLE labourflow_lake = $dir', { dir: folder }).then(() => undefined));
  }

  /**
   * Runs fn with an analysts' session (the query pack's views, confined to `scope`; null: the
   * whole store) on a pooled reader connection, once the read gate admits it.
   */
  withAnalytics<T>(scope: string | null, fn: (session: AnalyticsSession) => Promise<T>): Promise<T> {
    return this.sessions.with(scope, fn);
  }

  /** The same pooled session, held until released: for a result streamed to a client. */
  leaseAnalytics(scope: string | null): Promise<SessionLease> {
    return this.sessions.lease(scope);
  }

  async metricsText(): Promise<string> {
    return this.metrics.text();
  }

  observeQuery(kind: 'query' | 'sql' | 'report' | 'export', seconds: number): void {
    this.metrics.querySeconds.observe({ kind }, seconds);
  }

  async ingestStatus(): Promise<IngestStatus> {
    const sources: IngestSourceStatus[] = [];
    if (this.kafka) {
      const { setup, sink } = this.kafka;
      const lags = await this.lagByPartition();
      // The store's batches count every worker that ever wrote it; a lake worker knows its own commits.
      const totals = this.options.lake
        ? setup.topics.length === 1
          ? [{ source: `kafka:${setup.topics[0]}`, ...sink.totals, last: null }]
          : []
        : await this.host.readNow((db) =>
            db.all<{ source: string; read: number; stored: number; stale: number; rejected: number; last: string | null }>(
              `SELECT source, sum(read)::BIGINT AS read, sum(stored)::BIGINT AS stored, sum(stale)::BIGINT AS stale,
                      sum(rejected)::BIGINT AS rejected, CAST(max(finished_at) AS VARCHAR) AS last
               FROM ingest_batches WHERE kind = 'kafka' GROUP BY source`,
            ),
          );
      for (const topic of setup.topics) {
        const t = totals.find((r) => r.source === `kafka:${topic}`);
        const mine = lags.filter((l) => l.topic === topic);
        sources.push({
          source: `kafka:${topic}`,
          position: null,
          lag: mine.length > 0 ? mine.reduce((n, l) => n + l.lag, 0) : null,
          read: Number(t?.read ?? 0),
          stored: Number(t?.stored ?? 0),
          stale: Number(t?.stale ?? 0),
          rejected: Number(t?.rejected ?? 0),
          last_commit_at: t?.last ? new Date(t.last).toISOString() : null,
        });
        for (const l of mine) {
          const tally = sink.partitions.get(`${topic}:${l.partition}`);
          sources.push({
            source: `kafka:${topic}/${l.partition}`,
            position: l.next === null ? null : String(l.next),
            lag: l.lag,
            // Per partition only read and rejected are known: a transaction's stored/stale split spans partitions.
            read: tally?.read ?? 0,
            stored: 0,
            stale: 0,
            rejected: tally?.rejected ?? 0,
            last_commit_at: tally?.lastCommitAt ? new Date(tally.lastCommitAt).toISOString() : null,
          });
        }
      }
    }
    if (this.inboxWatcher) {
      const s = this.inboxWatcher.status();
      sources.push({
        source: `inbox:${s.dir}`,
        position: s.current,
        lag: s.waiting,
        read: s.totals.read,
        stored: s.totals.stored,
        stale: s.totals.stale,
        rejected: s.totals.rejected,
        last_commit_at: s.lastCommitAt ? new Date(s.lastCommitAt).toISOString() : null,
      });
    }
    if (this.uploads.lastCommitAt !== null) {
      sources.push({
        source: 'upload',
        position: null,
        lag: null,
        read: this.uploads.read,
        stored: this.uploads.stored,
        stale: this.uploads.stale,
        rejected: this.uploads.rejected,
        last_commit_at: new Date(this.uploads.lastCommitAt).toISOString(),
      });
    }
    return { mode: this.mode, running: this.ready() && this.mode !== 'off', sources };
  }

  /** Stored next offset, high watermark and lag per consumed partition (empty without Kafka, null on a broker error). */
  private async lagByPartition(): Promise<{ topic: string; partition: number; lag: number; next: bigint | null }[]> {
    if (!this.kafka || this.closed) return [];
    const { setup, sink } = this.kafka;
    const out: { topic: string; partition: number; lag: number; next: bigint | null }[] = [];
    try {
      const stored = this.options.lake
        ? null
        : await this.host.readNow((db) =>
            db.all<{ topic: string; partition: number; next_offset: number | string }>(
              'SELECT topic, partition, next_offset FROM kafka_offsets WHERE group_id = $group',
              { group: setup.groupId },
            ),
          );
      for (const topic of setup.topics) {
        const high = await setup.admin.highWatermarks(topic);
        const next = stored
          ? new Map(stored.filter((r) => r.topic === topic).map((r) => [Number(r.partition), BigInt(r.next_offset)]))
          : await sink.loadOffsets(topic);
        for (const [partition, h] of high) {
          const n = next.get(partition) ?? null;
          // Lake workers report only the partitions they were given; the store knows all of them.
          if (this.options.lake && n === null && !sink.partitions.has(`${topic}:${partition}`)) continue;
          out.push({ topic, partition, next: n, lag: Number(h - (n ?? 0n) > 0n ? h - (n ?? 0n) : 0n) });
        }
      }
    } catch (error) {
      this.log.debug('lag_unavailable', { error });
    }
    return out;
  }

  /** Ingests one NDJSON file through the shared writer, as `labourflow ingest --from FILE` does. */
  ingestFile(
    path: string,
    source: string,
    /** The sender's region: a user who holds one stores only that region's records (admitRegion). */
    region: string | null = null,
  ): Promise<{ summary: IngestSummary; review: AutomaticReviewResult | null }> {
    return this.track(async () => {
      this.refuseWhileStopping('ingest');
      const pipeline = await IngestPipeline.create({
        store: this.host.writer,
        source,
        kind: 'file',
        writer: this.writer,
        admit: region === null ? undefined : admitRegion(region, (ids) => this.seekerRegions(ids)),
        onProgress: progressCounter((delta, seconds) => {
          this.metrics.countRecords('upload', delta);
          this.metrics.batchSeconds.observe({ source: 'upload' }, seconds);
          this.uploads.read += delta.read;
          this.uploads.stored += delta.stored;
          this.uploads.stale += delta.stale;
          this.uploads.rejected += delta.rejected;
          this.uploads.lastCommitAt = Date.now();
        }),
      });
      // Big files decode on a worker thread, as the CLI does (ingestFiles.ts: from 16 MiB); a
      // regional sender's records are checked on this thread, where the region check runs.
      const summary =
        region === null && (await stat(path)).size >= 16 * 1024 * 1024
          ? await pipeline.runDecoded(
              decodeFileInWorker({ file: path, source, layout: this.writer.columnLayout(), batchSize: pipeline.batchSize }),
            )
          : await pipeline.run(readNdjsonFile(path));
      const review = await this.afterIngest();
      return { summary, review };
    });
  }

  private async seekerRegions(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.host.read(async (store) =>
      store.all<{ id: string; residence_region: string }>(await sqlFile('serve/seeker_regions'), { ids: ids.join('\n') }),
    );
    return new Map(rows.map((r) => [r.id, r.residence_region]));
  }

  runMatch(request: MatchRequest): Promise<MatchJobSummary> {
    return this.track(() =>
      this.matchRuns.run(async () => {
        this.refuseWhileStopping('match');
        if (request.asOf !== undefined && !isCalendarDate(request.asOf))
          throw new ConfigError(`asOf "${request.asOf}" is not a calendar date YYYY-MM-DD`, { code: 'MATCH_AS_OF_INVALID' });
        const core = request.scope === undefined ? this.core : { ...this.core, scope: request.scope };
        const config = loadSection(core, 'matching', MatchingConfig, { topN: request.top });
        const started = performance.now();
        let status = 'failed';
        try {
          const summary = await runMatchJob({
            core,
            config,
            mode: request.mode,
            now: request.asOf ? new Date(`${request.asOf}T12:00:00Z`) : undefined,
            dryRun: request.dryRun,
            store: this.host,
            offThread: true,
          });
          status = 'succeeded';
          return summary;
        } finally {
          this.metrics.matchSeconds.observe({ mode: request.mode, status }, (performance.now() - started) / 1000);
        }
      }),
    );
  }

  runWatchLayoffs(request: WatchRequest): Promise<WatchSummary[]> {
    return this.track(() =>
      this.riskRuns.run(async () => {
        this.refuseWhileStopping('watch-layoffs');
        const started = performance.now();
        let status = 'failed';
        const outbox = await openOutbox(this.core, 'layoff-alerts');
        try {
          const summaries = await watchLayoffPeriods(this.host, request, loadRiskConfig(this.core), outbox);
          status = 'succeeded';
          return summaries;
        } finally {
          await outbox.close();
          this.metrics.riskSeconds.observe({ status }, (performance.now() - started) / 1000);
        }
      }),
    );
  }

  /**
   * SIGTERM: the consumer stops fetching and commits the batch in flight (the inbox likewise,
   * leaving the rest of its file for the next start), the scheduler lets its running job finish,
   * and runs or uploads asked for over HTTP finish. The store stays open for close().
   */
  stop(reason = 'stop requested'): Promise<void> {
    this.stopping ??= (async () => {
      this.log.info('service_stopping', { reason });
      if (this.walTimer) clearInterval(this.walTimer);
      this.scheduler?.stop(reason);
      await Promise.all([
        this.kafka ? this.kafka.setup.job.stop(reason).then(() => this.kafka!.run) : null,
        this.inboxWatcher?.stop(),
        this.schedulerRun,
      ]);
      await Promise.allSettled([...this.inFlight]);
      if (this.kafka) await this.kafka.setup.close();
      this.log.info('service_stopped', { reason });
    })();
    return this.stopping;
  }

  /** Stops (if not yet) and closes the store: every committed write is on disk. */
  async close(): Promise<void> {
    await this.stop('closing');
    if (this.closed) return;
    this.closed = true;
    this.trimmer?.stop();
    this.sessions.close();
    await this.writer.close();
    await this.host.close();
  }

  private refuseWhileStopping(what: string): void {
    if (this.stopping || this.closed) {
      throw new PipelineError(`the service is shutting down; ${what} was not started`, {
        code: 'SERVICE_STOPPING',
        retriable: true,
        hint: 'retry once the service is back',
      });
    }
  }

  private track<T>(fn: () => Promise<T>): Promise<T> {
    const p = fn();
    this.inFlight.add(p);
    void p.catch(() => undefined).finally(() => this.inFlight.delete(p));
    return p;
  }

  private walBytes(): number {
    try {
      return statSync(`${this.host.path}.wal`).size;
    } catch {
      return 0;
    }
  }

  /**
   * DuckDB checkpoints on commit once the WAL passes checkpoint_threshold, also while readers are
   * active (measured on 1.5: docs/serve.md). Should that ever not happen (a reader pinning old
   * versions, a failed checkpoint), the WAL would grow without bound; past walCheckpointBytes the
   * service checkpoints itself, between two writes.
   */
  private async checkWal(): Promise<void> {
    if (this.checkpointing || this.closed || this.stopping) return;
    const bytes = this.walBytes();
    if (bytes < this.settings.walCheckpointBytes) return;
    this.checkpointing = true;
    const started = performance.now();
    try {
      await this.host.writer.run('CHECKPOINT');
      this.metrics.checkpoints.inc({ outcome: 'done' });
      this.log.warn('wal_checkpointed', { wal_bytes: bytes, after: this.walBytes(), ms: Math.round(performance.now() - started) });
    } catch (error) {
      this.metrics.checkpoints.inc({ outcome: 'failed' });
      this.log.warn('wal_checkpoint_failed', { wal_bytes: bytes, error });
    } finally {
      this.checkpointing = false;
    }
  }
}

/** Turns IngestPipeline's cumulative progress into per-batch deltas and the time each batch took. */
function progressCounter(
  onBatch: (delta: { read: number; stored: number; stale: number; rejected: number }, seconds: number) => void,
): (p: { read: number; stored: number; stale: number; rejected: number }) => void {
  let last = { read: 0, stored: 0, stale: 0, rejected: 0, at: performance.now() };
  return (p) => {
    const now = performance.now();
    onBatch(
      { read: p.read - last.read, stored: p.stored - last.stored, stale: p.stale - last.stale, rejected: p.rejected - last.rejected },
      (now - last.at) / 1000,
    );
    last = { read: p.read, stored: p.stored, stale: p.stale, rejected: p.rejected, at: now };
  };
}
