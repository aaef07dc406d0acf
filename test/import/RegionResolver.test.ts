import { describe, expect, it } from 'vitest';
import { BUILTIN_REGIONS } from '../../src/import/builtinSynonyms.ts';
import { foldTable } from '../../src/import/normalizeCell.ts';
import { RegionResolver } from '../../src/import/RegionResolver.ts';

const resolver = new RegionResolver(foldTable(BUILTIN_REGIONS), true);
const code = (cell: string, district = '') => {
  const r = resolver.resolve(cell, district);
  return r.ok ? r.value : r.code;
};

describe('RegionResolver', () => {
  it('maps city names to prefecture codes', () => {
    expect(code('杭州')).toBe('330100');
    expect(code('西安')).toBe('610100');
    expect(code('西安市')).toBe('610100');
    expect(code('襄阳')).toBe('420600');
    expect(code('石家庄')).toBe('130100');
  });

  it('resolves the four municipalities to their 市辖区 city row', () => {
    expect(code('北京')).toBe('110100');
    expect(code('上海市')).toBe('310100');
    expect(code('天津')).toBe('120100');
    expect(code('重庆')).toBe('500100');
  });

  it('prefers a city over a same-named province or county', () => {
    expect(code('朝阳')).toBe('211300'); // 朝阳市 (Liaoning), not Beijing's 朝阳区
    expect(code('吉林')).toBe('220200'); // 吉林市, not 吉林省
    expect(code('东莞')).toBe('441900'); // city without districts
    expect(code('中山')).toBe('442000'); // not 大连 中山区
    expect(code('昆山')).toBe('320583'); // county-level city
  });

  it('narrows to a district written after the city', () => {
    expect(code('北京·朝阳区')).toBe('110105');
    expect(code('深圳-南山区')).toBe('440305');
    expect(code('工作地点: 深圳-南山区')).toBe('440305');
    expect(code('深圳市南山区')).toBe('440305');
    expect(code('广东 深圳 南山区')).toBe('440305');
    expect(code('重庆', '万州区')).toBe('500101');
    expect(code('深圳-科技园')).toBe('440300'); // not a division: the city stays
  });

  it('maps Hong Kong, Macau and Taiwan explicitly and rejects overseas or no single place', () => {
    expect(code('香港')).toBe('810000');
    expect(code('澳门')).toBe('820000');
    expect(code('台北')).toBe('710000');
    expect(code('香港-九龙')).toBe('810000');
    expect(code('新加坡')).toBe('region_outside_scope');
    expect(code('海外')).toBe('region_outside_scope');
    expect(code('远程')).toBe('region_outside_scope');
  });

  it('rejects unknown, empty and ambiguous places with a reason', () => {
    expect(code('火星')).toBe('region_unknown');
    expect(code('')).toBe('region_missing');
    const r = resolver.resolve('鼓楼区');
    expect(r).toMatchObject({ ok: false, code: 'region_ambiguous' });
    expect(!r.ok && r.message).toMatch(/320106 .*南京市鼓楼区/);
  });
});
