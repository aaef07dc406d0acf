import { Logger } from '../core/Logger.ts';
import { withRetries } from '../core/PipelineError.ts';
import { addCounts, type BatchSink, type PartitionChunk, type SinkCounts } from './BatchSink.ts';

interface Pending {
  chunk: PartitionChunk;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: chunks handed in by concurrent `eachBatch` calls (one per partition) are
 * written together, up to `maxRecords` per store transaction, while the next batches are being
 * fetched and decoded. Each caller's promise settles once its chunk is durable, so kafkajs never
 * moves past (or rebalances away from) a partition whose messages are still only in memory.
 */
export class GroupCommitWriter {
  private readonly log = Logger.for('kafka');
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private pendingRecords = 0;
  totals: SinkCounts = { read: 0, stored: 0, stale: 0, rejected: 0 };
  transactions = 0;
  /** Set after a write failed for good; every later submit fails with it. */
  private fatal: unknown = null;

  constructor(
    private readonly sink: BatchSink,
    private readonly maxRecords: number,
    private readonly onWritten?: (chunks: readonly PartitionChunk[], counts: SinkCounts) => void,
  ) {}

  /** Records handed in but not yet committed. */
  get pending(): number {
    return this.pendingRecords;
  }

  submit(chunk: PartitionChunk): Promise<void> {
    if (this.fatal) return Promise.reject(this.fatal);
    return new Promise((resolve, reject) => {
      this.queue.push({ chunk, resolve, reject });
      this.pendingRecords += chunk.read;
      if (!this.running)
        this.running = this.drain().finally(() => {
          this.running = null;
        });
    });
  }

  /**
   * Resolves once at most `limit` records are waiting (or the writer failed), or as soon as
   * `whileWaiting` (called about once a second) answers false.
   */
  async waitForRoom(limit: number, whileWaiting?: () => Promise<boolean | undefined>): Promise<void> {
    while (this.pendingRecords > limit && this.running && !this.fatal) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running, new Promise((r) => (timer = setTimeout(r, 1000)))]);
      clearTimeout(timer);
      if ((await whileWaiting?.()) === false) return;
    }
  }

  /** Resolves when everything handed in so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let concurrent eachBatch calls add their chunks to this transaction.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const take: Pending[] = [];
      let records = 0;
      while (this.queue.length > 0 && (take.length === 0 || records + this.queue[0]!.chunk.read <= this.maxRecords)) {
        const next = this.queue.shift()!;
        take.push(next);
        records += next.chunk.read;
      }
      const chunks = take.map((p) => p.chunk);
      try {
        const counts = await withRetries(() => this.sink.write(chunks), {
          retries: 8,
          initialDelayMs: 250,
          onRetry: (error, attempt, delayMs) => this.log.warn('kafka_write_retry', { attempt, delayMs, error }),
        });
        this.totals = addCounts(this.totals, counts);
        this.transactions++;
        this.pendingRecords -= records;
        this.onWritten?.(chunks, counts);
        for (const p of take) p.resolve();
      } catch (error) {
        this.fatal = error;
        this.pendingRecords -= records;
        for (const p of [...take, ...this.queue.splice(0)]) p.reject(error);
      }
    }
  }
}
