import type { RejectedItem } from '../ingest/SourceItem.ts';
import type { RecordBatch } from 'apache-arrow';
import type { ColumnLayout } from '../ingest/RecordBatchWriter.ts';
import type { AnyEnvelope, RecordType } from '../records/envelope.ts';

/** The decoded messages of one topic-partition offset range [firstOffset, nextOffset). */
export interface PartitionChunk {
  topic: string;
  partition: number;
  firstOffset: bigint;
  /** Offset after the last message consumed (what gets stored as the partition's position). */
  nextOffset: bigint;
  /** Messages consumed (valid + rejected). */
  read: number;
  /** Validated records (decoded inline), or … */
  valid?: AnyEnvelope[];
  /** … the same as Arrow batches per record type (decoded on the worker thread). */
  batches?: Map<RecordType, RecordBatch>;
  validCount?: number;
  rejects: RejectedItem[];
}

export interface SinkCounts {
  read: number;
  stored: number;
  stale: number;
  rejected: number;
}

/**
 * Where the ingest job puts decoded chunks together with their offsets, atomically: the DuckDB
 * file (rows + kafka_offsets in one transaction) or the Parquet lake (data files + an offset
 * marker per range). The stored offsets are the only truth about what has been consumed.
 */
export interface BatchSink {
  readonly describe: string;
  /** The record tables' columns, for the decode worker's Arrow layout. */
  columnLayout(): ColumnLayout;
  /**
   * Next offset to consume per partition, for the partitions this sink has seen. `partitions`
   * are the ones just assigned to this worker (the lake sink cleans up after their crashed writes).
   */
  loadOffsets(topic: string, partitions?: readonly number[]): Promise<Map<number, bigint>>;
  /** Stores the chunks and their offsets atomically; chunks may span several partitions and topics. */
  write(chunks: readonly PartitionChunk[]): Promise<SinkCounts>;
  close(): Promise<void>;
}

export function positionOf(partition: number, offset: bigint | string): string {
  return `p${partition}@${offset}`;
}

export function addCounts(a: SinkCounts, b: SinkCounts): SinkCounts {
  return { read: a.read + b.read, stored: a.stored + b.stored, stale: a.stale + b.stale, rejected: a.rejected + b.rejected };
}
