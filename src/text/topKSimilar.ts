import { Matrix } from 'ml-matrix';
import { SparseIndex } from './SparseIndex.ts';
import { dot, norm, type SparseVector } from './SparseVector.ts';

/**
 * Batch cosine similarity: for every query vector, the k most similar document vectors.
 *
 * API
 * - `topKSimilar(queries, docs, k, { method })` → per query, `{ index, score }[]` best first
 *   (ties broken by lower document index, so results are deterministic).
 * - `similarityMatrix(queries, docs)` → ml-matrix `Matrix` (queries × docs) of cosines.
 * Methods: `dense` packs both batches into ml-matrix matrices over the terms that occur in
 * the batch and multiplies them (fast for small vocabularies and many pairs — a BLAS-like
 * inner loop); `sparse` walks an inverted index of the documents (fast when vectors are
 * sparse in a large vocabulary, the usual case for text). `auto` (default) picks dense when the
 * two dense matrices stay under ~8M cells, sparse otherwise. Both give the same numbers.
 */
export interface Neighbour {
  index: number;
  score: number;
}

export interface TopKOptions {
  method?: 'auto' | 'dense' | 'sparse';
  /** Ignore neighbours scoring at or below this (default 0: unrelated documents are not returned). */
  minScore?: number;
}

const DENSE_CELL_BUDGET = 8_000_000;

function usedTerms(vectors: readonly SparseVector[], into: Map<number, number>): void {
  for (const v of vectors) for (const t of v.indices) if (!into.has(t)) into.set(t, into.size);
}

function toDense(vectors: readonly SparseVector[], columns: Map<number, number>): Matrix {
  const m = new Matrix(vectors.length, columns.size);
  vectors.forEach((v, r) => {
    const n = norm(v);
    if (n === 0) return;
    for (let i = 0; i < v.indices.length; i++) {
      const c = columns.get(v.indices[i]!);
      if (c !== undefined) m.set(r, c, v.values[i]! / n);
    }
  });
  return m;
}

export function similarityMatrix(queries: readonly SparseVector[], docs: readonly SparseVector[]): Matrix {
  const columns = new Map<number, number>();
  usedTerms(docs, columns);
  const d = toDense(docs, columns);
  const q = toDense(queries, columns);
  return q.mmul(d.transpose());
}

function pushTop(top: Neighbour[], k: number, index: number, score: number): void {
  if (top.length === k) {
    const last = top[k - 1]!;
    if (score < last.score || (score === last.score && index > last.index)) return;
    top.pop();
  }
  let i = top.length;
  while (i > 0 && (top[i - 1]!.score < score || (top[i - 1]!.score === score && top[i - 1]!.index > index))) i--;
  top.splice(i, 0, { index, score });
}

export function topKSimilar(
  queries: readonly SparseVector[],
  docs: readonly SparseVector[],
  k: number,
  options: TopKOptions = {},
): Neighbour[][] {
  const minScore = options.minScore ?? 0;
  if (k <= 0 || docs.length === 0) return queries.map(() => []);
  let method = options.method ?? 'auto';
  if (method === 'auto') {
    const columns = new Map<number, number>();
    usedTerms(docs, columns);
    method = (queries.length + docs.length) * columns.size <= DENSE_CELL_BUDGET ? 'dense' : 'sparse';
  }
  if (method === 'dense') {
    // Chunk the queries so the product matrix stays bounded for large batches.
    const out: Neighbour[][] = [];
    const chunk = Math.max(1, Math.floor(DENSE_CELL_BUDGET / Math.max(1, docs.length)));
    const columns = new Map<number, number>();
    usedTerms(docs, columns);
    const dT = toDense(docs, columns).transpose();
    for (let start = 0; start < queries.length; start += chunk) {
      const sims = toDense(queries.slice(start, start + chunk), columns).mmul(dT);
      for (let r = 0; r < sims.rows; r++) {
        const top: Neighbour[] = [];
        const row = sims.getRow(r);
        for (let c = 0; c < row.length; c++) if (row[c]! > minScore) pushTop(top, k, c, row[c]!);
        out.push(top);
      }
    }
    return out;
  }
  const index = SparseIndex.build(docs);
  return queries.map((q) => index.search(q, k, minScore));
}

/** Exact cosine for one pair, re-exported for callers that import only this module. */
export function pairCosine(a: SparseVector, b: SparseVector): number {
  const n = norm(a) * norm(b);
  return n === 0 ? 0 : dot(a, b) / n;
}
