/**
 * Ranking metrics of the screening protocol (binary relevance).
 * - `averagePrecision(labels)`: labels in ranked order; mean of precision at each positive.
 * - `ndcgAt(labels, k)`: DCG with gain 1 / log2(rank + 1) over the ideal DCG.
 * - `rocAuc(scores, labels)`: probability a random positive outscores a random negative,
 *   ties counted as half (rank-sum form), so a constant scorer gets exactly 0.5.
 * - `rankByScore(items)`: best first; ties keep input order, so results are deterministic.
 * - `groupedRankingMetrics(groups)`: MAP and NDCG@k over the groups that have a positive.
 */
export function rankByScore<T extends { score: number }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => b.item.score - a.item.score || a.i - b.i)
    .map((x) => x.item);
}

export function averagePrecision(ranked: readonly number[]): number {
  let hits = 0;
  let sum = 0;
  ranked.forEach((label, i) => {
    if (label > 0) {
      hits++;
      sum += hits / (i + 1);
    }
  });
  return hits === 0 ? 0 : sum / hits;
}

export function ndcgAt(ranked: readonly number[], k: number): number {
  const dcg = ranked.slice(0, k).reduce((s, label, i) => s + (label > 0 ? 1 / Math.log2(i + 2) : 0), 0);
  const positives = ranked.filter((l) => l > 0).length;
  let ideal = 0;
  for (let i = 0; i < Math.min(k, positives); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(scores.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[idx[t]!] = avg;
    i = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  labels.forEach((l, i) => {
    if (l > 0) {
      pos++;
      rankSum += ranks[i]!;
    }
  });
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return 0.5;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface RankingMetrics {
  map: number;
  ndcg5: number;
  auc: number;
  groups: number;
}

/** `groups`: per job, its pairs with score and label. AUC is over all pairs of all groups. */
export function groupedRankingMetrics(groups: readonly (readonly { score: number; label: number }[])[]): RankingMetrics {
  let ap = 0;
  let ndcg = 0;
  let n = 0;
  const scores: number[] = [];
  const labels: number[] = [];
  for (const g of groups) {
    for (const p of g) {
      scores.push(p.score);
      labels.push(p.label);
    }
    if (!g.some((p) => p.label > 0)) continue;
    const ranked = rankByScore(g).map((p) => p.label);
    ap += averagePrecision(ranked);
    ndcg += ndcgAt(ranked, 5);
    n++;
  }
  return { map: n ? ap / n : 0, ndcg5: n ? ndcg / n : 0, auc: rocAuc(scores, labels), groups: n };
}
