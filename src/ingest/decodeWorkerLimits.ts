import type { ResourceLimits } from 'node:worker_threads';

/**
 * Heap limits of the decode workers (file and Kafka). A worker holds one batch of lines or
 * messages and its Arrow layout at a time, some tens of MB; left alone, V8 lets each worker's
 * heap grow to hundreds of MB of garbage before a full collection, and three heaps together
 * pushed the 1M-record ingest benchmarks to 950 MiB of the 1 GiB budget.
 */
export const DECODE_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 192 };
