import type { Data, RecordBatch } from 'apache-arrow';
import type { Column, ColumnKind } from './columnSpec.ts';
import { GrowableBytes } from './GrowableBytes.ts';
import { SinkError } from '../core/PipelineError.ts';

/**
 * Encodes Arrow record batches as CSV bytes for DuckDB's `read_csv`, straight from the Arrow
 * buffers: UTF-8 bytes are copied, never decoded into JavaScript strings. Handing DuckDB one
 * file per batch replaced one N-API call per value (the Node appender), which cost more CPU
 * than validating the record.
 *
 * The dialect is fixed and matched by `csvStageInsertSql`:
 * - every string is quoted (`"` doubled inside); an unquoted empty field is NULL, so `""` stays
 *   an empty string (read with `allow_quoted_nulls = false`);
 * - string lists are JSON arrays inside a quoted field, cast back with `::JSON::VARCHAR[]`;
 * - dates travel as days since 1970-01-01, timestamps as microseconds since the epoch (UTC),
 *   booleans as `true` / `false`, numbers in plain decimal notation.
 */
export class ArrowCsvEncoder extends GrowableBytes {
  /** Bytes of the longest line of the last `encode`, newline included (DuckDB's reader needs to know). */
  longestLine = 0;

  /** The batches' rows as CSV, one line per row, columns in `columns` order (writer columns skipped). */
  encode(batches: readonly RecordBatch[], columns: readonly Column[]): Buffer {
    this.position = 0;
    this.longestLine = 0;
    for (const batch of batches) this.append(batch, columns);
    return this.buffer.subarray(0, this.position);
  }

  private append(batch: RecordBatch, columns: readonly Column[]): void {
    const fields = columns
      .filter((c) => c.origin !== 'writer')
      .map((c) => {
        const vector = batch.getChild(c.name);
        if (!vector) {
          throw new SinkError(`record batch lacks column ${c.name}`, {
            code: 'BATCH_SCHEMA_MISMATCH',
            retriable: false,
            hint: 'the decoder and the writer disagree on the record tables: run one labourflow version for both',
          });
        }
        return { kind: c.kind, data: vector.data[0]! };
      });
    for (let row = 0; row < batch.numRows; row++) {
      const lineStart = this.position;
      for (let f = 0; f < fields.length; f++) {
        if (f > 0) this.byte(0x2c);
        const { kind, data } = fields[f]!;
        if (data.nullCount > 0 && !isValid(data, row)) continue; // unquoted empty = NULL
        this.value(kind, data, row);
      }
      this.byte(0x0a);
      if (this.position - lineStart > this.longestLine) this.longestLine = this.position - lineStart;
    }
  }

  private value(kind: ColumnKind, data: Data, row: number): void {
    switch (kind) {
      case 'string': {
        const offsets = data.valueOffsets as Int32Array;
        this.quoted(data.values as Uint8Array, offsets[row]!, offsets[row + 1]!);
        return;
      }
      case 'int':
      case 'date':
      case 'double':
      case 'bigint':
      case 'timestamptz':
        // Int32 (dates: days), Float64 or BigInt64 (timestamps: µs) values, in plain decimal.
        this.ascii(String((data.values as Int32Array | Float64Array | BigInt64Array)[row]));
        return;
      case 'bool':
        this.ascii(((data.values as Uint8Array)[row >> 3]! >> (row & 7)) & 1 ? 'true' : 'false');
        return;
      case 'string_list':
        this.jsonList(data, row);
        return;
    }
  }

  /** `"…"` with inner quotes doubled. */
  private quoted(bytes: Uint8Array, start: number, end: number): void {
    this.reserve(2 * (end - start) + 2);
    const out = this.buffer;
    let p = this.position;
    out[p++] = 0x22;
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      out[p++] = b;
      if (b === 0x22) out[p++] = 0x22;
    }
    out[p++] = 0x22;
    this.position = p;
  }

  /** A JSON array of strings, itself inside a quoted CSV field: `"[""a"",""b\""c""]"`. */
  private jsonList(data: Data, row: number): void {
    const offsets = data.valueOffsets as Int32Array;
    const child = data.children[0]!;
    const bytes = child.values as Uint8Array;
    const childOffsets = child.valueOffsets as Int32Array;
    const first = offsets[row]!;
    const last = offsets[row + 1]!;
    // Worst case per byte: a control character becomes \u00XX (6 bytes).
    this.reserve(6 * (childOffsets[last]! - childOffsets[first]!) + 6 * (last - first) + 4);
    const out = this.buffer;
    let p = this.position;
    out[p++] = 0x22;
    out[p++] = 0x5b; // [
    for (let item = first; item < last; item++) {
      if (item > first) out[p++] = 0x2c;
      out[p++] = 0x22;
      out[p++] = 0x22;
      for (let i = childOffsets[item]!; i < childOffsets[item + 1]!; i++) {
        const b = bytes[i]!;
        if (b === 0x22) {
          out[p++] = 0x5c;
          out[p++] = 0x22;
          out[p++] = 0x22;
        } // \" with the quote doubled for CSV
        else if (b === 0x5c) {
          out[p++] = 0x5c;
          out[p++] = 0x5c;
        } else if (b < 0x20) {
          out[p++] = 0x5c;
          out[p++] = 0x75;
          out[p++] = 0x30;
          out[p++] = 0x30;
          out[p++] = HEX[b >> 4]!;
          out[p++] = HEX[b & 15]!;
        } else out[p++] = b;
      }
      out[p++] = 0x22;
      out[p++] = 0x22;
    }
    out[p++] = 0x5d; // ]
    out[p++] = 0x22;
    this.position = p;
  }
}

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

function isValid(data: Data, row: number): boolean {
  const bitmap = data.nullBitmap;
  return !bitmap || bitmap.length === 0 || ((bitmap[row >> 3]! >> (row & 7)) & 1) === 1;
}

const CSV_TYPE: Record<ColumnKind, string> = {
  string: 'VARCHAR',
  bigint: 'BIGINT',
  int: 'INTEGER',
  double: 'DOUBLE',
  bool: 'BOOLEAN',
  date: 'INTEGER',
  timestamptz: 'BIGINT',
  string_list: 'VARCHAR',
};

/**
 * `INSERT … SELECT … FROM read_csv($path, …)` for one staging table: the CSV columns as the
 * encoder writes them, converted back to the table's types; the writer's own columns come from
 * `$batch_id` and `$ingested_at`, and `$max_line_size` / `$buffer_size` from `csvReadSizes`.
 * Column names come from the table itself (DESCRIBE), never input.
 */
export function csvStageInsertSql(stageTable: string, columns: readonly Column[]): string {
  const csvColumns = columns.filter((c) => c.origin !== 'writer');
  const spec = csvColumns.map((c) => `'${c.name}': '${CSV_TYPE[c.kind]}'`).join(', ');
  const select = columns.map((c) => {
    const name = `"${c.name}"`;
    if (c.origin === 'writer') return c.name === 'ingest_batch_id' ? '$batch_id::BIGINT' : '$ingested_at::TIMESTAMPTZ';
    switch (c.kind) {
      case 'date':
        return `DATE '1970-01-01' + ${name}`;
      case 'timestamptz':
        return `to_timestamp(0) + to_microseconds(${name})`;
      case 'string_list':
        return `${name}::JSON::VARCHAR[]`;
      default:
        return name;
    }
  });
  return `INSERT INTO ${stageTable} SELECT ${select.join(', ')} FROM read_csv($path, columns = {${spec}}, header = false,
    auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\\n', allow_quoted_nulls = false,
    max_line_size = $max_line_size, buffer_size = $buffer_size)`;
}

const DUCKDB_DEFAULT_MAX_LINE = 2_097_152;
const DUCKDB_DEFAULT_BUFFER = 16 * DUCKDB_DEFAULT_MAX_LINE;

/**
 * DuckDB's CSV reader refuses lines over 2 MB by default and sizes its buffer from that limit;
 * a long record (or a schema that allows longer text later) must not fail its batch, and a
 * generous fixed limit would make DuckDB allocate gigabytes for every file.
 */
export function csvReadSizes(longestLine: number): { max_line_size: number; buffer_size: number } {
  const maxLine = Math.max(DUCKDB_DEFAULT_MAX_LINE, longestLine + 1);
  return { max_line_size: maxLine, buffer_size: Math.max(DUCKDB_DEFAULT_BUFFER, 2 * maxLine) };
}
