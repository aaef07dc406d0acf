import { join } from 'node:path';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { type DuckDBAppender, timestampTZValue } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import { SinkError } from '../core/PipelineError.ts';
import type { AnyEnvelope } from '../records/envelope.ts';
import { RECORD_TYPES, type RecordType } from '../records/recordKinds.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { sqlFileSync } from '../store/sqlFile.ts';
import { toRecordBatch } from './toRecordBatch.ts';
import { ArrowCsvEncoder, csvReadSizes, csvStageInsertSql } from './ArrowCsvEncoder.ts';
import { loadTableSpecs, type Column, type TableSpec } from './columnSpec.ts';
import { EnvelopeCsvEncoder, type StagedCsv } from './EnvelopeCsvEncoder.ts';

export type ColumnLayout = { type: RecordType; table: string; columns: Column[] }[];
import { summarizeIssues, type RejectedItem } from './SourceItem.ts';

export interface WriteRequest {
  source: string;
  kind: 'file' | 'csv' | 'kafka' | 'console';
  firstPosition: string | null;
  lastPosition: string | null;
  /**
   * Validated records; or pass `staged` CSV already laid out (by the file decode workers), or
   * Arrow `batches` already built (by the Kafka decode workers), one or several per type.
   */
  valid?: readonly AnyEnvelope[];
  staged?: ReadonlyMap<RecordType, StagedCsv | readonly StagedCsv[]>;
  batches?: ReadonlyMap<RecordType, RecordBatch | readonly RecordBatch[]>;
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

function loadSql(name: string, table?: string): string {
  const text = sqlFileSync(`ingest/${name.replace(/\.sql$/, '')}`);
  return table ? text.replaceAll('{{table}}', table) : text;
}

/**
 * Writes validated envelopes and dead letters into the store as one batch: rows go through an
 * Arrow record batch, laid out as CSV for DuckDB's own reader, into a per-table staging table;
 * then an upsert keeps the newest event per id (so replays and out-of-order events change
 * nothing). Runs inside the caller's transaction when there is one (Kafka commits offsets in the
 * same transaction), else in its own. Writes must not overlap: one CSV buffer and one scratch
 * file per table serve them all.
 */
export class RecordBatchWriter {
  private constructor(
    private readonly store: DuckDBStore,
    private readonly specs: Map<RecordType, TableSpec>,
    private readonly rejectAppender: DuckDBAppender,
    private readonly sql: {
      stage: Map<string, string>;
      winners: Map<string, string>;
      apply: Map<string, string>;
      rejects: string;
      batch: string;
    },
    /** Where each batch's CSV goes for DuckDB to load; removed on close. */
    private readonly scratchDir: string,
  ) {}

  private readonly csv = new ArrowCsvEncoder();
  private readonly envelopeCsv = new EnvelopeCsvEncoder();

  static async create(store: DuckDBStore): Promise<RecordBatchWriter> {
    const specs = await loadTableSpecs(store);
    const stage = new Map<string, string>();
    const winners = new Map<string, string>();
    const apply = new Map<string, string>();
    for (const spec of specs.values()) {
      // Staging tables copy the target's column types, so the upsert is a plain SELECT *.
      await store.run(`CREATE OR REPLACE TEMP TABLE stage_${spec.table} AS SELECT * FROM main.${spec.table} LIMIT 0`);
      stage.set(spec.table, csvStageInsertSql(`temp.main.stage_${spec.table}`, spec.columns));
      winners.set(spec.table, loadSql('merge_winners.sql', spec.table));
      apply.set(spec.table, loadSql('merge_apply.sql', spec.table));
    }
    await store.run(`CREATE OR REPLACE TEMP TABLE stage_rejected (
      source VARCHAR, position VARCHAR, record_type VARCHAR, record_id VARCHAR, reason VARCHAR,
      issues VARCHAR, raw VARCHAR, raw_bytes BIGINT, ingest_batch_id BIGINT, rejected_at TIMESTAMPTZ, ordinal INTEGER)`);
    const rejectAppender = await store.connection.createAppender('stage_rejected', 'main', 'temp');
    const scratchDir = await mkdtemp(join(tmpdir(), 'labourflow-stage-'));
    return new RecordBatchWriter(
      store,
      specs,
      rejectAppender,
      {
        stage,
        winners,
        apply,
        rejects: loadSql('record_rejects.sql'),
        batch: loadSql('record_batch.sql'),
      },
      scratchDir,
    );
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
    const ingestedAt = new Date().toISOString();
    // Each table's rows as staging CSV: as the decode workers laid them out, from Arrow batches
    // (Kafka), or straight from the validated records (no Arrow batch in between).
    const staging: [RecordType, () => Promise<number>][] = [];
    if (request.staged) {
      for (const [type, one] of request.staged) {
        const list = Array.isArray(one) ? (one as readonly StagedCsv[]) : [one as StagedCsv];
        staging.push([type, () => this.stageCsv(this.specs.get(type)!, list, batchId, ingestedAt)]);
      }
    } else if (request.batches) {
      for (const [type, batchOrList] of request.batches) {
        const list = Array.isArray(batchOrList) ? (batchOrList as readonly RecordBatch[]) : [batchOrList as RecordBatch];
        staging.push([type, () => this.stageBatch(this.specs.get(type)!, list, batchId, ingestedAt)]);
      }
    } else if (request.valid && request.valid.length > 0) {
      for (const [type, records] of groupByType(request.valid)) {
        const spec = this.specs.get(type)!;
        staging.push([type, () => this.stageCsv(spec, [this.envelopeCsv.encode(spec.columns, records)], batchId, ingestedAt)]);
      }
    }
    for (const [type, stage] of staging) {
      const spec = this.specs.get(type)!;
      valid += await stage();
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
      batch_id: batchId,
      source: request.source,
      kind: request.kind,
      first_position: request.firstPosition,
      last_position: request.lastPosition,
      read,
      stored,
      stale,
      rejected,
      started_at: startedAt.toISOString(),
    });
    return { batchId, read, stored, stale, rejected };
  }

  /** Lays the Arrow batches out as staging CSV and loads it; returns the rows staged. */
  private async stageBatch(spec: TableSpec, batches: readonly RecordBatch[], batchId: number, ingestedAt: string): Promise<number> {
    let csv: Buffer;
    try {
      csv = this.csv.encode(batches, spec.columns);
    } catch (error) {
      throw new SinkError(`record batch for ${spec.table} does not match the table: ${(error as Error).message}`, {
        code: 'BATCH_SCHEMA_MISMATCH',
        cause: error,
      });
    }
    const rows = batches.reduce((n, b) => n + b.numRows, 0);
    return this.stageCsv(spec, [{ csv, rows, longestLine: this.csv.longestLine }], batchId, ingestedAt);
  }

  /** Writes the CSV parts as one file in this writer's scratch directory and has DuckDB load it into the table's staging table. */
  private async stageCsv(spec: TableSpec, parts: readonly StagedCsv[], batchId: number, ingestedAt: string): Promise<number> {
    const path = join(this.scratchDir, `stage_${spec.table}.csv`);
    // A temp cleaner may have removed the directory during a long run.
    await mkdir(this.scratchDir, { recursive: true });
    await writeFile(path, parts.length === 1 ? parts[0]!.csv : Buffer.concat(parts.map((p) => p.csv)));
    await this.store.run(this.sql.stage.get(spec.table)!, {
      path,
      batch_id: batchId,
      ingested_at: ingestedAt,
      ...csvReadSizes(Math.max(...parts.map((p) => p.longestLine))),
    });
    return parts.reduce((n, p) => n + p.rows, 0);
  }

  private appendRejects(rejects: readonly RejectedItem[], batchId: number): void {
    const appender = this.rejectAppender;
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
    this.rejectAppender.closeSync();
    await rm(this.scratchDir, { recursive: true, force: true });
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
