import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCliProcess } from '../helpers/runCliProcess.ts';
import { tempDir } from '../helpers/withDuckDB.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const JOBFAIR = join(PROJECT_ROOT, 'mappings/examples/jobfair.json');
const fairText = readFileSync(join(PROJECT_ROOT, 'test/import/fixtures/jobfair-sample.csv'), 'utf8').replace(/^\uFEFF/, '');

describe('labourflow import-postings (CLI)', () => {
  it('imports a GB18030 CSV with Chinese headers with no flag, and prints the encoding it found', () => {
    const file = join(dir, 'fair-gbk.csv');
    writeFileSync(file, iconv.encode(fairText, 'gb18030'));
    const r = runCliProcess(['import-postings', '--file', file, '--mapping', JOBFAIR, '--db', join(dir, 'a.duckdb')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('read as: CSV in gb18030 (not valid UTF-8');
    expect(r.stdout).toContain('read 12 = stored 5 + stale 0 + rejected 7');
    const json = runCliProcess(['import-postings', '--csv', file, '--mapping', JOBFAIR, '--db', join(dir, 'a.duckdb'), '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'csv', encoding: 'gb18030', stale: 5 });
  });

  it('imports a GBK CSV with English headers (0 of 15 rows before: every one was invalid_encoding)', () => {
    const file = join(dir, 'board-gbk.csv');
    writeFileSync(file, iconv.encode(readFileSync(join(PROJECT_ROOT, 'test/import/fixtures/jobboard-sample.csv'), 'utf8'), 'gbk'));
    const r = runCliProcess([
      'import-postings',
      '--file',
      file,
      '--mapping',
      'jobboard',
      '--posted-date',
      '2026-03-01',
      '--db',
      join(dir, 'b.duckdb'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('read 15 = stored 10 + stale 1 + rejected 4');
    expect(r.stdout).not.toContain('invalid_encoding');
  });

  it('exits 2 for an encoding not on the list, a missing sheet, and a missing file, creating no database', async () => {
    const xlsx = join(dir, 'fair.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('岗位').addRow(['单位名称', '岗位']);
    wb.addWorksheet('汇总').addRow(['合计']);
    await wb.xlsx.writeFile(xlsx);
    const db = join(dir, 'never.duckdb');
    const badEncoding = runCliProcess(['import-postings', '--file', xlsx, '--encoding', 'latin-9', '--mapping', JOBFAIR, '--db', db]);
    expect(badEncoding.code).toBe(2);
    expect(badEncoding.stderr).toContain('utf-8, gb18030, gbk, big5, utf-16le, utf-16be');
    const noSheet = runCliProcess(['import-postings', '--file', xlsx, '--sheet', 'Sheet1', '--mapping', JOBFAIR, '--db', db]);
    expect(noSheet.code).toBe(2);
    expect(noSheet.stderr).toContain('has no sheet "Sheet1"');
    expect(noSheet.stderr).toContain('its sheets are: "岗位", "汇总"');
    const noFile = runCliProcess(['import-postings', '--file', join(dir, 'nope.csv'), '--mapping', JOBFAIR, '--db', db]);
    expect(noFile.code).toBe(2);
    expect(existsSync(db)).toBe(false);
  });
});
