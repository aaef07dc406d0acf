import type { SeekerPayload } from '../records/seeker.ts';

/** Employment-difficulty tier (policy: five-way-service, "employment difficulty by grade"): T1 needs least help, T4 most. */
export type Tier = 'T1' | 'T2' | 'T3' | 'T4';

/** What tiering reads of a seeker: never gender, ethnicity, marital or childbearing status. */
export type TieringSeeker = Pick<
  SeekerPayload,
  'education' | 'employment_status' | 'failed_referrals' | 'key_groups' | 'registration_date' | 'skills'
> & { id: string };

export interface TierPoint {
  factor: string;
  points: number;
  zh: string;
  en: string;
  detail: string;
}

export interface TierDecision {
  seeker_id: string;
  tier: Tier;
  points: number;
  stage_zh: string;
  stage_en: string;
  breakdown: TierPoint[];
}
