import iconv from 'iconv-lite';
import { bomEncoding, readHead } from './detectEncoding.ts';

/**
 * What a file is, told from its content rather than its name (offices rename exports freely:
 * a `.csv` that is really a workbook, an `.xls` that is really HTML):
 * - `xlsx`: a zip archive (Office Open XML workbooks are zips), `ods` an OpenDocument one;
 * - `xls`: the legacy Excel 97–2003 binary format (OLE2 compound file);
 * - `ndjson`: text whose first non-blank line starts like JSON;
 * - `csv`: text whose first non-blank line is not JSON-like and has a comma or a tab, with no
 *   JSON-like line among the next lines (so an NDJSON file that opens with one broken record is
 *   still NDJSON);
 * - `text`: other text; `binary`: NUL bytes without a UTF-16 byte-order mark.
 */
export type FileKind = 'xlsx' | 'ods' | 'xls' | 'ndjson' | 'csv' | 'text' | 'binary';

const SNIFF_BYTES = 64 * 1024;
const SNIFF_LINES = 20;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export async function detectFileKind(path: string): Promise<FileKind> {
  return fileKindOf(await readHead(path, SNIFF_BYTES));
}

export function fileKindOf(head: Buffer): FileKind {
  if (startsWith(head, ZIP_MAGIC)) {
    // An OpenDocument archive stores its media type uncompressed as the first entry ("mimetype").
    return head.subarray(30, 200).toString('latin1').startsWith('mimetypeapplication/vnd.oasis.opendocument') ? 'ods' : 'xlsx';
  }
  if (startsWith(head, OLE2_MAGIC)) return 'xls';
  const bom = bomEncoding(head);
  let text: string;
  if (bom === 'utf-16le' || bom === 'utf-16be') text = iconv.decode(head, bom);
  else if (head.includes(0)) return 'binary';
  // Structure characters are ASCII and never part of a GB18030 multi-byte character, so
  // latin1 shows them right whatever the encoding.
  else text = head.toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '');
  text = text.replace(/^\uFEFF/, '');
  const lines = text
    .split(/\r?\n|\r/, SNIFF_LINES + 1)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const first = lines[0];
  if (first === undefined) return 'text';
  const jsonLike = (l: string) => l.startsWith('{') || l.startsWith('[');
  if (jsonLike(first)) return 'ndjson';
  if (/[,\t]/.test(first) && !lines.some(jsonLike)) return 'csv';
  return 'text';
}

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
