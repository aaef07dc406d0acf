import { Worker } from 'node:worker_threads';
import { DECODE_WORKER_LIMITS, decodeWorkerFailure } from './decodeWorkerLimits.ts';
import { SourceError } from '../core/PipelineError.ts';
import type { DecodeWorkerInput, DecodeWorkerMessage } from './decodeWorker.ts';
import type { ColumnLayout } from './RecordBatchWriter.ts';

/** One batch as a decode worker sends it (its message without the routing fields). */
export type DecodedBatch = Omit<Extract<DecodeWorkerMessage, { kind: 'batch' }>, 'kind' | 'batchIndex'>;

export interface ParallelFileDecoderOptions {
  file: string;
  source: string;
  layout: ColumnLayout;
  batchSize: number;
  maxLineBytes?: number;
  maxAhead?: number;
  /** Decode threads (default 2): each reads the file and decodes every N-th batch of lines. */
  workers?: number;
  /** Blank lines found (they hold no record), reported as each batch or worker finishes. */
  onBlankLines?: (count: number) => void;
}

interface WorkerState {
  worker: Worker;
  queue: Extract<DecodeWorkerMessage, { kind: 'batch' }>[];
  done: boolean;
}

/**
 * Decodes an NDJSON file on worker threads and yields ready Arrow batches in file order. Each
 * worker owns every N-th range of lines and skips the others without decoding them. At most
 * `maxAhead` batches per worker wait in memory: a worker pauses until the writer takes one.
 */
export async function* decodeFileInWorker(options: ParallelFileDecoderOptions): AsyncGenerator<DecodedBatch> {
  const count = Math.max(1, options.workers ?? 2);
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const states: WorkerState[] = [];
  for (let workerIndex = 0; workerIndex < count; workerIndex++) {
    const workerData: DecodeWorkerInput = {
      file: options.file,
      source: options.source,
      batchSize: options.batchSize,
      maxLineBytes: options.maxLineBytes,
      layout: options.layout,
      maxAhead: options.maxAhead ?? 1,
      workerIndex,
      workerCount: count,
    };
    const worker = new Worker(new URL('./decodeWorker.bootstrap.mjs', import.meta.url), {
      workerData,
      execArgv: [],
      resourceLimits: DECODE_WORKER_LIMITS,
    });
    const state: WorkerState = { worker, queue: [], done: false };
    worker.on('message', (m: DecodeWorkerMessage) => {
      if (m.kind === 'batch') state.queue.push(m);
      else if (m.kind === 'done') {
        state.done = true;
        options.onBlankLines?.(m.blankLines);
      } else failure ??= new SourceError(m.message, { code: m.code ?? 'SOURCE_READ_FAILED', hint: m.hint });
      notify();
    });
    worker.on('error', (e) => {
      failure ??= e;
      notify();
    });
    worker.on('exit', (code) => {
      if (code !== 0 && !state.done) failure ??= new Error(`decode worker exited with code ${code}`);
      state.done = true;
      notify();
    });
    states.push(state);
  }
  try {
    // Batch k comes from worker k mod N. A worker that has moved past k, or finished, had no lines there.
    for (let next = 0; ; next++) {
      const state = states[next % count]!;
      let message: Extract<DecodeWorkerMessage, { kind: 'batch' }> | undefined;
      for (;;) {
        const failed = failure as Error | null;
        if (failed) {
          throw decodeWorkerFailure(failed, `decoding ${options.file} failed`);
        }
        const head = state.queue[0];
        if (head && head.batchIndex === next) {
          message = state.queue.shift();
          break;
        }
        if (head && head.batchIndex > next) break;
        if (!head && state.done) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (!message) {
        if (states.every((s) => s.done && s.queue.length === 0)) return;
        continue;
      }
      if (message.blankLines > 0) options.onBlankLines?.(message.blankLines);
      yield message;
      state.worker.postMessage({ kind: 'ack' });
    }
  } finally {
    await Promise.all(states.map((s) => s.worker.terminate()));
  }
}
