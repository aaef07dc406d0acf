import { commitmentNotice } from '../review/commitmentMark.ts';
import type { MatchPosting, Recommendation } from './matchTypes.ts';

/** The message pushed per recommendation, keyed by seeker id (one seeker's pushes stay ordered). */
export interface RecommendationMessage {
  run_id: string;
  seeker_id: string;
  posting_id: string;
  rank: number;
  score: number;
  grade: string;
  tier: string;
  channel: string;
  explanation: { zh: string; en: string };
  skills_gap: string[];
  policy_hints: { policy: string; zh: string; en: string; amount_cny: number | null }[];
  posting: {
    title: string;
    employer_name: string | null;
    region_code: string;
    salary_min: number;
    salary_max: number | null;
    /** Accepted on a caseworker's written commitment instead of full review (policy: commitment-acceptance); the mark travels with every push. */
    commitment_accepted: boolean;
  };
  /** What the seeker is told about a posting accepted on commitment; null otherwise. */
  commitment_notice: { zh: string; en: string } | null;
  created_at: string;
}

/** The pushed form of a recommendation. */
export function recommendationMessage(runId: string, r: Recommendation, p: MatchPosting, now: Date): RecommendationMessage {
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
      commitment_accepted: p.commitment_accepted === true,
    },
    commitment_notice: commitmentNotice(p.commitment_accepted),
    created_at: now.toISOString(),
  };
}
