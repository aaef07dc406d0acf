-- A seeker's recommendations of the $days days up to their latest run (runs may be dated with
-- --as-of), the latest per posting, with grades,
-- explanations, skills gap and policy hints; the posting's review state and commitment mark
-- (policy: commitment-acceptance); whether a referral to it is on the seeker's plan.
WITH latest AS (
  SELECT * FROM recommendations
  WHERE seeker_id = $seeker_id
    AND created_at >= (SELECT max(created_at) FROM recommendations WHERE seeker_id = $seeker_id) - to_days(CAST($days AS INTEGER))
  QUALIFY row_number() OVER (PARTITION BY posting_id ORDER BY created_at DESC, run_id DESC) = 1
)
SELECT r.run_id, r.posting_id, r.rank, r.score, r.grade, r.tier, r.channel, r.explanation, r.explanation_en,
       r.top_factors, r.skills_gap, CAST(r.policy_hints AS VARCHAR) AS policy_hints, r.pushed, epoch_ms(r.created_at) AS created_ms,
       p.title, p.employer_name, p.region_code, p.salary_min, p.salary_max, p.employment_type, p.status AS posting_status,
       coalesce(p.commitment_accepted, false) AS commitment_accepted, rv.state AS review_state,
       EXISTS (
         SELECT 1 FROM case_plan_steps st
         WHERE st.seeker_id = r.seeker_id AND st.posting_id = r.posting_id AND st.kind = 'referral' AND st.status <> 'cancelled'
       ) AS referred
FROM latest r
LEFT JOIN postings p ON p.id = r.posting_id
LEFT JOIN posting_reviews rv ON rv.posting_id = p.id AND rv.posting_version = p.version
ORDER BY r.created_at DESC, r.rank
