import { norm, type SparseVector } from './SparseVector.ts';

/**
 * Inverted index over sparse document vectors for repeated cosine top-k queries: build once,
 * query many times (the occupation coder answers one title at a time with it).
 *
 * API: `SparseIndex.build(docs)`; `index.search(query, k, minScore = 0)` → `{ index, score }[]`
 * best first, ties by lower document index; `index.scores(query)` → cosine to every document.
 */
export interface Hit {
  index: number;
  score: number;
}

export class SparseIndex {
  private readonly acc: Float64Array;
  private readonly touched: number[] = [];

  private constructor(
    private readonly postings: Map<number, { doc: Int32Array; w: Float64Array }>,
    readonly size: number,
  ) {
    this.acc = new Float64Array(size);
  }

  static build(docs: readonly SparseVector[]): SparseIndex {
    const lists = new Map<number, { doc: number[]; w: number[] }>();
    docs.forEach((v, d) => {
      const n = norm(v);
      if (n === 0) return;
      for (let i = 0; i < v.indices.length; i++) {
        const t = v.indices[i]!;
        let list = lists.get(t);
        if (!list) lists.set(t, (list = { doc: [], w: [] }));
        list.doc.push(d);
        list.w.push(v.values[i]! / n);
      }
    });
    const postings = new Map<number, { doc: Int32Array; w: Float64Array }>();
    for (const [t, l] of lists) postings.set(t, { doc: Int32Array.from(l.doc), w: Float64Array.from(l.w) });
    return new SparseIndex(postings, docs.length);
  }

  private accumulate(query: SparseVector): boolean {
    const n = norm(query);
    if (n === 0) return false;
    for (let i = 0; i < query.indices.length; i++) {
      const p = this.postings.get(query.indices[i]!);
      if (!p) continue;
      const w = query.values[i]! / n;
      for (let j = 0; j < p.doc.length; j++) {
        const d = p.doc[j]!;
        if (this.acc[d] === 0) this.touched.push(d);
        this.acc[d]! += w * p.w[j]!;
      }
    }
    return true;
  }

  search(query: SparseVector, k: number, minScore = 0): Hit[] {
    if (k <= 0 || !this.accumulate(query)) return [];
    const hits: Hit[] = [];
    for (const d of this.touched) {
      if (this.acc[d]! > minScore) hits.push({ index: d, score: this.acc[d]! });
      this.acc[d] = 0;
    }
    this.touched.length = 0;
    hits.sort((a, b) => b.score - a.score || a.index - b.index);
    return hits.length > k ? hits.slice(0, k) : hits;
  }

  scores(query: SparseVector): Float64Array {
    const out = new Float64Array(this.size);
    if (!this.accumulate(query)) return out;
    for (const d of this.touched) {
      out[d] = this.acc[d]!;
      this.acc[d] = 0;
    }
    this.touched.length = 0;
    return out;
  }
}
