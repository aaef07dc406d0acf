-- name: flagged-postings
-- title_zh: 需关注的岗位信息
-- title_en: Flagged postings
-- description: Postings a reviewer should look at: pending review longer than `review_days`
--   (stale_review); published on a caseworker's written commitment instead of full review
--   (commitment, 001 §3); a monthly salary above `outlier_factor` times, or below 1/`outlier_factor`
--   of, the median for the same city and occupation group over the last `days` days
--   (salary_outlier; cells of 30+ postings only); a discriminatory requirement found by the matching run (gender, age,
--   ethnicity, origin, marital status, health: posting_flags). One row per posting and flag.
-- requires: postings, posting_flags
-- param: as_of date = latest -- YYYY-MM-DD; latest = the newest posting date
-- param: review_days int = 3 -- review time limit in days
-- param: outlier_factor number = 3 -- how far from the median a salary is flagged
-- param: days int = 90 -- postings published in this many days up to as_of are checked for salary outliers
-- param: limit int = 500 -- most rows returned
WITH ref_date AS (
  SELECT CAST(coalesce(TRY_CAST($as_of AS DATE), (SELECT max(posted_date) FROM postings), current_date) AS DATE) AS d
),
priced AS MATERIALIZED (
  SELECT p.id, p.region_code, p.employer_name, p.title, p.status, p.posted_date,
    left(p.region_code, 4) AS city, left(p.occupation_code, 4) AS occ,
    CASE WHEN p.salary_max IS NULL THEN CAST(p.salary_min AS DOUBLE) ELSE (p.salary_min + p.salary_max) / 2.0 END AS monthly
  FROM postings p
  WHERE p.status = 'published'
    AND p.posted_date > (SELECT d - ($days) FROM ref_date) AND p.posted_date <= (SELECT d FROM ref_date)
),
medians AS (
  SELECT city, occ, median(monthly) AS med FROM priced GROUP BY city, occ HAVING count(*) >= 30
),
-- Each branch carries the columns shown, so the limit applies without joining the flags back
-- to the whole postings table.
flags AS (
  SELECT 'stale_review' AS flag, id, region_code, employer_name, title, status, posted_date,
    'pending since ' || CAST(posted_date AS VARCHAR) AS detail
  FROM postings WHERE status = 'pending_review' AND posted_date < (SELECT d - ($review_days) FROM ref_date)
  UNION ALL
  SELECT 'commitment', id, region_code, employer_name, title, status, posted_date, 'published on a written commitment'
  FROM postings WHERE status = 'published' AND commitment_accepted
  UNION ALL
  SELECT 'salary_outlier', pr.id, pr.region_code, pr.employer_name, pr.title, pr.status, pr.posted_date,
    'monthly ' || CAST(round(pr.monthly) AS INTEGER) || ' vs median ' || CAST(round(m.med) AS INTEGER)
  FROM priced pr JOIN medians m USING (city, occ)
  WHERE pr.monthly > m.med * $outlier_factor OR pr.monthly < m.med / $outlier_factor
  UNION ALL
  SELECT 'discriminatory_' || f.kind, p.id, p.region_code, p.employer_name, p.title, p.status, p.posted_date, f.label_zh || ': ' || f.matched
  FROM posting_flags f JOIN postings p ON p.id = f.posting_id
),
chosen AS (
  SELECT * FROM flags ORDER BY flag, posted_date, id LIMIT $limit
)
SELECT c.flag, c.id AS posting_id, c.region_code, r.name AS region_name, c.employer_name, c.title, c.status, c.posted_date, c.detail
FROM chosen c
LEFT JOIN regions r ON r.code = c.region_code
ORDER BY c.flag, c.posted_date, c.id
