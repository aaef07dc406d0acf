import { Worker } from 'node:worker_threads';
import { tableFromIPC, type RecordBatch } from 'apache-arrow';
import { SourceError } from '../core/PipelineError.ts';
import type { RecordType } from '../schemas/envelope.ts';
import type { DecodeWorkerInput, DecodeWorkerMessage } from './decodeWorker.ts';
import type { ColumnLayout } from './RecordBatchWriter.ts';
import type { RejectedItem } from './SourceItem.ts';

export interface DecodedBatch {
  read: number;
  firstPosition: string | null;
  lastPosition: string | null;
  batches: Map<RecordType, RecordBatch>;
  rejects: RejectedItem[];
  bytesRead: number;
  totalBytes: number;
  blankLines: number;
}

export interface ParallelFileDecoderOptions {
  file: string;
  source: string;
  layout: ColumnLayout;
  batchSize: number;
  maxLineBytes?: number;
  maxAhead?: number;
}

/**
 * Decodes an NDJSON file on a worker thread and yields ready Arrow batches in file order. At
 * most `maxAhead` batches wait in memory: the worker pauses until the writer acknowledges one.
 */
export async function* decodeFileInWorker(options: ParallelFileDecoderOptions): AsyncGenerator<DecodedBatch> {
  const workerData: DecodeWorkerInput = {
    file: options.file, source: options.source, batchSize: options.batchSize, maxLineBytes: options.maxLineBytes,
    layout: options.layout, maxAhead: options.maxAhead ?? 2,
  };
  const worker = new Worker(new URL('./decodeWorker.bootstrap.mjs', import.meta.url), { workerData, execArgv: [] });
  const queue: DecodeWorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let exitError: Error | null = null;
  worker.on('message', (m: DecodeWorkerMessage) => { queue.push(m); wake?.(); wake = null; });
  worker.on('error', (e) => { exitError = e; wake?.(); wake = null; });
  worker.on('exit', (code) => {
    if (code !== 0 && !exitError) exitError = new Error(`decode worker exited with code ${code}`);
    wake?.();
    wake = null;
  });
  try {
    for (;;) {
      while (queue.length === 0) {
        if (exitError) throw new SourceError(`decoding ${options.file} failed: ${(exitError as Error).message}`, { code: 'DECODE_WORKER_FAILED', cause: exitError });
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const message = queue.shift()!;
      if (message.kind === 'error') {
        throw new SourceError(message.message, { code: message.code ?? 'SOURCE_READ_FAILED', hint: message.hint });
      }
      if (message.kind === 'done') return;
      const batches = new Map<RecordType, RecordBatch>();
      for (const b of message.batches) batches.set(b.type, tableFromIPC(b.ipc).batches[0]!);
      yield { ...message, batches };
      worker.postMessage({ kind: 'ack' });
    }
  } finally {
    await worker.terminate();
  }
}
