import type { ColumnLayout } from '../ingest/RecordBatchWriter.ts';
import type { BatchSink, PartitionChunk, SinkCounts } from '../kafka/BatchSink.ts';
import type { ServiceMetrics } from './ServiceMetrics.ts';

/** What this process consumed from one partition. */
export interface PartitionTally {
  topic: string;
  partition: number;
  read: number;
  rejected: number;
  nextOffset: bigint | null;
  lastCommitAt: number | null;
}

/**
 * The consumer's sink with the service's bookkeeping around it: each committed write is timed
 * and counted (records by outcome; read and rejected per partition too, while the stored/stale
 * split is known only per transaction, which merges several partitions). It changes nothing of
 * what is written or when: offsets still commit with the rows, inside the wrapped sink.
 */
export class MeteredSink implements BatchSink {
  readonly partitions = new Map<string, PartitionTally>();
  /** Everything this process committed through the sink. */
  readonly totals: SinkCounts = { read: 0, stored: 0, stale: 0, rejected: 0 };

  constructor(
    private readonly inner: BatchSink,
    private readonly metrics: ServiceMetrics,
  ) {}

  get describe(): string {
    return this.inner.describe;
  }

  columnLayout(): ColumnLayout {
    return this.inner.columnLayout();
  }

  loadOffsets(topic: string, partitions?: readonly number[]): Promise<Map<number, bigint>> {
    return this.inner.loadOffsets(topic, partitions);
  }

  async write(chunks: readonly PartitionChunk[]): Promise<SinkCounts> {
    const started = performance.now();
    const counts = await this.inner.write(chunks);
    if (counts.read === 0) return counts; // ranges already stored: nothing was written
    this.metrics.batchSeconds.observe({ source: 'kafka' }, (performance.now() - started) / 1000);
    this.metrics.countRecords('kafka', counts);
    this.totals.read += counts.read;
    this.totals.stored += counts.stored;
    this.totals.stale += counts.stale;
    this.totals.rejected += counts.rejected;
    const now = Date.now();
    for (const c of chunks) {
      const key = `${c.topic}:${c.partition}`;
      const tally = this.partitions.get(key) ?? {
        topic: c.topic,
        partition: c.partition,
        read: 0,
        rejected: 0,
        nextOffset: null,
        lastCommitAt: null,
      };
      tally.read += c.read;
      tally.rejected += c.rejects.length;
      if (tally.nextOffset === null || c.nextOffset > tally.nextOffset) tally.nextOffset = c.nextOffset;
      tally.lastCommitAt = now;
      this.partitions.set(key, tally);
    }
    return counts;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
