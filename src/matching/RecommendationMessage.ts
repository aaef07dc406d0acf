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
  posting: { title: string; employer_name: string | null; region_code: string; salary_min: number; salary_max: number | null };
  created_at: string;
}
