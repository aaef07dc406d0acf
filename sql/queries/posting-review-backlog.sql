-- name: posting-review-backlog
-- title_zh: 岗位信息审核积压情况
-- title_en: Posting review backlog by region
-- description: Postings wait in review for authenticity and legality before publication
--   (001 §2; collect → review → publish → match, 003 §31). Per region: postings pending
--   review, how many have waited longer than `review_days`, the oldest posting date still
--   pending, and published postings accepted on a caseworker's written commitment (001 §3).
-- requires: postings
-- param: as_of date = latest -- YYYY-MM-DD; latest = the newest posting date
-- param: review_days int = 3 -- review time limit in days
-- param: region_level enum(province|city|county) = county -- level regions are rolled up to
WITH ref_date AS (
  SELECT CAST(coalesce(TRY_CAST($as_of AS DATE), (SELECT max(posted_date) FROM postings), current_date) AS DATE) AS d
),
keyed AS (
  SELECT
    CASE $region_level WHEN 'province' THEN left(p.region_code, 2) || '0000' WHEN 'city' THEN left(p.region_code, 4) || '00' ELSE p.region_code END AS region_code,
    p.status, p.posted_date, p.commitment_accepted
  FROM postings p
  WHERE p.status IN ('pending_review', 'published') AND p.posted_date <= (SELECT d FROM ref_date)
),
cells AS (
  SELECT region_code,
    count(*) FILTER (WHERE status = 'pending_review') AS pending_review,
    count(*) FILTER (WHERE status = 'pending_review' AND posted_date < (SELECT d - ($review_days) FROM ref_date)) AS overdue,
    min(posted_date) FILTER (WHERE status = 'pending_review') AS oldest_pending,
    count(*) FILTER (WHERE status = 'published') AS published,
    count(*) FILTER (WHERE status = 'published' AND commitment_accepted) AS published_on_commitment
  FROM keyed GROUP BY region_code
)
SELECT c.region_code, r.name AS region_name, c.pending_review, c.overdue, c.oldest_pending, c.published, c.published_on_commitment
FROM cells c LEFT JOIN regions r ON r.code = c.region_code
ORDER BY c.overdue DESC, c.pending_review DESC, c.region_code
