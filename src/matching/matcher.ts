import { allocate, remainingCapacity, type SeekerCandidates } from './capacityAllocator.ts';
import { CandidateIndex, DEFAULT_CANDIDATE_OPTIONS, shortListLength, type CandidateOptions } from './CandidateIndex.ts';
import { routeChannel } from './routeChannel.ts';
import { detectDiscrimination, type DiscriminationFlag } from '../review/detectDiscrimination.ts';
import { contributions, explain, gradeOf, round, skillsGap } from './explanation.ts';
import { compilePosting, compileSeeker, dayNumber, Vocabulary, type PostingFeatures, type SeekerFeatures } from './features.ts';
import { FACTOR_NAMES, type MatchingConfig } from './MatchingConfig.ts';
import {
  EMPTY_HISTORY,
  type MatchHistory,
  type MatchPosting,
  type PolicyHint,
  type MatchSeeker,
  type Recommendation,
  type Tier,
  type TierDecision,
} from './matchTypes.ts';
import { policyHints } from './policyHints.ts';
import { scorePair, scoringContext, type ScoringContext } from './scorer.ts';
import { defaultPointsTable, type PointsTable } from '../tiering/PointsTable.ts';
import type { MatchInput, ScoredRange } from './MatchInput.ts';
import { explainTier, routeOf, tierSeeker } from '../tiering/tiering.ts';

export interface CaseworkerItem {
  seeker_id: string;
  tier: Tier;
  points: number;
  office_region: string | null;
  reasons: { zh: string; en: string; breakdown: TierDecision['breakdown'] };
  recommendations: number;
}

export interface FlaggedPosting {
  posting_id: string;
  flags: DiscriminationFlag[];
}

export interface MatchStats {
  seekers: number;
  seekers_scored: number;
  postings: number;
  postings_active: number;
  postings_flagged: number;
  pairs_scored: number;
  recommendations: number;
  queued_seekers: number;
  by_grade: Record<string, number>;
  by_tier: Record<string, number>;
  by_channel: Record<string, number>;
  /** CPU-bound phases in milliseconds: prepare (flags, tiers, features), candidates+scoring, capacity pass, explanations. */
  phase_ms: { prepare: number; score: number; allocate: number; explain: number };
}

export interface MatchOutput {
  recommendations: Recommendation[];
  /** Tier decisions of the seekers scored in this run. */
  tiers: TierDecision[];
  queue: CaseworkerItem[];
  flagged: FlaggedPosting[];
  stats: MatchStats;
}

const TIER_PRIORITY: Record<Tier, number> = { T1: 1, T2: 2, T3: 3, T4: 4 };

export function candidateOptionsFor(config: MatchingConfig): CandidateOptions {
  return { ...DEFAULT_CANDIDATE_OPTIONS, shortList: shortListLength(config.weights, config.minRelevance) };
}

/** Seekers not looking for work (out of the labour force) get no pushes. */
export function isJobSeeking(s: Pick<MatchSeeker, 'employment_status'>): boolean {
  return s.employment_status !== 'out_of_labour_force';
}

export interface Prepared {
  vocab: Vocabulary;
  ctx: ScoringContext;
  postings: PostingFeatures[];
  seekers: SeekerFeatures[];
  tiers: TierDecision[];
  flagged: FlaggedPosting[];
}

/** Flags postings, tiers seekers and compiles both into features. */
export function prepare(input: Pick<MatchInput, 'seekers' | 'postings' | 'config' | 'now' | 'points' | 'canonicalSkill'>): Prepared {
  const points = input.points ?? defaultPointsTable();
  const vocab = new Vocabulary(input.canonicalSkill);
  const today = dayNumber(input.now.toISOString());
  const flagged: FlaggedPosting[] = [];
  const postings = input.postings.map((p, i) => {
    const flags = detectDiscrimination(`${p.title}\n${p.description ?? ''}`);
    if (flags.length) flagged.push({ posting_id: p.id, flags });
    return compilePosting(p, i, vocab, today, flags.length > 0);
  });
  const tiers: TierDecision[] = [];
  const seekers = input.seekers.map((s, i) => {
    const decision = tierSeeker(s, points, input.now);
    tiers.push(decision);
    return compileSeeker(s, i, vocab, decision.tier, input.config);
  });
  return { vocab, ctx: scoringContext(input.config, today, postings), postings, seekers, tiers, flagged };
}

/**
 * The best `limit` postings for one seeker above `minScore`, highest first. With an index the
 * fast path scores only its candidates; without one every posting is scored (exact).
 */
export function topCandidates(
  s: SeekerFeatures,
  postings: readonly PostingFeatures[],
  index: CandidateIndex | null,
  ctx: ScoringContext,
  limit: number,
  minScore: number,
  stamp: Int32Array,
  excluded?: ReadonlySet<number>,
): { postings: Int32Array; scores: Float64Array; scored: number } {
  const top = new Int32Array(limit).fill(-1);
  const topScores = new Float64Array(limit).fill(-1);
  let count = 0;
  let scored = 0;
  const visit = (pi: number) => {
    if (stamp[pi] === s.index) return;
    stamp[pi] = s.index;
    scored++;
    const score = scorePair(s, postings[pi]!, ctx);
    if (score < minScore) return;
    if (count === limit && score <= topScores[limit - 1]!) return;
    if (excluded?.has(pi)) return;
    // Ties break on posting order so the exact and fast paths agree.
    let j = count < limit ? count++ : limit - 1;
    while (j > 0 && (topScores[j - 1]! < score || (topScores[j - 1] === score && top[j - 1]! > pi))) {
      top[j] = top[j - 1]!;
      topScores[j] = topScores[j - 1]!;
      j--;
    }
    top[j] = pi;
    topScores[j] = score;
  };
  if (index) index.candidates(s, visit);
  else for (let pi = 0; pi < postings.length; pi++) visit(pi);
  return { postings: top.slice(0, count), scores: topScores.slice(0, count), scored };
}

/** Everything a run computes before scoring: features, tiers, indices, history per seeker. */
export interface RunState {
  input: MatchInput;
  points: PointsTable;
  prep: Prepared;
  incremental: boolean;
  changedList: PostingFeatures[];
  fullIndex: CandidateIndex | null;
  changedIndex: CandidateIndex | null;
  historyBySeeker: Map<string, Set<number>>;
  pool: number;
}

export function setupRun(input: MatchInput): RunState {
  const points = input.points ?? defaultPointsTable();
  const prep = prepare({ ...input, points });
  const { postings } = prep;
  const incremental = input.changedSeekers !== undefined || input.changedPostings !== undefined;
  const changedList = incremental ? postings.filter((p) => input.changedPostings?.has(p.record.id)) : postings;
  const options = input.candidateOptions ?? candidateOptionsFor(input.config);
  const fullIndex = input.exact ? null : CandidateIndex.build(postings, options);
  const changedIndex = input.exact || !incremental ? fullIndex : CandidateIndex.build(changedList, options);
  const postingIndexById = new Map(postings.map((p) => [p.record.id, p.index]));
  const historyBySeeker = groupHistory(input.history ?? EMPTY_HISTORY, postingIndexById);
  return {
    input,
    points,
    prep,
    incremental,
    changedList,
    fullIndex,
    changedIndex,
    historyBySeeker,
    pool: input.config.topN * input.config.candidatePool,
  };
}

/** Ranked candidates of seekers [from, to): the part of a run that splits across threads. */
export function scoreRange(state: RunState, from: number, to: number): ScoredRange {
  const { input, prep, incremental, changedList, fullIndex, changedIndex, historyBySeeker, pool } = state;
  const { ctx, postings, seekers } = prep;
  const stamp = new Int32Array(postings.length).fill(-1);
  const lists: SeekerCandidates[] = [];
  let pairs = 0;
  let scoredSeekers = 0;
  for (let si = from; si < Math.min(to, seekers.length); si++) {
    const s = seekers[si]!;
    if (!isJobSeeking(s.record)) continue;
    const changed = !incremental || input.changedSeekers?.has(s.record.id);
    if (!changed && changedList.length === 0) continue;
    scoredSeekers++;
    const excluded = historyBySeeker.get(s.record.id);
    let top: ReturnType<typeof topCandidates>;
    if (input.exact) {
      const candidates = changed ? postings : changedList;
      top = topCandidates(s, candidates, null, ctx, pool, input.config.minScore, stamp, excluded);
      if (candidates !== postings) top = { ...top, postings: top.postings.map((i) => candidates[i]!.index) };
    } else {
      top = topCandidates(s, postings, changed ? fullIndex : changedIndex, ctx, pool, input.config.minScore, stamp, excluded);
    }
    pairs += top.scored;
    lists.push({ seeker: s.index, priority: TIER_PRIORITY[s.tier], postings: top.postings, scores: top.scores });
  }
  return { lists, pairs, seekers: scoredSeekers };
}

export function runMatch(input: MatchInput): MatchOutput {
  const timer = phaseTimer();
  const state = setupRun(input);
  timer.lap('prepare');
  const scored = scoreRange(state, 0, state.prep.seekers.length);
  timer.lap('score');
  return finishRun(state, scored, timer);
}

/**
 * The same run with the score phase split between this thread and `threads - 1` worker threads,
 * each scoring a slice of the seekers on its own copy of the features (same order, same scores).
 */
export async function runMatchParallel(input: MatchInput, threads: number): Promise<MatchOutput> {
  if (threads <= 1 || input.canonicalSkill || input.seekers.length < 2000) return runMatch(input);
  const { scoreInWorker } = await import('./scoreInWorker.ts');
  const timer = phaseTimer();
  const n = input.seekers.length;
  const bounds = Array.from({ length: threads + 1 }, (_, i) => Math.round((n * i) / threads));
  // Workers start first so their copy and preparation overlap this thread's.
  const remote = Array.from({ length: threads - 1 }, (_, w) => scoreInWorker(input, bounds[w + 1]!, bounds[w + 2]!));
  const state = setupRun(input);
  timer.lap('prepare');
  const local = scoreRange(state, bounds[0]!, bounds[1]!);
  const parts = [local, ...(await Promise.all(remote))];
  timer.lap('score');
  return finishRun(
    state,
    {
      lists: parts.flatMap((p) => p.lists),
      pairs: parts.reduce((sum, p) => sum + p.pairs, 0),
      seekers: parts.reduce((sum, p) => sum + p.seekers, 0),
    },
    timer,
  );
}

function phaseTimer() {
  let t = performance.now();
  const phase = { prepare: 0, score: 0, allocate: 0, explain: 0 };
  return {
    phase,
    lap(name: keyof typeof phase) {
      const now = performance.now();
      phase[name] = Math.round(now - t);
      t = now;
    },
  };
}

function finishRun(state: RunState, scored: ScoredRange, timer: ReturnType<typeof phaseTimer>): MatchOutput {
  const { input, points, prep } = state;
  const { config, now } = input;
  const { ctx, postings, seekers, tiers, vocab } = prep;
  const lists = scored.lists;
  const pairsScored = scored.pairs;
  const seekersScored = scored.seekers;
  const lap = timer.lap;
  const phase = timer.phase;
  const open = input.history?.openByPosting;
  const allocations = allocate(
    lists,
    (pi) => remainingCapacity(postings[pi]!.record.headcount, config.capacityFactor, open?.get(postings[pi]!.record.id) ?? 0),
    {
      perSeeker: config.topN,
      crowdPenalty: config.crowdPenalty,
    },
  );

  lap('allocate');
  const values = new Float64Array(FACTOR_NAMES.length);
  const bySeeker = new Map<number, { posting: number; score: number }[]>();
  for (const a of allocations) {
    const list = bySeeker.get(a.seeker);
    if (list) list.push(a);
    else bySeeker.set(a.seeker, [a]);
  }
  const recommendations: Recommendation[] = [];
  const queue: CaseworkerItem[] = [];
  const stats: MatchStats = {
    seekers: seekers.length,
    seekers_scored: seekersScored,
    postings: postings.length,
    postings_active: postings.filter((p) => p.active).length,
    postings_flagged: prep.flagged.length,
    pairs_scored: pairsScored,
    recommendations: 0,
    queued_seekers: 0,
    by_grade: {},
    by_tier: {},
    by_channel: {},
    phase_ms: phase,
  };
  const scoredSeekers = new Set(lists.map((l) => l.seeker));
  for (const s of seekers) {
    if (!scoredSeekers.has(s.index)) continue;
    const decision = tiers[s.index]!;
    const route = routeOf(decision.tier, points);
    const channel = routeChannel(s.record, route, config.olderAge, now);
    // Hints depend on the seeker and the posting's employment type only.
    const hintCache = new Map<string, PolicyHint[]>();
    const hintsFor = (type: MatchPosting['employment_type']) => {
      let hints = hintCache.get(type);
      if (!hints) hintCache.set(type, (hints = policyHints(s.record, { employment_type: type }, decision.tier, now)));
      return hints;
    };
    const picks = (bySeeker.get(s.index) ?? []).sort((a, b) => b.score - a.score || a.posting - b.posting);
    picks.forEach((pick, rank) => {
      const p = postings[pick.posting]!;
      const score = scorePair(s, p, ctx, values);
      const grade = gradeOf(score, config.grades);
      const factors = contributions(values, config.weights);
      const gap = skillsGap(s, p, vocab);
      recommendations.push({
        seeker_id: s.record.id,
        posting_id: p.record.id,
        rank: rank + 1,
        score: round(score),
        grade,
        tier: decision.tier,
        channel,
        factor_values: factors.values,
        factor_contributions: factors.contributions,
        explanation: explain(factors.values, factors.contributions, grade, score, gap),
        skills_gap: gap,
        policy_hints: hintsFor(p.record.employment_type),
      });
      stats.by_grade[grade] = (stats.by_grade[grade] ?? 0) + 1;
      stats.by_channel[channel] = (stats.by_channel[channel] ?? 0) + 1;
    });
    stats.by_tier[decision.tier] = (stats.by_tier[decision.tier] ?? 0) + 1;
    if (route === 'caseworker') {
      const why = explainTier(decision);
      queue.push({
        seeker_id: s.record.id,
        tier: decision.tier,
        points: decision.points,
        office_region: s.record.office_region ?? s.record.residence_region,
        reasons: { zh: why.zh, en: why.en, breakdown: decision.breakdown },
        recommendations: picks.length,
      });
    }
  }
  stats.recommendations = recommendations.length;
  stats.queued_seekers = queue.length;
  lap('explain');
  return { recommendations, tiers: tiers.filter((_, i) => scoredSeekers.has(i)), queue, flagged: prep.flagged, stats };
}

/** Per-seeker posting indices that must not be pushed (closed by an outcome, or inside the cooldown). */
function groupHistory(history: MatchHistory, postingIndexById: Map<string, number>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const source of [history.closed, history.recentlyPushed]) {
    for (const key of source) {
      const [seekerId, postingId] = key.split('\u0000') as [string, string];
      const pi = postingIndexById.get(postingId);
      if (pi === undefined) continue;
      let set = out.get(seekerId);
      if (!set) out.set(seekerId, (set = new Set()));
      set.add(pi);
    }
  }
  return out;
}
