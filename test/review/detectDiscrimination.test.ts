import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLabelledPhrases } from '../../bench/lib/labelledPhrases.ts';
import { keywordBaseline, scoreDetector } from '../../bench/lib/reviewScoring.ts';
import { mulberry32 } from '../../src/core/mulberry32.ts';
import { DISCRIMINATION_KINDS, detectDiscrimination, discriminationLabel } from '../../src/review/detectDiscrimination.ts';

const kinds = (text: string) => [...new Set(detectDiscrimination(text).map((f) => f.kind))].sort();
const corpus = (name: string) => readLabelledPhrases(fileURLToPath(new URL(`../../bench/data/${name}`, import.meta.url)));

describe('detectDiscrimination', () => {
  it.each([
    // The misses the issue names, one per category of the Employment Promotion Law arts. 26–31, and age.
    ['年龄不超过40', ['age']],
    ['年龄：25-35', ['age']],
    ['河南人勿扰', ['origin']],
    ['本地人优先', ['origin']],
    ['不招孕妇', ['marital']],
    ['非农业户口', ['origin']],
    ['残疾人勿扰', ['disability']],
    ['艾滋病携带者不要', ['health']],
    ['女士勿扰，仅限40岁以下', ['age', 'gender']],
    ['限信仰基督教', ['religion']],
    ['限汉族', ['ethnicity']],
    // Words the labelled corpus lacks; each needs its kind's prefilter anchor.
    ['单亲勿扰', ['marital']],
    ['无神论者优先', ['religion']],
    ['入职体检含两对半', ['health']],
    // Earlier cases.
    ['招聘仓管，限男性，35岁以下', ['age', 'gender']],
    ['要求汉族，本地户口', ['ethnicity', 'origin']],
    ['年龄18-45岁，已婚已育优先', ['age', 'marital']],
    ['性别：男', ['gender']],
    ['限四川户籍', ['origin']],
    ['乙肝携带者勿扰', ['health']],
    ['Male only, under 30', ['age', 'gender']],
    // Full-width, traditional characters, Chinese numerals and typing slips fold before the rules run.
    ['年龄：２５－３５岁', ['age']],
    ['年齡35歲以下', ['age']],
    ['三十五岁以下', ['age']],
    ['限男姓', ['gender']],
    ['乙肝携带着勿扰', ['health']],
    // The requirement inside a longer description, across title and description lines.
    // biome-ignore format: Chinese text, split to keep each line within 160 bytes
    [
      '仓库管理员\n岗位职责：负责收发货。任职要求：高中以上学历，' +
        '男性优先，吃苦耐劳；工作地点：成都市武侯区。',
      ['gender'],
    ],
  ])('flags %s', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it.each([
    // Negation.
    '不限性别',
    '男女不限',
    '年龄不限',
    '不要求男性',
    '无需本地户口',
    '婚否：不限',
    '户籍、民族不限',
    // Positive action (arts. 28, 29), the minimum working age, health certificates for food work.
    '欢迎残疾人',
    '残疾人优先',
    '少数民族优先',
    '年满18周岁',
    '需持健康证',
    '18-60岁',
    // Products and places named for a group.
    '男装销售',
    '女性用品',
    '母婴店',
    '宁夏回族自治区银川市',
    '河南烩面馆招面点师',
    // Posts the state rules unsuitable for women (underground mine work).
    '矿山井下作业，限男性',
    // Ages that are not the applicant's.
    '少儿编程老师，面向6-12岁儿童',
    '团队平均年龄28岁',
    '服务60岁以上老人的养老护理员',
    // Ordinary requirements.
    '身体健康',
    '能适应倒班',
    '普通话标准',
    '本科及以上',
    'Java开发工程师，熟悉Spring，3-5年经验，月薪15000-25000',
    '工作时间9:00-18:00，做五休二',
    '',
  ])('does not flag %s', (text) => {
    expect(detectDiscrimination(text)).toEqual([]);
  });

  it('reports the kind, the matched text, labels and explanations in Chinese and English', () => {
    const [flag] = detectDiscrimination('限男性');
    expect(flag).toEqual({ kind: 'gender', match: '限男性', ...discriminationLabel('gender') });
    expect(flag!.zh).toBe('性别限制');
    expect(flag!.en).toBe('gender requirement');
    expect(flag!.explanation_zh).toContain('《就业促进法》第二十七条');
    expect(flag!.explanation_en).toContain('Employment Promotion Law art. 27');
  });

  it('gives every kind a label and an explanation citing the law', () => {
    for (const kind of DISCRIMINATION_KINDS) {
      const label = discriminationLabel(kind);
      expect(label.zh.length).toBeGreaterThan(1);
      expect(label.en.length).toBeGreaterThan(1);
      if (kind !== 'age') {
        expect(label.explanation_zh).toMatch(/《就业促进法》/);
        expect(label.explanation_en).toMatch(/Employment Promotion Law/);
      }
    }
  });

  it('keeps one flag per kind and stretch of text, and separate flags for separate statements', () => {
    const flags = detectDiscrimination('限男性，男性优先');
    expect(flags.map((f) => f.match)).toEqual(['限男性', '男性优先']);
    expect(detectDiscrimination('限男性').length).toBe(1);
  });

  it('meets precision and recall 0.95 on the labelled corpus and beats the keyword baseline', () => {
    const phrases = corpus('review-phrases.tsv');
    expect(phrases.length).toBeGreaterThanOrEqual(300);
    const lawful = phrases.filter((p) => p.kinds.length === 0).length;
    expect(lawful / phrases.length).toBeGreaterThan(0.45);
    const ours = scoreDetector(phrases, (t) => detectDiscrimination(t).map((f) => f.kind));
    expect(ours.flagged.precision).toBeGreaterThanOrEqual(0.95);
    expect(ours.flagged.recall).toBeGreaterThanOrEqual(0.95);
    const baseline = scoreDetector(phrases, keywordBaseline);
    expect(ours.flagged.precision).toBeGreaterThan(baseline.flagged.precision);
  });

  it('gives the same result with and without the prefilter, on every labelled phrase and on mutations of them', () => {
    const phrases = [...corpus('review-phrases.tsv'), ...corpus('review-heldout.tsv')].map((p) => p.text);
    const rand = mulberry32(11);
    const filler = [...'，。 、（）:的是在有人本外全性生年后族信残乙岁0123456789男女婚户籍限勿扰优先以下'];
    const texts = [...phrases];
    // Joined phrases (a requirement spread over a description) and phrases with noise spliced in.
    for (let i = 0; i < 2000; i++) {
      const a = phrases[Math.floor(rand() * phrases.length)]!;
      const b = phrases[Math.floor(rand() * phrases.length)]!;
      const cut = Math.floor(rand() * (a.length + 1));
      const noise = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => filler[Math.floor(rand() * filler.length)]).join('');
      texts.push(rand() < 0.5 ? `${a}，${b}` : a.slice(0, cut) + noise + a.slice(cut));
    }
    for (const t of texts) {
      expect(detectDiscrimination(t), t).toEqual(detectDiscrimination(t, { prefilter: false }));
    }
  });
});
