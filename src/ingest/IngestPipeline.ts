import { Logger } from '../core/Logger.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { summarizeIssues, type SourceItem } from './SourceItem.ts';
import { decodeItems } from './decodeItems.ts';
import { RecordBatchWriter, type WriteCounts } from './RecordBatchWriter.ts';

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
  /** Items per DuckDB transaction; bounds memory (default 20,000). */
  batchSize?: number;
  onProgress?: (progress: IngestProgress) => void;
  /** Reuse a writer across sources (its staging tables and appenders are per connection). */
  writer?: RecordBatchWriter;
}

/**
 * source → validate → store: reads items, validates them in batches with the shared schemas,
 * and writes each batch (rows and dead letters together) in one transaction. A bad item never
 * stops the run; it becomes a dead letter. While DuckDB merges one batch, the next is decoded.
 */
export class IngestPipeline {
  private readonly log = Logger.for('ingest');

  private constructor(private readonly options: Required<Omit<IngestPipelineOptions, 'onProgress' | 'writer'>> & Pick<IngestPipelineOptions, 'onProgress'>, private readonly writer: RecordBatchWriter, private readonly ownsWriter: boolean) {}

  static async create(options: IngestPipelineOptions): Promise<IngestPipeline> {
    const writer = options.writer ?? (await RecordBatchWriter.create(options.store));
    return new IngestPipeline({ batchSize: 20_000, ...options }, writer, !options.writer);
  }

  async run(items: AsyncIterable<SourceItem> | Iterable<SourceItem>): Promise<IngestSummary> {
    const { source, kind, batchSize } = this.options;
    const started = Date.now();
    const totals: IngestSummary = { source, read: 0, stored: 0, stale: 0, rejected: 0, batches: 0, rejectReasons: {}, elapsedMs: 0 };
    let inFlight: Promise<void> | null = null;

    const flush = (batch: SourceItem[]): Promise<void> => {
      const decoded = decodeItems(batch, source);
      for (const r of decoded.rejects) {
        const reason = summarizeIssues(r.issues).replace(/ \(\+\d+ more\)$/, '');
        totals.rejectReasons[reason] = (totals.rejectReasons[reason] ?? 0) + 1;
      }
      const request = {
        source, kind, valid: decoded.valid, rejects: decoded.rejects, read: batch.length,
        firstPosition: batch[0]?.position ?? null, lastPosition: batch[batch.length - 1]?.position ?? null,
      };
      const previous = inFlight;
      return (async () => {
        if (previous) await previous;
        const counts = await this.writer.write(request);
        this.accumulate(totals, counts, started);
      })();
    };

    let batch: SourceItem[] = [];
    for await (const item of items) {
      batch.push(item);
      if (batch.length >= batchSize) {
        const next = flush(batch);
        // Keep at most one batch writing while the next one is read and decoded.
        if (inFlight) await inFlight;
        inFlight = next;
        batch = [];
      }
    }
    if (batch.length > 0) {
      const next = flush(batch);
      if (inFlight) await inFlight;
      inFlight = next;
    }
    if (inFlight) await inFlight;
    if (this.ownsWriter) await this.writer.close();
    totals.elapsedMs = Date.now() - started;
    this.log.info('source_done', { source, kind, read: totals.read, stored: totals.stored, stale: totals.stale, rejected: totals.rejected, ms: totals.elapsedMs });
    return totals;
  }

  private accumulate(totals: IngestSummary, counts: WriteCounts, started: number): void {
    totals.read += counts.read;
    totals.stored += counts.stored;
    totals.stale += counts.stale;
    totals.rejected += counts.rejected;
    totals.batches++;
    this.options.onProgress?.({
      source: totals.source, read: totals.read, stored: totals.stored, stale: totals.stale, rejected: totals.rejected,
      elapsedMs: Date.now() - started,
    });
  }
}
