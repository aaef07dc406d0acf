/**
 * Counter-based randomness for the enterprise-report generator: every value is a hash of
 * (seed, enterprise, month, stream), so any report can be produced on its own, in any order,
 * without keeping per-enterprise state — the stream stays constant-memory at any size.
 */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hash32(...parts: number[]): number {
  let h = 0x811c9dc5 ^ parts.length;
  for (const part of parts) {
    // Split doubles above 2^32 so large indices and seeds still spread.
    const lo = part >>> 0;
    const hi = Math.floor(part / 4294967296) >>> 0;
    h = fmix(h ^ lo) + 0x9e3779b9;
    if (hi) h = fmix(h ^ hi) + 0x7f4a7c15;
  }
  return fmix(h);
}

/** Uniform in [0, 1). */
export function unit(...parts: number[]): number {
  return hash32(...parts) / 4294967296;
}

export function between(lo: number, hi: number, ...parts: number[]): number {
  return lo + (hi - lo) * unit(...parts);
}

export function pick<T>(items: readonly T[], ...parts: number[]): T {
  return items[Math.floor(unit(...parts) * items.length)]!;
}

/** Picks by weight; weights need not sum to 1. */
export function pickWeighted<T>(items: readonly (readonly [T, number])[], ...parts: number[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = unit(...parts) * total;
  for (const [item, w] of items) {
    if ((x -= w) < 0) return item;
  }
  return items[items.length - 1]![0];
}
