import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ConfigError } from '../core/PipelineError.ts';

/** A cell range in 1-based rows and columns, both ends included. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * The zip container of an .xlsx, opened for random access through its central directory
 * (yauzl). ExcelJS reads the cells; this answers what its streaming reader does not: whether
 * the zip is a workbook at all, and a sheet's merged ranges (`<mergeCells>` comes after
 * `<sheetData>` in the sheet part, so a single streaming pass would learn of them too late).
 */
export class XlsxArchive {
  private constructor(
    readonly path: string,
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
  ) {}

  static async open(path: string): Promise<XlsxArchive> {
    let zip: yauzl.ZipFile;
    try {
      zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
        yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, z) => (error ? reject(error) : resolve(z))),
      );
    } catch (error) {
      throw notAWorkbook(path, (error as Error).message, error);
    }
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    }).catch((error: unknown) => {
      zip.close();
      throw notAWorkbook(path, (error as Error).message, error);
    });
    const archive = new XlsxArchive(path, zip, entries);
    if (!entries.has('xl/workbook.xml')) {
      archive.close();
      throw notAWorkbook(path, 'the zip archive has no xl/workbook.xml');
    }
    return archive;
  }

  has(part: string): boolean {
    return this.entries.has(part);
  }

  /**
   * Merged ranges of a sheet part (e.g. "xl/worksheets/sheet1.xml"), found by streaming the part
   * once for its `<mergeCell ref="A2:A4"/>` elements; cell references are ASCII, so no XML
   * decoding is needed to read them.
   */
  async mergedRanges(part: string): Promise<CellRange[]> {
    const entry = this.entries.get(part);
    if (!entry) return [];
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))),
    );
    const ranges: CellRange[] = [];
    const pattern = /<(?:[\w-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Z]+\d+)(?::([A-Z]+\d+))?["']/g;
    let carry = '';
    for await (const chunk of stream) {
      const text = carry + (chunk as Buffer).toString('latin1');
      pattern.lastIndex = 0;
      let lastEnd = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        const a = cellAddress(m[1]!);
        const b = cellAddress(m[2] ?? m[1]!);
        ranges.push({
          top: Math.min(a.row, b.row),
          left: Math.min(a.col, b.col),
          bottom: Math.max(a.row, b.row),
          right: Math.max(a.col, b.col),
        });
        lastEnd = pattern.lastIndex;
      }
      // An element may be cut by the chunk boundary: keep the unmatched tail (bounded) for the next chunk.
      carry = text.slice(Math.max(lastEnd, text.length - 200));
    }
    return ranges;
  }

  close(): void {
    this.zip.close();
  }
}

/** "AB12" → column 28, row 12. */
export function cellAddress(ref: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new RangeError(`not a cell reference: ${ref}`);
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

function notAWorkbook(path: string, why: string, cause?: unknown): ConfigError {
  return new ConfigError(`${path} starts like an .xlsx workbook (a zip archive) but cannot be read as one: ${why}`, {
    code: 'XLSX_INVALID',
    cause,
    hint: 'open it in Excel or WPS and save it again as .xlsx (Excel workbook), or export the sheet as CSV',
  });
}
