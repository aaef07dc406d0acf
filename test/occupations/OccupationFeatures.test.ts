import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_OPTIONS, FEATURES, FEATURE_COUNT, OccupationFeatures } from '../../src/occupations/OccupationFeatures.ts';
import { OccupationCoder, PRIOR_WEIGHTS } from '../../src/occupations/OccupationCoder.ts';
import { fixtureTaxonomy } from './fixture.ts';

const tax = fixtureTaxonomy();
const occupations = tax.occupations;
const features = OccupationFeatures.build(occupations);
const at = (title: string, code: string, feature: (typeof FEATURES)[number], exclude?: { occ: number; entry: number }) => {
  const c = features.candidates(title, exclude);
  const i = c.occs.indexOf(occupations.findIndex((o) => o.code === code));
  return i < 0 ? undefined : c.x[i * FEATURE_COUNT + FEATURES.indexOf(feature)]!;
};

describe('OccupationFeatures', () => {
  const query = features.aliasEntries().find((q) => q.text === '货车司机')!;
  const exclude = { occ: query.occ, entry: query.entry };
  it('lists every alias as a leave-one-out query and finds exact matches', () => {
    expect(features.aliasEntries().length).toBe(occupations.reduce((n, o) => n + o.aliases.length, 0));
    expect(occupations[query.occ]!.code).toBe('4-02-02-02');
    expect(features.exactMatch('货车司机')).toBe(query.occ);
    expect(features.exactMatch('货车司机', exclude)).toBeUndefined();
    expect(features.exactMatch('不存在的职位')).toBeUndefined();
  });
  it('answers as if the excluded alias were unknown', () => {
    expect(at('货车司机', '4-02-02-02', 'entryChars')).toBeCloseTo(1, 6);
    const without = at('货车司机', '4-02-02-02', 'entryChars', exclude)!;
    expect(without).toBeGreaterThan(0);
    expect(without).toBeLessThan(0.9);
    expect(at('货车司机', '4-02-02-02', 'docChars', exclude)!).toBeLessThan(at('货车司机', '4-02-02-02', 'docChars')!);
    expect(at('货车司机', '4-02-02-02', 'aliasPrior', exclude)).toBeCloseTo(Math.log1p(2), 10);
    expect(at('货车司机', '4-02-02-02', 'aliasPrior')).toBeCloseTo(Math.log1p(3), 10);
    // Other occupations are untouched by the exclusion.
    expect(at('货车司机', '4-02-02-01', 'entryChars', exclude)).toBeCloseTo(at('货车司机', '4-02-02-01', 'entryChars')!, 10);
  });
  it('gives head agreement and the group flag', () => {
    expect(at('冷链货车司机', '4-02-02-02', 'head')).toBe(1);
    expect(at('冷链货车司机', '2-02-10-03', 'head') ?? 0).toBe(0);
    expect(at('信息和通信工程师', '2-02-10-00', 'group')).toBe(1);
  });
  it('finds no candidates with evidence for a title sharing nothing', () => {
    expect(features.candidates('ξψω').nearest).toBe(0);
  });
});

describe('OccupationCoder learning', () => {
  it('keeps the prior weights when there are too few aliases to learn from', () => {
    const coder = OccupationCoder.fit(occupations);
    expect(coder.trainingQueries).toBe(0);
    expect(coder.weights).toEqual(PRIOR_WEIGHTS);
  });
  it('learns weights from leave-one-out queries and still codes unseen titles', () => {
    const coder = OccupationCoder.fit(occupations, { minQueries: 5 });
    expect(coder.trainingQueries).toBeGreaterThanOrEqual(5);
    expect(coder.weights).not.toEqual(PRIOR_WEIGHTS);
    expect(coder.code('冷链货车司机')[0]!.code).toBe('4-02-02-02');
    expect(coder.code('货车司机')[0]).toMatchObject({ code: '4-02-02-02', score: 1 });
  });
});

describe('classifier channel', () => {
  it('scores the occupation whose aliases share the title words higher, and is absent with folds 0', () => {
    const j = FEATURES.indexOf('classifier');
    const c = features.candidates('Java后端工程师');
    const of = (code: string) => c.x[c.occs.indexOf(occupations.findIndex((o) => o.code === code)) * FEATURE_COUNT + j]!;
    expect(of('2-02-10-03')).toBeGreaterThan(of('4-02-02-02'));
    expect(of('2-02-10-03')).toBeLessThanOrEqual(0);
    const none = OccupationFeatures.build(occupations, { ...DEFAULT_FEATURE_OPTIONS, folds: 0 }).candidates('Java后端工程师');
    for (let i = 0; i < none.occs.length; i++) expect(none.x[i * FEATURE_COUNT + j]).toBe(0);
  });
});

describe('classifications without aliases', () => {
  it('still code by names and definitions, with the prior weights', () => {
    const bare = occupations.map((o) => ({ ...o, aliases: [] }));
    const f = OccupationFeatures.build(bare);
    expect(f.aliasEntries()).toEqual([]);
    const coder = OccupationCoder.fit(bare, { minQueries: 1 });
    expect(coder.trainingQueries).toBe(0);
    expect(coder.code('养老护理员')[0]).toMatchObject({ code: '4-10-01-05', score: 1 });
    expect(coder.code('客运驾驶员')[0]!.code).toBe('4-02-02-01');
  });
  it('work when no title has a usable character', () => {
    const empty = occupations.slice(0, 2).map((o) => ({ ...o, name: '…', aliases: [], definition: '', tasks: '' }));
    const coder = OccupationCoder.fit(empty);
    expect(coder.code('货车司机')).toEqual([]);
  });
});
