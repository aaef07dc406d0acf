import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CoreConfig } from '../config/config.ts';
import { Logger } from '../core/Logger.ts';
import { withStore } from '../store/DuckDBStore.ts';
import { embeddedAccess, type StoreAccess } from '../store/StoreAccess.ts';
import { Regions } from '../validation/Regions.ts';
import { regionLevelOf } from './features.ts';
import type { MatchingConfig } from './MatchingConfig.ts';
import { DEFAULT_POINTS_FILE, loadPointsTable } from '../tiering/PointsTable.ts';
import { runMatchParallel, type MatchStats } from './matcher.ts';
import type { Recommendation } from './matchTypes.ts';
import { openOutbox } from '../push/openOutbox.ts';
import { type RecommendationMessage, recommendationMessage } from './RecommendationMessage.ts';
import { MatchStore, type PushRow } from './MatchStore.ts';
import { runMatchToFiles } from './runMatchToFiles.ts';
import { isPushed, RESULT_FILES } from './writeResultFiles.ts';
import type { OccupationCoder } from '../occupations/OccupationCoder.ts';
import { saveOccupationCodes } from '../occupations/saveOccupationCodes.ts';
import type { MatchInput } from './MatchInput.ts';
import { faultPoint } from '../kafka/faultPoint.ts';
import { fillOccupationCodes } from '../occupations/fillOccupationCodes.ts';
import { commitmentNotice } from '../review/commitmentMark.ts';
import { sweepUnreviewedPostings } from '../review/automaticReview.ts';
import { loadReviewConfig } from '../review/ReviewConfig.ts';

export interface MatchJobOptions {
  core: CoreConfig;
  config: MatchingConfig;
  mode: 'full' | 'incremental';
  /** Defaults to the wall clock; tests pin it. */
  now?: Date;
  /** Skip pushing (still writes recommendations, marked pushed = false). */
  dryRun?: boolean;
  /** The store to use (the service's host); default: open core.db for this run alone. */
  store?: StoreAccess;
  /** Compute on a worker thread, leaving this one to serve requests and the consumer (the service). */
  offThread?: boolean;
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
  const started = performance.now();
  const runId = `run-${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomUUID().slice(0, 8)}`;
  if (!options.store) return withStore({ path: options.core.db }, (db) => matchRun(options, embeddedAccess(db), runId, started));
  return matchRun(options, options.store, runId, started);
}

/**
 * Reads everything in one snapshot on a reader, matches with no lock held, and takes the writer
 * only to record the run and its results: ingest keeps committing while a province is scored.
 */
async function matchRun(options: MatchJobOptions, access: StoreAccess, runId: string, started: number): Promise<MatchJobSummary> {
  const log = Logger.for('match');
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  // The points instrument is a versioned input (policy: five-way-service): a bad file fails before a run starts.
  const points = loadPointsTable(options.config.pointsFile ?? DEFAULT_POINTS_FILE);
  await recoverInterruptedRuns(access, options.core, options.config.topic);
  // Review sweep: a posting that missed its automatic review (a crash between a batch and its review) gets it before the run reads the approved ones.
  await sweepUnreviewedPostings(access, loadReviewConfig(options.core));
  const last = options.mode === 'incremental' ? await access.read((db) => new MatchStore(db).lastRun()) : null;
  const mode = last ? 'incremental' : 'full';
  const since = last?.started_at ?? null;
  await access.write((db) => new MatchStore(db).startRun(runId, mode, now.toISOString(), since, options.config, points.version));
  faultPoint('match.after-start');
  let stats: Partial<MatchStats> = {};
  try {
    const cooldownSince = new Date(now.getTime() - options.config.cooldownDays * 86_400_000).toISOString();
    // Coded first, so the run reads saved codes: occupation codes found for postings and seekers
    // are stored with the coder's score and version (migration 008), not only used in memory.
    let coder: OccupationCoder | null = null;
    if (options.core.taxonomyDir) {
      const { loadOccupationCoder } = await import('../occupations/loadOccupationCoder.ts');
      coder = await loadOccupationCoder(options.core.taxonomyDir);
      const ready = coder;
      if (ready && !options.dryRun) {
        const saved = await access.write((db) => saveOccupationCodes(db, ready, options.config.occupationMinScore));
        log.info('occupations_saved', { run_id: runId, ...saved });
      }
    }
    const loaded = await access.read(async (db) => {
      const store = new MatchStore(db);
      const postings = await store.postings(today);
      const seekers = await store.seekers(scopePrefix(options.core.scope));
      const history = await store.history(cooldownSince);
      const changed = since
        ? { changedSeekers: await store.changedIds('seekers', since), changedPostings: await store.changedIds('postings', since) }
        : {};
      return { postings, seekers, history, changed };
    });
    let { postings, seekers } = loaded;
    const { history, changed } = loaded;
    // A dry run saves nothing: its codes are filled in memory only.
    if (coder) {
      const filled = fillOccupationCodes(postings, seekers, coder, options.config.occupationMinScore);
      ({ postings, seekers } = filled);
      log.info('occupations_coded', { run_id: runId, ...filled.counts });
    }
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
    const input = { seekers, postings, config: options.config, now, history, points, ...changed };
    const { runStats, pushed, sinkName } = options.offThread
      ? await computeOffThread(options, access, input, runId, now)
      : await computeHere(options, access, input, runId, now);
    stats = runStats;
    await access.write((db) => new MatchStore(db).finishRun(runId, 'succeeded', stats, pushed, sinkName, null));
    const summary = {
      run_id: runId,
      mode,
      since,
      stats: runStats,
      pushed,
      sink: sinkName,
      wall_s: Number(((performance.now() - started) / 1000).toFixed(2)),
    } as MatchJobSummary;
    log.info('match_done', {
      run_id: runId,
      recommendations: runStats.recommendations,
      pushed,
      queued: runStats.queued_seekers,
      wall_s: summary.wall_s,
    });
    return summary;
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    await access.write((db) => new MatchStore(db).finishRun(runId, 'failed', stats, 0, 'none', message)).catch(() => undefined);
    throw error;
  }
}

interface Computed {
  runStats: MatchStats;
  pushed: number;
  sinkName: string;
}

/** The CLI's run: match on this thread, append the results, push. */
async function computeHere(options: MatchJobOptions, access: StoreAccess, input: MatchInput, runId: string, now: Date): Promise<Computed> {
  const result = await runMatchParallel(input, options.config.threads);
  const push = (r: Recommendation) => isPushed(r, options.dryRun ?? false);
  await access.write((db) =>
    new MatchStore(db).writeResults(runId, now, result.recommendations, push, result.tiers, result.queue, result.flagged),
  );
  faultPoint('match.after-write-results');
  let pushed = 0;
  let sinkName = 'none';
  const toPush = result.recommendations.filter(push);
  if (toPush.length > 0) {
    const outbox = await openOutbox(options.core, 'match');
    try {
      const byId = new Map(input.postings.map((p) => [p.id, p]));
      const messages = toPush.map((r) => recommendationMessage(runId, r, byId.get(r.posting_id)!, now));
      // Keyed by seeker: one seeker's pushes stay in order in one partition.
      const sent = await outbox.publish(options.config.topic, runId, messages, (m) => m.seeker_id);
      pushed = sent.count;
      sinkName = sent.where;
    } finally {
      await outbox.close();
    }
  }
  return { runStats: result.stats, pushed, sinkName };
}

const PUSH_CHUNK = 20_000;

/**
 * The service's run: a worker matches and writes the rows as NDJSON; the writer loads them in one
 * statement per table (the write lock is held for that load only); the pushes are read back in
 * chunks, so this thread is never busy for long.
 */
async function computeOffThread(
  options: MatchJobOptions,
  access: StoreAccess,
  input: MatchInput,
  runId: string,
  now: Date,
): Promise<Computed> {
  const dir = await mkdtemp(join(tmpdir(), 'labourflow-match-'));
  try {
    const files = await runMatchToFiles(input, options.config.threads, {
      dir,
      runId,
      createdAt: now.toISOString(),
      dryRun: options.dryRun ?? false,
    });
    await access.write((db) => new MatchStore(db).loadResults(dir, runId, files.flagged));
    faultPoint('match.after-write-results');
    let pushed = 0;
    let sinkName = 'none';
    if (files.pushes > 0) {
      const outbox = await openOutbox(options.core, 'match');
      try {
        let chunk: RecommendationMessage[] = [];
        let part = 0;
        const send = async () => {
          part++;
          // One batch keeps its run's name; more are numbered (the file outbox writes one file per batch).
          const batch = files.pushes <= PUSH_CHUNK ? runId : `${runId}.${String(part).padStart(4, '0')}`;
          const sent = await outbox.publish(options.config.topic, batch, chunk, (m) => m.seeker_id);
          pushed += sent.count;
          sinkName = files.pushes <= PUSH_CHUNK ? sent.where : sent.where.replace(/\.\d{4}\.ndjson$/, '.*.ndjson');
          chunk = [];
        };
        const lines = createInterface({ input: createReadStream(join(dir, RESULT_FILES.pushes)), crlfDelay: Number.POSITIVE_INFINITY });
        for await (const line of lines) {
          if (line === '') continue;
          chunk.push(JSON.parse(line) as RecommendationMessage);
          if (chunk.length === PUSH_CHUNK) await send();
        }
        if (chunk.length > 0) await send();
      } finally {
        await outbox.close();
      }
    }
    return { runStats: files.stats, pushed, sinkName };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Settles the runs a dead process left 'running' (runs never overlap, so none of them is alive):
 * one whose results never committed failed; one whose results committed may have died before its
 * push, so its recorded pushes are sent again (at least once, as the alerts are) and it succeeds.
 * Either way its recommendations are in the store once or not at all: they commit in one transaction.
 */
export async function recoverInterruptedRuns(access: StoreAccess, core: CoreConfig, topic: string): Promise<number> {
  const log = Logger.for('match');
  const runs = await access.read((db) => new MatchStore(db).interruptedRuns());
  for (const run of runs) {
    if (!run.has_results) {
      await access.write((db) =>
        new MatchStore(db).finishRun(run.run_id, 'failed', {}, 0, 'none', 'interrupted: the process ended before the results were written'),
      );
      log.warn('match_run_interrupted', { run_id: run.run_id, results: false });
      continue;
    }
    const rows = await access.read((db) => new MatchStore(db).runPushes(run.run_id));
    let pushed = 0;
    let sink = 'none';
    if (rows.length > 0) {
      const outbox = await openOutbox(core, 'match');
      try {
        const sent = await outbox.publish(topic, `${run.run_id}-resend`, rows.map(pushMessage), (m) => m.seeker_id);
        pushed = sent.count;
        sink = sent.where;
      } finally {
        await outbox.close();
      }
    }
    await access.write((db) =>
      new MatchStore(db).finishRun(
        run.run_id,
        'succeeded',
        {},
        pushed,
        sink,
        'interrupted after its results were written; pushes sent again on recovery',
      ),
    );
    log.warn('match_run_interrupted', { run_id: run.run_id, results: true, pushes_resent: pushed });
  }
  return runs.length;
}

function pushMessage(r: PushRow): RecommendationMessage {
  const hints = JSON.parse(r.policy_hints) as { policy: string; zh: string; en: string; amount_cny: number | null }[];
  return {
    run_id: r.run_id,
    seeker_id: r.seeker_id,
    posting_id: r.posting_id,
    rank: r.rank,
    score: r.score,
    grade: r.grade,
    tier: r.tier,
    channel: r.channel,
    explanation: { zh: r.explanation, en: r.explanation_en },
    skills_gap: r.skills_gap,
    policy_hints: hints.map(({ policy, zh, en, amount_cny }) => ({ policy, zh, en, amount_cny })),
    posting: {
      title: r.title ?? '',
      employer_name: r.employer_name,
      region_code: r.region_code ?? '',
      salary_min: r.salary_min ?? 0,
      salary_max: r.salary_max,
      commitment_accepted: r.commitment_accepted === true,
    },
    commitment_notice: commitmentNotice(r.commitment_accepted),
    created_at: new Date(Number(r.created_ms)).toISOString(),
  };
}

/** '' (everyone) or the region prefix of the configured scope: 2 digits for a province, 4 for a city, 6 for a county. */
export function scopePrefix(scope: string | null | undefined): string {
  if (!scope) return '';
  if (!Regions.get().has(scope)) return scope;
  return scope.slice(0, regionLevelOf(scope));
}
