import ExcelJS, { type Row } from 'exceljs';
import { ConfigError, SourceError } from '../core/PipelineError.ts';
import { Logger } from '../core/Logger.ts';
import type { CsvRecord } from './CsvParser.ts';
import { type CellRange, XlsxArchive } from './XlsxArchive.ts';
import { xlsxCellText } from './xlsxCellText.ts';

/** A worksheet row as the mapper reads it; `line` is the row number Excel shows. */
export interface XlsxRecord extends CsvRecord {
  sheet: string;
}

/** What ExcelJS's streaming reader knows but does not type: the workbook's sheet list and relationships, styles, the 1904 flag. */
interface WorkbookReaderInternals {
  model?: { sheets?: { name: string; rId: string; state?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  styles?: { index?: { numFmt?: Record<number, string> } };
  properties?: { model?: { date1904?: boolean } };
  stream?: { destroy?: () => void };
}

/**
 * Excel's built-in number formats 27–36 and 50–58 have locale-dependent codes that the file
 * does not spell out; these are the zh-CN ones (what an office in mainland China gets), so a
 * date in "2026年3月1日" style is known to be a date. ExcelJS has no code for them.
 */
const ZH_CN_BUILTIN_DATE_FORMATS: Record<number, string> = {
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

export interface XlsxFileReaderOptions {
  /** Sheet name; default the first visible sheet in tab order. */
  sheet?: string;
}

/**
 * Streams the rows of one worksheet of an .xlsx as records, through ExcelJS's streaming
 * WorkbookReader: shared strings are cached (one copy of each distinct text), rows are read one
 * at a time and never held, so memory does not grow with the number of rows. Cells become
 * the text a person sees (`xlsxCellText`); the cells of a merged range all take the value of
 * its top-left cell, so an employer name merged down over its postings reaches each row.
 */
export class XlsxFileReader {
  /** The sheet being read, known once `records()` has started. */
  sheet: string | null = null;
  /** All sheets of the workbook in tab order, known once `records()` has started. */
  sheets: string[] = [];

  private constructor(
    readonly path: string,
    private readonly options: XlsxFileReaderOptions,
  ) {}

  static async create(path: string, options: XlsxFileReaderOptions = {}): Promise<XlsxFileReader> {
    // Opening the archive first turns a damaged or non-workbook zip into a clear error.
    (await XlsxArchive.open(path)).close();
    return new XlsxFileReader(path, options);
  }

  async *records(): AsyncGenerator<XlsxRecord> {
    const log = Logger.for('import');
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(this.path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    const internals = reader as unknown as WorkbookReaderInternals;
    const archive = await XlsxArchive.open(this.path);
    let found = false;
    try {
      for await (const worksheet of reader) {
        const name = (worksheet as unknown as { name: string }).name;
        if (this.sheet === null) this.sheet = this.choose(internals, name);
        if (name !== this.sheet) continue;
        found = true;
        addBuiltinDateFormats(internals);
        const part = sheetPart(internals, name);
        const merges = part ? await archive.mergedRanges(part) : [];
        if (!part) log.warn('xlsx_sheet_part_unknown', { file: this.path, sheet: name, effect: 'merged cells are not filled' });
        const date1904 = internals.properties?.model?.date1904 === true;
        const filler = new MergeFiller(merges);
        for await (const row of worksheet as AsyncIterable<Row>) {
          const record = rowRecord(row, date1904, name);
          filler.fill(record.fields, row.number);
          if (record.fields.every((f) => f.trim() === '')) continue; // formatted but empty rows are not records
          record.raw = toCsvLine(record.fields);
          yield record;
        }
        break;
      }
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new SourceError(`reading workbook ${this.path} failed: ${(error as Error).message}`, {
        code: 'XLSX_READ_FAILED',
        cause: error,
        hint: 'open it in Excel or WPS and save it again as .xlsx, or export the sheet as CSV',
      });
    } finally {
      archive.close();
      internals.stream?.destroy?.();
    }
    if (!found) {
      throw new ConfigError(
        this.options.sheet === undefined ? `${this.path} has no worksheet` : `${this.path} has no sheet "${this.options.sheet}"`,
        {
          code: 'XLSX_SHEET_NOT_FOUND',
          hint:
            this.sheets.length > 0
              ? `its sheets are: ${this.sheets.map((s) => JSON.stringify(s)).join(', ')}; pass one with --sheet NAME`
              : undefined,
        },
      );
    }
  }

  /** The sheet to read, decided when the first worksheet comes by: by then the workbook's sheet list is known. */
  private choose(internals: WorkbookReaderInternals, firstEmitted: string): string {
    const listed = internals.model?.sheets ?? [];
    this.sheets = listed.length > 0 ? listed.map((s) => s.name) : [firstEmitted];
    const wanted = this.options.sheet;
    if (wanted === undefined) return listed.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden')?.name ?? firstEmitted;
    if (this.sheets.includes(wanted)) return wanted;
    throw new ConfigError(`${this.path} has no sheet "${wanted}"`, {
      code: 'XLSX_SHEET_NOT_FOUND',
      hint: `its sheets are: ${this.sheets.map((s) => JSON.stringify(s)).join(', ')}; pass one with --sheet NAME`,
    });
  }
}

function rowRecord(row: Row, date1904: boolean, sheet: string): XlsxRecord {
  const fields: string[] = new Array<string>(row.cellCount).fill('');
  const problems: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const { text, problem } = xlsxCellText(cell.value, cell.numFmt, date1904);
    fields[col - 1] = text;
    if (problem) problems.push(`cell ${cell.address}: ${problem}`);
  });
  const record: XlsxRecord = { fields, line: row.number, raw: '', sheet };
  if (problems.length > 0) {
    record.problem = problems.join('; ');
    record.problemCode = 'xlsx_cell';
  }
  return record;
}

/** Gives every cell of a merged range the value of its top-left cell, row by row in sheet order. */
class MergeFiller {
  private readonly byTop = new Map<number, CellRange[]>();
  private active: { range: CellRange; value: string }[] = [];

  constructor(ranges: CellRange[]) {
    for (const r of ranges) {
      const list = this.byTop.get(r.top) ?? [];
      list.push(r);
      this.byTop.set(r.top, list);
    }
  }

  fill(fields: string[], rowNumber: number): void {
    if (this.byTop.size === 0 && this.active.length === 0) return;
    // Ranges whose top row had no <row> element (empty) start here with an empty value.
    for (const [top, ranges] of this.byTop) {
      if (top > rowNumber) continue;
      this.byTop.delete(top);
      for (const range of ranges) this.active.push({ range, value: top === rowNumber ? (fields[range.left - 1] ?? '') : '' });
    }
    this.active = this.active.filter((a) => a.range.bottom >= rowNumber);
    for (const { range, value } of this.active) {
      for (let c = range.left; c <= range.right; c++) {
        if (c === range.left && range.top === rowNumber) continue;
        if (fields.length < c) fields.push(...new Array<string>(c - fields.length).fill(''));
        fields[c - 1] = value;
      }
    }
  }
}

/** The sheet's part in the zip ("xl/worksheets/sheet1.xml"), from workbook.xml and its relationships. */
function sheetPart(internals: WorkbookReaderInternals, name: string): string | null {
  const rId = internals.model?.sheets?.find((s) => s.name === name)?.rId;
  const target = internals.workbookRels?.find((r) => r.Id === rId)?.Target;
  if (!target) return null;
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

function addBuiltinDateFormats(internals: WorkbookReaderInternals): void {
  const numFmt = internals.styles?.index?.numFmt;
  if (!numFmt) return;
  for (const [id, code] of Object.entries(ZH_CN_BUILTIN_DATE_FORMATS)) numFmt[Number(id)] ??= code;
}

/** Cells as one CSV line, for the `raw` text of a dead letter. */
function toCsvLine(fields: string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
}
