import { Bool, DateDay, Field, Float64, Int32, Int64, List, Schema, TimestampMicrosecond, Utf8, type DataType } from 'apache-arrow';
import { RECORD_KINDS, type RecordType } from '../records/recordKinds.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { SinkError } from '../core/PipelineError.ts';

/**
 * How a record field travels: Arrow in memory, DuckDB on disk. Derived from the table itself (DESCRIBE), so the
 * migration is the single source of the stored shape.
 */
export type ColumnKind = 'string' | 'bigint' | 'int' | 'double' | 'bool' | 'date' | 'timestamptz' | 'string_list';

export interface Column {
  name: string;
  kind: ColumnKind;
  /** Where the value comes from: the envelope header, the writer, or the payload. */
  origin: 'header' | 'writer' | 'payload';
}

export interface TableSpec {
  type: RecordType;
  table: string;
  /** Every column of the table, in table order. */
  columns: Column[];
  /** The record's own columns (header and payload): what an Arrow batch carries. The writer adds the rest. */
  arrowSchema: Schema;
}

/** Rebuilds a spec from plain column data (e.g. after passing it to a worker thread). */
export function tableSpecFrom(type: RecordType, table: string, columns: Column[]): TableSpec {
  const fields = columns.filter((c) => c.origin !== 'writer').map((c) => new Field(c.name, arrowTypeFor(c.kind), true));
  return { type, table, columns, arrowSchema: new Schema(fields) };
}

const KIND_FOR_DUCKDB_TYPE: Record<string, ColumnKind> = {
  VARCHAR: 'string',
  BIGINT: 'bigint',
  INTEGER: 'int',
  DOUBLE: 'double',
  BOOLEAN: 'bool',
  DATE: 'date',
  'TIMESTAMP WITH TIME ZONE': 'timestamptz',
  'VARCHAR[]': 'string_list',
};

const HEADER_COLUMNS = new Set(['id', 'version', 'event_time']);
const WRITER_COLUMNS = new Set(['ingest_batch_id', 'ingested_at']);

export function arrowTypeFor(kind: ColumnKind): DataType {
  switch (kind) {
    case 'string':
      return new Utf8();
    case 'bigint':
      return new Int64();
    case 'int':
      return new Int32();
    case 'double':
      return new Float64();
    case 'bool':
      return new Bool();
    case 'date':
      return new DateDay();
    case 'timestamptz':
      return new TimestampMicrosecond('UTC');
    case 'string_list':
      return new List(new Field('item', new Utf8(), true));
  }
}

/** Reads the record tables' columns from DuckDB and pairs each with its source in the envelope. */
export async function loadTableSpecs(store: DuckDBStore): Promise<Map<RecordType, TableSpec>> {
  const specs = new Map<RecordType, TableSpec>();
  for (const kind of RECORD_KINDS) {
    const { type, table } = kind;
    const rows = await store.all<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'main' AND table_name = $table ORDER BY ordinal_position`,
      { table },
    );
    const columns: Column[] = rows.map((r) => {
      const kind = KIND_FOR_DUCKDB_TYPE[r.data_type];
      if (!kind) {
        throw new SinkError(`column ${table}.${r.column_name} has type ${r.data_type}, which the batch writer cannot fill`, {
          code: 'STORE_SCHEMA_UNSUPPORTED',
          hint: 'use VARCHAR, BIGINT, INTEGER, DOUBLE, BOOLEAN, DATE, TIMESTAMPTZ or VARCHAR[] in record tables',
        });
      }
      const origin = HEADER_COLUMNS.has(r.column_name) ? 'header' : WRITER_COLUMNS.has(r.column_name) ? 'writer' : 'payload';
      return { name: r.column_name, kind, origin };
    });
    // Values are taken by column, so a payload field without a column would be dropped unnoticed.
    const stored = new Set(columns.map((c) => c.name));
    const missing = Object.keys(kind.schema.shape).filter((f) => !stored.has(f) && !(kind.inputOnly as readonly string[]).includes(f));
    if (missing.length > 0) {
      throw new SinkError(`table ${table} has no column for the ${type} field(s) ${missing.join(', ')}`, {
        code: 'STORE_SCHEMA_MISMATCH',
        hint: `add the column(s) to ${table} in a new migration under sql/migrations/, or remove the field(s) from the ${type} schema`,
      });
    }
    specs.set(type, tableSpecFrom(type, table, columns));
  }
  return specs;
}
