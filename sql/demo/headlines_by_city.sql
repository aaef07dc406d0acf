-- Demo headline: demand (open headcount of published postings) against active job seekers,
-- by prefecture-level city, and the stock job-to-applicant ratio (求人倍率, stock = open headcount
-- ÷ seekers now looking; the report's supply-demand ratio is the quarterly flow instead).
WITH demand AS (
  SELECT left(region_code, 4) || '00' AS city_code, count(*) AS postings, sum(headcount) AS openings
  FROM postings WHERE status = 'published'
  GROUP BY 1
), supply AS (
  SELECT left(residence_region, 4) || '00' AS city_code, count(*) AS seekers
  FROM seekers WHERE employment_status IN ('unemployed_registered', 'unemployed_unregistered', 'flexible_employed', 'student')
  GROUP BY 1
)
SELECT coalesce(d.city_code, s.city_code) AS city_code,
       coalesce(d.postings, 0)::BIGINT AS postings,
       coalesce(d.openings, 0)::BIGINT AS openings,
       coalesce(s.seekers, 0)::BIGINT AS seekers,
       round(coalesce(d.openings, 0) / nullif(s.seekers, 0), 2) AS stock_ratio
FROM demand d FULL OUTER JOIN supply s ON s.city_code = d.city_code
ORDER BY openings DESC, seekers DESC
LIMIT $limit;
