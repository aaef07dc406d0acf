/**
 * Robust z-score of `value` against a history: (value − median) / (1.4826 · MAD), the MAD
 * scaled to a standard deviation under normality. Medians ignore the very spikes the monitor
 * looks for, which a mean and standard deviation would absorb. A floor on the scale keeps a
 * perfectly flat history from turning a 0.1-point change into an infinite z.
 * Returns null with fewer than `minHistory` points.
 */
export function robustZ(
  value: number,
  history: readonly number[],
  options: { minHistory?: number; minScale?: number } = {},
): number | null {
  const minHistory = options.minHistory ?? 6;
  const minScale = options.minScale ?? 0.002;
  if (history.length < minHistory) return null;
  const med = median(history);
  const mad = median(history.map((x) => Math.abs(x - med)));
  return (value - med) / Math.max(1.4826 * mad, minScale);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
