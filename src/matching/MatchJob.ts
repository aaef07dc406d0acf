import { randomUUID } from 'node:crypto';
import type { CoreConfig } from '../config/Config.ts';
import { Logger } from '../core/Logger.ts';
import { withStore } from '../store/DuckDBStore.ts';
import { Regions } from '../validation/Regions.ts';
import { regionLevelOf } from './Features.ts';
import type { MatchingConfig } from './MatchingConfig.ts';
import { runMatchParallel, type MatchStats } from './Matcher.ts';
import type { MatchPosting, Recommendation } from './MatchTypes.ts';
import { openOutbox } from '../push/openOutbox.ts';
import type { RecommendationMessage } from './RecommendationMessage.ts';
import { MatchStore } from './MatchStore.ts';
import { fillOccupationCodes } from '../occupations/OccupationFill.ts';

export interface MatchJobOptions {
  core: CoreConfig;
  config: MatchingConfig;
  mode: 'full' | 'incremental';
  /** Defaults to the wall clock; tests pin it. */
  now?: Date;
  /** Skip pushing (still writes recommendations, marked pushed = false). */
  dryRun?: boolean;
}

export interface MatchJobSummary {
  run_id: string;
  mode: 'full' | 'incremental';
  since: string | null;
  stats: MatchStats;
  pushed: number;
  sink: string;
  wall_s: number;
}

/**
 * One scheduled matching run: read seekers, postings and history from DuckDB, match (pure),
 * write recommendations, tiers, queue and flags in one transaction, then push T1/T2
 * recommendations to Kafka or the NDJSON outbox. The run row records success or failure.
 */
export async function runMatchJob(options: MatchJobOptions): Promise<MatchJobSummary> {
  const log = Logger.for('match');
  const started = performance.now();
  const now = options.now ?? new Date();
  const runId = `run-${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomUUID().slice(0, 8)}`;
  const today = now.toISOString().slice(0, 10);
  return withStore({ path: options.core.db }, async (db) => {
    const store = new MatchStore(db);
    const last = options.mode === 'incremental' ? await store.lastRun() : null;
    const mode = last ? 'incremental' : 'full';
    const since = last?.started_at ?? null;
    await store.startRun(runId, mode, now.toISOString(), since, options.config);
    let stats: Partial<MatchStats> = {};
    try {
      let [postings, seekers] = await Promise.all([store.postings(today), store.seekers(scopePrefix(options.core.scope))]);
      if (options.core.taxonomyDir) {
        const { loadOccupationCoder } = await import('../occupations/loadOccupationCoder.ts');
        const coder = await loadOccupationCoder(options.core.taxonomyDir);
        if (coder) {
          const filled = fillOccupationCodes(postings, seekers, coder, options.config.occupationMinScore);
          ({ postings, seekers } = filled);
          log.info('occupations_coded', { run_id: runId, ...filled.counts });
        }
      }
      const cooldownSince = new Date(now.getTime() - options.config.cooldownDays * 86_400_000).toISOString();
      const history = await store.history(cooldownSince);
      const changed = since
        ? { changedSeekers: await store.changedIds('seekers', since), changedPostings: await store.changedIds('postings', since) }
        : {};
      log.info('match_loaded', {
        run_id: runId,
        mode,
        since,
        postings: postings.length,
        seekers: seekers.length,
        cooldown_pairs: history.recentlyPushed.size,
        closed_pairs: history.closed.size,
        ...(since ? { changed_seekers: changed.changedSeekers!.size, changed_postings: changed.changedPostings!.size } : {}),
      });
      const result = await runMatchParallel(
        { seekers, postings, config: options.config, now, history, ...changed },
        options.config.threads,
      );
      stats = result.stats;
      const push = (r: Recommendation) => !options.dryRun && r.channel !== 'caseworker';
      await store.writeResults(runId, now, result.recommendations, push, result.tiers, result.queue, result.flagged);
      let pushed = 0;
      let sinkName = 'none';
      const toPush = result.recommendations.filter(push);
      if (toPush.length > 0) {
        const outbox = await openOutbox(options.core, 'match');
        try {
          const byId = new Map(postings.map((p) => [p.id, p]));
          const messages = toPush.map((r) => toMessage(runId, r, byId.get(r.posting_id)!, now));
          // Keyed by seeker: one seeker's pushes stay in order in one partition.
          const sent = await outbox.publish(options.config.topic, runId, messages, (m) => m.seeker_id);
          pushed = sent.count;
          sinkName = sent.where;
        } finally {
          await outbox.close();
        }
      }
      await store.finishRun(runId, 'succeeded', stats, pushed, sinkName, null);
      const summary = {
        run_id: runId,
        mode,
        since,
        stats: result.stats,
        pushed,
        sink: sinkName,
        wall_s: Number(((performance.now() - started) / 1000).toFixed(2)),
      } as MatchJobSummary;
      log.info('match_done', {
        run_id: runId,
        recommendations: result.stats.recommendations,
        pushed,
        queued: result.stats.queued_seekers,
        wall_s: summary.wall_s,
      });
      return summary;
    } catch (error) {
      await store.finishRun(runId, 'failed', stats, 0, 'none', (error as Error).message ?? String(error)).catch(() => undefined);
      throw error;
    }
  });
}

/** '' (everyone) or the region prefix of the configured scope: 2 digits for a province, 4 for a city, 6 for a county. */
export function scopePrefix(scope: string | null | undefined): string {
  if (!scope) return '';
  if (!Regions.get().has(scope)) return scope;
  return scope.slice(0, regionLevelOf(scope));
}

function toMessage(runId: string, r: Recommendation, p: MatchPosting, now: Date): RecommendationMessage {
  return {
    run_id: runId,
    seeker_id: r.seeker_id,
    posting_id: r.posting_id,
    rank: r.rank,
    score: r.score,
    grade: r.grade,
    tier: r.tier,
    channel: r.channel,
    explanation: { zh: r.explanation.zh, en: r.explanation.en },
    skills_gap: r.skills_gap,
    policy_hints: r.policy_hints.map(({ policy, zh, en, amount_cny }) => ({ policy, zh, en, amount_cny })),
    posting: {
      title: p.title,
      employer_name: p.employer_name ?? null,
      region_code: p.region_code,
      salary_min: p.salary_min,
      salary_max: p.salary_max ?? null,
    },
    created_at: now.toISOString(),
  };
}
