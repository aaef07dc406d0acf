/**
 * Incremental RFC 4180 parser: text goes in by chunks (any size, split anywhere, even inside a
 * quoted field or between CR and LF), complete records come out. Memory is one record plus one
 * chunk, so a file of any size streams in constant memory.
 *
 * Lenient where real exports break the RFC, because a rejected row is better than a stopped run:
 * a quote inside an unquoted field is kept as a character; text after a closing quote is kept;
 * lone CR, LF and CRLF all end a record; a leading byte-order mark is dropped; blank lines are
 * not records. A record that grows past `maxRecordChars` (an unbalanced quote swallowing the
 * file) is cut off and reported with `problem`, and parsing resumes at the next line.
 */
export interface CsvRecord {
  fields: string[];
  /** 1-based line of the file where the record starts (records with quoted newlines span lines). */
  line: number;
  /** The record's text without its line terminator (cut to `maxRawChars` when oversized). */
  raw: string;
  /** Set when the record is syntactically broken; `fields` are then what could be read. */
  problem?: string;
  /** The rejection code for `problem` (default `csv_syntax`; a workbook cell problem is `xlsx_cell`). */
  problemCode?: string;
}

export interface CsvParserOptions {
  delimiter?: string;
  maxRecordChars?: number;
}

enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  SkipToNewline,
}

const DEFAULT_MAX_RECORD_CHARS = 1 << 20;
const MAX_RAW_CHARS_ON_OVERFLOW = 2_000;

export class CsvParser {
  private readonly delimiter: string;
  private readonly maxRecordChars: number;
  private state = State.FieldStart;
  private fields: string[] = [];
  private field = '';
  private rawCarry = '';
  private line = 1;
  private recordLine = 1;
  private pendingCR = false;
  private prevCR = false;
  private atFileStart = true;
  private recordOpen = false;

  constructor(options: CsvParserOptions = {}) {
    this.delimiter = options.delimiter ?? ',';
    if (this.delimiter.length !== 1 || this.delimiter === '"' || this.delimiter === '\n' || this.delimiter === '\r') {
      throw new RangeError(`CSV delimiter must be one character other than a quote or a line break, got ${JSON.stringify(this.delimiter)}`);
    }
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  }

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (this.atFileStart && chunk.length > 0) {
      this.atFileStart = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    let rawStart = i;
    const d = this.delimiter;
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      const newline = c === '\n' || c === '\r';
      // CRLF is one line break, inside quotes too.
      if (c === '\r' || (c === '\n' && !this.prevCR)) this.line++;
      this.prevCR = c === '\r';
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === '\n') {
          rawStart = i + 1;
          continue;
        }
      }
      switch (this.state) {
        case State.SkipToNewline:
          if (newline) {
            this.pendingCR = c === '\r';
            this.state = State.FieldStart;
            rawStart = i + 1;
          }
          continue;
        case State.FieldStart:
          if (!this.recordOpen) {
            if (newline) {
              // A blank line is not a record.
              this.pendingCR = c === '\r';
              rawStart = i + 1;
              this.recordLine = this.line;
              continue;
            }
            this.recordOpen = true;
          }
          if (c === '"') this.state = State.Quoted;
          else if (c === d) this.fields.push('');
          else if (newline) {
            this.fields.push('');
            out.push(this.finishRecord(chunk.slice(rawStart, i)));
            this.pendingCR = c === '\r';
            rawStart = i + 1;
          } else {
            this.field = c;
            this.state = State.Unquoted;
          }
          break;
        case State.Unquoted:
        case State.QuoteInQuoted:
          if (c === d) {
            this.fields.push(this.field);
            this.field = '';
            this.state = State.FieldStart;
          } else if (newline) {
            this.fields.push(this.field);
            this.field = '';
            out.push(this.finishRecord(chunk.slice(rawStart, i)));
            this.pendingCR = c === '\r';
            rawStart = i + 1;
          } else if (this.state === State.QuoteInQuoted && c === '"') {
            this.field += '"';
            this.state = State.Quoted;
          } else {
            this.field += c;
            this.state = State.Unquoted;
          }
          break;
        case State.Quoted:
          if (c === '"') this.state = State.QuoteInQuoted;
          else this.field += c;
          break;
      }
    }
    if (this.state !== State.SkipToNewline && this.recordOpen) {
      this.rawCarry += chunk.slice(rawStart);
      if (this.rawCarry.length + this.field.length > this.maxRecordChars) {
        out.push(this.overflow());
      }
    }
    return out;
  }

  /** Flushes the last record (a file need not end with a line break). */
  end(): CsvRecord[] {
    if (this.state === State.SkipToNewline || !this.recordOpen) {
      this.reset();
      return [];
    }
    const unterminated = this.state === State.Quoted;
    this.fields.push(this.field);
    this.field = '';
    const record = this.finishRecord('');
    if (unterminated) record.problem = `quoted field opened on line ${record.line} is never closed`;
    return [record];
  }

  private finishRecord(tail: string): CsvRecord {
    const record: CsvRecord = { fields: this.fields, line: this.recordLine, raw: this.rawCarry + tail };
    this.reset();
    return record;
  }

  private overflow(): CsvRecord {
    const record: CsvRecord = {
      fields: [],
      line: this.recordLine,
      raw: this.rawCarry.slice(0, MAX_RAW_CHARS_ON_OVERFLOW),
      problem: `record starting on line ${this.recordLine} is longer than ${this.maxRecordChars} characters (an unbalanced quote?); skipped to the next line`,
    };
    this.reset();
    this.state = State.SkipToNewline;
    return record;
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.rawCarry = '';
    this.state = State.FieldStart;
    this.recordOpen = false;
    this.recordLine = this.line;
  }
}
