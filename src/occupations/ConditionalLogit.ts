/**
 * A conditional-logit ranker (softmax over each query's candidates of a linear score w·x), the
 * learned fusion of the occupation coder's evidence. Channel scores live on different scales (a
 * 0.4 character cosine to one alias is strong, a 0.4 cosine to a whole definition weak); instead
 * of hand-set weights, the weights that make the right occupation most probable among its
 * candidates are fitted on labelled queries.
 *
 * Training: full-batch gradient descent (Adam) on the mean negative log-likelihood plus
 * `l2 / 2 · ‖w − prior‖²`. Shrinking towards a prior weight vector (not towards 0) keeps a model
 * fitted on few queries close to sensible hand-set weights.
 *
 * API
 * - `ConditionalLogit.fit(queries, dims, options)` with queries `{ x, n, label }` (x row-major
 *   n × dims, label = index of the right candidate) → model.
 * - `model.scores(x, n)` → linear scores; `model.probabilities(x, n)` → softmax; `model.weights`.
 * - `ConditionalLogit.logLoss(model, queries)`, `ConditionalLogit.accuracy(model, queries, k)`.
 */
export interface RankQuery {
  x: Float64Array;
  n: number;
  label: number;
}

export interface LogitOptions {
  l2: number;
  iterations: number;
  learningRate: number;
  /** Shrinkage target and starting point; zeros when absent. */
  prior?: Float64Array;
}

export const DEFAULT_LOGIT_OPTIONS: LogitOptions = { l2: 0.01, iterations: 400, learningRate: 0.05 };

export class ConditionalLogit {
  private constructor(readonly weights: Float64Array) {}

  static fromWeights(weights: ArrayLike<number>): ConditionalLogit {
    return new ConditionalLogit(Float64Array.from(weights));
  }

  static fit(queries: readonly RankQuery[], dims: number, options: LogitOptions = DEFAULT_LOGIT_OPTIONS): ConditionalLogit {
    if (!(dims > 0)) throw new RangeError(`dims must be positive, got ${dims}`);
    for (const q of queries) {
      if (q.x.length !== q.n * dims) throw new RangeError(`query matrix has ${q.x.length} values, expected ${q.n} × ${dims}`);
      if (!(q.label >= 0 && q.label < q.n)) throw new RangeError(`label ${q.label} is not a candidate index (0..${q.n - 1})`);
    }
    const prior = options.prior ?? new Float64Array(dims);
    if (prior.length !== dims) throw new RangeError(`prior has ${prior.length} weights, expected ${dims}`);
    const w = Float64Array.from(prior);
    if (queries.length === 0) return new ConditionalLogit(w);
    const m = new Float64Array(dims);
    const v = new Float64Array(dims);
    const grad = new Float64Array(dims);
    const beta1 = 0.9;
    const beta2 = 0.999;
    for (let t = 1; t <= options.iterations; t++) {
      gradient(w, queries, dims, grad);
      for (let j = 0; j < dims; j++) {
        const g = grad[j]! + options.l2 * (w[j]! - prior[j]!);
        m[j] = beta1 * m[j]! + (1 - beta1) * g;
        v[j] = beta2 * v[j]! + (1 - beta2) * g * g;
        const mh = m[j]! / (1 - beta1 ** t);
        const vh = v[j]! / (1 - beta2 ** t);
        w[j] = w[j]! - (options.learningRate * mh) / (Math.sqrt(vh) + 1e-8);
      }
    }
    return new ConditionalLogit(w);
  }

  scores(x: Float64Array, n: number): Float64Array {
    return linear(this.weights, x, n);
  }

  probabilities(x: Float64Array, n: number): Float64Array {
    return softmax(this.scores(x, n));
  }

  static logLoss(model: ConditionalLogit, queries: readonly RankQuery[]): number {
    let loss = 0;
    for (const q of queries) loss -= Math.log(Math.max(1e-300, model.probabilities(q.x, q.n)[q.label]!));
    return queries.length ? loss / queries.length : 0;
  }

  /** Share of queries whose right candidate is among the k best (ties count against). */
  static accuracy(model: ConditionalLogit, queries: readonly RankQuery[], k: number): number {
    let hits = 0;
    for (const q of queries) {
      const s = model.scores(q.x, q.n);
      let better = 0;
      for (let i = 0; i < q.n; i++) if (i !== q.label && s[i]! >= s[q.label]!) better++;
      if (better < k) hits++;
    }
    return queries.length ? hits / queries.length : 0;
  }
}

function linear(w: Float64Array, x: Float64Array, n: number): Float64Array {
  const d = w.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += w[j]! * x[i * d + j]!;
    out[i] = s;
  }
  return out;
}

function softmax(s: Float64Array): Float64Array {
  let max = -Infinity;
  for (const x of s) if (x > max) max = x;
  let sum = 0;
  const out = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) sum += out[i] = Math.exp(s[i]! - max);
  for (let i = 0; i < s.length; i++) out[i] = out[i]! / sum;
  return out;
}

/** Gradient of the mean negative log-likelihood into `grad`. */
function gradient(w: Float64Array, queries: readonly RankQuery[], dims: number, grad: Float64Array): void {
  grad.fill(0);
  for (const q of queries) {
    const p = softmax(linear(w, q.x, q.n));
    for (let i = 0; i < q.n; i++) {
      const coef = p[i]! - (i === q.label ? 1 : 0);
      if (coef === 0) continue;
      for (let j = 0; j < dims; j++) grad[j]! += coef * q.x[i * dims + j]!;
    }
  }
  for (let j = 0; j < dims; j++) grad[j] = grad[j]! / queries.length;
}
