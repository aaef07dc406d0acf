import type { AnyEnvelope } from '../records/envelope.ts';
import type { RecordType } from '../records/recordKinds.ts';
import type { Column, ColumnKind, TableSpec } from './columnSpec.ts';
import { GrowableBytes } from './GrowableBytes.ts';

/**
 * One record table's share of a batch, already laid out as the CSV that the staging statement
 * (`csvStageInsertSql`) reads. It is plain bytes, so a decode worker can transfer it to the
 * writer thread without a copy.
 */
export interface StagedCsv {
  csv: Uint8Array;
  rows: number;
  /** Bytes of the longest line, newline included (DuckDB's reader must be told; see csvReadSizes). */
  longestLine: number;
}

const MS_PER_DAY = 86_400_000;

/**
 * Writes validated envelopes straight into the staging CSV dialect of `ArrowCsvEncoder`, with no
 * Arrow batch in between. Profiling the file ingest (issue #16) showed laying each batch out as
 * Arrow and then reading the Arrow buffers back into CSV cost more of the decoding thread than
 * validating the records; the values reach DuckDB as the same text either way
 * (test/ingest/EnvelopeCsvEncoder.test.ts compares the bytes):
 * - strings quoted, `"` doubled; NULL (null or absent) is an unquoted empty field;
 * - string lists as a JSON array inside a quoted field;
 * - dates as days since 1970-01-01, timestamps as microseconds since the epoch;
 * - numbers in JavaScript's own decimal notation, booleans as true/false.
 */
export class EnvelopeCsvEncoder extends GrowableBytes {
  private longest = 0;

  /**
   * The records of each type as one staging CSV each, in the order given. `copy`: each result owns
   * its own memory (to transfer it to another thread); otherwise results are views of this
   * encoder's buffer, valid until its next call.
   */
  encodeByType(specs: ReadonlyMap<RecordType, TableSpec>, records: readonly AnyEnvelope[], copy: boolean): Map<RecordType, StagedCsv> {
    const byType = new Map<RecordType, AnyEnvelope[]>();
    for (const r of records) {
      let list = byType.get(r.type);
      if (!list) byType.set(r.type, (list = []));
      list.push(r);
    }
    const out = new Map<RecordType, StagedCsv>();
    for (const [type, spec] of specs) {
      const list = byType.get(type);
      if (!list) continue;
      const staged = this.encode(spec.columns, list);
      if (copy) {
        const own = new Uint8Array(staged.csv.length);
        own.set(staged.csv);
        staged.csv = own;
      }
      out.set(type, staged);
    }
    return out;
  }

  /** The records as staging CSV for a table with these columns (writer columns skipped). */
  encode(columns: readonly Column[], records: readonly AnyEnvelope[]): StagedCsv {
    this.position = 0;
    this.longest = 0;
    const fields = columns.filter((c) => c.origin !== 'writer');
    for (const record of records) {
      const lineStart = this.position;
      const header = record as unknown as Record<string, unknown>;
      const payload = record.payload as Record<string, unknown>;
      for (let f = 0; f < fields.length; f++) {
        const column = fields[f]!;
        if (f > 0) this.byte(0x2c);
        const value = column.origin === 'header' ? header[column.name] : payload[column.name];
        if (value == null) continue; // unquoted empty = NULL
        this.value(column.kind, value);
      }
      this.byte(0x0a);
      if (this.position - lineStart > this.longest) this.longest = this.position - lineStart;
    }
    return { csv: this.buffer.subarray(0, this.position), rows: records.length, longestLine: this.longest };
  }

  private value(kind: ColumnKind, value: unknown): void {
    switch (kind) {
      case 'string':
        this.quoted(value as string);
        return;
      case 'int':
        // As an Int32Array would hold it (the schemas bound these far inside int32).
        this.ascii(String((value as number) | 0));
        return;
      case 'double':
      case 'bigint':
        this.ascii(String(value));
        return;
      case 'date':
        this.ascii(String(Math.floor(Date.parse(value as string) / MS_PER_DAY)));
        return;
      case 'timestamptz':
        // Milliseconds with three zeros appended: exact, where ms * 1000 could pass 2^53.
        this.ascii(typeof value === 'bigint' ? String(value) : `${Date.parse(value as string)}000`);
        return;
      case 'bool':
        this.ascii(value === true ? 'true' : 'false');
        return;
      case 'string_list':
        this.jsonList(value as readonly string[]);
        return;
    }
  }

  /** `"…"` with inner quotes doubled; lone surrogates become U+FFFD as in any UTF-8 encoding by Node. */
  private quoted(text: string): void {
    const escaped = text.includes('"') ? text.replaceAll('"', '""') : text;
    this.reserve(3 * escaped.length + 2);
    const out = this.buffer;
    out[this.position++] = 0x22;
    this.position += out.write(escaped, this.position, 'utf8');
    out[this.position++] = 0x22;
  }

  /** A JSON array of strings inside a quoted CSV field: `"[""a"",""b\""c""]"`. */
  private jsonList(items: readonly string[]): void {
    let text = '"[';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) text += ',';
      text += `""${jsonEscape(items[i] ?? '')}""`;
    }
    text += ']"';
    this.reserve(3 * text.length);
    this.position += this.buffer.write(text, this.position, 'utf8');
  }
}

const HEX = '0123456789abcdef';

/** Whether a string holds what a JSON string must escape: control characters, `"` and `\` (as ArrowCsvEncoder escapes them). */
function needsEscape(item: string): boolean {
  for (let i = 0; i < item.length; i++) {
    const c = item.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return true;
  }
  return false;
}

/** A string's JSON escaping, with every `"` of the result doubled for the CSV field around it. */
function jsonEscape(item: string): string {
  if (!needsEscape(item)) return item;
  let out = '';
  for (let i = 0; i < item.length; i++) {
    const c = item.charCodeAt(i);
    if (c === 0x22) out += '\\""';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    else out += item[i];
  }
  return out;
}
