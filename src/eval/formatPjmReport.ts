import type { PjmEvalResult } from './evaluatePjm.ts';
import type { RankingMetrics } from './rankingMetrics.ts';

/** Human table and JSON summary of a pjm evaluation; `scoresCsv` is the `row,score` file. */
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function formatPjmReport(r: PjmEvalResult): { text: string; json: Record<string, unknown> } {
  const line = (name: string, m: RankingMetrics) =>
    `  ${name.padEnd(42)} ${m.map.toFixed(3)}   ${m.ndcg5.toFixed(3)}   ${m.auc.toFixed(3)}`;
  const text = [
    `pjm screening: ${r.pairs} resume-job pairs, ${r.jobs} jobs (${r.jobs_with_positive} with a positive)`,
    `  ${'scorer'.padEnd(42)} MAP     NDCG@5  AUC`,
    line('ours (hub-corrected char 2-3 tf-idf)', r.ours),
    line('baseline (char-bigram tf-idf cos)', r.baseline),
    line(`ours, variant chosen by ${r.crossValidated.folds}-fold job CV`, r.crossValidated),
    '  components / variants (diagnostics):',
    ...Object.entries(r.components).map(([k, m]) => line(`  component ${k}`, m)),
    ...Object.entries(r.variants).map(([k, m]) => line(`  variant ${k}`, m)),
    '',
  ].join('\n');
  const m = (x: RankingMetrics) => ({ map: r3(x.map), ndcg5: r3(x.ndcg5), auc: r3(x.auc) });
  const json = {
    bench: 'eval-pjm',
    pairs: r.pairs,
    jobs: r.jobs,
    jobs_with_positive: r.jobs_with_positive,
    ...m(r.ours),
    baseline: 'char-bigram tf-idf cosine',
    baseline_map: r3(r.baseline.map),
    baseline_ndcg5: r3(r.baseline.ndcg5),
    baseline_auc: r3(r.baseline.auc),
    cv: { ...m(r.crossValidated), folds: r.crossValidated.folds, chosen: r.crossValidated.chosen },
  };
  return { text, json };
}

export function scoresCsv(scores: ArrayLike<number>): string {
  const lines = ['row,score'];
  for (let i = 0; i < scores.length; i++) lines.push(`${i},${Number(scores[i]).toFixed(6)}`);
  return `${lines.join('\n')}\n`;
}
