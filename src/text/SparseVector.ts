/**
 * Sparse vectors over a fitted vocabulary: parallel arrays of term indices (strictly
 * increasing) and weights. Plain data, so they cross worker and module boundaries freely.
 *
 * API
 * - `SparseVector` type; `sparseFromMap(map)` builds one from term-index → weight.
 * - `dot(a, b)`, `norm(v)`, `l2normalise(v)`, `cosine(a, b)` (0 when either vector is empty).
 */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export const EMPTY_VECTOR: SparseVector = { indices: new Int32Array(0), values: new Float64Array(0) };

export function sparseFromMap(map: Map<number, number>): SparseVector {
  const keys = [...map.keys()].sort((a, b) => a - b);
  const indices = new Int32Array(keys.length);
  const values = new Float64Array(keys.length);
  keys.forEach((k, i) => {
    indices[i] = k;
    values[i] = map.get(k)!;
  });
  return { indices, values };
}

export function dot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  const ai = a.indices;
  const bi = b.indices;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) sum += a.values[i++]! * b.values[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

export function norm(v: SparseVector): number {
  let s = 0;
  for (const x of v.values) s += x * x;
  return Math.sqrt(s);
}

export function l2normalise(v: SparseVector): SparseVector {
  const n = norm(v);
  if (n === 0) return v;
  return { indices: v.indices, values: v.values.map((x) => x / n) };
}

export function cosine(a: SparseVector, b: SparseVector): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return 0;
  return dot(a, b) / (na * nb);
}
