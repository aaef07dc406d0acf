/**
 * Okapi BM25 over pre-tokenised documents: a better fit than cosine when a short query
 * (job requirements) is scored against long documents of varying length (CVs).
 *
 * API
 * - `Bm25Model.fit(docs: string[][], { k1 = 1.2, b = 0.75 })` learns df, IDF and the average length.
 * - `model.score(query, docIndex)`: BM25 of a fitted document; `model.scoreTokens(query, doc)`:
 *   BM25 of any token list with the fitted statistics (documents outside the corpus).
 * - `model.scoreAll(query)` → Float64Array over all fitted documents, via an inverted index.
 * - `model.idf(term)`: the BM25 IDF, ln(1 + (N − df + 0.5) / (df + 0.5)) — never negative.
 * Query terms count once each (repeats in a pasted requirement list should not double-count).
 */
export interface Bm25Options {
  k1?: number;
  b?: number;
}

export class Bm25Model {
  private constructor(
    private readonly df: Map<string, number>,
    private readonly postings: Map<string, { doc: number; tf: number }[]>,
    private readonly lengths: Int32Array,
    private readonly avgLength: number,
    private readonly k1: number,
    private readonly b: number,
  ) {}

  static fit(docs: readonly (readonly string[])[], options: Bm25Options = {}): Bm25Model {
    const df = new Map<string, number>();
    const postings = new Map<string, { doc: number; tf: number }[]>();
    const lengths = new Int32Array(docs.length);
    let total = 0;
    docs.forEach((doc, d) => {
      lengths[d] = doc.length;
      total += doc.length;
      const tf = new Map<string, number>();
      for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, c] of tf) {
        df.set(t, (df.get(t) ?? 0) + 1);
        let list = postings.get(t);
        if (!list) postings.set(t, (list = []));
        list.push({ doc: d, tf: c });
      }
    });
    return new Bm25Model(df, postings, lengths, docs.length ? total / docs.length : 0, options.k1 ?? 1.2, options.b ?? 0.75);
  }

  get documents(): number {
    return this.lengths.length;
  }

  idf(term: string): number {
    const n = this.lengths.length;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private termScore(term: string, tf: number, length: number): number {
    const norm = this.k1 * (1 - this.b + (this.b * length) / (this.avgLength || 1));
    return (this.idf(term) * tf * (this.k1 + 1)) / (tf + norm);
  }

  scoreTokens(query: readonly string[], doc: readonly string[]): number {
    const tf = new Map<string, number>();
    for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
    let s = 0;
    for (const t of new Set(query)) {
      const c = tf.get(t);
      if (c) s += this.termScore(t, c, doc.length);
    }
    return s;
  }

  score(query: readonly string[], docIndex: number): number {
    let s = 0;
    for (const t of new Set(query)) {
      const hit = this.postings.get(t)?.find((p) => p.doc === docIndex);
      if (hit) s += this.termScore(t, hit.tf, this.lengths[docIndex]!);
    }
    return s;
  }

  scoreAll(query: readonly string[]): Float64Array {
    const out = new Float64Array(this.lengths.length);
    for (const t of new Set(query)) {
      for (const p of this.postings.get(t) ?? []) out[p.doc]! += this.termScore(t, p.tf, this.lengths[p.doc]!);
    }
    return out;
  }
}
