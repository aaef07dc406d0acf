-- name: benefit-integrity
-- title_zh: 领取失业保险金期间已就业预警名单
-- title_en: Benefit integrity: still drawing unemployment benefit after a recorded hire
-- description: People recorded as drawing unemployment insurance benefit although a hire (an
--   outcome), a follow-up that found them employed, or their own status says they have worked
--   since their benefit began (policy: benefit-integrity). A warning list for caseworkers to check, not a
--   verdict: the hire may be short, part-time or wrongly recorded. Evidence older than
--   `grace_days` before `as_of` only, since benefit stops at the next payment cycle.
-- requires: seekers, outcomes, follow_ups
-- param: as_of date = latest -- YYYY-MM-DD; latest = the newest outcome or follow-up date
-- param: grace_days int = 15 -- days allowed between the evidence and benefit stopping
-- param: limit int = 5000 -- most rows returned, longest-standing first
WITH ref_date AS (
  SELECT CAST(coalesce(TRY_CAST($as_of AS DATE),
    greatest((SELECT max(date) FROM follow_ups), (SELECT max(date) FROM outcomes)), current_date) AS DATE) AS d
),
drawing AS (
  SELECT id, residence_region, coalesce(office_region, residence_region) AS office, ui_benefit_since, employment_status,
    DATE '1970-01-01' + CAST(epoch_ms(event_time) // 86400000 AS INTEGER) AS changed
  FROM seekers WHERE draws_ui_benefit
),
evidence AS (
  SELECT d.id, 'hired' AS evidence, coalesce(o.start_date, o.date) AS evidence_date, o.posting_id
  FROM drawing d JOIN outcomes o ON o.seeker_id = d.id AND o.event = 'hired'
  WHERE coalesce(o.start_date, o.date) >= d.ui_benefit_since
  UNION ALL
  SELECT d.id, 'follow_up_employed', f.date, NULL
  FROM drawing d JOIN follow_ups f ON f.seeker_id = d.id AND f.result = 'employed'
  WHERE f.date >= d.ui_benefit_since
  UNION ALL
  SELECT d.id, 'status_' || d.employment_status, greatest(d.changed, d.ui_benefit_since), NULL
  FROM drawing d WHERE d.employment_status IN ('employed', 'flexible_employed')
),
first_evidence AS (
  SELECT id, arg_min(evidence, evidence_date) AS evidence, min(evidence_date) AS evidence_date,
    arg_min(posting_id, evidence_date) AS posting_id, count(*) AS evidence_count
  FROM evidence GROUP BY id
)
SELECT e.id AS seeker_id, d.residence_region AS region_code, r.name AS region_name, d.office AS office_code,
  d.ui_benefit_since, e.evidence, e.evidence_date, e.posting_id, e.evidence_count,
  date_diff('day', e.evidence_date, (SELECT d FROM ref_date)) AS days_since_evidence
FROM first_evidence e
JOIN drawing d ON d.id = e.id
LEFT JOIN regions r ON r.code = d.residence_region
WHERE e.evidence_date <= (SELECT d - ($grace_days) FROM ref_date)
ORDER BY days_since_evidence DESC, seeker_id
LIMIT $limit
