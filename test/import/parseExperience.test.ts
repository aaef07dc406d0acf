import { describe, expect, it } from 'vitest';
import { BUILTIN_EXPERIENCE } from '../../src/import/builtinSynonyms.ts';
import { foldTable } from '../../src/import/normalizeCell.ts';
import { parseExperience } from '../../src/import/parseExperience.ts';

const TABLE = foldTable(BUILTIN_EXPERIENCE);
const parse = (cell: string, table = TABLE) => parseExperience(cell, table, true);

describe('parseExperience', () => {
  it.each([
    ['3-5年', 3, 5],
    ['1-3年', 1, 3],
    ['5-10年', 5, 10],
    ['1年以内', 0, 1],
    ['10年以上', 10, null],
    ['经验不限', 0, null],
    ['应届生', 0, 1],
    ['在校/应届', 0, 1],
    ['三年以上', 3, null],
    ['经验要求: 2年', 2, null],
    ['工作经验3年及以上', 3, null],
    ['一至两年', 1, 2],
    ['6个月以上', 0.5, null],
    ['１－３年', 1, 3],
  ])('%s → %s..%s', (cell, min, max) => {
    expect(parse(cell)).toEqual({ ok: true, value: { min, max } });
  });

  it('lets a mapping table add wordings', () => {
    const table = foldTable({ ...BUILTIN_EXPERIENCE, 熟手: { min: 2, max: null } });
    expect(parse('熟手', table)).toEqual({ ok: true, value: { min: 2, max: null } });
  });

  it('rejects what it cannot read, and absurd or reversed ranges', () => {
    expect(parse('熟手')).toMatchObject({ ok: false, code: 'experience_unparsed' });
    expect(parse('5-3年')).toMatchObject({ ok: false, code: 'experience_unparsed' });
    expect(parse('60年以上')).toMatchObject({ ok: false, code: 'experience_implausible' });
  });
});
