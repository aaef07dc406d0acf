/**
 * Small seeded PRNG (mulberry32) with the draws the generators need. Math.random is never used:
 * the same seed must give the same bytes on every machine and Node version.
 *
 * Every record is drawn from its own stream, `Random.forRecord(seed, stream, index)`, so record i
 * can be regenerated on its own (outcomes re-derive the seekers and postings they reference)
 * without keeping anything in memory, and the output does not depend on the order of generation.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** An independent stream for record `index` of stream `stream` under `seed`. */
  static forRecord(seed: number, stream: number, index: number): Random {
    return new Random(mix3(seed, stream, index));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks `k` distinct items (k is clamped to the list length), keeping the list's order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const n = items.length;
    let need = Math.min(k, n);
    const out: T[] = [];
    for (let i = 0; i < n && need > 0; i++) {
      if (this.next() * (n - i) < need) {
        out.push(items[i]!);
        need--;
      }
    }
    return out;
  }

  /** Standard normal draw (Box–Muller; one value per call keeps streams simple to reason about). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Multiplicative noise with median 1: wages and sizes are skewed to the right. */
  logNormal(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }

  /** Exponential draw with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/** Picks from a fixed list by weight in O(log n); build once, draw many times. */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new RangeError('WeightedTable needs one weight per item');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    weights.forEach((w, i) => {
      if (!(w >= 0)) throw new RangeError(`weight ${w} must be >= 0`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError('WeightedTable needs a positive total weight');
    this.total = sum;
  }

  static of<T>(pairs: readonly (readonly [T, number])[]): WeightedTable<T> {
    return new WeightedTable(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
  }

  pick(random: Random): T {
    return this.items[this.indexFor(random.next() * this.total)]!;
  }

  private indexFor(x: number): number {
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** murmur3's finaliser: avalanches all 32 bits, so neighbouring indices give unrelated streams. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export function mix3(a: number, b: number, c: number): number {
  return fmix32(fmix32(fmix32(a ^ 0x9e3779b9) + b) ^ Math.imul(c, 0x27d4eb2d) ^ ((c / 4294967296) | 0));
}

/** Turns a user-supplied seed (any integer or string) into 32 bits. */
export function seedFrom(value: string | number): number {
  const text = String(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}
