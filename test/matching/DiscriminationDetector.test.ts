import { describe, expect, it } from 'vitest';
import { detectDiscrimination } from '../../src/matching/DiscriminationDetector.ts';

const kinds = (text: string) =>
  detectDiscrimination(text)
    .map((f) => f.kind)
    .sort();

describe('detectDiscrimination', () => {
  it.each([
    ['招聘仓管，限男性，35岁以下', ['age', 'gender']],
    ['要求汉族，本地户口', ['ethnicity', 'origin']],
    ['年龄18-45岁，已婚已育优先', ['age', 'marital']],
    ['招聘普工18-35岁', ['age']],
    ['女士优先，形象好', ['gender']],
    ['性别：男', ['gender']],
    ['限四川户籍', ['origin']],
    ['乙肝携带者勿扰', ['health']],
    ['Male only, under 30', ['age', 'gender']],
    ['年龄不超过40岁', ['age']],
  ])('flags %s', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it.each([
    '年满18周岁，身体健康',
    '男女不限，年龄不限',
    'Java开发工程师，熟悉Spring，3年以上经验',
    '18-60岁', // the statutory retirement side is not a discriminatory cap
    '负责少数民族地区项目的推广',
    '',
  ])('does not flag %s', (text) => {
    expect(detectDiscrimination(text)).toEqual([]);
  });

  it('reports the matched text and labels in both languages', () => {
    expect(detectDiscrimination('限男性')[0]).toEqual({ kind: 'gender', match: '限男性', zh: '性别限制', en: 'gender requirement' });
  });
});
