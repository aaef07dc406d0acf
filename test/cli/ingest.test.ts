import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { PROJECT_ROOT, runCliProcess } from '../helpers/runCliProcess.ts';
import { tempDir } from '../helpers/withDuckDB.ts';

const BAD = join(PROJECT_ROOT, 'data-samples/bad-records.ndjson');
const EXPECTED = JSON.parse(readFileSync(join(PROJECT_ROOT, 'data-samples/bad-records.expected.json'), 'utf8')) as Record<string, string>;

describe('labourflow ingest (CLI)', () => {
  it('reports every bad line with its reason, stores every good one, and a re-run changes no row', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'lf.duckdb');
      const first = runCliProcess(['ingest', '--from', BAD, '--db', db, '--quiet']);
      expect(first.code, first.stderr).toBe(0);
      const rejectedCount = Object.values(EXPECTED).filter((e) => !['OK', 'BLANK', 'DUPLICATE'].includes(e)).length;
      const storedCount = Object.values(EXPECTED).filter((e) => e === 'OK').length;
      const dupCount = Object.values(EXPECTED).filter((e) => e === 'DUPLICATE').length;
      expect(first.stdout).toContain(`stored ${storedCount} + stale/duplicate ${dupCount} + rejected ${rejectedCount}  OK`);
      expect(first.stdout).toContain('blank lines skipped: 1');

      const store = await DuckDBStore.create({ path: db, readOnly: true });
      const rejected = await store.all<{ position: string; reason: string; issues: string }>(
        'SELECT position, reason, issues FROM rejected',
      );
      const snapshot = await store.all(
        'SELECT (SELECT count(*) FROM postings) + (SELECT count(*) FROM seekers) + (SELECT count(*) FROM ' +
          'enterprise_reports) AS n, (SELECT count(*) FROM rejected) AS r',
      );
      await store.close();

      const byLine = new Map(rejected.map((r) => [Number(r.position.replace('line ', '')), `${r.reason} ${r.issues}`]));
      for (const [line, expected] of Object.entries(EXPECTED)) {
        // OK: stored; BLANK: skipped, not a record; DUPLICATE: a stale repeat, counted but not rejected.
        if (['OK', 'BLANK', 'DUPLICATE'].includes(expected))
          expect(byLine.has(Number(line)), `line ${line} should not be rejected`).toBe(false);
        else expect(byLine.get(Number(line)) ?? `line ${line} was not rejected`).toContain(expected);
      }

      const again = runCliProcess(['ingest', '--from', BAD, '--db', db, '--quiet']);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/stored 0 \+/);
      const reopened = await DuckDBStore.create({ path: db, readOnly: true });
      expect(
        await reopened.all(
          'SELECT (SELECT count(*) FROM postings) + (SELECT count(*) FROM seekers) + (SELECT count(*) FROM ' +
            'enterprise_reports) AS n, (SELECT count(*) FROM rejected) AS r',
        ),
      ).toEqual(snapshot);
      await reopened.close();
    } finally {
      cleanup();
    }
  });

  it('fails with exit code 2 and a hint when --from is missing or matches nothing', () => {
    const missing = runCliProcess(['ingest']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--from is required');
    expect(missing.stderr).toContain('what to do:');
    const nothing = runCliProcess(['ingest', '--from', '/nonexistent/*.ndjson', '--db', ':memory:']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('matched no files');
  });

  it('a missing --from path exits 2 without creating the database file', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'lf.duckdb');
      const missing = runCliProcess(['ingest', '--from', join(dir, 'no-such.ndjson'), '--db', db, '--quiet']);
      expect(missing.code, missing.stderr).toBe(2);
      expect(missing.stderr).toContain('does not exist');
      expect(existsSync(db)).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('a CSV or XLSX given to --from exits 2, writes nothing, and says to use import-postings', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const csv = join(dir, 'postings.csv');
      writeFileSync(csv, iconv.encode('单位名称,岗位,薪资\n冀南机械,数控车工,5千-8千\n', 'gb18030'));
      const utf8Csv = join(dir, 'board.txt');
      writeFileSync(utf8Csv, readFileSync(join(PROJECT_ROOT, 'test/import/fixtures/jobboard-sample.csv')));
      const xlsx = join(dir, 'postings.xlsx');
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('岗位').addRows([
        ['单位名称', '岗位', '薪资'],
        ['冀南机械', '数控车工', 6500],
      ]);
      await wb.xlsx.writeFile(xlsx);
      for (const file of [csv, utf8Csv, xlsx]) {
        const db = join(dir, 'lf.duckdb');
        const r = runCliProcess(['ingest', '--from', file, '--db', db, '--quiet']);
        expect(r.code, `${file}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain(`labourflow import-postings --file ${file} --mapping`);
        expect(existsSync(db), file).toBe(false);
      }
    } finally {
      cleanup();
    }
  });

  it('prints help for every registered command', () => {
    const top = runCliProcess(['--help']);
    expect(top.code).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]!);
    expect(commands).toContain('ingest');
    for (const command of commands) {
      const help = runCliProcess([command, '--help']);
      expect(help.code, `${command} --help: ${help.stderr}`).toBe(0);
      expect(help.stdout).toContain(`labourflow ${command}`);
    }
  }, 240_000);
});
