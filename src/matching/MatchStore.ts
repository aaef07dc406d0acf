import { join } from 'node:path';
import { LIST, VARCHAR, type DuckDBAppender } from '@duckdb/node-api';
import { SinkError } from '../core/PipelineError.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { sqlFile } from '../store/sqlFile.ts';
import { syncCasesFromRun } from '../cases/syncCasesFromRun.ts';
import type { CaseworkerItem, FlaggedPosting, MatchStats } from './matcher.ts';
import { FACTOR_NAMES } from './MatchingConfig.ts';
import { RESULT_FILES } from './writeResultFiles.ts';
import { pairKey, type MatchHistory, type MatchPosting, type MatchSeeker, type Recommendation, type TierDecision } from './matchTypes.ts';

/** A statement of sql/matching/. */
const sql = (name: string): Promise<string> => sqlFile(`matching/${name}`);

export interface RunRow {
  run_id: string;
  started_at: string;
}

export interface InterruptedRun {
  run_id: string;
  mode: string;
  has_results: boolean;
}

/** A recorded push, as run_pushes.sql rebuilds it. */
export interface PushRow {
  run_id: string;
  seeker_id: string;
  posting_id: string;
  rank: number;
  score: number;
  grade: string;
  tier: string;
  channel: string;
  explanation: string;
  explanation_en: string;
  skills_gap: string[];
  policy_hints: string;
  created_ms: number;
  title: string | null;
  employer_name: string | null;
  region_code: string | null;
  salary_min: number | null;
  salary_max: number | null;
  commitment_accepted: boolean;
}

/** The matcher's DuckDB edge: loads what a run needs, writes what it decided. */
export class MatchStore {
  constructor(private readonly store: DuckDBStore) {}

  async lastRun(): Promise<RunRow | null> {
    return (await this.store.all<RunRow>(await sql('last_run')))[0] ?? null;
  }

  async postings(today: string): Promise<(MatchPosting & { version: number })[]> {
    const rows = await this.store.all<MatchPosting & { version: number }>(await sql('load_postings'), { today });
    return rows.map((r) => ({ ...r, version: Number(r.version), skills: r.skills ?? [] }));
  }

  /** `prefix` restricts to residents of a region subtree ('' = everyone). */
  async seekers(prefix: string): Promise<MatchSeeker[]> {
    return this.store.all<MatchSeeker>(await sql('load_seekers'), { prefix });
  }

  async changedIds(kind: 'seekers' | 'postings', since: string): Promise<Set<string>> {
    const rows = await this.store.all<{ id: string }>(await sql(`changed_${kind}`), { since });
    return new Set(rows.map((r) => r.id));
  }

  async history(cooldownSince: string): Promise<MatchHistory> {
    const pairs = async (name: string, params?: Record<string, string>) =>
      new Set(
        (await this.store.all<{ seeker_id: string; posting_id: string }>(await sql(name), params)).map((r) =>
          pairKey(r.seeker_id, r.posting_id),
        ),
      );
    return {
      recentlyPushed: await pairs('recent_pushes', { since: cooldownSince }),
      closed: await pairs('closed_pairs'),
      openByPosting: await this.openRecommendations(cooldownSince),
    };
  }

  /** Open recommendations per posting (open_recommendations.sql): the capacity earlier runs used up. */
  async openRecommendations(cooldownSince: string): Promise<Map<string, number>> {
    const rows = await this.store.all<{ posting_id: string; open: number }>(await sql('open_recommendations'), { since: cooldownSince });
    return new Map(rows.map((r) => [r.posting_id, Number(r.open)]));
  }

  async startRun(runId: string, mode: string, asOf: string, since: string | null, config: unknown, pointsVersion: string): Promise<void> {
    await this.store.run(await sql('insert_run'), {
      run_id: runId,
      mode,
      as_of: asOf,
      since,
      config: JSON.stringify(config),
      points_version: pointsVersion,
    });
  }

  async finishRun(
    runId: string,
    status: 'succeeded' | 'failed',
    stats: Partial<MatchStats>,
    pushed: number,
    sink: string,
    error: string | null,
  ): Promise<void> {
    await this.store.run(await sql('finish_run'), {
      run_id: runId,
      status,
      error,
      pushed,
      sink,
      seekers_total: stats.seekers ?? null,
      seekers_scored: stats.seekers_scored ?? null,
      postings_total: stats.postings ?? null,
      postings_active: stats.postings_active ?? null,
      postings_flagged: stats.postings_flagged ?? null,
      pairs_scored: stats.pairs_scored ?? null,
      recommendations: stats.recommendations ?? null,
      queued_seekers: stats.queued_seekers ?? null,
    });
  }

  /** Writes the run's decisions in one transaction, through appenders (a province run writes millions of rows). */
  async writeResults(
    runId: string,
    createdAt: Date,
    recs: readonly Recommendation[],
    pushed: (r: Recommendation) => boolean,
    tiers: readonly TierDecision[],
    queue: readonly CaseworkerItem[],
    flagged: readonly FlaggedPosting[],
  ): Promise<void> {
    const at = createdAt.toISOString();
    await this.store.transaction(async () => {
      await this.append('recommendations', (a) => {
        for (const r of recs) {
          a.appendVarchar(runId);
          a.appendVarchar(r.seeker_id);
          a.appendVarchar(r.posting_id);
          a.appendInteger(r.rank);
          a.appendDouble(r.score);
          a.appendVarchar(r.grade);
          a.appendVarchar(r.tier);
          a.appendVarchar(r.channel);
          a.appendVarchar(r.explanation.zh);
          a.appendVarchar(r.explanation.en);
          a.appendList(r.explanation.top, LIST(VARCHAR));
          a.appendVarchar(
            JSON.stringify(
              FACTOR_NAMES.map((factor, i) => ({ factor, value: r.factor_values[i], contribution: r.factor_contributions[i] })),
            ),
          );
          a.appendList(r.skills_gap, LIST(VARCHAR));
          a.appendVarchar(JSON.stringify(r.policy_hints));
          a.appendBoolean(pushed(r));
          a.appendVarchar(at);
          a.endRow();
        }
      });
      await this.append('seeker_tiers', (a) => {
        for (const t of tiers) {
          a.appendVarchar(runId);
          a.appendVarchar(t.seeker_id);
          a.appendVarchar(t.tier);
          a.appendInteger(t.points);
          a.appendVarchar(t.stage_zh);
          a.appendVarchar(t.stage_en);
          a.appendVarchar(JSON.stringify(t.breakdown));
          a.appendVarchar(at);
          a.endRow();
        }
      });
      await this.append('caseworker_queue', (a) => {
        for (const q of queue) {
          a.appendVarchar(runId);
          a.appendVarchar(q.seeker_id);
          a.appendVarchar(q.tier);
          a.appendInteger(q.points);
          if (q.office_region) a.appendVarchar(q.office_region);
          else a.appendNull();
          a.appendVarchar(q.reasons.zh);
          a.appendVarchar(q.reasons.en);
          a.appendVarchar(JSON.stringify(q.reasons.breakdown));
          a.appendInteger(q.recommendations);
          a.appendVarchar('open');
          a.appendVarchar(at);
          a.endRow();
        }
      });
      await this.insertFlags(runId, flagged);
      // One case per seeker however many runs hand them over (src/cases/).
      await syncCasesFromRun(this.store, runId);
    });
  }

  /**
   * Loads a run's rows from the NDJSON files its match worker wrote (writeResultFiles.ts) and records
   * its posting flags, in one transaction: the same rows writeResults appends.
   */
  async loadResults(dir: string, runId: string, flagged: readonly FlaggedPosting[]): Promise<void> {
    await this.store.transaction(async () => {
      await this.store.run(await sql('load_recommendations'), { path: join(dir, RESULT_FILES.recommendations) });
      await this.store.run(await sql('load_tiers'), { path: join(dir, RESULT_FILES.tiers) });
      await this.store.run(await sql('load_queue'), { path: join(dir, RESULT_FILES.queue) });
      await this.insertFlags(runId, flagged);
      await syncCasesFromRun(this.store, runId);
    });
  }

  private async insertFlags(runId: string, flagged: readonly FlaggedPosting[]): Promise<void> {
    const insertFlag = await sql('insert_flag');
    for (const f of flagged) {
      for (const flag of f.flags) {
        await this.store.run(insertFlag, {
          posting_id: f.posting_id,
          kind: flag.kind,
          matched: flag.match,
          label_zh: flag.zh,
          label_en: flag.en,
          run_id: runId,
        });
      }
    }
  }

  /** Recommendations in force for the run's seekers: its own and the earlier ones its cooldown held back. */
  async exposureRows(
    runId: string,
    cooldownDays: number,
  ): Promise<{ seeker_id: string; grade: string; tier: string; gender: string; birth_year: number }[]> {
    return this.store.all(await sql('exposure'), { run_id: runId, cooldown_days: cooldownDays });
  }

  async seekersInRun(runId: string): Promise<{ seeker_id: string; tier: string; gender: string; birth_year: number }[]> {
    return this.store.all(await sql('seekers_in_run'), { run_id: runId });
  }

  /** Runs left 'running' by a process that ended inside them (ask only while no run is in progress). */
  async interruptedRuns(): Promise<InterruptedRun[]> {
    return this.store.all<InterruptedRun>(await sql('interrupted_runs'));
  }

  async runPushes(runId: string): Promise<PushRow[]> {
    return this.store.all<PushRow>(await sql('run_pushes'), { run_id: runId });
  }

  async latestRunId(): Promise<string | null> {
    return (await this.store.all<{ run_id: string }>(await sql('latest_run')))[0]?.run_id ?? null;
  }

  private async append(table: string, fill: (appender: DuckDBAppender) => void): Promise<void> {
    const appender = await this.store.connection.createAppender(table);
    try {
      fill(appender);
      appender.flushSync();
    } catch (error) {
      throw new SinkError(`writing ${table} failed: ${(error as Error).message}`, {
        code: 'MATCH_WRITE_FAILED',
        cause: error,
        hint: 'the run was rolled back; rerun `labourflow match`',
      });
    } finally {
      appender.closeSync();
    }
  }
}
