import { Table, tableFromIPC, tableToIPC, type RecordBatch } from 'apache-arrow';
import type { RecordType } from '../records/envelope.ts';

/** One record type's Arrow batch as IPC stream bytes, for posting between threads. */
export interface IpcBatch {
  type: RecordType;
  ipc: Uint8Array;
}

/** Serialises a write's batches for a worker's reply; transfer `transferList(result)` with it. */
export function toIpcBatches(batches: ReadonlyMap<RecordType, RecordBatch>): IpcBatch[] {
  return [...batches].map(([type, batch]) => ({ type, ipc: tableToIPC(new Table([batch]), 'stream') }));
}

export function ipcTransferList(batches: readonly IpcBatch[]): ArrayBuffer[] {
  return batches.map((b) => b.ipc.buffer as ArrayBuffer);
}

/** The receiving side: views over the transferred bytes, no copy. */
export function fromIpcBatches(batches: readonly IpcBatch[]): Map<RecordType, RecordBatch> {
  const out = new Map<RecordType, RecordBatch>();
  for (const b of batches) out.set(b.type, tableFromIPC(b.ipc).batches[0]!);
  return out;
}
