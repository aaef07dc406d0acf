import type { CoreConfig } from '../config/config.ts';
import type { IngestSummary } from '../ingest/IngestPipeline.ts';
import type { RecordBatchWriter } from '../ingest/RecordBatchWriter.ts';
import type { AutomaticReviewResult } from '../review/automaticReview.ts';
import type { AnalyticsSession } from '../query/AnalyticsSession.ts';
import type { SessionLease } from './SessionPool.ts';
import type { MatchJobSummary } from '../matching/runMatchJob.ts';
import type { WatchSummary } from '../risk/watchLayoffs.ts';
import type { StoreHost } from '../store/StoreHost.ts';

/**
 * One input the service consumes. `kafka:<topic>`: all-time counts from the store's batches (a
 * lake worker: its own) and the lag summed over partitions. `kafka:<topic>/<partition>`: next
 * offset, lag, and this process's read and rejected (stored and stale are 0: a transaction's merge
 * spans partitions, so that split is known per topic only). `inbox:<dir>` and `upload`: counts
 * since the service started.
 */
export interface IngestSourceStatus {
  /** `kafka:<topic>`, `kafka:<topic>/<partition>`, `inbox:<dir>` or `upload`. */
  source: string;
  /** Next offset to store (Kafka), or files waiting (inbox). */
  position: string | null;
  /** Records the source is behind (Kafka high watermark − next offset; inbox: files waiting). */
  lag: number | null;
  read: number;
  stored: number;
  stale: number;
  rejected: number;
  last_commit_at: string | null;
}

export interface IngestStatus {
  mode: 'kafka' | 'inbox' | 'off';
  running: boolean;
  sources: IngestSourceStatus[];
}

/** What a caller may ask of a match run (the same choices as `labourflow match`). */
export interface MatchRequest {
  mode: 'full' | 'incremental';
  top?: number;
  /** YYYY-MM-DD: match as of this date (the default is today). */
  asOf?: string;
  dryRun?: boolean;
  /** Only seekers living in this region subtree; null = everyone the caller may see. */
  scope?: string | null;
}

export interface WatchRequest {
  /** YYYY-MM; the default is the latest period with reports. */
  period?: string;
  through?: string;
}

/**
 * What the long-running service (`labourflow serve`) offers its front ends (the HTTP API, the
 * console) beside the store: every writer goes through `host` (one shared writing connection),
 * every reader takes a connection of its own from it. Implemented by the service runtime.
 */
export interface ServiceContext {
  readonly host: StoreHost;
  readonly core: CoreConfig;
  /**
   * The writing connection's one RecordBatchWriter (its staging tables live on that connection):
   * records the console writes, such as a caseworker's contact, go through it.
   */
  readonly recordWriter?: RecordBatchWriter;
  /** Prometheus text exposition of the service's metrics (records in, rejected, lag, latencies, run durations). */
  metricsText(): Promise<string>;
  /** Records how long a request of this kind took (the HTTP layer calls it for queries). */
  observeQuery(kind: 'query' | 'sql' | 'report' | 'export', seconds: number): void;
  ingestStatus(): Promise<IngestStatus>;
  /**
   * Ingests one NDJSON file through the shared writer, exactly as `labourflow ingest --from FILE`
   * would, the automatic posting review included (null: no posting to review, or it failed and the sweep catches up).
   */
  ingestFile(
    path: string,
    source: string,
    region?: string | null,
  ): Promise<{ summary: IngestSummary; review: AutomaticReviewResult | null }>;
  runMatch(request: MatchRequest): Promise<MatchJobSummary>;
  runWatchLayoffs(request: WatchRequest): Promise<WatchSummary[]>;
  /** True once the store is open and the consumer and scheduler have started. */
  ready(): boolean;
  /**
   * Runs fn with the query pack's session confined to `scope` (null: the whole store), on a
   * pooled reader connection admitted by the read gate: the cheap way to serve a query request.
   */
  withAnalytics?<T>(scope: string | null, fn: (session: AnalyticsSession) => Promise<T>): Promise<T>;
  /** The same pooled session, held (with its read-gate slot) until released: for a streamed result. */
  leaseAnalytics?(scope: string | null): Promise<SessionLease>;
}
