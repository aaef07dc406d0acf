import { Logger } from '../core/Logger.ts';
import { RecordBatchWriter } from '../ingest/RecordBatchWriter.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { sqlFileSync } from '../store/sqlFile.ts';
import { positionOf, type BatchSink, type PartitionChunk, type SinkCounts } from './BatchSink.ts';
import type { DeadLetterPublisher } from './DeadLetterPublisher.ts';
import { faultPause, faultPoint } from './faultPoint.ts';
import type { RecordBatch } from 'apache-arrow';
import type { RecordType } from '../records/envelope.ts';
import { SinkError } from '../core/PipelineError.ts';

const sql = (name: string) => sqlFileSync(`kafka/${name.replace(/\.sql$/, '')}`);

/**
 * The default, single-writer sink: rows, dead letters, batch counts and the consumed offsets
 * go into the DuckDB file in ONE transaction. A crash before COMMIT loses the rows and the
 * offsets together, so the messages are consumed again; after COMMIT both are there, and the
 * consumer resumes after them. Either way each message lands exactly once.
 */
export class DuckDBBatchSink implements BatchSink {
  private readonly log = Logger.for('kafka');
  /** Mirror of kafka_offsets for this group (this process is the file's only writer). */
  private readonly committed = new Map<string, bigint>();
  /** Runs after each committed transaction: the automatic posting review (src/review/automaticReview.ts). */
  private postCommit: ((counts: SinkCounts) => Promise<unknown>) | null = null;

  private constructor(
    private readonly store: DuckDBStore,
    private readonly writer: RecordBatchWriter,
    private readonly groupId: string,
    private readonly deadLetters: DeadLetterPublisher | null,
    private readonly sql: { select: string; upsert: string },
    private readonly ownsWriter: boolean,
  ) {}

  /** `writer`: share the connection's one RecordBatchWriter (the service); else the sink makes and closes its own. */
  static async create(
    store: DuckDBStore,
    groupId: string,
    deadLetters: DeadLetterPublisher | null,
    writer?: RecordBatchWriter,
  ): Promise<DuckDBBatchSink> {
    return new DuckDBBatchSink(
      store,
      writer ?? (await RecordBatchWriter.create(store)),
      groupId,
      deadLetters,
      { select: sql('select_offsets.sql'), upsert: sql('upsert_offset.sql') },
      !writer,
    );
  }

  columnLayout() {
    return this.writer.columnLayout();
  }

  get describe(): string {
    return `duckdb:${this.store.path}`;
  }

  async loadOffsets(topic: string): Promise<Map<number, bigint>> {
    const rows = await this.store.all<{ partition: number; next_offset: number | string }>(this.sql.select, {
      group_id: this.groupId,
      topic,
    });
    const out = new Map<number, bigint>();
    for (const row of rows) {
      const next = BigInt(row.next_offset);
      out.set(Number(row.partition), next);
      this.committed.set(`${topic}:${row.partition}`, next);
    }
    return out;
  }

  async write(chunks: readonly PartitionChunk[]): Promise<SinkCounts> {
    // Never store a range twice, whatever the consumer's position did (seek races, rebalances).
    const fresh = chunks.filter((c) => {
      const committed = this.committed.get(`${c.topic}:${c.partition}`);
      if (committed === undefined || c.firstOffset >= committed) return true;
      if (c.nextOffset <= committed) {
        this.log.warn('kafka_chunk_already_stored', {
          topic: c.topic,
          partition: c.partition,
          first: c.firstOffset,
          next: c.nextOffset,
          committed,
        });
        return false;
      }
      throw new SinkError(`chunk ${c.topic}/${c.partition} [${c.firstOffset}, ${c.nextOffset}) overlaps the stored offset ${committed}`, {
        code: 'KAFKA_OFFSET_OVERLAP',
        retriable: false,
        hint: 'another process wrote this partition into the same store; run one consumer (or one serve) per DuckDB file',
      });
    });
    if (fresh.length === 0) return { read: 0, stored: 0, stale: 0, rejected: 0 };
    const t0 = performance.now();
    await this.deadLetters?.publish(fresh);
    faultPoint('kafka.after-dead-letters');
    const t1 = performance.now();
    const byTopic = new Map<string, PartitionChunk[]>();
    for (const c of fresh) byTopic.set(c.topic, [...(byTopic.get(c.topic) ?? []), c]);
    const next = new Map<string, { topic: string; partition: number; offset: bigint }>();
    for (const c of fresh) {
      const key = `${c.topic}:${c.partition}`;
      const prev = next.get(key);
      if (!prev || c.nextOffset > prev.offset) next.set(key, { topic: c.topic, partition: c.partition, offset: c.nextOffset });
    }
    const counts = await this.store.transaction(async () => {
      const total: SinkCounts = { read: 0, stored: 0, stale: 0, rejected: 0 };
      for (const [topic, list] of byTopic) {
        // One write per topic: chunks decoded inline pool their records, chunks decoded on the
        // worker their Arrow batches (one staging load and merge per table, not per chunk).
        const groups = list.every((c) => c.valid) || list.every((c) => c.batches) ? [list] : list.map((c) => [c]);
        for (const group of groups) {
          const first = group[0]!;
          const last = group[group.length - 1]!;
          const written = await this.writer.write({
            source: `kafka:${topic}`,
            kind: 'kafka',
            firstPosition: positionOf(first.partition, first.firstOffset),
            lastPosition: positionOf(last.partition, last.nextOffset - 1n),
            ...(first.batches ? { batches: batchesByType(group) } : { valid: group.flatMap((c) => c.valid ?? []) }),
            rejects: group.flatMap((c) => c.rejects),
            read: group.reduce((n, c) => n + c.read, 0),
          });
          total.read += written.read;
          total.stored += written.stored;
          total.stale += written.stale;
          total.rejected += written.rejected;
        }
      }
      for (const o of next.values()) {
        await this.store.run(this.sql.upsert, { group_id: this.groupId, topic: o.topic, partition: o.partition, next_offset: o.offset });
      }
      faultPoint('kafka.before-duckdb-commit');
      return total;
    });
    faultPoint('kafka.after-duckdb-commit');
    await faultPause('kafka.after-duckdb-commit');
    this.log.debug('kafka_transaction', {
      chunks: fresh.length,
      read: counts.read,
      dead_letter_ms: Math.round(t1 - t0),
      duckdb_ms: Math.round(performance.now() - t1),
    });
    for (const [key, o] of next) this.committed.set(key, o.offset);
    await this.postCommit?.(counts);
    return counts;
  }

  /** Sets the step run after each committed transaction, given its counts; it must not throw (the rows are committed). */
  afterEachCommit(step: (counts: SinkCounts) => Promise<unknown>): void {
    this.postCommit = step;
  }

  async close(): Promise<void> {
    if (this.ownsWriter) await this.writer.close();
  }
}

/** The Arrow batches of several chunks, gathered per record type. */
function batchesByType(chunks: readonly PartitionChunk[]): Map<RecordType, RecordBatch[]> {
  const out = new Map<RecordType, RecordBatch[]>();
  for (const chunk of chunks) {
    for (const [type, batch] of chunk.batches ?? []) out.set(type, [...(out.get(type) ?? []), batch]);
  }
  return out;
}
