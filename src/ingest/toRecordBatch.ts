import { type Field, RecordBatch, Struct, makeData, type Data } from 'apache-arrow';
import type { AnyEnvelope } from '../records/envelope.ts';
import { arrowTypeFor, type Column, type ColumnKind, type TableSpec } from './columnSpec.ts';

/**
 * Builds Arrow record batches straight into Arrow buffers (offsets, UTF-8 bytes, validity
 * bitmaps). Arrow's generic `vectorFromArray` builders ran at ~50k rows/s here, a fifth of the
 * ingest budget, so the few column kinds the store uses are laid out by hand.
 *
 * The batch is the columnar hand-off between stages: the DuckDB writer, the Parquet lake writer
 * and Arrow IPC exports read the same batch.
 */
export function toRecordBatch(spec: TableSpec, records: readonly AnyEnvelope[]): RecordBatch {
  const children: Data[] = spec.columns
    .filter((c) => c.origin !== 'writer')
    .map((column) => buildData(column.kind, pluck(column, records)));
  const type = new Struct(spec.arrowSchema.fields as Field[]);
  return new RecordBatch(spec.arrowSchema, makeData({ type, length: records.length, nullCount: 0, children }));
}

function pluck(column: Column, records: readonly AnyEnvelope[]): unknown[] {
  const n = records.length;
  const out: unknown[] = new Array(n);
  const name = column.name;
  if (column.origin === 'header') {
    for (let i = 0; i < n; i++) out[i] = (records[i] as unknown as Record<string, unknown>)[name];
  } else {
    for (let i = 0; i < n; i++) out[i] = (records[i]!.payload as Record<string, unknown>)[name];
  }
  return out;
}

const MS_PER_DAY = 86_400_000;

function buildData(kind: ColumnKind, values: readonly unknown[]): Data {
  const type = arrowTypeFor(kind);
  const length = values.length;
  const { bitmap, nullCount } = validity(values);
  const nullBitmap = nullCount > 0 ? bitmap : undefined;
  switch (kind) {
    case 'string': {
      const { valueOffsets, data } = utf8(values);
      return makeData({ type, length, nullCount, nullBitmap, valueOffsets, data } as never);
    }
    case 'int':
    case 'double': {
      const data = kind === 'int' ? new Int32Array(length) : new Float64Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v != null) data[i] = v as number;
      }
      return makeData({ type, length, nullCount, nullBitmap, data } as never);
    }
    case 'bigint':
    case 'timestamptz': {
      const data = new BigInt64Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v == null) continue;
        data[i] = kind === 'bigint' ? BigInt(v as number) : typeof v === 'bigint' ? v : BigInt(Date.parse(v as string)) * 1000n;
      }
      return makeData({ type, length, nullCount, nullBitmap, data } as never);
    }
    case 'date': {
      const data = new Int32Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v != null) data[i] = Math.floor(Date.parse(v as string) / MS_PER_DAY);
      }
      return makeData({ type, length, nullCount, nullBitmap, data } as never);
    }
    case 'bool': {
      const data = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) if (values[i] === true) data[i >> 3]! |= 1 << (i & 7);
      return makeData({ type, length, nullCount, nullBitmap, data } as never);
    }
    case 'string_list': {
      const valueOffsets = new Int32Array(length + 1);
      const items: unknown[] = [];
      for (let i = 0; i < length; i++) {
        const list = values[i] as unknown[] | null | undefined;
        if (list) for (const item of list) items.push(item);
        valueOffsets[i + 1] = items.length;
      }
      const child = buildData('string', items);
      return makeData({ type, length, nullCount, nullBitmap, valueOffsets, child } as never);
    }
  }
}

function validity(values: readonly unknown[]): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] == null) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap, nullCount };
}

function utf8(values: readonly unknown[]): { valueOffsets: Int32Array; data: Uint8Array } {
  const valueOffsets = new Int32Array(values.length + 1);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v != null) total += Buffer.byteLength(v as string, 'utf8');
    valueOffsets[i + 1] = total;
  }
  const data = Buffer.allocUnsafe(total);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v != null) data.write(v as string, valueOffsets[i]!, 'utf8');
  }
  return { valueOffsets, data };
}
