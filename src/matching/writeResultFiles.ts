import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { MatchOutput } from './matcher.ts';
import { FACTOR_NAMES } from './MatchingConfig.ts';
import type { MatchPosting, Recommendation } from './matchTypes.ts';
import { recommendationMessage } from './RecommendationMessage.ts';

/** Where a run's results go when computed off the main thread, and what to record with them. */
export interface ResultFilesRequest {
  dir: string;
  runId: string;
  /** ISO time stamped on every row (the run's "now"). */
  createdAt: string;
  dryRun: boolean;
}

/** What the worker hands back: the small parts; the rows wait in `dir` for DuckDB to load them. */
export interface ResultFilesSummary {
  stats: MatchOutput['stats'];
  flagged: MatchOutput['flagged'];
  recommendations: number;
  tiers: number;
  queue: number;
  /** Messages in pushes.ndjson (T1/T2 recommendations of a run that is not a dry run). */
  pushes: number;
}

export const RESULT_FILES = {
  recommendations: 'recommendations.ndjson',
  tiers: 'seeker_tiers.ndjson',
  queue: 'caseworker_queue.ndjson',
  pushes: 'pushes.ndjson',
} as const;

/** A T1/T2 recommendation is pushed (unless a dry run); T3/T4 go to the caseworker queue. */
export function isPushed(r: Recommendation, dryRun: boolean): boolean {
  return !dryRun && r.channel !== 'caseworker';
}

/**
 * Writes a run's rows as NDJSON in the column order of their tables (MatchStore.writeResults
 * appends the same values), for `read_json` to load in one statement: the writing thread (the
 * match worker) does the encoding, and the service's main thread and write lock are spent only
 * on DuckDB's load.
 */
export async function writeResultFiles(
  output: MatchOutput,
  postings: readonly MatchPosting[],
  request: ResultFilesRequest,
): Promise<ResultFilesSummary> {
  const { runId, createdAt: at, dryRun } = request;
  const now = new Date(at);
  const byId = new Map(postings.map((p) => [p.id, p]));
  let pushes = 0;
  await writeLines(join(request.dir, RESULT_FILES.recommendations), output.recommendations, (r) => ({
    run_id: runId,
    seeker_id: r.seeker_id,
    posting_id: r.posting_id,
    rank: r.rank,
    score: r.score,
    grade: r.grade,
    tier: r.tier,
    channel: r.channel,
    explanation: r.explanation.zh,
    explanation_en: r.explanation.en,
    top_factors: r.explanation.top,
    factors: JSON.stringify(
      FACTOR_NAMES.map((factor, i) => ({ factor, value: r.factor_values[i], contribution: r.factor_contributions[i] })),
    ),
    skills_gap: r.skills_gap,
    policy_hints: JSON.stringify(r.policy_hints),
    pushed: isPushed(r, dryRun),
    created_at: at,
  }));
  await writeLines(join(request.dir, RESULT_FILES.tiers), output.tiers, (t) => ({
    run_id: runId,
    seeker_id: t.seeker_id,
    tier: t.tier,
    points: t.points,
    stage_zh: t.stage_zh,
    stage_en: t.stage_en,
    breakdown: JSON.stringify(t.breakdown),
    decided_at: at,
  }));
  await writeLines(join(request.dir, RESULT_FILES.queue), output.queue, (q) => ({
    run_id: runId,
    seeker_id: q.seeker_id,
    tier: q.tier,
    points: q.points,
    office_region: q.office_region ?? null,
    reasons: q.reasons.zh,
    reasons_en: q.reasons.en,
    breakdown: JSON.stringify(q.reasons.breakdown),
    recommendations: q.recommendations,
    status: 'open',
    created_at: at,
  }));
  const pushed = output.recommendations.filter((r) => isPushed(r, dryRun));
  await writeLines(join(request.dir, RESULT_FILES.pushes), pushed, (r) => {
    pushes++;
    return recommendationMessage(runId, r, byId.get(r.posting_id)!, now);
  });
  return {
    stats: output.stats,
    flagged: output.flagged,
    recommendations: output.recommendations.length,
    tiers: output.tiers.length,
    queue: output.queue.length,
    pushes,
  };
}

async function writeLines<T>(path: string, rows: readonly T[], shape: (row: T) => unknown): Promise<void> {
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let chunk: string[] = [];
  for (const row of rows) {
    chunk.push(JSON.stringify(shape(row)));
    if (chunk.length === 2000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(`${chunk.join('\n')}\n`);
  out.end();
  await done;
}
