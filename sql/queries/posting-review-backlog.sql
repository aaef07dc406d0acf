-- name: posting-review-backlog
-- title_zh: 岗位信息审核积压情况
-- title_en: Posting review backlog by region
-- description: Postings are reviewed for authenticity and legality before publication (policy: posting-review;
--   collect → review → publish → match, policy: posting-review); the state of each posting's current version
--   comes from the review desk's decisions (posting_reviews, posting_review_decisions). Per
--   region: versions awaiting a decision (pending, or not yet through the automatic review),
--   of them with a blocking automatic finding, and waiting longer than `review_days` since the
--   posting date, the oldest posting date waiting; returned for correction, rejected, approved,
--   approved automatically (trusted source, no blocking finding), approved and published on a
--   written commitment (policy: commitment-acceptance); decisions made by reviewers, and the median hours from arrival
--   to a reviewer's decision.
-- requires: postings, posting_reviews, posting_review_decisions
-- param: as_of date = latest -- YYYY-MM-DD; latest = the newest posting date
-- param: review_days int = 3 -- review time limit in days
-- param: region_level enum(province|city|county) = county -- level regions are rolled up to
WITH ref_date AS (
  SELECT CAST(coalesce(TRY_CAST($as_of AS DATE), (SELECT max(posted_date) FROM postings), current_date) AS DATE) AS d
),
versions AS (
  SELECT
    CASE $region_level
      WHEN 'province' THEN left(p.region_code, 2) || '0000' WHEN 'city' THEN left(p.region_code, 4) || '00' ELSE p.region_code
    END AS region_code,
    p.id, p.version, p.status, p.posted_date, p.commitment_accepted,
    coalesce(r.state, 'unreviewed') AS state,
    coalesce(r.blocking, false) AS blocking,
    coalesce(r.auto_approved, false) AS auto_approved,
    CASE WHEN r.decided_by <> 'system' THEN date_diff('minute', r.submitted_at, r.decided_at) / 60.0 END AS decision_hours
  FROM postings p
  LEFT JOIN posting_reviews r ON r.posting_id = p.id AND r.posting_version = p.version
  WHERE p.status IN ('pending_review', 'published') AND p.posted_date <= (SELECT d FROM ref_date)
),
decided AS (
  SELECT v.region_code, count(*) AS reviewer_decisions
  FROM posting_review_decisions dd
  JOIN versions v ON v.id = dd.posting_id
  WHERE dd.actor <> 'system'
  GROUP BY v.region_code
),
cells AS (
  SELECT region_code,
    count(*) FILTER (WHERE state IN ('pending', 'unreviewed')) AS awaiting_review,
    count(*) FILTER (WHERE state IN ('pending', 'unreviewed') AND blocking) AS awaiting_flagged,
    count(*) FILTER (WHERE state IN ('pending', 'unreviewed') AND posted_date < (SELECT d - ($review_days) FROM ref_date)) AS overdue,
    min(posted_date) FILTER (WHERE state IN ('pending', 'unreviewed')) AS oldest_pending,
    count(*) FILTER (WHERE state = 'returned') AS returned,
    count(*) FILTER (WHERE state = 'rejected') AS rejected,
    count(*) FILTER (WHERE state = 'approved') AS approved,
    count(*) FILTER (WHERE state = 'approved' AND auto_approved) AS approved_automatically,
    count(*) FILTER (WHERE state = 'approved' AND status = 'published' AND commitment_accepted) AS published_on_commitment,
    round(median(decision_hours), 1) AS median_decision_hours
  FROM versions GROUP BY region_code
)
SELECT c.region_code, r.name AS region_name, c.awaiting_review, c.awaiting_flagged, c.overdue, c.oldest_pending, c.returned,
  c.rejected, c.approved, c.approved_automatically, c.published_on_commitment, coalesce(d.reviewer_decisions, 0) AS reviewer_decisions,
  c.median_decision_hours
FROM cells c
LEFT JOIN decided d USING (region_code)
LEFT JOIN regions r ON r.code = c.region_code
ORDER BY c.overdue DESC, c.awaiting_review DESC, c.region_code
