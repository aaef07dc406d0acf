-- name: flagged-postings
-- title_zh: 需关注的岗位信息
-- title_en: Flagged postings
-- description: Postings a reviewer should look at, one row per posting and flag, for the current
--   version of each posting. The automatic review's findings (posting_reviews, policy: posting-review):
--   discriminatory requirements, discriminatory_<kind> for gender, marital, ethnicity,
--   religion, origin, health, disability (Employment Promotion Law arts. 26–31) and age;
--   minimum_wage, credit_code, employer_identity, duplicate; detail names the severity (block or
--   note) and the evidence. Also: awaiting a decision longer than `review_days` after the posting
--   date (stale_review); approved and published on a written commitment (commitment, policy: commitment-acceptance); a
--   monthly salary above `outlier_factor` times, or below 1/`outlier_factor` of, the median for
--   the same city and occupation group over the last `days` days (salary_outlier; cells of 30+
--   postings only); and, for postings not yet through the automatic review, what a matching run
--   found (posting_flags). review_state is the version's state at the review desk.
-- requires: postings, posting_flags, posting_reviews
-- param: as_of date = latest -- YYYY-MM-DD; latest = the newest posting date
-- param: review_days int = 3 -- review time limit in days
-- param: outlier_factor number = 3 -- how far from the median a salary is flagged
-- param: days int = 90 -- postings published in this many days up to as_of are checked for salary outliers
-- param: limit int = 500 -- most rows returned
WITH ref_date AS (
  SELECT CAST(coalesce(TRY_CAST($as_of AS DATE), (SELECT max(posted_date) FROM postings), current_date) AS DATE) AS d
),
current AS MATERIALIZED (
  SELECT p.id, p.region_code, p.employer_name, p.title, p.status, p.posted_date, p.commitment_accepted, p.salary_min, p.salary_max,
    p.occupation_code, coalesce(r.state, 'unreviewed') AS review_state, r.findings
  FROM postings p
  LEFT JOIN posting_reviews r ON r.posting_id = p.id AND r.posting_version = p.version
),
priced AS MATERIALIZED (
  SELECT c.id, left(c.region_code, 4) AS city, left(c.occupation_code, 4) AS occ,
    CASE WHEN c.salary_max IS NULL THEN CAST(c.salary_min AS DOUBLE) ELSE (c.salary_min + c.salary_max) / 2.0 END AS monthly
  FROM current c
  WHERE c.status = 'published'
    AND c.posted_date > (SELECT d - ($days) FROM ref_date) AND c.posted_date <= (SELECT d FROM ref_date)
),
medians AS (
  SELECT city, occ, median(monthly) AS med FROM priced GROUP BY city, occ HAVING count(*) >= 30
),
findings AS (
  SELECT c.id, unnest(from_json(c.findings,
    '[{"check":"VARCHAR","category":"VARCHAR","severity":"VARCHAR","label_zh":"VARCHAR","label_en":"VARCHAR","evidence":"VARCHAR"}]')) AS f
  FROM current c WHERE c.findings IS NOT NULL AND json_array_length(c.findings) > 0
),
-- Each branch names the posting and its flag; the limit applies before the details are joined.
flags AS (
  SELECT CASE WHEN f."check" = 'discrimination' THEN 'discriminatory_' || f.category ELSE f."check" END AS flag, id,
    f.severity || ': ' || f.label_zh || ' / ' || f.label_en || ': ' || f.evidence AS detail
  FROM findings
  UNION ALL
  SELECT 'stale_review', id, 'awaiting review since ' || CAST(posted_date AS VARCHAR)
  FROM current
  WHERE review_state IN ('pending', 'unreviewed') AND status IN ('pending_review', 'published')
    AND posted_date < (SELECT d - ($review_days) FROM ref_date)
  UNION ALL
  SELECT 'commitment', id, 'published on a written commitment'
  FROM current WHERE status = 'published' AND review_state = 'approved' AND commitment_accepted
  UNION ALL
  SELECT 'salary_outlier', pr.id, 'monthly ' || CAST(round(pr.monthly) AS INTEGER) || ' vs median ' || CAST(round(m.med) AS INTEGER)
  FROM priced pr JOIN medians m USING (city, occ)
  WHERE pr.monthly > m.med * $outlier_factor OR pr.monthly < m.med / $outlier_factor
  UNION ALL
  SELECT DISTINCT 'discriminatory_' || pf.kind, pf.posting_id, pf.label_zh || ': ' || pf.matched
  FROM posting_flags pf JOIN current c ON c.id = pf.posting_id
  WHERE c.review_state = 'unreviewed'
),
chosen AS (
  SELECT fl.flag, fl.id, fl.detail, c.posted_date FROM flags fl JOIN current c USING (id)
  ORDER BY fl.flag, c.posted_date, fl.id LIMIT $limit
)
SELECT ch.flag, ch.id AS posting_id, c.region_code, r.name AS region_name, c.employer_name, c.title, c.status, c.review_state,
  c.posted_date, ch.detail
FROM chosen ch
JOIN current c USING (id)
LEFT JOIN regions r ON r.code = c.region_code
ORDER BY ch.flag, ch.posted_date, ch.id
