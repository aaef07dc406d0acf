import { describe, expect, it } from 'vitest';
import { parseQueryFile } from '../../src/query/parseQueryFile.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { bindParams, parseParamFlags } from '../../src/query/bindParams.ts';

const GOOD = `-- name: demo
-- title_zh: 演示
-- title_en: Demo
-- description: first line
--   continued here
-- requires: postings, seekers
-- param: level enum(city|county) = city -- level
-- param: min_n int = 30 -- cell size
SELECT $level AS l, $min_n AS n`;

describe('query file headers', () => {
  it('reads titles, continued descriptions, requirements and typed parameters', () => {
    const def = parseQueryFile('demo.sql', GOOD);
    expect(def.titleZh).toBe('演示');
    expect(def.description).toBe('first line continued here');
    expect(def.requires).toEqual(['postings', 'seekers']);
    expect(def.params).toEqual([
      { name: 'level', type: 'enum', choices: ['city', 'county'], default: 'city', description: 'level' },
      { name: 'min_n', type: 'int', default: '30', description: 'cell size' },
    ]);
    expect(def.sql).toBe('SELECT $level AS l, $min_n AS n');
  });

  it('rejects a header whose name differs from the file, undeclared and unused parameters, bad enum defaults', () => {
    expect(() => parseQueryFile('other.sql', GOOD)).toThrow(/differs from the file name/);
    expect(() => parseQueryFile('demo.sql', GOOD.replace('$min_n AS n', '$oops AS n'))).toThrow(/min_n is declared but|uses \$oops/);
    expect(() => parseQueryFile('demo.sql', GOOD.replace('= city --', '= town --'))).toThrow(/not one of city, county/);
    expect(() => parseQueryFile('demo.sql', GOOD.replace('-- title_en: Demo\n', ''))).toThrow(/title_en/);
  });

  it('every file of the shipped pack parses, with titles in both languages and documented parameters', async () => {
    const pack = await QueryPack.load();
    const names = pack.list().map((d) => d.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'supply-demand',
        'wage-guide',
        'unemployment',
        'unemployment-trend',
        'follow-up-compliance',
        'zero-employment-households',
        'key-group-coverage',
        'matching-funnel',
        'reemployment-stability',
        'benefit-integrity',
        'posting-review-backlog',
        'flagged-postings',
        'layoff-risk',
      ]),
    );
    for (const def of pack.list()) {
      expect(def.titleZh, def.name).toMatch(/[\u4e00-\u9fff]/);
      expect(def.titleEn, def.name).toMatch(/[A-Za-z]/);
      for (const p of def.params) expect(p.description, `${def.name}.${p.name}`).not.toBe('');
    }
    const wage = pack.get('wage-guide');
    expect(wage.params.find((p) => p.name === 'min_n')?.default).toBe('30');
    expect(wage.params.find((p) => p.name === 'group_by')?.choices).toEqual(['region', 'occupation', 'region_occupation']);
    expect(wage.params.find((p) => p.name === 'region_level')?.default).toBe('city');
    expect(() => pack.get('nope')).toThrow(/no query named "nope"/);
  });
});

describe('query parameters', () => {
  const def = parseQueryFile('demo.sql', GOOD);
  it('fills defaults and converts types', () => {
    expect(bindParams(def, {})).toEqual({ level: 'city', min_n: 30 });
    expect(bindParams(def, parseParamFlags(['level=county', 'min_n=5']))).toEqual({ level: 'county', min_n: 5 });
  });
  it('rejects unknown names, values outside an enum and malformed numbers', () => {
    expect(() => bindParams(def, { levle: 'city' })).toThrow(/no parameter "levle"/);
    expect(() => bindParams(def, { level: "city'; DROP TABLE postings; --" })).toThrow(/one of city \| county/);
    expect(() => bindParams(def, { min_n: '3O' })).toThrow(/whole number/);
    expect(() => parseParamFlags(['min_n'])).toThrow(/name=value/);
  });
  it('takes only real calendar dates for date parameters', () => {
    const dated = parseQueryFile(
      'dated.sql',
      `-- name: dated
-- title_zh: 日期
-- title_en: Dated
-- description: a date parameter
-- requires: postings
-- param: as_of date = latest -- as of
SELECT $as_of AS d`,
    );
    expect(bindParams(dated, {})).toEqual({ as_of: 'latest' });
    expect(bindParams(dated, { as_of: '2024-02-29' })).toEqual({ as_of: '2024-02-29' });
    // Date.parse would accept both and roll them over to March.
    expect(() => bindParams(dated, { as_of: '2026-02-30' })).toThrow(/calendar date YYYY-MM-DD/);
    expect(() => bindParams(dated, { as_of: '2025-02-29' })).toThrow(/calendar date/);
    expect(() => bindParams(dated, { as_of: '2026-6-30' })).toThrow(/calendar date/);
  });
});
