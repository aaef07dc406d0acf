import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BIGINT, BOOLEAN, DATE, DOUBLE, DuckDBAppender, DuckDBDataChunk, INTEGER, LIST, TIMESTAMPTZ, VARCHAR,
  dateValue, listValue, timestampTZValue, type DuckDBType, type DuckDBValue,
} from '@duckdb/node-api';
import type { RecordBatch, Vector } from 'apache-arrow';
import { SinkError } from '../core/PipelineError.ts';
import { RECORD_TYPES, type AnyEnvelope, type RecordType } from '../schemas/envelope.ts';
import { SQL_DIR, type DuckDBStore } from '../store/DuckDBStore.ts';
import { toRecordBatch } from './ArrowBatches.ts';
import { loadTableSpecs, type Column, type ColumnKind, type TableSpec } from './ColumnSpec.ts';

export type ColumnLayout = { type: RecordType; table: string; columns: Column[] }[];
import { summarizeIssues, type RejectedItem } from './SourceItem.ts';

export interface WriteRequest {
  source: string;
  kind: 'file' | 'csv' | 'kafka';
  firstPosition: string | null;
  lastPosition: string | null;
  /** Validated records; or pass `batches` already built (e.g. by a decode worker). */
  valid?: readonly AnyEnvelope[];
  batches?: ReadonlyMap<RecordType, RecordBatch>;
  rejects: readonly RejectedItem[];
  /** Items read for this batch; defaults to valid + rejects. */
  read?: number;
  startedAt?: Date;
}

export interface WriteCounts {
  batchId: number;
  read: number;
  stored: number;
  stale: number;
  rejected: number;
}

const CHUNK_ROWS = 2048; // DuckDB's vector size: one data chunk holds at most this many rows.

const DUCKDB_TYPE: Record<ColumnKind, DuckDBType> = {
  string: VARCHAR, bigint: BIGINT, int: INTEGER, double: DOUBLE, bool: BOOLEAN, date: DATE,
  timestamptz: TIMESTAMPTZ, string_list: LIST(VARCHAR),
};

function loadSql(name: string, table?: string): string {
  const text = readFileSync(join(SQL_DIR, 'ingest', name), 'utf8');
  return table ? text.replaceAll('{{table}}', table) : text;
}

/**
 * Writes validated envelopes and dead letters into the store as one batch: rows go through
 * an Arrow record batch into a per-table staging table, then an upsert keeps the newest event per
 * id (so replays and out-of-order events change nothing). Runs inside the caller's transaction
 * when there is one (Kafka commits offsets in the same transaction), else in its own.
 */
export class RecordBatchWriter {
  private constructor(
    private readonly store: DuckDBStore,
    private readonly specs: Map<RecordType, TableSpec>,
    private readonly appenders: Map<string, DuckDBAppender>,
    private readonly sql: { winners: Map<string, string>; apply: Map<string, string>; rejects: string; batch: string },
  ) {}

  static async create(store: DuckDBStore): Promise<RecordBatchWriter> {
    const specs = await loadTableSpecs(store);
    const appenders = new Map<string, DuckDBAppender>();
    const winners = new Map<string, string>();
    const apply = new Map<string, string>();
    for (const spec of specs.values()) {
      // Staging tables copy the target's column types, so the upsert is a plain SELECT *.
      await store.run(`CREATE OR REPLACE TEMP TABLE stage_${spec.table} AS SELECT * FROM main.${spec.table} LIMIT 0`);
      appenders.set(spec.table, await store.connection.createAppender(`stage_${spec.table}`, 'main', 'temp'));
      winners.set(spec.table, loadSql('merge_winners.sql', spec.table));
      apply.set(spec.table, loadSql('merge_apply.sql', spec.table));
    }
    await store.run(`CREATE OR REPLACE TEMP TABLE stage_rejected (
      source VARCHAR, position VARCHAR, record_type VARCHAR, record_id VARCHAR, reason VARCHAR,
      issues VARCHAR, raw VARCHAR, raw_bytes BIGINT, ingest_batch_id BIGINT, rejected_at TIMESTAMPTZ, ordinal INTEGER)`);
    appenders.set('rejected', await store.connection.createAppender('stage_rejected', 'main', 'temp'));
    return new RecordBatchWriter(store, specs, appenders, {
      winners, apply, rejects: loadSql('record_rejects.sql'), batch: loadSql('record_batch.sql'),
    });
  }

  spec(type: RecordType): TableSpec {
    return this.specs.get(type)!;
  }

  /** The column layout of every record table, as plain data a worker thread can receive. */
  columnLayout(): ColumnLayout {
    return [...this.specs.values()].map((s) => ({ type: s.type, table: s.table, columns: s.columns }));
  }

  /** Builds the Arrow batches of a write without storing them (the lake writer uses these). */
  toRecordBatches(valid: readonly AnyEnvelope[]): Map<RecordType, RecordBatch> {
    return buildRecordBatches(this.specs, valid);
  }

  async write(request: WriteRequest): Promise<WriteCounts> {
    try {
      return await this.store.transaction(() => this.writeInTransaction(request));
    } catch (error) {
      if (error instanceof SinkError) throw error;
      const message = (error as Error).message ?? String(error);
      throw new SinkError(`writing a batch from ${request.source} to ${this.store.path} failed: ${message}`, {
        code: 'STORE_WRITE_FAILED',
        // A conflict or I/O hiccup may pass; a constraint or type error will not.
        retriable: /conflict|I\/O|lock|interrupted/i.test(message),
        cause: error,
        hint: 'check free disk space and that no other process writes this DuckDB file; the batch was rolled back and can be retried',
      });
    }
  }

  private async writeInTransaction(request: WriteRequest): Promise<WriteCounts> {
    const startedAt = request.startedAt ?? new Date();
    const idRows = await this.store.all<{ id: number }>("SELECT nextval('ingest_batch_seq') AS id");
    const batchId = Number(idRows[0]!.id);
    let stored = 0;
    let valid = 0;
    const ingestedAt = timestampTZValue(BigInt(Date.now()) * 1000n);
    const batches = request.batches ?? this.toRecordBatches(request.valid ?? []);
    for (const [type, batch] of batches) {
      const spec = this.specs.get(type)!;
      valid += batch.numRows;
      this.appendBatch(spec, batch, batchId, ingestedAt);
      await this.store.run(this.sql.winners.get(spec.table)!);
      const counted = await this.store.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM temp.main.stage_winners');
      stored += Number(counted[0]!.n);
      await this.store.run(this.sql.apply.get(spec.table)!);
      await this.store.run(`DELETE FROM temp.main.stage_${spec.table}`);
    }
    if (request.rejects.length > 0) {
      this.appendRejects(request.rejects, batchId);
      await this.store.run(this.sql.rejects);
      await this.store.run('DELETE FROM temp.main.stage_rejected');
    }
    const read = request.read ?? valid + request.rejects.length;
    const rejected = request.rejects.length;
    const stale = read - stored - rejected;
    await this.store.run(this.sql.batch, {
      batch_id: batchId, source: request.source, kind: request.kind,
      first_position: request.firstPosition, last_position: request.lastPosition,
      read, stored, stale, rejected, started_at: startedAt.toISOString(),
    });
    return { batchId, read, stored, stale, rejected };
  }

  private appendBatch(spec: TableSpec, batch: RecordBatch, batchId: number, ingestedAt: DuckDBValue): void {
    const appender = this.appenders.get(spec.table)!;
    const types = spec.columns.map((c) => DUCKDB_TYPE[c.kind]);
    const vectors = spec.columns.map((c) => (c.origin === 'writer' ? null : batch.getChild(c.name)));
    const writerValue = (name: string): DuckDBValue => (name === 'ingest_batch_id' ? BigInt(batchId) : ingestedAt);
    for (let start = 0; start < batch.numRows; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, batch.numRows - start);
      const chunk = DuckDBDataChunk.create(types, rows);
      spec.columns.forEach((column, index) => {
        const vector = vectors[index];
        if (!vector) {
          if (column.origin !== 'writer') {
            throw new SinkError(`record batch for ${spec.table} lacks column ${column.name}`, { code: 'BATCH_SCHEMA_MISMATCH' });
          }
          chunk.setColumnValues(index, new Array<DuckDBValue>(rows).fill(writerValue(column.name)));
        } else {
          chunk.setColumnValues(index, columnValues(column.kind, vector, start, rows));
        }
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  }

  private appendRejects(rejects: readonly RejectedItem[], batchId: number): void {
    const appender = this.appenders.get('rejected')!;
    const now = timestampTZValue(BigInt(Date.now()) * 1000n);
    for (const [ordinal, r] of rejects.entries()) {
      appender.appendVarchar(r.source);
      appender.appendVarchar(r.position);
      appendNullable(appender, r.recordType);
      appendNullable(appender, r.recordId);
      appender.appendVarchar(summarizeIssues(r.issues));
      appender.appendVarchar(JSON.stringify(r.issues));
      appender.appendVarchar(r.raw);
      appender.appendBigInt(BigInt(r.rawBytes));
      appender.appendBigInt(BigInt(batchId));
      appender.appendTimestampTZ(now);
      appender.appendInteger(ordinal);
      appender.endRow();
    }
    appender.flushSync();
  }

  async close(): Promise<void> {
    for (const appender of this.appenders.values()) appender.closeSync();
  }
}

function appendNullable(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

/** Groups validated records by type and lays each group out as an Arrow record batch. */
export function buildRecordBatches(specs: ReadonlyMap<RecordType, TableSpec>, valid: readonly AnyEnvelope[]): Map<RecordType, RecordBatch> {
  const out = new Map<RecordType, RecordBatch>();
  for (const [type, records] of groupByType(valid)) out.set(type, toRecordBatch(specs.get(type)!, records));
  return out;
}

export function groupByType(records: readonly AnyEnvelope[]): Map<RecordType, AnyEnvelope[]> {
  const byType = new Map<RecordType, AnyEnvelope[]>();
  for (const type of RECORD_TYPES) byType.set(type, []);
  for (const r of records) byType.get(r.type)!.push(r);
  for (const [type, list] of byType) if (list.length === 0) byType.delete(type);
  return byType;
}

/** Reads rows [start, start+rows) of an Arrow column as DuckDB values, straight from its buffers. */
function columnValues(kind: ColumnKind, vector: Vector, start: number, rows: number): DuckDBValue[] {
  const data = vector.data[0]!;
  const out: DuckDBValue[] = new Array(rows);
  const isValid = (i: number) => data.nullCount === 0 || vector.isValid(i);
  switch (kind) {
    case 'string': {
      const bytes = Buffer.from(data.values.buffer, data.values.byteOffset, data.values.byteLength);
      const offsets = data.valueOffsets as Int32Array;
      for (let i = 0; i < rows; i++) {
        const r = start + i;
        out[i] = isValid(r) ? bytes.toString('utf8', offsets[r], offsets[r + 1]) : null;
      }
      return out;
    }
    case 'int':
    case 'double':
    case 'bool': {
      for (let i = 0; i < rows; i++) out[i] = isValid(start + i) ? (vector.get(start + i) as DuckDBValue) : null;
      return out;
    }
    case 'bigint': {
      const values = data.values as BigInt64Array;
      for (let i = 0; i < rows; i++) out[i] = isValid(start + i) ? values[start + i]! : null;
      return out;
    }
    case 'timestamptz': {
      const values = data.values as BigInt64Array;
      for (let i = 0; i < rows; i++) out[i] = isValid(start + i) ? timestampTZValue(values[start + i]!) : null;
      return out;
    }
    case 'date': {
      const values = data.values as Int32Array;
      for (let i = 0; i < rows; i++) out[i] = isValid(start + i) ? dateValue(values[start + i]!) : null;
      return out;
    }
    case 'string_list': {
      const offsets = data.valueOffsets as Int32Array;
      const child = data.children[0]!;
      const bytes = Buffer.from(child.values.buffer, child.values.byteOffset, child.values.byteLength);
      const childOffsets = child.valueOffsets as Int32Array;
      for (let i = 0; i < rows; i++) {
        const r = start + i;
        if (!isValid(r)) { out[i] = null; continue; }
        const items: string[] = [];
        for (let j = offsets[r]!; j < offsets[r + 1]!; j++) items.push(bytes.toString('utf8', childOffsets[j], childOffsets[j + 1]));
        out[i] = listValue(items);
      }
      return out;
    }
  }
}
