import { EMPTY_VECTOR, l2normalise, sparseFromMap, type SparseVector } from './SparseVector.ts';

/**
 * TF-IDF vectoriser over pre-tokenised documents (tokens from `Tokenizer`, or char n-grams).
 *
 * API
 * - `TfidfModel.fit(docs: string[][], options)` learns the vocabulary and smoothed IDF
 *   (idf = ln((1 + N) / (1 + df)) + 1, as in common toolkits, so no term gets weight 0).
 * - `model.transform(tokens)` → L2-normalised `SparseVector`; unknown terms are ignored.
 * - `model.transformAll(docs)`, `model.idf(term)`, `model.size` (vocabulary size).
 * Options: `sublinearTf` (1 + ln tf, default true: repeated words in long CVs count less),
 * `minDf` (drop rarer terms, default 1).
 */
export interface TfidfOptions {
  sublinearTf?: boolean;
  minDf?: number;
}

export class TfidfModel {
  private constructor(
    private readonly vocab: Map<string, number>,
    private readonly idfs: Float64Array,
    private readonly sublinearTf: boolean,
    readonly documents: number,
  ) {}

  static fit(docs: readonly (readonly string[])[], options: TfidfOptions = {}): TfidfModel {
    const df = new Map<string, number>();
    for (const doc of docs) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
    const minDf = options.minDf ?? 1;
    const vocab = new Map<string, number>();
    const idf: number[] = [];
    const n = docs.length;
    for (const [term, count] of [...df.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      if (count < minDf) continue;
      vocab.set(term, idf.length);
      idf.push(Math.log((1 + n) / (1 + count)) + 1);
    }
    return new TfidfModel(vocab, Float64Array.from(idf), options.sublinearTf ?? true, n);
  }

  get size(): number {
    return this.idfs.length;
  }

  idf(term: string): number {
    const i = this.vocab.get(term);
    return i === undefined ? 0 : this.idfs[i]!;
  }

  indexOf(term: string): number | undefined {
    return this.vocab.get(term);
  }

  transform(tokens: readonly string[]): SparseVector {
    const tf = new Map<number, number>();
    for (const t of tokens) {
      const i = this.vocab.get(t);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    if (tf.size === 0) return EMPTY_VECTOR;
    for (const [i, c] of tf) tf.set(i, (this.sublinearTf ? 1 + Math.log(c) : c) * this.idfs[i]!);
    return l2normalise(sparseFromMap(tf));
  }

  transformAll(docs: readonly (readonly string[])[]): SparseVector[] {
    return docs.map((d) => this.transform(d));
  }
}
