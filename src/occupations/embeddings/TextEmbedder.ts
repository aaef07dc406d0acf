/**
 * A sentence-embedding model as the matching core sees it: plain text in, one L2-normalised
 * vector per text out. The core stays pure — the model behind it (a native engine, a cache on
 * disk) lives in an adapter (`src/occupations/embeddings/`) and is passed in.
 *
 * `embed` is synchronous on purpose: the occupation coder's fit and `code` are synchronous pure
 * functions, and the adapters batch and cache so that a call costs milliseconds per new text.
 */
export interface TextEmbedder {
  /** Model identity (e.g. `multilingual-e5-small-q4`), part of cache keys. */
  readonly name: string;
  readonly dim: number;
  /** One L2-normalised vector of `dim` floats per text, in order. */
  embed(texts: readonly string[]): Float32Array[];
}

/** Dot product of two L2-normalised vectors = their cosine. */
export function cosineUnit(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
