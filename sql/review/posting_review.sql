-- One posting's current version and its review, in the actor's region ($prefix); no row: unknown
-- to them (another region, no such posting, or not yet reviewed).
SELECT r.posting_id, r.posting_version, r.state, r.blocking, CAST(r.findings AS VARCHAR) AS findings, r.categories,
       r.source, r.ingest_source, r.trusted_source, r.auto_approved, r.commitment_accepted,
       epoch_ms(r.submitted_at) AS submitted_ms, epoch_ms(r.reviewed_at) AS reviewed_ms,
       r.decided_by, epoch_ms(r.decided_at) AS decided_ms, r.reason,
       p.title, p.employer_name, p.employer_credit_code, p.region_code, p.salary_min, p.salary_max, p.employment_type,
       p.status, p.headcount, CAST(p.posted_date AS VARCHAR) AS posted_date, CAST(p.expiry_date AS VARCHAR) AS expiry_date,
       p.description, coalesce(p.expiry_date < current_date, false) AS expired, 1 AS total
FROM postings p
JOIN posting_reviews r ON r.posting_id = p.id AND r.posting_version = p.version
WHERE p.id = $posting_id AND starts_with(p.region_code, $prefix)
