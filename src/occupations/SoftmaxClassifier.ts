/**
 * Multinomial logistic regression over sparse features, trained by plain SGD: the
 * discriminative channel of the occupation coder. Nearest-alias similarity weighs every shared
 * character n-gram by its IDF; a classifier learns which n-grams actually separate one
 * occupation from the others (开发 says software, 工程师 alone says little) and, through its
 * biases, how often job-board titles name each occupation.
 *
 * Weights are stored feature-major (`w[f * classes + c]`) so that scoring a sparse example walks
 * contiguous rows. Regularisation: a few epochs with a decaying step and weight decay.
 *
 * API
 * - `SoftmaxClassifier.fit(examples, classes, options)` with examples `{ features, values, label, weight }`
 *   (feature ids in [0, dims)) → model.
 * - `model.logProbabilities(features, values)` → Float64Array of log P(class | example).
 */
export interface SparseExample {
  features: Int32Array;
  values: Float64Array;
  label: number;
  weight: number;
}

export interface SoftmaxOptions {
  epochs: number;
  learningRate: number;
  /** Weight decay per example step (L2), applied lazily per epoch. */
  l2: number;
  /** Seed of the example order shuffle. */
  seed: number;
}

export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxOptions = { epochs: 4, learningRate: 6, l2: 0, seed: 1 };

export class SoftmaxClassifier {
  private constructor(
    readonly dims: number,
    readonly classes: number,
    private readonly w: Float32Array,
    private readonly bias: Float64Array,
  ) {}

  static fit(
    examples: readonly SparseExample[],
    dims: number,
    classes: number,
    options: SoftmaxOptions = DEFAULT_SOFTMAX_OPTIONS,
  ): SoftmaxClassifier {
    if (!(dims > 0 && classes > 0)) throw new RangeError(`dims and classes must be positive (got ${dims}, ${classes})`);
    for (const e of examples) {
      if (!(e.label >= 0 && e.label < classes)) throw new RangeError(`label ${e.label} outside 0..${classes - 1}`);
      for (const f of e.features) if (!(f >= 0 && f < dims)) throw new RangeError(`feature ${f} outside 0..${dims - 1}`);
    }
    const w = new Float32Array(dims * classes);
    const bias = new Float64Array(classes);
    const model = new SoftmaxClassifier(dims, classes, w, bias);
    const order = examples.map((_, i) => i);
    let state = options.seed >>> 0 || 1;
    const rand = () => {
      // xorshift32: a reproducible shuffle without pulling in the shared generator's state.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 4294967296;
    };
    const scores = new Float64Array(classes);
    const active = new Int32Array(classes);
    let activeCount = 0;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const lr = options.learningRate / (1 + epoch);
      for (const idx of order) {
        const e = examples[idx]!;
        model.probabilitiesInto(e.features, e.values, scores);
        scores[e.label]! -= 1;
        const step = lr * e.weight;
        // Only classes with a noticeable gradient are updated: after the first epoch almost all
        // probabilities are ~0, and skipping them makes training several times faster.
        activeCount = 0;
        for (let c = 0; c < classes; c++) if (scores[c]! > 1e-4 || scores[c]! < -1e-4) active[activeCount++] = c;
        for (let a = 0; a < activeCount; a++) bias[active[a]!]! -= step * scores[active[a]!]! * 0.1;
        const na = activeCount;
        for (let k = 0; k < e.features.length; k++) {
          const row = e.features[k]! * classes;
          const g = step * e.values[k]!;
          for (let a = 0; a < na; a++) {
            const c = active[a]!;
            w[row + c] = w[row + c]! - g * scores[c]!;
          }
        }
      }
      if (options.l2 > 0) {
        const decay = Math.max(0, 1 - lr * options.l2 * examples.length);
        for (let i = 0; i < w.length; i++) w[i]! *= decay;
      }
    }
    return model;
  }

  private probabilitiesInto(features: Int32Array, values: Float64Array, out: Float64Array): void {
    const C = this.classes;
    const w = this.w;
    out.set(this.bias);
    for (let k = 0; k < features.length; k++) {
      const row = features[k]! * C;
      const v = values[k]!;
      for (let c = 0; c < C; c++) out[c] = out[c]! + v * w[row + c]!;
    }
    let max = -Infinity;
    for (let c = 0; c < C; c++) if (out[c]! > max) max = out[c]!;
    // Classes far below the best have probability ~0; skipping their exp saves a third of the time.
    const floor = max - 30;
    let sum = 0;
    for (let c = 0; c < C; c++) {
      const e = out[c]! > floor ? Math.exp(out[c]! - max) : 0;
      out[c] = e;
      sum += e;
    }
    for (let c = 0; c < C; c++) out[c] = out[c]! / sum;
  }

  logProbabilities(features: Int32Array, values: Float64Array): Float64Array {
    const out = new Float64Array(this.classes);
    this.probabilitiesInto(features, values, out);
    for (let c = 0; c < out.length; c++) out[c] = Math.log(Math.max(out[c]!, 1e-300));
    return out;
  }
}
