import { envSetting } from '../config/config.ts';
import type { ResourceLimits } from 'node:worker_threads';
import { SourceError } from '../core/PipelineError.ts';

/**
 * Heap limits of the decode workers (file and Kafka). Left alone, V8 lets each worker's heap
 * grow far beyond the one batch it holds before collecting, and three heaps together pushed the
 * 1M-record ingest benchmarks to 920–950 MiB of their 1 GiB budget; with a limit they stay near
 * 770–860 MiB. 512 MB leaves room for a batch of 10,000 records with long texts (the schemas
 * allow 20,000 characters); LABOURFLOW_DECODE_WORKER_HEAP_MB changes it.
 */
export const DECODE_WORKER_HEAP_MB = envSetting('LABOURFLOW_DECODE_WORKER_HEAP_MB') ?? 512;
export const DECODE_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: DECODE_WORKER_HEAP_MB };

/** A worker's failure as the error a user can act on: running out of heap says what to change. */
export function decodeWorkerFailure(error: Error & { code?: string }, what: string): SourceError {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new SourceError(`${what}: a decode worker ran out of its ${DECODE_WORKER_HEAP_MB} MB heap`, {
      code: 'DECODE_WORKER_OUT_OF_MEMORY',
      cause: error,
      hint: 'lower --batch-size (records are held a batch at a time), or raise LABOURFLOW_DECODE_WORKER_HEAP_MB',
    });
  }
  return error instanceof SourceError
    ? error
    : new SourceError(`${what}: ${error.message}`, { code: 'DECODE_WORKER_FAILED', cause: error });
}
