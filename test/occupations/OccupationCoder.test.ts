import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CharBigramBaseline } from '../../src/occupations/CharBigramBaseline.ts';
import { codeTitlesCsv } from '../../src/occupations/codeTitlesCsv.ts';
import { evaluateOccupations } from '../../src/occupations/evaluateOccupations.ts';
import { holdoutSplit } from '../../src/occupations/holdoutSplit.ts';
import { OccupationCoder } from '../../src/occupations/OccupationCoder.ts';
import { OccupationTaxonomy } from '../../src/occupations/OccupationTaxonomy.ts';
import { fixtureTaxonomy } from './fixture.ts';

const tax = fixtureTaxonomy();
const coder = OccupationCoder.fit(tax.occupations);

describe('OccupationCoder', () => {
  it('codes unseen job-board titles to the right occupation', () => {
    expect(coder.code('高级Java工程师')[0]!.code).toBe('2-02-10-03');
    expect(coder.code('冷链货车司机')[0]!.code).toBe('4-02-02-02');
    expect(coder.code('NLP算法工程师')[0]!.code).toBe('2-02-38-01');
    expect(coder.code('幼儿园教师')[0]!.code).toBe('2-08-03-00');
    expect(coder.code('养老院护工')[0]!.code).toBe('4-10-01-05');
  });
  it('gives an exact name or alias score 1 and ranks best first', () => {
    const r = coder.code('货车司机', 3);
    expect(r[0]).toMatchObject({ code: '4-02-02-02', score: 1 });
    expect(r.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < r.length; i++) expect(r[i]!.score).toBeLessThanOrEqual(r[i - 1]!.score);
  });
  it('returns nothing for empty titles and low scores for unrelated ones', () => {
    expect(coder.code('   ')).toEqual([]);
    expect(coder.code('xyz')[0]?.score ?? 0).toBeLessThan(0.1);
  });
  it('--top N gives N candidates for every coded title when the classification has N', () => {
    const titles = ['货车司机', '高级Java工程师', '养老院护工', '幼儿园教师', '网络销售'];
    const { csv } = codeTitlesCsv(coder, titles.join('\n'), 5);
    const rows = csv.trim().split('\n').slice(1);
    for (const t of titles) expect(rows.filter((r) => r.startsWith(`${t},`)).length, t).toBe(5);
    // The fixture has 11 entries: asking for 11 gives every one of them, ranked.
    const all = coder.code('货车司机', 11);
    expect(new Set(all.map((c) => c.code)).size).toBe(tax.occupations.length);
    expect(all[0]).toMatchObject({ code: '4-02-02-02', score: 1 });
    for (let i = 1; i < all.length; i++) expect(all[i]!.score).toBeLessThanOrEqual(all[i - 1]!.score);
    expect(coder.code('货车司机', 50).length).toBe(tax.occupations.length);
  });
  it('writes CSV title,code,rank,score with a row for every title', () => {
    const { csv, titles, uncoded } = codeTitlesCsv(coder, '货车司机\n\n"引号",标题\nxyz\n', 2);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('title,code,rank,score');
    expect(lines[1]).toBe('货车司机,4-02-02-02,1,1.0000');
    expect(titles).toBe(3);
    expect(uncoded).toBeGreaterThanOrEqual(1);
    expect(lines).toContain('xyz,,1,0');
    expect(csv).toContain('"""引号"",标题"');
  });
});

describe('holdout evaluation', () => {
  it('splits deterministically and never trains on a held-out title', () => {
    const a = holdoutSplit(tax.occupations, 0.4, 7);
    const b = holdoutSplit(tax.occupations, 0.4, 7);
    expect(a).toEqual(b);
    expect(a.test.length).toBeGreaterThan(0);
    const trained = new Set(a.train.flatMap((o) => o.aliases));
    for (const t of a.test) expect(trained.has(t.title)).toBe(false);
    const total = tax.occupations.reduce((n, o) => n + o.aliases.length, 0);
    expect(a.test.length + a.train.reduce((n, o) => n + o.aliases.length, 0)).toBe(total);
    expect(() => holdoutSplit(tax.occupations, 1, 1)).toThrow(RangeError);
  });
  it('reports acc@1/acc@5 for ours and the baseline on the same titles', () => {
    const r = evaluateOccupations(tax.occupations, { holdout: 0.4, seed: 3, levels: 'all' });
    expect(r.titles).toBeGreaterThan(0);
    for (const x of [r.acc1, r.acc5, r.baseline_acc1, r.baseline_acc5]) expect(x).toBeGreaterThanOrEqual(0);
    expect(r.acc5).toBeGreaterThanOrEqual(r.acc1);
    expect(r.acc5).toBeLessThanOrEqual(1);
    expect(CharBigramBaseline.fit(tax.occupations).code('货车司机')[0]!.code).toBe('4-02-02-02');
  });
});

const SHARED = '/work/shared/taxonomy';
describe.skipIf(!existsSync(SHARED))('on the shared classification (skipped when absent)', () => {
  it('beats the char-bigram baseline on held-out aliases', async () => {
    const full = await OccupationTaxonomy.load(SHARED);
    const r = evaluateOccupations(full.occupations, { holdout: 0.2, seed: 1, levels: 'occupations' });
    expect(r.titles).toBeGreaterThan(100);
    expect(r.acc1).toBeGreaterThan(r.baseline_acc1 + 0.05);
    expect(r.acc5).toBeGreaterThan(r.baseline_acc5 + 0.05);
  }, 120_000);
});
