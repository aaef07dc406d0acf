import { describe, expect, it } from 'vitest';
import { BUILTIN_EDUCATION } from '../../src/import/builtinSynonyms.ts';
import { foldTable } from '../../src/import/normalizeCell.ts';
import { parseEducation } from '../../src/import/parseEducation.ts';

const TABLE = foldTable(BUILTIN_EDUCATION);
const parse = (cell: string) => parseEducation(cell, TABLE, true);

describe('parseEducation', () => {
  it.each([
    ['本科', 'bachelor'],
    ['大专', 'associate'],
    ['学历不限', 'any'],
    ['硕士', 'master'],
    ['博士', 'doctorate'],
    ['中专/中技', 'secondary_vocational'],
    ['高中', 'senior_high'],
    ['初中及以下', 'any'],
    ['本科及以上', 'bachelor'],
    ['统招本科以上学历', 'bachelor'],
    ['学历要求: 中专/中技', 'secondary_vocational'],
    ['大专/本科', 'associate'],
    ['硕士研究生', 'master'],
    ['MBA', 'master'],
    ['不限', 'any'],
  ])('%s → %s', (cell, level) => {
    expect(parse(cell)).toEqual({ ok: true, value: level });
  });

  it('rejects unknown wording with the key to extend', () => {
    const r = parse('看能力');
    expect(r).toMatchObject({ ok: false, code: 'education_unparsed' });
    expect(!r.ok && r.message).toMatch(/synonyms\.education/);
  });
});
