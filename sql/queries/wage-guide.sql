-- name: wage-guide
-- title_zh: 市场工资指导价位
-- title_en: Market wage guide prices
-- description: P10 / P25 / P50 / P75 / P90 of the posted monthly salary (CNY) by region and
--   occupation, with the number of postings behind each cell (policy: wage-guide). A
--   posting's monthly salary is the midpoint of its range; an open-ended range ("…以上")
--   counts at its lower bound. Percentiles interpolate linearly (quantile_cont). Cells with
--   fewer than min_n postings are suppressed. Postings pending review or withdrawn are left out.
-- requires: postings
-- param: group_by enum(region|occupation|region_occupation) = region_occupation -- cells by region, by occupation, or both
-- param: region_level enum(province|city|county) = city -- level postings' regions are rolled up to
-- param: min_n int = 30 -- smallest number of postings a published cell may have
-- param: posted_from date = 1990-01-01 -- first posted_date included
-- param: posted_to date = 2099-12-31 -- last posted_date included
WITH salaries AS (
  SELECT
    -- GB/T 2260 codes nest by prefix: the city of 130503 is 130500, its province 130000.
    -- (A province-level code stays itself at city level, as Regions.rollUp does.)
    CASE $region_level
      WHEN 'province' THEN left(p.region_code, 2)
      WHEN 'city' THEN left(p.region_code, 4)
      ELSE p.region_code
    END AS region_prefix,
    p.occupation_code,
    CASE WHEN p.salary_max IS NULL THEN CAST(p.salary_min AS DOUBLE) ELSE (p.salary_min + p.salary_max) / 2.0 END AS monthly
  FROM postings p
  WHERE p.status NOT IN ('pending_review', 'withdrawn')
    AND p.posted_date BETWEEN CAST($posted_from AS DATE) AND CAST($posted_to AS DATE)
),
cells AS (
  SELECT
    CASE WHEN $group_by IN ('region', 'region_occupation') THEN region_prefix END AS region_prefix,
    CASE WHEN $group_by IN ('occupation', 'region_occupation') THEN occupation_code END AS occupation_code,
    count(*) AS n,
    quantile_cont(monthly, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q
  FROM salaries
  GROUP BY ALL
  HAVING count(*) >= $min_n
)
SELECT
  c.region_code,
  r.name AS region_name,
  c.occupation_code,
  o.name AS occupation_name,
  c.n,
  c.q[1] AS p10,
  c.q[2] AS p25,
  c.q[3] AS p50,
  c.q[4] AS p75,
  c.q[5] AS p90
FROM (SELECT *, rpad(region_prefix, 6, '0') AS region_code FROM cells) c
LEFT JOIN regions r ON r.code = c.region_code
LEFT JOIN occupations o ON o.code = c.occupation_code
ORDER BY c.region_code NULLS FIRST, c.occupation_code NULLS FIRST
