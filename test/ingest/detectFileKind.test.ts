import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectFileKind, fileKindOf } from '../../src/ingest/detectFileKind.ts';
import { tempDir } from '../helpers/withDuckDB.ts';

describe('detectFileKind (by content, not by name)', () => {
  it('tells an .xlsx written by ExcelJS from text whatever its name', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'looks-like.csv');
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('岗位').addRow(['a', 'b']);
      await wb.xlsx.writeFile(path);
      expect(await detectFileKind(path)).toBe('xlsx');
    } finally {
      cleanup();
    }
  });

  it('knows legacy .xls, OpenDocument and binary files', () => {
    expect(fileKindOf(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2]))).toBe('xls');
    const ods = Buffer.concat([
      Buffer.from('PK\u0003\u0004'),
      Buffer.alloc(26),
      Buffer.from('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'),
    ]);
    expect(fileKindOf(ods)).toBe('ods');
    expect(fileKindOf(Buffer.from([1, 2, 0, 4]))).toBe('binary');
  });

  it('tells CSV from NDJSON in UTF-8, GB18030 and UTF-16, with or without a byte-order mark', () => {
    expect(fileKindOf(Buffer.from('{"type":"posting"}\n{"type":"seeker"}\n'))).toBe('ndjson');
    expect(fileKindOf(Buffer.from('\uFEFF  {"type":"posting"}\n'))).toBe('ndjson');
    expect(fileKindOf(iconv.encode('单位名称,岗位,薪资\n冀南机械,数控车工,5千-8千\n', 'gb18030'))).toBe('csv');
    expect(fileKindOf(Buffer.from('\uFEFF单位名称,岗位\r\n冀南机械,数控车工\r\n'))).toBe('csv');
    expect(fileKindOf(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('单位名称\t岗位\n', 'utf-16le')]))).toBe('csv');
    // An NDJSON file that opens with one broken record is still NDJSON: its other lines are JSON.
    expect(fileKindOf(Buffer.from('oops, not json\n{"type":"posting"}\n'))).toBe('text');
    expect(fileKindOf(Buffer.from('\n\n'))).toBe('text');
  });
});
