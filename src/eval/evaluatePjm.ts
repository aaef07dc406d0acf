import type { PjmPair } from './loadPjm.ts';
import { charBigramBaseline, combine, DEFAULT_PJM_OPTIONS, PJM_VARIANTS, pjmComponents, type PjmScoreOptions } from './pjmScorer.ts';
import { groupedRankingMetrics, type RankingMetrics } from './rankingMetrics.ts';

/**
 * The screening protocol: rank each job's candidates by score; MAP and NDCG@5 over the jobs
 * with at least one positive, ROC-AUC over all pairs. Ours, each of our components alone
 * (diagnostics) and the char-bigram TF-IDF baseline, all computed in the same run.
 */
export interface PjmEvalResult {
  pairs: number;
  jobs: number;
  jobs_with_positive: number;
  ours: RankingMetrics;
  baseline: RankingMetrics;
  components: Record<string, RankingMetrics>;
  variants: Record<string, RankingMetrics>;
  /** Variant chosen on the other folds' jobs by MAP, scored on the held-out jobs; all folds pooled. */
  crossValidated: RankingMetrics & { folds: number; chosen: string[] };
  scores: Float64Array;
}

/** Deterministic fold of a job id (FNV-1a), so the split never depends on row order. */
function foldOf(jobId: string, folds: number): number {
  let h = 2166136261;
  for (let i = 0; i < jobId.length; i++) h = Math.imul(h ^ jobId.charCodeAt(i), 16777619);
  return (h >>> 0) % folds;
}

function crossValidate(
  pairs: readonly PjmPair[],
  variantScores: Record<string, Float64Array>,
  folds: number,
): PjmEvalResult['crossValidated'] {
  const pooled = new Float64Array(pairs.length);
  const chosen: string[] = [];
  for (let f = 0; f < folds; f++) {
    const trainIdx = pairs.map((p, i) => (foldOf(p.jobId, folds) !== f ? i : -1)).filter((i) => i >= 0);
    let best = '';
    let bestMap = -1;
    for (const [name, scores] of Object.entries(variantScores)) {
      const m = metricsFor(
        trainIdx.map((i) => pairs[i]!),
        trainIdx.map((i) => scores[i]!),
      );
      if (m.map > bestMap) [best, bestMap] = [name, m.map];
    }
    chosen.push(best);
    pairs.forEach((p, i) => {
      if (foldOf(p.jobId, folds) === f) pooled[i] = variantScores[best]![i]!;
    });
  }
  return { ...metricsFor(pairs, pooled), folds, chosen };
}

export function metricsFor(pairs: readonly PjmPair[], scores: ArrayLike<number>): RankingMetrics {
  const groups = new Map<string, { score: number; label: number }[]>();
  pairs.forEach((p, i) => {
    let g = groups.get(p.jobId);
    if (!g) groups.set(p.jobId, (g = []));
    g.push({ score: scores[i]!, label: p.label });
  });
  return groupedRankingMetrics([...groups.values()]);
}

export function evaluatePjm(pairs: readonly PjmPair[], options: PjmScoreOptions = DEFAULT_PJM_OPTIONS, folds = 5): PjmEvalResult {
  const components = pjmComponents(pairs, options.k);
  const ours = { score: combine(components, options.weights), components };
  const baseline = charBigramBaseline(pairs);
  const ourMetrics = metricsFor(pairs, ours.score);
  const variantScores = Object.fromEntries(Object.entries(PJM_VARIANTS).map(([name, w]) => [name, combine(components, w)]));
  return {
    pairs: pairs.length,
    jobs: new Set(pairs.map((p) => p.jobId)).size,
    jobs_with_positive: ourMetrics.groups,
    ours: ourMetrics,
    baseline: metricsFor(pairs, baseline),
    components: Object.fromEntries(Object.entries(ours.components).map(([k, v]) => [k, metricsFor(pairs, v)])),
    variants: Object.fromEntries(Object.entries(variantScores).map(([k, v]) => [k, metricsFor(pairs, v)])),
    crossValidated: crossValidate(pairs, variantScores, folds),
    scores: ours.score,
  };
}
