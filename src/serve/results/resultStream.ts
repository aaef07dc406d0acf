import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DuckDBInstance, JsonDuckDBValueConverter, type DuckDBDataChunk } from '@duckdb/node-api';
import { type Table, tableToIPC } from 'apache-arrow';
import { toArrowTable } from '../../query/arrowExport.ts';
import { sqlString } from '../../query/AnalyticsSession.ts';

export const WIRE_FORMATS = ['json', 'csv', 'parquet', 'arrow'] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];

export const CONTENT_TYPES: Record<WireFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  arrow: 'application/vnd.apache.arrow.stream',
};

export interface WireColumn {
  name: string;
  type: string;
}

/**
 * Rows coming out of DuckDB chunk by chunk; `close` releases the connection they come from,
 * told how the response ended (a connection left mid-result is not lent again).
 */
export interface ChunkSource {
  columns: WireColumn[];
  chunks: AsyncIterable<DuckDBDataChunk>;
  close(outcome: 'ok' | 'aborted' | 'failed'): void | Promise<void>;
}

export interface EncodeOptions {
  bom?: boolean;
  /** Extra top-level fields after the rows of a JSON body (e.g. missing tables). */
  trailer?: Record<string, unknown>;
  /**
   * Called once the last row is encoded and before the body ends (or when the client went away
   * or a chunk failed): the access trail is committed here, so no response completes without it.
   */
  onEnd?: (rows: number, outcome: 'ok' | 'aborted' | 'failed') => Promise<void>;
}

/**
 * A result as a byte stream in one of the wire formats, encoded chunk by chunk as DuckDB hands
 * the chunks over, so a large result never sits whole in memory. JSON is
 * `{"columns":[{name,type}],"rows":[[…]…],"row_count":N,…}` with the values as the CLI renders
 * them; CSV is RFC 4180 with CRLF (a UTF-8 BOM on request, for Excel); Arrow is the IPC stream
 * format; Parquet is written to a private temporary file by a throwaway DuckDB and streamed from it.
 */
export function encodeResult(source: ChunkSource, format: WireFormat, options: EncodeOptions = {}): Readable {
  const generator = format === 'parquet' ? parquetBytes(source) : textOrArrowBytes(source, format, options);
  let rows = 0;
  let ended: 'ok' | 'aborted' | 'failed' | null = null;
  const end = async (outcome: 'ok' | 'aborted' | 'failed') => {
    if (ended) return;
    ended = outcome;
    await options.onEnd?.(rows, outcome);
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await source.close(ended ?? 'aborted');
  };
  let started = false;
  const counted = async function* () {
    started = true;
    try {
      for await (const piece of generator) {
        if (typeof piece === 'number') rows += piece;
        else yield piece;
      }
      await end('ok');
      if (format === 'json') yield Buffer.from(`],"row_count":${rows}${trailerText(options.trailer)}}\n`);
    } catch (error) {
      await end('failed').catch(() => undefined);
      throw error;
    } finally {
      await end('aborted').catch(() => undefined);
      await close();
    }
  };
  const stream = Readable.from(counted(), { objectMode: false });
  // A client gone before the first byte was asked for never starts the generator (so never runs its
  // finally): release the connection and record the abort here too.
  stream.once('close', () => {
    if (started) return; // the generator's own finally releases it, after any fetch in flight
    void end('aborted')
      .catch(() => undefined)
      .finally(() => close());
  });
  return stream;
}

function trailerText(trailer: Record<string, unknown> | undefined): string {
  if (!trailer) return '';
  return Object.entries(trailer)
    .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join('');
}

/** Yields encoded bytes, and after each chunk the number of rows it held. */
async function* textOrArrowBytes(
  source: ChunkSource,
  format: Exclude<WireFormat, 'parquet'>,
  options: EncodeOptions,
): AsyncGenerator<Buffer | number> {
  const numeric = source.columns.map((c) => NUMERIC_TEXT.test(c.type));
  if (format === 'json')
    yield Buffer.from(`{"columns":${JSON.stringify(source.columns.map((c) => ({ name: c.name, type: c.type })))},"rows":[`);
  if (format === 'csv') yield Buffer.from(`${options.bom ? '\ufeff' : ''}${source.columns.map((c) => csvCell(c.name)).join(',')}\r\n`);
  let first = true;
  let arrowSchemaSent = false;
  for await (const chunk of source.chunks) {
    if (chunk.rowCount === 0) continue;
    const rows = jsonRows(chunk, numeric);
    if (format === 'json') {
      yield Buffer.from((first ? '' : ',') + rows.map((r) => JSON.stringify(r)).join(','));
    } else if (format === 'csv') {
      yield Buffer.from(rows.map((r) => `${r.map(csvCell).join(',')}\r\n`).join(''));
    } else {
      const bytes = arrowStreamBytes(source.columns, rows);
      yield arrowSchemaSent ? bytes.body : Buffer.concat([bytes.schema, bytes.body]);
      arrowSchemaSent = true;
    }
    first = false;
    yield rows.length;
  }
  if (format === 'arrow') {
    if (!arrowSchemaSent) yield arrowStreamBytes(source.columns, []).schema;
    yield ARROW_EOS;
  }
}

const NUMERIC_TEXT = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT|DECIMAL)/;

/** The same JSON-safe values as the CLI's results (AnalyticsSession `collect`): wide integers and decimals as numbers when exact. */
export function jsonRows(chunk: DuckDBDataChunk, numeric: boolean[]): unknown[][] {
  const rows = chunk.convertRows(JsonDuckDBValueConverter) as unknown[][];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (numeric[i] && typeof row[i] === 'string' && Number.isSafeInteger(Math.trunc(Number(row[i])))) row[i] = Number(row[i]);
    }
  }
  return rows;
}

/** One CSV cell as the CLI writes it (src/query/formatCsv.ts). */
function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const ARROW_EOS = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * One chunk as Arrow IPC stream messages: the schema message and the record batch message,
 * cut from the single-batch stream apache-arrow writes (continuation marker, metadata length,
 * metadata; the schema has no body) without its end-of-stream marker, so the batches of all
 * chunks follow one schema in one stream. Types come from the CLI's Arrow export.
 */
function arrowStreamBytes(columns: WireColumn[], rows: unknown[][]): { schema: Buffer; body: Buffer } {
  const table = toArrowTable({ columns, rows, chunks: [] });
  const bytes = Buffer.from(tableToIpcStream(table));
  const metadataLength = bytes.readInt32LE(4);
  const schemaEnd = 8 + metadataLength;
  return { schema: bytes.subarray(0, schemaEnd), body: bytes.subarray(schemaEnd, bytes.length - ARROW_EOS.length) };
}

function tableToIpcStream(table: Table): Uint8Array {
  return tableToIPC(table, 'stream');
}

/** Parquet needs the whole file before its footer: rows go into a throwaway DuckDB, then COPY to a private temp file that is streamed and removed. */
async function* parquetBytes(source: ChunkSource): AsyncGenerator<Buffer | number> {
  const dir = await mkdtemp(join(tmpdir(), 'lf-export-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '256MB', temp_directory: dir });
  const connection = await instance.connect();
  try {
    const defs = source.columns.map((c, i) => `"c${i}" ${c.type}`).join(', ');
    await connection.run(`CREATE TABLE result (${defs || '"empty" INTEGER'})`);
    const appender = await connection.createAppender('result');
    let rows = 0;
    for await (const chunk of source.chunks) {
      if (chunk.rowCount === 0) continue;
      appender.appendDataChunk(chunk);
      rows += chunk.rowCount;
    }
    appender.flushSync();
    appender.closeSync();
    const file = join(dir, 'result.parquet');
    // Column names are aliased from positions, so a user-chosen name is never SQL text unquoted.
    const select = source.columns.map((c, i) => `"c${i}" AS "${c.name.replaceAll('"', '""')}"`).join(', ') || '*';
    await connection.run(`COPY (SELECT ${select} FROM result) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`);
    connection.closeSync();
    instance.closeSync();
    yield rows;
    for await (const piece of createReadStream(file)) yield piece as Buffer;
  } finally {
    try {
      connection.closeSync();
      instance.closeSync();
    } catch {
      // already closed
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/** The chunks of a DuckDB result, fetched one at a time. */
export async function* fetchChunks(result: { fetchChunk(): Promise<DuckDBDataChunk | null> }): AsyncGenerator<DuckDBDataChunk> {
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    yield chunk;
  }
}

/** Chunks already in memory (a sandbox result). */
export async function* listChunks(chunks: readonly DuckDBDataChunk[]): AsyncGenerator<DuckDBDataChunk> {
  for (const chunk of chunks) yield chunk;
}
