/**
 * Worker-thread side of KafkaDecoder: validates the messages of one fetched partition batch with
 * the shared decodeItems and lays the valid records out as Arrow record batches, sent back as Arrow
 * IPC bytes (transferred, not copied). The main thread keeps kafkajs and the DuckDB appends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { configureLogging } from '../core/Logger.ts';
import { ipcTransferList, toIpcBatches } from '../ingest/arrowIpc.ts';
import { tableSpecFrom, type TableSpec } from '../ingest/columnSpec.ts';
import { buildRecordBatches, type ColumnLayout } from '../ingest/RecordBatchWriter.ts';
import type { RecordType } from '../records/envelope.ts';
import { decodeMessages, type DecodeReply, type DecodeRequest } from './KafkaDecoder.ts';

const { layout, maxMessageBytes } = workerData as { layout: ColumnLayout; maxMessageBytes: number };
const port = parentPort!;
configureLogging({ level: 'warn' });
const specs = new Map<RecordType, TableSpec>(layout.map((l) => [l.type, tableSpecFrom(l.type, l.table, l.columns)]));

port.on('message', (request: DecodeRequest) => {
  try {
    const values = Buffer.from(request.values.buffer, request.values.byteOffset, request.values.byteLength);
    const { valid, rejects } = decodeMessages(request, values, maxMessageBytes);
    const batches = toIpcBatches(buildRecordBatches(specs, valid));
    const reply: DecodeReply = { id: request.id, batches, rejects, validCount: valid.length };
    port.postMessage(reply, ipcTransferList(batches));
  } catch (error) {
    port.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) } satisfies DecodeReply);
  }
});
