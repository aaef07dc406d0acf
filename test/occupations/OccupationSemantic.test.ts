import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEmbedder } from '../../src/occupations/embeddings/loadEmbedder.ts';
import { evaluateOccupations } from '../../src/occupations/evaluateOccupations.ts';
import { OccupationCoder } from '../../src/occupations/OccupationCoder.ts';
import { FEATURES, OccupationFeatures } from '../../src/occupations/OccupationFeatures.ts';
import { OccupationTaxonomy } from '../../src/occupations/OccupationTaxonomy.ts';
import { fixtureTaxonomy } from './fixture.ts';

// The semantic channel with the real model (multilingual-e5-small; downloaded once into .cache/).
const tax = fixtureTaxonomy();
const col = (name: (typeof FEATURES)[number]) => FEATURES.indexOf(name);

describe('the semantic channel of the occupation coder', () => {
  it('scores the occupation a title means, where characters say little', async () => {
    const embedder = (await loadEmbedder('on'))!;
    const features = OccupationFeatures.build(tax.occupations, undefined, embedder);
    const { occs, x } = features.candidates('看护老人');
    const care = tax.occupations.findIndex((o) => o.code === '4-10-01-05');
    const rowOf = (o: number) => occs.indexOf(o);
    expect(rowOf(care)).toBeGreaterThanOrEqual(0);
    const emb = occs.map((_, i) => x[i * FEATURES.length + col('entryEmb')]!);
    expect(emb[rowOf(care)]).toBe(Math.max(...emb));
    expect(x[rowOf(care) * FEATURES.length + col('entryEmbRank')]).toBe(1);
    const coder = OccupationCoder.fit(tax.occupations, { embedder });
    expect(coder.code('看护老人')[0]!.code).toBe('4-10-01-05');
    // Unrelated text is not pulled into an occupation through meaning.
    expect(coder.code('今天天气很好')).toEqual([]);
  }, 180_000);

  it('leaves the semantic features at 0 without an embedder', () => {
    const { occs, x } = OccupationFeatures.build(tax.occupations).candidates('看护老人');
    for (let i = 0; i < occs.length; i++) {
      for (const f of ['entryEmb', 'entryEmb2', 'entryEmbRank', 'knnEmb', 'docEmb', 'docEmbRank'] as const)
        expect(x[i * FEATURES.length + col(f)]).toBe(0);
    }
  });
});

const SHARED = '/work/shared/taxonomy';
describe.skipIf(!existsSync(SHARED))('on the shared classification (skipped when absent)', () => {
  it('raises held-out accuracy over the same coder without embeddings, on the same split', async () => {
    const full = await OccupationTaxonomy.load(SHARED);
    const embedder = await loadEmbedder('on');
    const options = { holdout: 0.2, seed: 1, levels: 'occupations' } as const;
    const without = evaluateOccupations(full.occupations, options);
    const withEmbeddings = evaluateOccupations(full.occupations, { ...options, embedder });
    expect(withEmbeddings.titles).toBe(without.titles);
    expect(withEmbeddings.acc5).toBeGreaterThan(without.acc5 + 0.02);
    expect(withEmbeddings.acc1).toBeGreaterThanOrEqual(without.acc1);
  }, 600_000);
});
