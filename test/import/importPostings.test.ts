import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPostings } from '../../src/import/importPostings.ts';
import { loadMappingSync } from '../../src/import/loadMapping.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { inferIndustries } from '../../src/occupations/saveOccupationCodes.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const JOBFAIR_MAPPING = fileURLToPath(new URL('../../mappings/examples/jobfair.json', import.meta.url));

interface Row {
  title: string;
  employer_name: string | null;
  employer_credit_code: string;
  region_code: string;
  salary_min: number;
  salary_max: number | null;
  salary_months: number | null;
  education_required: string;
  experience_min_years: number;
  experience_max_years: number | null;
  source: string;
  posted_date: string;
  employment_type: string;
  headcount: number;
}

describe('importPostings (CSV → mapper → IngestPipeline → DuckDB)', () => {
  let store: DuckDBStore;
  beforeEach(async () => {
    store = await DuckDBStore.create({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  const postings = () =>
    store.all<Row>(`SELECT title, employer_name, employer_credit_code, region_code, salary_min, salary_max, salary_months,
      education_required, experience_min_years, experience_max_years, source, CAST(posted_date AS VARCHAR) AS posted_date,
      employment_type, headcount FROM postings ORDER BY id`);
  const rejected = async () =>
    Object.fromEntries(
      (await store.all<{ position: string; reason: string }>('SELECT position, reason FROM rejected')).map((r) => [r.position, r.reason]),
    );
  const byTitle = async (title: string) => (await postings()).find((p) => p.title === title);

  it('the jobboard mapping never invents an industry: unknown stays unknown, or is inferred from the occupation with its confidence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-industry-'));
    try {
      const csv = join(dir, 'board.csv');
      writeFileSync(
        csv,
        [
          'company_name,position_name,salary,city,work_years,education,advantage,desc,mark',
          '顺达汽修,汽车维修工,6k-9k,成都,1-3年,中专,包吃住,https://example.invalid/job/r1,0',
          '丰牧养殖场,生猪饲养员,5k-7k,成都,经验不限,初中,包吃住,https://example.invalid/job/r2,0',
        ].join('\n'),
      );
      const r = await importPostings(store, { path: csv, mapping: loadMappingSync('jobboard'), postedDate: '2026-03-01' });
      expect(r.summary).toMatchObject({ stored: 2, rejected: 0 });
      const industries = () =>
        store.all<{ title: string; industry_code: string | null; industry_confidence: number | null }>(
          'SELECT title, industry_code, industry_confidence FROM postings ORDER BY title',
        );
      expect(await industries()).toEqual([
        { title: '汽车维修工', industry_code: null, industry_confidence: null },
        { title: '生猪饲养员', industry_code: null, industry_confidence: null },
      ]);
      // Once the car mechanic is coded and 25 postings of that occupation state an industry
      // (24 in O, 1 in C), it is inferred as O with confidence 0.96; the unmatched one stays unknown.
      await store.run("UPDATE postings SET occupation_code = '4-12-01-01' WHERE title = '汽车维修工'");
      await store.run(`INSERT INTO postings SELECT postings.* REPLACE ('S-' || CAST(i AS VARCHAR) AS id, '4-12-01-01' AS occupation_code,
        CASE WHEN i = 0 THEN 'C36' ELSE 'O81' END AS industry_code, '汽修' AS title)
        FROM postings, range(25) t(i) WHERE postings.title = '汽车维修工'`);
      expect(await inferIndustries(store)).toBe(1);
      const after = await industries();
      expect(after.find((x) => x.title === '汽车维修工')).toEqual({ title: '汽车维修工', industry_code: 'O', industry_confidence: 0.96 });
      expect(after.find((x) => x.title === '生猪饲养员')).toEqual({ title: '生猪饲养员', industry_code: null, industry_confidence: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports the built-in jobboard format: fields right, duplicates collapse, bad rows rejected with reasons', async () => {
    const r = await importPostings(store, {
      path: fixture('jobboard-sample.csv'),
      mapping: loadMappingSync('jobboard'),
      postedDate: '2026-03-01',
    });
    expect(r.summary).toMatchObject({ read: 15, stored: 10, stale: 1, rejected: 4 });

    expect(await byTitle('Java开发工程师')).toMatchObject({
      employer_name: '青禾数据科技',
      region_code: '610100',
      salary_min: 9000,
      salary_max: 18000,
      salary_months: null,
      experience_min_years: 3,
      experience_max_years: 5,
      education_required: 'bachelor',
      posted_date: '2026-03-01',
      source: 'jobboard;credit_code=derived',
      employment_type: 'full_time',
      headcount: 1,
    });
    expect((await byTitle('Java开发工程师'))!.employer_credit_code).toMatch(/^00000000/);
    expect(await byTitle('后端工程师')).toMatchObject({
      region_code: '110100',
      salary_min: 15000,
      salary_max: 25000,
      salary_months: 13,
      education_required: 'master',
      experience_min_years: 5,
      experience_max_years: 10,
    });
    expect(await byTitle('实施顾问')).toMatchObject({
      region_code: '500100',
      salary_min: 8000,
      salary_max: 12000,
      education_required: 'any',
      experience_min_years: 0,
      experience_max_years: null,
    });
    expect(await byTitle('嵌入式开发')).toMatchObject({ region_code: '440300', salary_min: 10000, salary_max: 15000 });
    expect(await byTitle('Python讲师')).toMatchObject({
      region_code: '310100',
      salary_min: 20000,
      salary_max: null,
      education_required: 'doctorate',
      experience_min_years: 10,
      experience_max_years: null,
    });
    expect(await byTitle('助教')).toMatchObject({
      region_code: '211300',
      experience_min_years: 0,
      experience_max_years: 1,
      education_required: 'associate',
    });
    expect(await byTitle('Android开发')).toMatchObject({ region_code: '810000' });
    expect(await byTitle('C#工程师')).toMatchObject({ region_code: '610300', education_required: 'secondary_vocational' });

    const reasons = await rejected();
    expect(Object.keys(reasons).sort()).toEqual(['row 10', 'row 11', 'row 15', 'row 16']);
    expect(reasons['row 10']).toMatch(/面议/);
    expect(reasons['row 11']).toMatch(/新加坡.*overseas/);
    expect(reasons['row 15']).toMatch(/火星基地.*not a GB\/T 2260 division/);
    expect(reasons['row 16']).toMatch(/no employer name/);
    expect(r.mappingRejects).toEqual({ salary_negotiable: 1, region_outside_scope: 1, region_unknown: 1, credit_code_missing: 1 });
  });

  it('re-importing the same file changes no posting', async () => {
    const options = { path: fixture('jobboard-sample.csv'), mapping: loadMappingSync('jobboard'), postedDate: '2026-03-01' };
    await importPostings(store, options);
    const before = await store.all('SELECT * FROM postings ORDER BY id');
    const again = await importPostings(store, options);
    expect(again.summary).toMatchObject({ read: 15, stored: 0, stale: 11, rejected: 4 });
    expect(await store.all('SELECT * FROM postings ORDER BY id')).toEqual(before);
  });

  it('imports another board with an office-written mapping: labels in cells, BOM, CRLF, ragged rows, Hong Kong, overseas', async () => {
    const r = await importPostings(store, { path: fixture('jobfair-sample.csv'), mapping: loadMappingSync(JOBFAIR_MAPPING) });
    expect(r.summary).toMatchObject({ read: 12, stored: 5, stale: 0, rejected: 7 });
    expect(await byTitle('数控车工')).toMatchObject({
      employer_credit_code: '91130503MA0C7TNE2H',
      region_code: '130506',
      salary_min: 5000,
      salary_max: 8000,
      salary_months: 13,
      education_required: 'secondary_vocational',
      experience_min_years: 1,
      experience_max_years: 3,
      headcount: 3,
      posted_date: '2026-03-02',
      source: 'jobfair-xingtai',
    });
    expect(await byTitle('SMT操作员')).toMatchObject({
      region_code: '440305',
      salary_min: 4500,
      salary_max: 6000,
      headcount: 10,
      posted_date: '2026-03-05',
    });
    expect(await byTitle('跨境电商专员')).toMatchObject({
      region_code: '810000',
      salary_min: 12000,
      salary_max: 18000,
      headcount: 1,
      posted_date: '2026-03-06',
    });
    expect(await byTitle('质检员')).toMatchObject({
      region_code: '130529',
      salary_min: 3263,
      salary_max: 3915,
      employment_type: 'flexible',
      experience_min_years: 1,
    });
    expect(await byTitle('施工员')).toMatchObject({ region_code: '130600' });

    const reasons = await rejected();
    expect(reasons['row 5']).toMatch(/新加坡/);
    expect(reasons['row 6']).toMatch(/only 3 cells/);
    expect(reasons['row 7']).toMatch(/13 cells but the header has 11/);
    expect(reasons['row 9']).toMatch(/per hour/);
    expect(reasons['row 10']).toMatch(/fails GB 32100/);
    expect(reasons['row 11']).toMatch(/credit code is empty/);
    expect(reasons['row 13']).toMatch(/negotiable/);
  });

  it('refuses a mapping that does not fit the file before writing anything', async () => {
    await expect(importPostings(store, { path: fixture('jobfair-sample.csv'), mapping: loadMappingSync('jobboard') })).rejects.toThrow(
      /does not fit this file: missing title/,
    );
    expect(await store.all('SELECT * FROM ingest_batches')).toEqual([]);
  });
});

const BOSS = '/work/shared/datasets/postings-boss-2019/boss.csv';

describe.skipIf(!existsSync(BOSS))('boss.csv (shared dataset, skipped when absent)', () => {
  it('stores ≥ 98% of rows (duplicates of a stored posting count as stored), rejects the rest with reasons', async () => {
    const store = await DuckDBStore.create({ path: ':memory:' });
    try {
      const r = await importPostings(store, { path: BOSS, mapping: loadMappingSync('jobboard'), postedDate: '2019-06-01' });
      expect(r.summary.read).toBe(2130);
      expect(r.summary.read).toBe(r.summary.stored + r.summary.stale + r.summary.rejected);
      expect((r.summary.stored + r.summary.stale) / r.summary.read).toBeGreaterThanOrEqual(0.98);
      const distinctUrls = await store.all<{ n: number }>(
        `SELECT count(DISTINCT regexp_extract(description, '原帖: (\\S+)', 1))::INTEGER AS n FROM postings`,
      );
      expect(distinctUrls[0]!.n).toBe(r.summary.stored);
      const rejectedWithoutReason = await store.all(`SELECT * FROM rejected WHERE reason IS NULL OR reason = ''`);
      expect(rejectedWithoutReason).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
