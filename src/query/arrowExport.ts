import {
  Bool,
  DateDay,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMillisecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import type { QueryResult } from './AnalyticsSession.ts';

/** Arrow type for a DuckDB column type; nested and exotic types travel as JSON text. */
function arrowTypeFor(type: string): { arrow: DataType; convert: (v: unknown) => unknown } {
  if (type === 'BOOLEAN') return { arrow: new Bool(), convert: (v) => v };
  if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/.test(type)) return { arrow: new Int32(), convert: (v) => Number(v) };
  if (/^(BIGINT|HUGEINT|UINTEGER|UBIGINT)$/.test(type)) return { arrow: new Int64(), convert: (v) => BigInt(v as string | number) };
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(type)) return { arrow: new Float64(), convert: (v) => Number(v) };
  if (type === 'DATE') return { arrow: new DateDay(), convert: (v) => new Date(`${String(v)}T00:00:00Z`) };
  if (/^TIMESTAMP/.test(type)) return { arrow: new TimestampMillisecond(), convert: (v) => new Date(String(v)) };
  if (type === 'VARCHAR') return { arrow: new Utf8(), convert: (v) => String(v) };
  return { arrow: new Utf8(), convert: (v) => (typeof v === 'string' ? v : JSON.stringify(v)) };
}

/** The result as an Arrow table (column types kept), for IPC files that pandas, polars and R read. */
export function toArrowTable(result: QueryResult): Table {
  const vectors: Record<string, Vector> = {};
  result.columns.forEach((column, i) => {
    const { arrow, convert } = arrowTypeFor(column.type);
    const values = result.rows.map((row) => (row[i] === null || row[i] === undefined ? null : convert(row[i])));
    vectors[column.name] = vectorFromArray(values as never[], arrow);
  });
  return new Table(vectors);
}

/** Arrow IPC file format (Feather v2): `pyarrow.feather.read_table`, `polars.read_ipc`, `arrow::read_feather`. */
export function toArrowIpc(result: QueryResult): Uint8Array {
  return tableToIPC(toArrowTable(result), 'file');
}
