import { stat } from 'node:fs/promises';
import { ConfigError } from '../core/PipelineError.ts';
import { Logger } from '../core/Logger.ts';
import type { SourceItem } from '../ingest/SourceItem.ts';
import { CsvFileReader } from './CsvFileReader.ts';
import type { CsvRecord } from './CsvParser.ts';
import { type DetectedEncoding, detectEncoding } from '../ingest/detectEncoding.ts';
import { detectFileKind } from '../ingest/detectFileKind.ts';
import type { MappingSpec } from './MappingSpec.ts';
import { type ImportContext, PostingRowMapper } from './PostingRowMapper.ts';
import type { TextEncodingName } from '../ingest/TextEncodingName.ts';
import type { XlsxFileReader, XlsxRecord } from './XlsxFileReader.ts';

export interface PostingFileSourceOptions {
  path: string;
  mapping: MappingSpec;
  /** Overrides the mapping's source_name (and so the ids). */
  sourceName?: string;
  /** YYYY-MM-DD for rows without a date; default: the file's modification date (China time). */
  postedDate?: string;
  /** `--encoding`: read a CSV in this encoding, whatever its content or the mapping say. */
  encoding?: TextEncodingName;
  /** `--sheet`: the worksheet of an .xlsx to read (default: the first visible one). */
  sheet?: string;
  chunkBytes?: number;
}

/**
 * Leading rows with fewer distinct non-empty cells than this are not the header: the title row
 * offices put above a table ("2026年春季招聘会岗位信息表", merged across the columns), a blank
 * row, a note. Any mapping reads at least three named columns, so a real header has more.
 */
const MIN_HEADER_CELLS = 2;
const MAX_ROWS_ABOVE_HEADER = 10;

/**
 * A job-board export, CSV or XLSX (told apart by content, not by name), as a stream of
 * SourceItems for IngestPipeline: one per data row, carrying either a posting envelope or the
 * reasons the row cannot be mapped. The header is read in `create`, so a mapping that does not
 * fit the file, a missing sheet or an unreadable file fails before anything is written.
 */
export class PostingFileSource {
  /** Rows rejected before validation, by issue code (the pipeline's own reasons group by message). */
  readonly mappingRejects: Record<string, number> = {};
  rows = 0;

  private constructor(
    readonly path: string,
    readonly format: 'csv' | 'xlsx',
    /** How a CSV was decoded (null for XLSX: a workbook's text is always Unicode). */
    readonly encoding: DetectedEncoding | null,
    /** The worksheet read (null for CSV). */
    readonly sheet: string | null,
    readonly mapping: MappingSpec,
    readonly mapper: PostingRowMapper,
    readonly context: ImportContext,
    private readonly records: AsyncGenerator<CsvRecord | XlsxRecord>,
    private readonly firstDataRecord: CsvRecord | null,
    private readonly recordsBefore: number,
  ) {}

  static async create(options: PostingFileSourceOptions): Promise<PostingFileSource> {
    const log = Logger.for('import');
    const { mapping, path } = options;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) {
      throw new ConfigError(`${info ? 'not a file' : 'no such file'}: ${path}`, {
        code: 'IMPORT_FILE_NOT_FOUND',
        hint: 'pass --file FILE, a job-board export saved as CSV or .xlsx',
      });
    }
    const kind = await detectFileKind(path);
    let format: 'csv' | 'xlsx';
    let encoding: DetectedEncoding | null = null;
    let records: AsyncGenerator<CsvRecord | XlsxRecord>;
    let reader: XlsxFileReader | null = null;
    if (kind === 'xlsx') {
      format = 'xlsx';
      if (options.encoding)
        log.warn('encoding_ignored', { file: path, reason: 'an .xlsx workbook stores Unicode text; --encoding is for CSV' });
      // Loaded only for workbooks: ExcelJS is large, and most imports are CSV.
      const { XlsxFileReader } = await import('./XlsxFileReader.ts');
      reader = await XlsxFileReader.create(path, { sheet: options.sheet });
      records = reader.records();
    } else {
      refuseKind(kind, path);
      format = 'csv';
      if (options.sheet !== undefined)
        log.warn('sheet_ignored', { file: path, reason: 'the file is CSV (one table); --sheet is for .xlsx' });
      encoding = options.encoding
        ? { encoding: options.encoding, how: '--encoding' }
        : await detectEncoding(path, mapping.csv.encoding === 'auto' ? undefined : mapping.csv.encoding);
      log.info('encoding_detected', { file: path, encoding: encoding.encoding, how: encoding.how });
      const csv = await CsvFileReader.create(path, {
        delimiter: mapping.csv.delimiter,
        encoding: encoding.encoding,
        chunkBytes: options.chunkBytes,
      });
      records = csv.records();
    }

    // The header: the first row that can be one (title and blank rows above it are skipped).
    let recordsBefore = 0;
    let first = await records.next();
    if (mapping.csv.header) {
      while (!first.done && recordsBefore < MAX_ROWS_ABOVE_HEADER && distinctCells(first.value.fields) < MIN_HEADER_CELLS) {
        recordsBefore++;
        first = await records.next();
      }
    }
    const firstRecord = first.done ? null : first.value;
    const header = mapping.csv.header ? (firstRecord?.fields ?? []) : null;
    const postedDate = options.postedDate ?? chinaDate(info.mtime);
    const context: ImportContext = {
      sourceName: options.sourceName ?? mapping.source_name ?? mapping.name,
      postedDate,
      // Fixed per file, so a second import of the same file is stale everywhere; a newer export wins.
      eventTime: options.postedDate ? `${options.postedDate}T00:00:00+08:00` : info.mtime.toISOString(),
      encoding: encoding ? `${encoding.encoding} (${encoding.how})` : undefined,
    };
    if (reader) log.info('xlsx_sheet', { file: path, sheet: reader.sheet, sheets: reader.sheets });
    const mapper = PostingRowMapper.create(mapping, header, context);
    return new PostingFileSource(
      path,
      format,
      encoding,
      reader?.sheet ?? null,
      mapping,
      mapper,
      context,
      records,
      mapping.csv.header ? null : firstRecord,
      recordsBefore + (mapping.csv.header && firstRecord ? 1 : 0),
    );
  }

  async *items(): AsyncGenerator<SourceItem> {
    let row = this.recordsBefore;
    const emit = (record: CsvRecord | XlsxRecord): SourceItem => {
      row++;
      this.rows++;
      // A worksheet row is named as Excel shows it; a CSV row by its record number (the header is row 1).
      const position = 'sheet' in record ? `sheet ${record.sheet} row ${record.line}` : `row ${row}`;
      const item = this.mapper.map(record, position);
      for (const issue of item.issues ?? []) this.mappingRejects[issue.code] = (this.mappingRejects[issue.code] ?? 0) + 1;
      return item;
    };
    if (this.firstDataRecord) yield emit(this.firstDataRecord);
    for await (const record of this.records) yield emit(record);
  }
}

function distinctCells(fields: string[]): number {
  return new Set(fields.map((f) => f.trim()).filter((f) => f !== '')).size;
}

/** Files that are no table this command can read, each with what to do instead. */
function refuseKind(kind: string, path: string): void {
  const refusals: Record<string, [string, string]> = {
    xls: [
      `${path} is a legacy Excel 97–2003 workbook (.xls)`,
      'open it in Excel or WPS and save it as .xlsx (Excel workbook) or CSV, then import that file',
    ],
    ods: [`${path} is an OpenDocument spreadsheet (.ods)`, 'save it as .xlsx or CSV (LibreOffice: File › Save As), then import that file'],
    binary: [`${path} is neither CSV text nor an .xlsx workbook`, 'pass a job-board export saved as CSV or .xlsx'],
    ndjson: [
      `${path} holds JSON lines, not a CSV or XLSX export`,
      `to load envelopes {type,id,version,event_time,payload} use: labourflow ingest --from ${path}`,
    ],
  };
  const refusal = refusals[kind];
  if (refusal) throw new ConfigError(refusal[0], { code: 'IMPORT_FILE_UNSUPPORTED', hint: refusal[1] });
}

function chinaDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
