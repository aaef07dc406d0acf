import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { Logger } from '../core/Logger.ts';
import { SourceError } from '../core/PipelineError.ts';
import type { IngestSummary } from '../ingest/IngestPipeline.ts';
import { summarizeIssues } from '../ingest/SourceItem.ts';
import type { BatchSink, PartitionChunk } from './BatchSink.ts';
import { GroupCommitWriter } from './GroupCommitWriter.ts';
import { createKafkaClient } from './createKafkaClient.ts';
import { KafkaDecoder } from './KafkaDecoder.ts';
import type { KafkaConfig } from './KafkaConfig.ts';
import type { SocketRegistry } from './SocketRegistry.ts';
import type { TopicAdmin } from './TopicAdmin.ts';

export interface KafkaIngestOptions {
  config: KafkaConfig;
  groupId: string;
  /** Full topic names. */
  topics: string[];
  sink: BatchSink;
  admin: TopicAdmin;
  workerId: string;
  /** Stop after this long without new messages once every assigned partition is caught up. */
  exitWhenIdleMs?: number;
  /** Partitions processed at once; their chunks share store transactions (default 3). */
  concurrency?: number;
  /**
   * true: each eachBatch returns only once its chunk is durable, so a partition is never handed to
   * another worker with messages only in memory (required with several workers, i.e. the lake).
   * false: eachBatch returns after handing the chunk over and fetching overlaps the store's work;
   * safe with one writer, which flushes before it accepts a new assignment.
   */
  awaitDurable?: boolean;
  /** Validate on a worker thread (kafka.consumer.decodeWorker); default: on the main thread. */
  decodeWorker?: boolean;
  /** Tracks the consumer's broker connections (see SocketRegistry). */
  sockets?: SocketRegistry;
  /** Stop on SIGINT/SIGTERM after the batch in hand is committed (default true). */
  handleSignals?: boolean;
}

export interface KafkaIngestSummary extends IngestSummary {
  stopReason: string;
  workerId: string;
  /** Epoch ms of the first partition assignment, the first message and the last commit (for throughput). */
  assignedAt: number | null;
  firstMessageAt: number | null;
  lastCommitAt: number | null;
}

type Assignment = Record<string, number[]>;

const key = (topic: string, partition: number) => `${topic}:${partition}`;
/** Consumer crashes a broker restart or leader move causes; the job rejoins after them. */
const TRANSIENT = /coordinator|ECONNREFUSED|Connection|leader|not available|timed? ?out|NOT_COORDINATOR|rebalanc/i;
/** Rejoins after such crashes before the job gives up; the delay grows 1 s per attempt, up to 10 s. */
const MAX_REJOINS = 20;

/**
 * `labourflow ingest --from kafka`: a consumer group member that validates each fetched batch
 * with the same code as file ingestion and stores it with its offsets atomically (see BatchSink).
 * The store's offsets, not the group's Kafka offsets, decide where to read: on every partition
 * assignment the job seeks to them, and any message below them is skipped, so a crash at any
 * point, a rebalance or a group reset never duplicates or loses a record.
 */
export class KafkaIngestJob {
  private readonly log = Logger.for('kafka');
  private readonly consumer: Consumer;
  private readonly writer: GroupCommitWriter;
  private readonly decoder: KafkaDecoder;
  /** Next offset expected per assigned partition (stored + handed to the writer). */
  private readonly expected = new Map<string, bigint>();
  /** Partitions already re-seeked once after a gap since the last assignment. */
  private readonly gapSeeked = new Set<string>();
  private assignment: Assignment = {};
  private joined = false;
  private assignmentReady: Promise<void> = Promise.resolve();
  private paused = false;
  private stopping: Promise<void> | null = null;
  private stopReason = 'running';
  private lastActivity = Date.now();
  private firstMessageAt: number | null = null;
  private assignedAt: number | null = null;
  private lastCommitAt: number | null = null;
  private readonly started = Date.now();
  private readonly rejectReasons: Record<string, number> = {};
  private fatal: unknown = null;
  private finish!: () => void;
  private readonly done = new Promise<void>((resolve) => {
    this.finish = resolve;
  });
  private timers: NodeJS.Timeout[] = [];
  private rejoins = 0;
  private rejoinTimer: NodeJS.Timeout | null = null;
  private lastProgress = { at: Date.now(), read: 0 };

  private constructor(private readonly options: KafkaIngestOptions) {
    const c = options.config.consumer;
    this.consumer = createKafkaClient(options.config, `ingest-${options.workerId}`, options.sockets).consumer({
      groupId: options.groupId,
      sessionTimeout: c.sessionTimeoutMs,
      heartbeatInterval: c.heartbeatIntervalMs,
      rebalanceTimeout: Math.max(60_000, c.sessionTimeoutMs),
      maxBytesPerPartition: c.maxBytesPerPartition,
      maxBytes: c.maxBytes,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
      // Broker restarts and leader moves are waited out, not reported as failures.
      retry: { initialRetryTime: 300, retries: 30, maxRetryTime: 10_000, restartOnFailure: async () => true },
    });
    this.decoder = KafkaDecoder.create({
      layout: options.decodeWorker ? options.sink.columnLayout() : null,
      maxMessageBytes: c.maxMessageBytes,
    });
    this.writer = new GroupCommitWriter(options.sink, c.maxRecordsPerTransaction, (chunks) => this.afterCommit(chunks));
  }

  static async create(options: KafkaIngestOptions): Promise<KafkaIngestJob> {
    const job = new KafkaIngestJob(options);
    try {
      await job.consumer.connect();
    } catch (error) {
      throw new SourceError(`cannot connect the consumer to Kafka at ${options.config.brokers.join(',')}: ${(error as Error).message}`, {
        code: 'KAFKA_UNREACHABLE',
        retriable: true,
        cause: error,
        hint: 'check KAFKA_BROKERS and that the brokers are up',
      });
    }
    return job;
  }

  private runConfig() {
    return {
      autoCommit: false,
      eachBatchAutoResolve: true,
      partitionsConsumedConcurrently: this.options.concurrency ?? 3,
      eachBatch: (payload: EachBatchPayload) => this.eachBatch(payload),
    };
  }

  private async rejoin(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.writer.flush();
      await this.consumer.connect();
      await this.consumer.run(this.runConfig());
    } catch (error) {
      if (this.rejoins >= MAX_REJOINS) this.fail(error);
      else this.scheduleRejoin(error);
    }
  }

  private scheduleRejoin(error: unknown): void {
    this.rejoins++;
    this.log.warn('kafka_consumer_rejoining', { attempt: this.rejoins, error });
    this.rejoinTimer = setTimeout(() => void this.rejoin(), Math.min(10_000, 1000 * this.rejoins));
  }

  /** Consumes until stopped (signal, idle, `stop()`), then commits and disconnects. */
  async run(): Promise<KafkaIngestSummary> {
    const { consumer } = this;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignmentReady = this.onAssignment(payload.memberAssignment as Assignment).catch((error) => this.fail(error));
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) {
        this.log.warn('kafka_consumer_restarting', { error: payload.error });
      } else if (!this.stopping && this.rejoins < MAX_REJOINS && TRANSIENT.test(String(payload.error?.message))) {
        // kafkajs gives up on some errors a restarting broker causes ("Failed to find group
        // coordinator"); the stored offsets make rejoining safe, so rejoin instead of failing.
        this.scheduleRejoin(payload.error);
      } else {
        this.fail(payload.error);
      }
    });
    const onSignal = (signal: NodeJS.Signals) => {
      this.log.info('kafka_ingest_signal', { signal, worker: this.options.workerId });
      void this.stop(`signal ${signal}`);
    };
    if (this.options.handleSignals ?? true) {
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    }
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await consumer.run(this.runConfig());
    this.timers.push(setInterval(() => void this.reportProgress(), this.options.config.consumer.progressIntervalMs));
    if (this.options.exitWhenIdleMs !== undefined)
      this.timers.push(setInterval(() => void this.checkIdle(), Math.min(500, this.options.exitWhenIdleMs)));
    await this.done;
    for (const t of this.timers) clearInterval(t);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (this.fatal) throw this.fatal;
    const t = this.writer.totals;
    const summary: KafkaIngestSummary = {
      source: `kafka:${this.options.topics.join(',')}`,
      read: t.read,
      stored: t.stored,
      stale: t.stale,
      rejected: t.rejected,
      batches: this.writer.transactions,
      rejectReasons: this.rejectReasons,
      elapsedMs: Date.now() - this.started,
      stopReason: this.stopReason,
      workerId: this.options.workerId,
      assignedAt: this.assignedAt,
      firstMessageAt: this.firstMessageAt,
      lastCommitAt: this.lastCommitAt,
    };
    this.log.info('kafka_ingest_stopped', { ...summary, rejectReasons: undefined });
    return summary;
  }

  /** Finishes the batches in hand, commits them, leaves the group and disconnects. */
  stop(reason: string): Promise<void> {
    if (this.stopping) return this.stopping;
    this.stopReason = reason;
    this.stopping = (async () => {
      if (this.rejoinTimer) clearTimeout(this.rejoinTimer);
      try {
        // disconnect() waits for the running eachBatch calls, which wait for their commit.
        await this.consumer.disconnect();
        await this.writer.flush();
        await this.decoder.close();
      } catch (error) {
        this.fatal ??= error;
      } finally {
        this.finish();
      }
    })();
    return this.stopping;
  }

  private fail(error: unknown): void {
    this.log.error('kafka_ingest_failed', { error });
    this.fatal ??= error;
    void this.stop('failed');
  }

  /** Seeks every newly assigned partition to the offset in the store (or the start of the log). */
  private async onAssignment(assignment: Assignment): Promise<void> {
    await this.writer.flush();
    this.assignment = assignment;
    this.joined = true;
    this.assignedAt ??= Date.now();
    this.expected.clear();
    this.gapSeeked.clear();
    for (const [topic, partitions] of Object.entries(assignment)) {
      if (partitions.length === 0) continue;
      const stored = await this.options.sink.loadOffsets(topic, partitions);
      const low = await this.options.admin.lowWatermarks(topic);
      for (const partition of partitions) {
        const storedNext = stored.get(partition);
        const logStart = low.get(partition) ?? 0n;
        // Nothing stored yet: this store has never seen the partition, so it starts at the
        // beginning of the log, whatever offsets the group committed for another store.
        const next = storedNext !== undefined && storedNext > logStart ? storedNext : logStart;
        this.expected.set(key(topic, partition), next);
        this.consumer.seek({ topic, partition, offset: next.toString() });
      }
    }
    this.log.info('kafka_partitions_assigned', { worker: this.options.workerId, assignment, sink: this.options.sink.describe });
  }

  private async eachBatch({ batch, isRunning, isStale, heartbeat }: EachBatchPayload): Promise<void> {
    await this.assignmentReady;
    if (!isRunning() || isStale() || this.stopping) return;
    const { topic, partition } = batch;
    const k = key(topic, partition);
    const expected = this.expected.get(k);
    if (expected === undefined) return; // not ours any more (assignment changed under this batch)
    const messages: KafkaMessage[] = [];
    for (const m of batch.messages) if (BigInt(m.offset) >= expected) messages.push(m);
    if (messages.length === 0) return;
    this.lastActivity = Date.now();
    const firstOffset = BigInt(messages[0]!.offset);
    if (firstOffset > expected && !this.gapSeeked.has(k)) {
      // The fetch started past what the store holds (e.g. the group's offsets ran ahead of a
      // restored store): go back once. A gap that remains is real (retention, transaction markers).
      this.gapSeeked.add(k);
      this.log.warn('kafka_offset_gap', { topic, partition, expected, fetched: firstOffset });
      this.consumer.seek({ topic, partition, offset: expected.toString() });
      return;
    }
    this.firstMessageAt ??= Date.now();
    const chunk = await this.decoder.decode(topic, partition, messages);
    this.expected.set(k, chunk.nextOffset);
    const committed = this.writer.submit(chunk).catch((error: unknown) => {
      // The writer failed for good: the job stops; the store's offsets still say what is stored.
      this.fail(error);
      throw error;
    });
    this.applyBackpressure();
    if (this.options.awaitDurable ?? true) {
      await committed;
    } else {
      committed.catch(() => undefined);
      // A heartbeat refused because the group moved on (this member was dropped, or a rebalance
      // began) ends the wait: kafkajs rejoins only once eachBatch returns, and a member that keeps
      // waiting here is dropped again and again while the writer catches up (seen under eight
      // analysts' load). The chunk is already the writer's; the store's offsets say where to resume.
      await this.writer.waitForRoom(this.options.config.consumer.maxPendingRecords, () =>
        heartbeat().then(
          () => true,
          (error: unknown) => !isGroupMoved(error),
        ),
      );
    }
    this.applyBackpressure();
    await heartbeat().catch(() => undefined);
  }

  /** Pauses fetching while the writer holds more than maxPendingRecords; resumes at half. */
  private applyBackpressure(): void {
    const limit = this.options.config.consumer.maxPendingRecords;
    const topics = this.options.topics.map((topic) => ({ topic }));
    if (!this.paused && this.writer.pending > limit) {
      this.paused = true;
      this.consumer.pause(topics);
      this.log.info('kafka_paused', { pending: this.writer.pending, limit });
    } else if (this.paused && this.writer.pending <= limit / 2) {
      this.paused = false;
      this.consumer.resume(topics);
      this.log.info('kafka_resumed', { pending: this.writer.pending });
    }
  }

  private afterCommit(chunks: readonly PartitionChunk[]): void {
    this.lastCommitAt = Date.now();
    // Resuming must not wait for the next eachBatch: a paused consumer delivers none.
    this.applyBackpressure();
    for (const c of chunks)
      for (const r of c.rejects) {
        const reason = summarizeIssues(r.issues);
        this.rejectReasons[reason] = (this.rejectReasons[reason] ?? 0) + 1;
      }
    // The group's Kafka offsets only serve lag tools (kafka-consumer-groups); the store is the truth.
    const offsets = chunks.map((c) => ({ topic: c.topic, partition: c.partition, offset: c.nextOffset.toString() }));
    this.consumer.commitOffsets(offsets).catch((error) => this.log.debug('kafka_commit_skipped', { error }));
  }

  private async lag(): Promise<number | null> {
    try {
      let lag = 0n;
      for (const [topic, partitions] of Object.entries(this.assignment)) {
        if (partitions.length === 0) continue;
        const high = await this.options.admin.highWatermarks(topic);
        for (const p of partitions) {
          const next = this.expected.get(key(topic, p));
          const h = high.get(p) ?? 0n;
          if (next !== undefined && h > next) lag += h - next;
        }
      }
      return Number(lag);
    } catch {
      return null;
    }
  }

  private async reportProgress(): Promise<void> {
    if (this.stopping) return;
    const t = this.writer.totals;
    const now = Date.now();
    const rate = Math.round((t.read - this.lastProgress.read) / Math.max(0.001, (now - this.lastProgress.at) / 1000));
    this.lastProgress = { at: now, read: t.read };
    this.log.info('kafka_progress', {
      worker: this.options.workerId,
      read: t.read,
      stored: t.stored,
      stale: t.stale,
      rejected: t.rejected,
      records_per_s: rate,
      lag: await this.lag(),
      pending: this.writer.pending,
      paused: this.paused,
    });
  }

  private async checkIdle(): Promise<void> {
    if (this.stopping || this.options.exitWhenIdleMs === undefined || !this.joined) return;
    if (Date.now() - this.lastActivity < this.options.exitWhenIdleMs || this.writer.pending > 0) return;
    const lag = await this.lag();
    if (lag === 0 && Date.now() - this.lastActivity >= this.options.exitWhenIdleMs) await this.stop('idle');
  }
}

/** Kafka's answers that say this member's generation is over: rejoin rather than carry on. */
const GROUP_MOVED = new Set(['UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID']);

export function isGroupMoved(error: unknown): boolean {
  return typeof error === 'object' && error !== null && GROUP_MOVED.has(String((error as { type?: unknown }).type));
}
