import type { PostingPayload } from '../records/posting.ts';
import type { SeekerPayload } from '../records/seeker.ts';
import type { Tier, TierDecision, TierPoint } from '../tiering/TierDecision.ts';
import type { FactorName } from './MatchingConfig.ts';

export type { Tier, TierDecision, TierPoint };

/**
 * The plain data the matcher works on: the stored posting/seeker columns it needs, keyed by the
 * envelope id. Gender is carried only so the fairness audit can group by it; no scoring function
 * reads it (test/matching/Fairness.test.ts flips it and checks every score).
 */
export type MatchPosting = Pick<
  PostingPayload,
  | 'title'
  | 'occupation_code'
  | 'industry_code'
  | 'region_code'
  | 'salary_min'
  | 'salary_max'
  | 'education_required'
  | 'experience_min_years'
  | 'headcount'
  | 'skills'
  | 'employment_type'
  | 'status'
  | 'posted_date'
  | 'expiry_date'
> & {
  id: string;
  description?: string;
  employer_name?: string | null;
  /** Accepted on a caseworker's written commitment (policy: commitment-acceptance): marked in every recommendation and push. */
  commitment_accepted?: boolean;
};

export type MatchSeeker = Pick<
  SeekerPayload,
  | 'residence_region'
  | 'birth_year'
  | 'education'
  | 'experience_years'
  | 'skills'
  | 'desired_titles'
  | 'desired_occupations'
  | 'desired_industries'
  | 'desired_regions'
  | 'desired_salary_min'
  | 'desired_salary_max'
  | 'willing_to_relocate'
  | 'employment_status'
  | 'registration_date'
  | 'key_groups'
  | 'contact_channel'
  | 'failed_referrals'
> & {
  id: string;
  experience_text?: string;
  graduation_year?: number | null;
  office_region?: string | null;
  gender?: string;
};

export type Grade = 'A' | 'B' | 'C' | 'D';
export type Channel = 'app' | 'sms' | 'phone' | 'caseworker';

export interface FactorContribution {
  factor: FactorName;
  /** Factor score in [0, 1]. */
  value: number;
  /** Normalised weight × value: this factor's share of the total score. */
  contribution: number;
  zh: string;
  en: string;
}

export interface PolicyHint {
  policy: string;
  zh: string;
  en: string;
  amount_cny: number | null;
  condition: string;
}

export interface Recommendation {
  seeker_id: string;
  posting_id: string;
  rank: number;
  score: number;
  grade: Grade;
  tier: Tier;
  channel: Channel;
  /** Factor scores in [0, 1], in FACTOR_NAMES order (plain arrays: a run holds millions of these). */
  factor_values: number[];
  /** Normalised weight × value per factor, same order; they sum to `score`. */
  factor_contributions: number[];
  /** The top factors, human-readable in both languages. */
  explanation: { zh: string; en: string; top: FactorName[] };
  skills_gap: string[];
  policy_hints: PolicyHint[];
}

/** Past pushes and outcomes the run must respect (cooldown, no re-push after applying or declining). */
export interface MatchHistory {
  /** `${seeker_id}\u0000${posting_id}` of pushes inside the cooldown window. */
  recentlyPushed: Set<string>;
  /** `${seeker_id}\u0000${posting_id}` the seeker applied to, declined, was interviewed or hired for. */
  closed: Set<string>;
  /**
   * Open recommendations per posting id from earlier runs (sql/matching/open_recommendations.sql):
   * they use up the posting's capacity ⌈k·headcount⌉ across runs, not per run only.
   */
  openByPosting?: ReadonlyMap<string, number>;
}

export const pairKey = (seekerId: string, postingId: string): string => `${seekerId}\u0000${postingId}`;
export const EMPTY_HISTORY: MatchHistory = { recentlyPushed: new Set(), closed: new Set() };
