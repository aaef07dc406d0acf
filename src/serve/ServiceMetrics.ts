import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the metrics read from the running service when scraped. */
export interface MetricsProbe {
  /** Records each consumed partition is behind (Kafka high watermark − stored next offset). */
  consumerLag(): Promise<{ topic: string; partition: number; lag: number }[]>;
  walBytes(): number;
  readers(): { running: number; queued: number };
  writersQueued(): number;
  inboxWaiting(): number;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const RUN_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

/**
 * The service's Prometheus metrics, in a registry of its own (several services in one test
 * process do not mix): records in, stored, stale and rejected; consumer lag; batch and query
 * latency; match and risk run durations; the store's WAL and the readers and writers waiting.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly records: Counter<'source' | 'outcome'>;
  readonly batchSeconds: Histogram<'source'>;
  readonly querySeconds: Histogram<'kind'>;
  readonly matchSeconds: Histogram<'mode' | 'status'>;
  readonly riskSeconds: Histogram<'status'>;
  readonly inboxFiles: Counter<'outcome'>;
  readonly checkpoints: Counter<'outcome'>;

  constructor(probe: MetricsProbe) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.records = new Counter({
      name: 'labourflow_ingest_records_total',
      help: 'Records ingested by outcome: read (in), stored, stale (older or duplicate, changed nothing), rejected (dead letters)',
      labelNames: ['source', 'outcome'],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'labourflow_ingest_batch_seconds',
      help: 'Time to store one ingest batch (rows, dead letters and offsets in one transaction)',
      labelNames: ['source'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.querySeconds = new Histogram({
      name: 'labourflow_query_seconds',
      help: 'Time to answer a query, SQL statement, report or export',
      labelNames: ['kind'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.matchSeconds = new Histogram({
      name: 'labourflow_match_run_seconds',
      help: 'Duration of match runs',
      labelNames: ['mode', 'status'],
      buckets: RUN_BUCKETS,
      registers,
    });
    this.riskSeconds = new Histogram({
      name: 'labourflow_risk_run_seconds',
      help: 'Duration of layoff-risk (watch-layoffs) runs',
      labelNames: ['status'],
      buckets: RUN_BUCKETS,
      registers,
    });
    this.inboxFiles = new Counter({
      name: 'labourflow_inbox_files_total',
      help: 'Inbox files finished, by outcome (done, failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.checkpoints = new Counter({
      name: 'labourflow_store_checkpoints_total',
      help: 'Checkpoints the service ran itself because the WAL outgrew its limit',
      labelNames: ['outcome'],
      registers,
    });
    new Gauge({
      name: 'labourflow_consumer_lag',
      help: 'Records a consumed Kafka partition is behind (high watermark − next offset stored)',
      labelNames: ['topic', 'partition'],
      registers,
      async collect() {
        this.reset();
        for (const p of await probe.consumerLag()) this.set({ topic: p.topic, partition: String(p.partition) }, p.lag);
      },
    });
    new Gauge({
      name: 'labourflow_store_wal_bytes',
      help: "Size of the store's write-ahead log",
      registers,
      collect() {
        this.set(probe.walBytes());
      },
    });
    new Gauge({
      name: 'labourflow_store_readers',
      help: 'Read connections working (state=running) and waiting for admission (state=queued)',
      labelNames: ['state'],
      registers,
      collect() {
        const r = probe.readers();
        this.set({ state: 'running' }, r.running);
        this.set({ state: 'queued' }, r.queued);
      },
    });
    new Gauge({
      name: 'labourflow_store_writers_queued',
      help: 'Writers holding or waiting for the one writing connection',
      registers,
      collect() {
        this.set(probe.writersQueued());
      },
    });
    new Gauge({
      name: 'labourflow_inbox_files_waiting',
      help: 'Files in the inbox not yet ingested',
      registers,
      collect() {
        this.set(probe.inboxWaiting());
      },
    });
  }

  countRecords(source: string, counts: { read: number; stored: number; stale: number; rejected: number }): void {
    for (const outcome of ['read', 'stored', 'stale', 'rejected'] as const) {
      if (counts[outcome] > 0) this.records.inc({ source, outcome }, counts[outcome]);
    }
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
