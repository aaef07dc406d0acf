-- The reviewer's queue: current posting versions in the actor's region ($prefix: '' national, else
-- the region code's 2/4/6-digit prefix) in the states asked for ($states, JSON list), that could
-- still be published (source status pending_review or published), oldest arrival first (then
-- oldest event).
SELECT r.posting_id, r.posting_version, r.state, r.blocking, CAST(r.findings AS VARCHAR) AS findings, r.categories,
       r.source, r.ingest_source, r.trusted_source, r.auto_approved, r.commitment_accepted,
       epoch_ms(r.submitted_at) AS submitted_ms, epoch_ms(r.reviewed_at) AS reviewed_ms,
       r.decided_by, epoch_ms(r.decided_at) AS decided_ms, r.reason,
       p.title, p.employer_name, p.employer_credit_code, p.region_code, p.salary_min, p.salary_max, p.employment_type,
       p.status, p.headcount, CAST(p.posted_date AS VARCHAR) AS posted_date, CAST(p.expiry_date AS VARCHAR) AS expiry_date,
       p.description, coalesce(p.expiry_date < current_date, false) AS expired,
       count(*) OVER () AS total
FROM posting_reviews r
JOIN postings p ON p.id = r.posting_id AND p.version = r.posting_version
WHERE starts_with(p.region_code, $prefix)
  AND list_contains(from_json($states, '["VARCHAR"]'), r.state)
  AND p.status IN ('pending_review', 'published')
  AND (NOT $blocking_only OR r.blocking)
ORDER BY r.submitted_at, p.event_time, r.posting_id
LIMIT $limit OFFSET $offset
