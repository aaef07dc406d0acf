import { type ErrorCode, isErrorCode } from '../core/errorCodes.ts';
/**
 * Worker-thread side of ParallelFileDecoder: reads one NDJSON file, validates it in batches and
 * lays each batch out as the writer's staging CSV, one per record table, sent back as bytes
 * (transferred, not copied). The main thread only appends to DuckDB, so reading, parsing and validation run on
 * the other core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { configureLogging } from '../core/Logger.ts';
import type { RecordType } from '../records/envelope.ts';
import { tableSpecFrom, type TableSpec } from './columnSpec.ts';
import { decodeItems } from './decodeItems.ts';
import { EnvelopeCsvEncoder, type StagedCsv } from './EnvelopeCsvEncoder.ts';
import { readNdjsonFile } from './readNdjsonFile.ts';
import type { ColumnLayout } from './RecordBatchWriter.ts';
import type { RejectedItem, SourceItem } from './SourceItem.ts';

export interface DecodeWorkerInput {
  file: string;
  source: string;
  /** Physical lines per batch; batch k holds lines k·batchSize+1 … (k+1)·batchSize. */
  batchSize: number;
  /** This worker decodes the batches whose index ≡ workerIndex (mod workerCount). */
  workerIndex: number;
  workerCount: number;
  maxLineBytes?: number;
  layout: ColumnLayout;
  /** Batches the worker may run ahead of the writer; bounds memory. */
  maxAhead: number;
}

export type DecodeWorkerMessage =
  | {
      kind: 'batch';
      batchIndex: number;
      read: number;
      firstPosition: string | null;
      lastPosition: string | null;
      staged: Map<RecordType, StagedCsv>;
      rejects: RejectedItem[];
      bytesRead: number;
      totalBytes: number;
      /** Blank lines seen since this worker's previous message. */
      blankLines: number;
    }
  | { kind: 'done'; blankLines: number }
  | { kind: 'error'; message: string; code?: ErrorCode; hint?: string };

const input = workerData as DecodeWorkerInput;
const port = parentPort!;
configureLogging({ level: 'warn' });

const specs = new Map<RecordType, TableSpec>(input.layout.map((l) => [l.type, tableSpecFrom(l.type, l.table, l.columns)]));
const encoder = new EnvelopeCsvEncoder();
let credits = input.maxAhead;
let wake: (() => void) | null = null;
port.on('message', (m: { kind: 'ack' }) => {
  if (m.kind === 'ack') {
    credits++;
    wake?.();
    wake = null;
  }
});

async function main(): Promise<void> {
  let bytesRead = 0;
  let totalBytes = 0;
  let blankLines = 0;
  let batch: SourceItem[] = [];
  let batchIndex = input.workerIndex;
  const batchOf = (line: number) => Math.floor((line - 1) / input.batchSize);
  const send = async () => {
    while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const decoded = decodeItems(batch, input.source);
    const staged = encoder.encodeByType(specs, decoded.valid, true);
    const message: DecodeWorkerMessage = {
      kind: 'batch',
      batchIndex,
      read: batch.length,
      firstPosition: batch[0]?.position ?? null,
      lastPosition: batch[batch.length - 1]?.position ?? null,
      staged,
      rejects: decoded.rejects,
      bytesRead,
      totalBytes,
      blankLines,
    };
    blankLines = 0;
    port.postMessage(
      message,
      [...staged.values()].map((s) => s.csv.buffer as ArrayBuffer),
    );
    batch = [];
  };
  for await (const item of readNdjsonFile(input.file, {
    maxLineBytes: input.maxLineBytes,
    onBytes: (r, t) => {
      bytesRead = r;
      totalBytes = t;
    },
    onBlankLine: () => {
      blankLines++;
    },
    include: (line) => batchOf(line) % input.workerCount === input.workerIndex,
  })) {
    const index = batchOf(Number(item.position.slice(5)));
    if (index !== batchIndex && batch.length > 0) await send();
    batchIndex = index;
    batch.push(item);
  }
  if (batch.length > 0) await send();
  port.postMessage({ kind: 'done', blankLines } satisfies DecodeWorkerMessage);
}

main().catch((error: unknown) => {
  const e = error as { message?: string; code?: string; hint?: string };
  // A system error's code (ENOENT, …) is not one of ours: the parent names it SOURCE_READ_FAILED.
  const code = isErrorCode(e.code) ? e.code : undefined;
  port.postMessage({ kind: 'error', message: e.message ?? String(error), code, hint: e.hint } satisfies DecodeWorkerMessage);
});
