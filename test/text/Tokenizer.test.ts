import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../../src/text/Tokenizer.ts';
import { expandAbbreviations, headSynonyms, SkillVocabulary, titleHead } from '../../src/text/SkillVocabulary.ts';

describe('Tokenizer', () => {
  const t = Tokenizer.get();
  it('cuts Chinese with jieba, keeps domain words whole and stems English in mixed text', () => {
    const tokens = t.tokens('熟悉Java/Spring Boot开发，有MySQL数据库经验的高级前端开发工程师; developing C++ and Node.js apps');
    expect(tokens).toEqual(
      expect.arrayContaining(['java', 'spring', 'mysql', '数据库', '前端开发', '工程师', 'develop', 'c++', 'node.js', 'app']),
    );
    // Stopwords and punctuation are gone.
    expect(tokens).not.toContain('的');
    expect(tokens).not.toContain('and');
    expect(tokens).not.toContain('，');
  });
  it('normalises full-width and case, so the same title tokenises the same', () => {
    expect(t.tokens('ＪＡＶＡ开发')).toEqual(t.tokens('java开发'));
  });
  it('search mode yields the parts of long words', () => {
    expect(t.searchTokens('集成电路工程技术人员')).toEqual(expect.arrayContaining(['集成电路', '电路', '工程技术人员', '技术']));
    expect(t.tokens('集成电路工程技术人员')).not.toContain('电路');
  });
  it('makes character n-grams without spaces or punctuation', () => {
    expect(t.charNgrams('IC 验证', 1, 2)).toEqual(['i', 'c', '验', '证', 'ic', 'c验', '验证']);
    expect(t.charNgrams('厨', 2, 2)).toEqual(['厨']);
    expect(t.charNgrams('', 1, 3)).toEqual([]);
  });
});

describe('SkillVocabulary', () => {
  const v = SkillVocabulary.default();
  it('finds canonical skills in Chinese, English and mixed text', () => {
    expect(v.extract('熟悉Java/Spring Boot开发，有MySQL数据库经验')).toEqual(['java', 'spring', 'sql']);
    expect(v.extract('持有电工证和C1驾照，会用Excel')).toEqual(expect.arrayContaining(['electrician', 'driving_c1', 'office']));
  });
  it('respects Latin word boundaries', () => {
    expect(v.extract('javascript')).toEqual(['javascript']);
    expect(v.extract('google ads')).not.toContain('golang');
    expect(v.extract('普通话流利')).toEqual([]);
  });
  it('labels skills in both languages', () => {
    expect(v.label('welding', 'zh')).toBe('焊接');
    expect(v.label('welding', 'en')).toBe('welding');
    expect(v.label('no-such-skill')).toBe('no-such-skill');
  });
  it('finds the head noun of a title, preferring the longest suffix', () => {
    expect(titleHead('高级Java开发工程师')).toBe('工程师');
    expect(titleHead('货车司机（A2）')).toBe('司机');
    expect(titleHead('区域销售经理')).toBe('经理');
    expect(titleHead('随便什么')).toBeNull();
  });
  it("maps job-board heads and abbreviations to the classification's words", () => {
    expect(headSynonyms('司机')).toContain('驾驶员');
    expect(headSynonyms('工程师')).toContain('工程技术人员');
    expect(headSynonyms('无此词')).toEqual([]);
    expect(expandAbbreviations('环评工程师')).toEqual(['环境影响评价工程师']);
    expect(expandAbbreviations('IT支持')).toEqual(['信息技术支持']);
    // Latin abbreviations only as whole words; nothing to expand, nothing returned.
    expect(expandAbbreviations('digital marketing')).toEqual([]);
    expect(expandAbbreviations('厨师')).toEqual([]);
  });
});

describe('loading the tokenizer', () => {
  it("prints nothing on stdout (natural's index would print dotenv banners into CSV output)", async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "const { Tokenizer } = await import('./src/text/Tokenizer.ts'); Tokenizer.get().tokens('developing 开发');",
      ],
      { cwd: new URL('../../', import.meta.url).pathname, encoding: 'utf8', env: { ...process.env, DOTENV_CONFIG_QUIET: '' } },
    );
    expect(out).toBe('');
  }, 60_000);
});
