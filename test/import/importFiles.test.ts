import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/PipelineError.ts';
import { formatImportSummary, importPostings } from '../../src/import/importPostings.ts';
import { loadMappingSync } from '../../src/import/loadMapping.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { tempDir } from '../helpers/withDuckDB.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const JOBFAIR_MAPPING = fileURLToPath(new URL('../../mappings/examples/jobfair.json', import.meta.url));
const jobfair = () => loadMappingSync(JOBFAIR_MAPPING);
const jobboard = () => loadMappingSync('jobboard');

describe('import-postings: real-world files (GB18030 CSV, XLSX)', () => {
  let store: DuckDBStore;
  let dir: string;
  let cleanup: () => void;
  beforeEach(async () => {
    store = await DuckDBStore.create({ path: ':memory:' });
    ({ dir, cleanup } = tempDir());
  });
  afterEach(async () => {
    await store.close();
    cleanup();
  });

  const postings = () =>
    store.all<Record<string, unknown>>(
      `SELECT title, employer_name, employer_credit_code, region_code, salary_min, salary_max, headcount,
        CAST(posted_date AS VARCHAR) AS posted_date, description FROM postings ORDER BY title`,
    );
  const rejected = async () =>
    Object.fromEntries(
      (await store.all<{ position: string; reason: string }>('SELECT position, reason FROM rejected')).map((r) => [r.position, r.reason]),
    );
  const write = (name: string, content: Buffer | string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  describe('CSV encodings, detected without a flag', () => {
    it('reads a GB18030 export with Chinese headers exactly as its UTF-8 original', async () => {
      const utf8 = await importPostings(store, { path: fixture('jobfair-sample.csv'), mapping: jobfair() });
      const expected = await postings();
      const expectedRejected = await rejected();
      await store.run('DELETE FROM postings');
      await store.run('DELETE FROM rejected');

      // Excel on Chinese Windows saves "CSV" as GB18030/GBK, without a byte-order mark.
      const text = readFileSync(fixture('jobfair-sample.csv'), 'utf8').replace(/^\uFEFF/, '');
      const path = write('岗位-gbk.csv', iconv.encode(text, 'gb18030'));
      const r = await importPostings(store, { path, mapping: jobfair() });
      expect(r.encoding).toEqual({ encoding: 'gb18030', how: expect.stringMatching(/^not valid UTF-8/) });
      expect(r.summary).toMatchObject({ read: utf8.summary.read, stored: utf8.summary.stored, rejected: utf8.summary.rejected });
      expect(await postings()).toEqual(expected);
      expect(await rejected()).toEqual(expectedRejected);
      expect(formatImportSummary(r)).toContain('read as: CSV in gb18030 (not valid UTF-8');
    });

    it('reads a GBK export with English headers (the Chinese is only in the data)', async () => {
      const path = write('board-gbk.csv', iconv.encode(readFileSync(fixture('jobboard-sample.csv'), 'utf8'), 'gbk'));
      const r = await importPostings(store, { path, mapping: jobboard(), postedDate: '2026-03-01' });
      expect(r.encoding?.encoding).toBe('gb18030');
      expect(r.summary).toMatchObject({ read: 15, stored: 10, stale: 1, rejected: 4 });
      expect(r.mappingRejects.invalid_encoding).toBeUndefined();
      expect((await postings()).map((p) => p.title)).toContain('Java开发工程师');
    });

    it('finds GB18030 when the first 100 KB are ASCII (the whole file is checked)', async () => {
      const head = 'company_name,position_name,salary,city,work_years,education,advantage,desc,mark\n';
      const ascii = Array.from({ length: 1600 }, (_, i) => `Acme ${i},Welder,5k-8k,Xi'an,1-3,x,,https://example.invalid/${i},0\n`).join('');
      const path = write(
        'late.csv',
        Buffer.concat([
          Buffer.from(head + ascii),
          iconv.encode('青禾数据科技,焊工,5k-8k,西安,1-3年,中专,,https://example.invalid/zh,0\n', 'gbk'),
        ]),
      );
      expect(Buffer.byteLength(ascii)).toBeGreaterThan(100_000);
      const r = await importPostings(store, { path, mapping: jobboard(), postedDate: '2026-03-01' });
      expect(r.encoding?.encoding).toBe('gb18030');
      expect((await postings()).find((p) => p.title === '焊工')).toMatchObject({ employer_name: '青禾数据科技', region_code: '610100' });
    });

    it('keeps a UTF-8 file with one damaged byte as UTF-8 and rejects only that row', async () => {
      const text = readFileSync(fixture('jobboard-sample.csv'));
      const at = text.indexOf(Buffer.from('北辰云联'));
      const damaged = Buffer.concat([text.subarray(0, at), Buffer.from([0xff]), text.subarray(at + 3)]);
      const r = await importPostings(store, { path: write('damaged.csv', damaged), mapping: jobboard(), postedDate: '2026-03-01' });
      expect(r.encoding).toEqual({ encoding: 'utf-8', how: expect.stringMatching(/^mostly valid UTF-8: 1 bad byte sequence/) });
      expect(r.mappingRejects.invalid_encoding).toBe(1);
      expect(Object.values(await rejected()).filter((reason) => /not valid utf-8/.test(reason))).toHaveLength(1);
    });

    it('honours a byte-order mark (UTF-16LE as Excel\'s "Unicode text" saves) and --encoding over detection', async () => {
      const text = readFileSync(fixture('jobboard-sample.csv'), 'utf8');
      const utf16 = write('board-utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]));
      const r = await importPostings(store, { path: utf16, mapping: jobboard(), postedDate: '2026-03-01' });
      expect(r.encoding).toEqual({ encoding: 'utf-16le', how: 'UTF-16LE byte-order mark' });
      expect(r.summary).toMatchObject({ read: 15, stored: 10 });

      // Forcing the wrong encoding: every row with Chinese is rejected, and the reason says what to do.
      const gbk = write('forced.csv', iconv.encode(text, 'gbk'));
      const forced = await importPostings(store, { path: gbk, mapping: jobboard(), postedDate: '2026-03-01', encoding: 'utf-8' });
      expect(forced.encoding).toEqual({ encoding: 'utf-8', how: '--encoding' });
      expect(forced.mappingRejects.invalid_encoding).toBe(15);
      expect(Object.values(await rejected()).find((reason) => /invalid|not valid/.test(reason))).toMatch(/pass --encoding utf-8\|gb18030/);
    });
  });

  describe('XLSX', () => {
    /** A fair's sign-up sheet as offices make it: a note sheet first, a merged title row, an employer merged down over its postings. */
    async function workbook(path: string): Promise<void> {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('填表说明').addRow(['请在“岗位”表填写']);
      const ws = wb.addWorksheet('岗位');
      ws.addRow(['2026年春季招聘会岗位信息表']);
      ws.mergeCells('A1:K1');
      ws.addRow([
        '单位名称',
        '统一社会信用代码',
        '岗位',
        '薪资待遇',
        '工作地点',
        '学历要求',
        '工作经验',
        '招聘人数',
        '用工形式',
        '发布日期',
        '岗位描述',
      ]);
      ws.addRow([
        '冀南机械制造有限公司',
        '91130503MA0C7TNE2H',
        '数控车工',
        '5千-8千',
        '邢台-南和区',
        '中专',
        '1-3年',
        3,
        '全职',
        new Date(Date.UTC(2026, 2, 2)),
        { richText: [{ text: '负责', font: { bold: true } }, { text: '数控车床操作' }] },
      ]);
      ws.addRow([
        '',
        '91130503MA0C7TNE2H',
        '焊工',
        6500,
        '邢台-南和区',
        '不限',
        '经验不限',
        { formula: '1+1', result: 2 },
        '全职',
        46087,
        '',
      ]);
      ws.mergeCells('A3:A4');
      ws.addRow(['邢台某某公司', '91130503MA0C7TNE2H', '装配工', '面议', '邢台', '不限', '不限', 1, '全职', 46087, '']);
      ws.getCell('J3').numFmt = 'yyyy-mm-dd';
      ws.getCell('J4').numFmt = 'yyyy"年"m"月"d"日"';
      ws.getCell('J5').numFmt = 'yyyy/m/d';
      await wb.xlsx.writeFile(path);
    }

    it('reads the chosen sheet: dates, numbers, rich text, formula results and merged cells become text the mapping reads', async () => {
      const path = join(dir, 'fair.xlsx');
      await workbook(path);
      const r = await importPostings(store, { path, mapping: jobfair(), sheet: '岗位' });
      expect(r).toMatchObject({ format: 'xlsx', sheet: '岗位', encoding: null });
      expect(r.summary).toMatchObject({ read: 3, stored: 2, rejected: 1 });
      expect(await postings()).toEqual([
        {
          title: '数控车工',
          employer_name: '冀南机械制造有限公司',
          employer_credit_code: '91130503MA0C7TNE2H',
          region_code: '130506',
          salary_min: 5000,
          salary_max: 8000,
          headcount: 3,
          posted_date: '2026-03-02',
          description: '岗位描述: 负责数控车床操作',
        },
        {
          title: '焊工',
          employer_name: '冀南机械制造有限公司', // merged A3:A4
          employer_credit_code: '91130503MA0C7TNE2H',
          region_code: '130506',
          salary_min: 6500, // a number cell
          salary_max: 6500,
          headcount: 2, // a formula's saved result
          posted_date: '2026-03-06', // serial 46087 shown as 2026年3月6日
          description: '',
        },
      ]);
      // Dead letters name the sheet and the row as Excel shows them.
      expect(await rejected()).toEqual({ 'sheet 岗位 row 5': expect.stringMatching(/面议/) });
      expect(formatImportSummary(r)).toContain('read as: XLSX workbook, sheet "岗位"');
    });

    it('reads the first sheet by default, and a missing --sheet fails before anything is written, naming the sheets', async () => {
      const path = join(dir, 'fair.xlsx');
      await workbook(path);
      const wrong = importPostings(store, { path, mapping: jobfair(), sheet: '招聘' });
      await expect(wrong).rejects.toBeInstanceOf(ConfigError);
      await expect(importPostings(store, { path, mapping: jobfair(), sheet: '招聘' })).rejects.toMatchObject({
        code: 'XLSX_SHEET_NOT_FOUND',
        hint: expect.stringContaining('"填表说明", "岗位"'),
      });
      // The first sheet is the note sheet: its one cell is no header for this mapping.
      await expect(importPostings(store, { path, mapping: jobfair() })).rejects.toThrow(/does not fit this file/);
      expect(await store.all('SELECT * FROM ingest_batches')).toEqual([]);
    });

    it('rejects a row whose cell is a formula saved without its result, naming the cell', async () => {
      const path = join(dir, 'formula.xlsx');
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('岗位');
      ws.addRow(['单位名称', '统一社会信用代码', '岗位', '薪资待遇', '工作地点', '学历要求', '工作经验']);
      ws.addRow(['冀南机械制造有限公司', '91130503MA0C7TNE2H', '数控车工', { formula: 'D3*2' }, '邢台', '中专', '1-3年']);
      await wb.xlsx.writeFile(path);
      const r = await importPostings(store, { path, mapping: jobfair() });
      expect(r.mappingRejects).toEqual({ xlsx_cell: 1 });
      expect(await rejected()).toEqual({ 'sheet 岗位 row 2': expect.stringMatching(/cell D2: a formula saved without its result/) });
    });

    it('is told from a CSV by content: an .xlsx named .csv is read as a workbook', async () => {
      const path = join(dir, 'export.csv');
      await workbook(path);
      const r = await importPostings(store, { path, mapping: jobfair(), sheet: '岗位' });
      expect(r.format).toBe('xlsx');
      expect(r.summary.stored).toBe(2);
    });

    it('refuses a zip that is no workbook, a legacy .xls and NDJSON with what to do instead', async () => {
      const zipNoWorkbook = write('x.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]));
      await expect(importPostings(store, { path: zipNoWorkbook, mapping: jobfair() })).rejects.toMatchObject({ code: 'XLSX_INVALID' });
      const xls = write('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
      await expect(importPostings(store, { path: xls, mapping: jobfair() })).rejects.toMatchObject({
        code: 'IMPORT_FILE_UNSUPPORTED',
        hint: expect.stringContaining('.xlsx'),
      });
      const nd = write('p.ndjson', '{"type":"posting"}\n');
      await expect(importPostings(store, { path: nd, mapping: jobfair() })).rejects.toMatchObject({
        hint: expect.stringContaining('labourflow ingest --from'),
      });
    });
  });
});
