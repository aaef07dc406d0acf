import { describe, expect, it } from 'vitest';
import { Bm25Model } from '../../src/text/Bm25Model.ts';
import { cosine, sparseFromMap } from '../../src/text/SparseVector.ts';
import { TextSimilarity } from '../../src/text/TextSimilarity.ts';
import { TfidfModel } from '../../src/text/TfidfModel.ts';
import { similarityMatrix, topKSimilar } from '../../src/text/topKSimilar.ts';

const docs = [
  ['java', '开发', '工程师'],
  ['前端开发', 'vue', '工程师'],
  ['护士', '护理'],
  ['养老护理', '护理员', '护理'],
  ['货车', '司机'],
];

describe('SparseVector and TfidfModel', () => {
  it('computes cosine on sparse vectors, 0 for empty ones', () => {
    const a = sparseFromMap(
      new Map([
        [0, 1],
        [2, 1],
      ]),
    );
    const b = sparseFromMap(
      new Map([
        [2, 1],
        [5, 1],
      ]),
    );
    expect(cosine(a, b)).toBeCloseTo(0.5, 10);
    expect(cosine(a, sparseFromMap(new Map()))).toBe(0);
  });
  it('weights rare terms more and ignores unknown terms', () => {
    const m = TfidfModel.fit(docs);
    expect(m.idf('护理')).toBeLessThan(m.idf('护士'));
    expect(m.idf('unknown')).toBe(0);
    expect(m.transform(['unknown']).indices.length).toBe(0);
    const v = m.transform(['java', 'java', '工程师']);
    const len = Math.hypot(...v.values);
    expect(len).toBeCloseTo(1, 10);
  });
});

describe('topKSimilar', () => {
  const m = TfidfModel.fit(docs);
  const dv = m.transformAll(docs);
  const queries = [['java', '工程师'], ['护理'], ['nothing', 'here'], ['司机', '护理']].map((q) => m.transform(q));
  it('dense (ml-matrix) and sparse (inverted index) paths agree', () => {
    const dense = topKSimilar(queries, dv, 3, { method: 'dense' });
    const sparse = topKSimilar(queries, dv, 3, { method: 'sparse' });
    expect(dense.map((r) => r.map((n) => n.index))).toEqual(sparse.map((r) => r.map((n) => n.index)));
    dense.forEach((r, i) => r.forEach((n, j) => expect(n.score).toBeCloseTo(sparse[i]![j]!.score, 10)));
  });
  it('returns the best first and nothing for an unrelated query', () => {
    const res = topKSimilar(queries, dv, 2);
    expect(res[0]![0]!.index).toBe(0);
    expect(res[1]!.map((n) => n.index).sort()).toEqual([2, 3]);
    expect(res[2]).toEqual([]);
    expect(topKSimilar(queries, dv, 0)).toEqual([[], [], [], []]);
  });
  it('similarityMatrix matches pairwise cosine', () => {
    const s = similarityMatrix(queries, dv);
    expect(s.rows).toBe(4);
    expect(s.columns).toBe(5);
    expect(s.get(0, 0)).toBeCloseTo(cosine(queries[0]!, dv[0]!), 10);
    expect(s.get(2, 1)).toBe(0);
  });
});

describe('Bm25Model', () => {
  it('scores fitted and outside documents consistently and ranks term matches first', () => {
    const bm = Bm25Model.fit(docs);
    const all = bm.scoreAll(['护理', '护士']);
    expect(all[2]).toBeGreaterThan(all[3]!);
    expect(all[0]).toBe(0);
    expect(bm.score(['护理', '护士'], 2)).toBeCloseTo(all[2]!, 10);
    expect(bm.scoreTokens(['护理', '护士'], docs[2]!)).toBeCloseTo(all[2]!, 10);
    expect(bm.idf('unknown')).toBeGreaterThan(bm.idf('护理'));
  });
});

describe('TextSimilarity', () => {
  it('gives related texts a higher score than unrelated ones, in [0, 1]', () => {
    const sim = TextSimilarity.fit(['Java开发工程师', '前端开发工程师', '养老护理员', '货车司机']);
    const close = sim.similarity('高级Java开发工程师', 'Java工程师');
    const far = sim.similarity('高级Java开发工程师', '养老护理员');
    expect(close).toBeGreaterThan(far);
    expect(close).toBeLessThanOrEqual(1);
    expect(far).toBe(0);
  });
  it('reports the skills gap', () => {
    const sim = TextSimilarity.empty();
    const need = sim.skills('要求熟悉Java、Redis和Linux');
    const have = sim.skills('三年Java开发，熟悉Linux');
    expect(sim.skillMatch(need, have)).toEqual({ score: 2 / 3, matched: ['java', 'linux'], missing: ['nosql'] });
    expect(sim.skillMatch([], have).score).toBe(1);
  });
});
