import { Logger } from '../core/Logger.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { summarizeIssues, type RejectedItem, type SourceItem } from './SourceItem.ts';
import type { AnyEnvelope, ValidationIssue } from '../records/envelope.ts';
import { decodeItem, decodeItems, toRejected } from './decodeItems.ts';
import type { DecodedBatch } from './decodeFileInWorker.ts';
import { RecordBatchWriter, type WriteCounts, type WriteRequest } from './RecordBatchWriter.ts';

export interface IngestProgress {
  source: string;
  read: number;
  stored: number;
  stale: number;
  rejected: number;
  elapsedMs: number;
}

export interface IngestSummary {
  source: string;
  read: number;
  stored: number;
  stale: number;
  rejected: number;
  batches: number;
  /** Dead letters grouped by their one-line reason (first issue). */
  rejectReasons: Record<string, number>;
  elapsedMs: number;
}

export interface IngestPipelineOptions {
  store: DuckDBStore;
  /** Names the source in `rejected.source` and `ingest_batches.source`. */
  source: string;
  kind: 'file' | 'csv' | 'kafka';
  /** Items per DuckDB transaction; bounds memory (default 10,000). */
  batchSize?: number;
  onProgress?: (progress: IngestProgress) => void;
  /** Reuse a writer across sources (its staging tables and appenders are per connection). */
  writer?: RecordBatchWriter;
  /**
   * A check of valid records beyond their schema (e.g. admitRegion for a regional user's upload):
   * one verdict per record, an issue making it a dead letter. Only `run` applies it.
   */
  admit?: (records: readonly AnyEnvelope[]) => Promise<(ValidationIssue | null)[]>;
}

export const DEFAULT_BATCH_SIZE = 10_000;

/**
 * source → validate → store: reads items, validates them in batches with the shared schemas,
 * and writes each batch (rows and dead letters together) in one transaction. A bad item never
 * stops the run; it becomes a dead letter. While DuckDB merges one batch, the next is decoded.
 */
export class IngestPipeline {
  private readonly log = Logger.for('ingest');

  private constructor(
    private readonly options: IngestPipelineOptions & { batchSize: number },
    private readonly writer: RecordBatchWriter,
    private readonly ownsWriter: boolean,
  ) {}

  static async create(options: IngestPipelineOptions): Promise<IngestPipeline> {
    const writer = options.writer ?? (await RecordBatchWriter.create(options.store));
    return new IngestPipeline({ ...options, batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE }, writer, !options.writer);
  }

  get batchSize(): number {
    return this.options.batchSize;
  }

  /** Ingests raw items (lines, CSV rows, messages), validating them on this thread. */
  async run(items: AsyncIterable<SourceItem> | Iterable<SourceItem>): Promise<IngestSummary> {
    const { source, batchSize, admit } = this.options;
    const requests = async function* (): AsyncGenerator<Omit<WriteRequest, 'source' | 'kind'>> {
      let batch: SourceItem[] = [];
      const prepare = async () => {
        const decoded = admit ? await decodeAdmitted(batch, source, admit) : decodeItems(batch, source);
        const request = {
          valid: decoded.valid,
          rejects: decoded.rejects,
          read: batch.length,
          firstPosition: batch[0]?.position ?? null,
          lastPosition: batch[batch.length - 1]?.position ?? null,
        };
        batch = [];
        return request;
      };
      for await (const item of items) {
        batch.push(item);
        if (batch.length >= batchSize) yield await prepare();
      }
      if (batch.length > 0) yield await prepare();
    };
    return this.writeAll(requests());
  }

  /** Ingests batches already validated and laid out as staging CSV (by a decode worker). */
  async runDecoded(batches: AsyncIterable<DecodedBatch>): Promise<IngestSummary> {
    const requests = async function* (): AsyncGenerator<Omit<WriteRequest, 'source' | 'kind'>> {
      for await (const b of batches) {
        yield { staged: b.staged, rejects: b.rejects, read: b.read, firstPosition: b.firstPosition, lastPosition: b.lastPosition };
      }
    };
    return this.writeAll(requests());
  }

  private async writeAll(requests: AsyncIterable<Omit<WriteRequest, 'source' | 'kind'>>): Promise<IngestSummary> {
    const { source, kind } = this.options;
    const started = Date.now();
    const totals: IngestSummary = { source, read: 0, stored: 0, stale: 0, rejected: 0, batches: 0, rejectReasons: {}, elapsedMs: 0 };
    let inFlight: Promise<void> | null = null;
    try {
      for await (const request of requests) {
        this.countReasons(totals, request.rejects);
        // One batch writes while the next is prepared; wait for the previous before queueing.
        if (inFlight) await inFlight;
        inFlight = this.writer.write({ ...request, source, kind }).then((counts) => this.accumulate(totals, counts, started));
      }
      if (inFlight) await inFlight;
    } finally {
      if (this.ownsWriter) await this.writer.close();
    }
    totals.elapsedMs = Date.now() - started;
    this.log.info('source_done', {
      source,
      kind,
      read: totals.read,
      stored: totals.stored,
      stale: totals.stale,
      rejected: totals.rejected,
      ms: totals.elapsedMs,
    });
    return totals;
  }

  private countReasons(totals: IngestSummary, rejects: readonly RejectedItem[]): void {
    for (const r of rejects) {
      const reason = summarizeIssues(r.issues).replace(/ \(\+\d+ more\)$/, '');
      totals.rejectReasons[reason] = (totals.rejectReasons[reason] ?? 0) + 1;
    }
  }

  private accumulate(totals: IngestSummary, counts: WriteCounts, started: number): void {
    totals.read += counts.read;
    totals.stored += counts.stored;
    totals.stale += counts.stale;
    totals.rejected += counts.rejected;
    totals.batches++;
    this.options.onProgress?.({
      source: totals.source,
      read: totals.read,
      stored: totals.stored,
      stale: totals.stale,
      rejected: totals.rejected,
      elapsedMs: Date.now() - started,
    });
  }
}

/** decodeItems, then `admit` on the valid records: a record it refuses becomes a dead letter. */
async function decodeAdmitted(
  items: readonly SourceItem[],
  source: string,
  admit: NonNullable<IngestPipelineOptions['admit']>,
): Promise<{ valid: AnyEnvelope[]; rejects: RejectedItem[] }> {
  const now = Date.now();
  const outcomes = items.map((item) => ({ item, outcome: decodeItem(item, now) }));
  const decoded = outcomes.flatMap((o) => (o.outcome.ok ? [{ item: o.item, record: o.outcome.record }] : []));
  const verdicts = await admit(decoded.map((d) => d.record));
  const refused = new Map(decoded.flatMap((d, i) => (verdicts[i] ? [[d.item, { record: d.record, issue: verdicts[i]! }] as const] : [])));
  const valid: AnyEnvelope[] = [];
  const rejects: RejectedItem[] = [];
  for (const { item, outcome } of outcomes) {
    if (!outcome.ok) rejects.push(toRejected(item, source, outcome.issues, outcome.type, outcome.id));
    else {
      const no = refused.get(item);
      if (no) rejects.push(toRejected(item, source, [no.issue], no.record.type, no.record.id));
      else valid.push(outcome.record);
    }
  }
  return { valid, rejects };
}
