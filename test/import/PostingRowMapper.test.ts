import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../../src/core/PipelineError.ts';
import { CsvFileReader } from '../../src/import/CsvFileReader.ts';
import type { CsvRecord } from '../../src/import/CsvParser.ts';
import { loadMappingSync, parseMapping } from '../../src/import/loadMapping.ts';
import { PostingRowMapper, type ImportContext } from '../../src/import/PostingRowMapper.ts';
import { validateEnvelope } from '../../src/records/envelope.ts';
import { Regions } from '../../src/validation/Regions.ts';

const CONTEXT: ImportContext = { sourceName: 'jobboard', postedDate: '2026-03-01', eventTime: '2026-03-01T00:00:00+08:00' };
const HEADER = ['company_name', 'position_name', 'salary', 'city', 'work_years', 'education', 'advantage', 'desc', 'mark'];
const record = (fields: string[], raw = fields.join(',')): CsvRecord => ({ fields, line: 2, raw });
const mapper = () => PostingRowMapper.create(loadMappingSync('jobboard'), HEADER, CONTEXT);
const GOOD = ['江畔软件', '测试工程师', '6k-10k', '杭州', '1-3年', '大专', '双休', 'https://example.invalid/j/1', '0'];

describe('PostingRowMapper', () => {
  it('builds an envelope the shared schema accepts', () => {
    const item = mapper().map(record(GOOD), 'row 2');
    expect(item.issues).toBeUndefined();
    const checked = validateEnvelope(item.value);
    expect(checked.ok).toBe(true);
    expect(item).toMatchObject({ position: 'row 2', value: { type: 'posting', version: 1, event_time: CONTEXT.eventTime } });
  });

  it('gives the same id on every import and ignores trailing empty cells, a different id for another posting', () => {
    const id = (fields: string[]) => (mapper().map(record(fields), 'row 2').value as { id: string }).id;
    expect(id(GOOD)).toBe(id([...GOOD, '', '']));
    expect(id(GOOD)).toBe(id(GOOD.map((f, i) => (i === 8 ? '5' : f)))); // mark is no part of the posting's identity
    expect(id(GOOD)).not.toBe(id(GOOD.map((f, i) => (i === 7 ? 'https://example.invalid/j/2' : f))));
    const other = PostingRowMapper.create(loadMappingSync('jobboard'), HEADER, { ...CONTEXT, sourceName: 'board-b' });
    expect((other.map(record(GOOD), 'row 2').value as { id: string }).id).not.toBe(id(GOOD));
  });

  it('rejects misaligned rows but accepts short rows whose missing cells are optional', () => {
    const extra = mapper().map(record([...GOOD, 'stray']), 'row 3');
    expect(extra.issues?.[0]).toMatchObject({ code: 'ragged_row' });
    const short = mapper().map(record(GOOD.slice(0, 6)), 'row 4');
    expect(short.issues).toBeUndefined();
    const tooShort = mapper().map(record(GOOD.slice(0, 3)), 'row 5');
    expect(tooShort.issues?.[0]?.message).toMatch(/region column is missing/);
  });

  it('reports every problem of a row, CSV syntax and encoding problems', () => {
    const bad = mapper().map(record(['公司', '岗位', '面议', '新加坡', '很久', '看能力', '', '', '']), 'row 6');
    expect(bad.issues?.map((i) => i.code)).toEqual([
      'salary_negotiable',
      'region_outside_scope',
      'experience_unparsed',
      'education_unparsed',
    ]);
    expect(mapper().map({ ...record(GOOD), problem: 'quoted field never closed' }, 'row 7').issues?.[0]?.code).toBe('csv_syntax');
    expect(mapper().map(record(GOOD.map((f, i) => (i === 0 ? '江\uFFFD软件' : f))), 'row 8').issues?.[0]?.code).toBe('invalid_encoding');
  });

  it('falls back to hashing the whole row when the identifying column is absent', () => {
    const header = ['公司名称', '职位名称', '薪资', '城市', '工作经验', '学历要求'];
    const m = PostingRowMapper.create(loadMappingSync('jobboard'), header, CONTEXT);
    expect(m.warnings.join()).toMatch(/ids hash the whole row/);
    const a = m.map(record(GOOD.slice(0, 6)), 'row 2');
    const b = m.map(record(GOOD.slice(0, 6).map((f, i) => (i === 1 ? '开发工程师' : f))), 'row 3');
    expect(a.issues).toBeUndefined();
    expect((a.value as { id: string }).id).not.toBe((b.value as { id: string }).id);
  });

  it('fails fast with the header in the hint when a required column is absent', () => {
    expect(() => PostingRowMapper.create(loadMappingSync('jobboard'), ['名称', '薪资'], CONTEXT)).toThrow(
      /does not fit this file: missing title/,
    );
  });
});

describe('mapping files', () => {
  it('validates with messages that name the key', () => {
    expect(() => parseMapping('{"name":"x"}', 'm.json')).toThrow(/mapping\.columns/);
    const base = JSON.stringify({ name: 'x', columns: { title: 't', salary: 's', region: 'r' }, defaults: { industry_code: 'I65' } });
    expect(parseMapping(base, 'm.json').salary.periods.day).toBe(21.75);
    const badRegion = JSON.parse(base);
    badRegion.synonyms = { region: { 雄安: '999999' } };
    expect(() => parseMapping(JSON.stringify(badRegion), 'm.json')).toThrow(/synonyms\.region\.雄安/);
    const badIndustry = JSON.parse(base);
    badIndustry.defaults.industry_code = 'Z99';
    expect(() => parseMapping(JSON.stringify(badIndustry), 'm.json')).toThrow(/GB\/T 4754/);
    let hint = '';
    try {
      loadMappingSync('no-such-mapping');
    } catch (error) {
      hint = (error as ConfigError).hint ?? '';
    }
    expect(hint).toMatch(/built-in mapping name \(jobboard\)/);
  });
});

const BOSS = '/work/shared/datasets/postings-boss-2019/boss.csv';

/** An independent reading of boss.csv's columns, written by hand from inspecting the file. */
const CITY: Record<string, string> = {
  北京: '110100',
  上海: '310100',
  天津: '120100',
  重庆: '500100',
  杭州: '330100',
  南京: '320100',
  深圳: '440300',
  广州: '440100',
  西安: '610100',
  武汉: '420100',
  大连: '210200',
  成都: '510100',
  厦门: '350200',
  青岛: '370200',
  长沙: '430100',
  合肥: '340100',
  济南: '370100',
  福州: '350100',
  苏州: '320500',
  无锡: '320200',
  郑州: '410100',
  石家庄: '130100',
  东莞: '441900',
  中山: '442000',
  宁波: '330200',
};
const YEARS: Record<string, [number, number | null]> = {
  '1年以内': [0, 1],
  '1-3年': [1, 3],
  '3-5年': [3, 5],
  '5-10年': [5, 10],
  '10年以上': [10, null],
  经验不限: [0, null],
  应届生: [0, 1],
};
const EDUCATION: Record<string, string> = {
  本科: 'bachelor',
  大专: 'associate',
  学历不限: 'any',
  硕士: 'master',
  博士: 'doctorate',
  高中: 'senior_high',
  '中专/中技': 'secondary_vocational',
};

describe.skipIf(!existsSync(BOSS))('boss.csv row by row (shared dataset, skipped when absent)', () => {
  it('maps ≥ 98% of rows, each with the salary, region, experience and education an independent reading gives', async () => {
    const reader = await CsvFileReader.create(BOSS);
    let m: PostingRowMapper | null = null;
    let rows = 0;
    let mapped = 0;
    const mismatches: string[] = [];
    for await (const rec of reader.records()) {
      if (!m) {
        m = PostingRowMapper.create(loadMappingSync('jobboard'), rec.fields, CONTEXT);
        continue;
      }
      rows++;
      const item = m.map(rec, `row ${rows + 1}`);
      if (!item.value) continue;
      expect(validateEnvelope(item.value).ok).toBe(true);
      mapped++;
      const p = (item.value as { payload: Record<string, unknown> }).payload;
      const [, , salary, city, years, education] = rec.fields as string[];
      const s = /^(\d+)k-(\d+)k$/.exec(salary!);
      const expected = {
        salary_min: s ? Number(s[1]) * 1000 : undefined,
        salary_max: s ? Number(s[2]) * 1000 : undefined,
        experience_min_years: YEARS[years!]?.[0],
        experience_max_years: YEARS[years!]?.[1],
        education_required: EDUCATION[education!],
      };
      const actual = {
        salary_min: p.salary_min,
        salary_max: p.salary_max,
        experience_min_years: p.experience_min_years,
        experience_max_years: p.experience_max_years,
        education_required: p.education_required,
      };
      const code = p.region_code as string;
      const regionOk = CITY[city!]
        ? code === CITY[city!]
        : Regions.get().lookup(code)?.level === 'city' && Regions.get().name(code)!.startsWith(city!);
      if (JSON.stringify(actual) !== JSON.stringify(expected) || !regionOk)
        mismatches.push(`${rec.raw} → ${JSON.stringify({ ...actual, code })}`);
    }
    expect(rows).toBe(2130);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(mapped / rows).toBeGreaterThanOrEqual(0.98);
  });
});
