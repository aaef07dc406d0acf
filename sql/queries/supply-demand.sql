-- name: supply-demand
-- title_zh: 人力资源市场供求状况与求人倍率
-- title_en: Labour market supply, demand and job-to-applicant ratio
-- description: Demand (headcount of postings posted in the quarter), seekers (job seekers
--   registered in the quarter) and the job-to-applicant ratio 求人倍率 = demand ÷ seekers,
--   by region, industry section, occupation group, education or age band, as in the MOHRSS
--   quarterly report. Changes on the previous quarter (q) and the same quarter a year
--   before (y) compare only units (the county-level region a posting or seeker is recorded
--   in) that reported in both periods, and never from a zero base: when the earlier ratio on
--   those units is 0 or undefined the change is NULL. This ratio is a flow (what was posted
--   and registered in the quarter), not the stock of open postings and active seekers.
--   Postings carry no age, so demand by age band is NULL.
--   Seekers count under their first desired industry and occupation.
-- requires: postings, seekers
-- param: quarter quarter = latest -- YYYY-Qn; latest = the quarter of the newest posting
-- param: group_by enum(region|industry|occupation|education|age_band|total) = region -- breakdown (total: one row for everything)
-- param: region_level enum(province|city|county) = city -- level regions are rolled up to (group_by=region)
WITH bounds AS (
  SELECT q0 AS cur_start, CAST(q0 + INTERVAL 3 MONTH AS DATE) AS cur_end,
         CAST(q0 - INTERVAL 3 MONTH AS DATE) AS prev_start,
         CAST(q0 - INTERVAL 12 MONTH AS DATE) AS yoy_start, CAST(q0 - INTERVAL 9 MONTH AS DATE) AS yoy_end,
         strftime(q0, '%Y') || '-Q' || CAST(quarter(q0) AS VARCHAR) AS label
  FROM (
    SELECT CAST(coalesce(
      make_date(TRY_CAST(left($quarter, 4) AS INTEGER), TRY_CAST(right($quarter, 1) AS INTEGER) * 3 - 2, 1),
      date_trunc('quarter', (SELECT max(posted_date) FROM postings)),
      date_trunc('quarter', current_date)) AS DATE) AS q0
  )
),
demand AS (
  SELECT
    CASE WHEN p.posted_date >= b.cur_start THEN 'cur' WHEN p.posted_date >= b.prev_start AND p.posted_date < b.cur_start THEN 'prev' ELSE 'yoy' END AS period,
    p.region_code AS unit,
    CASE $group_by
      WHEN 'region' THEN CASE $region_level
        WHEN 'province' THEN left(p.region_code, 2) || '0000' WHEN 'city' THEN left(p.region_code, 4) || '00' ELSE p.region_code
      END
      WHEN 'industry' THEN left(p.industry_code, 1)
      WHEN 'occupation' THEN left(p.occupation_code, 4)
      WHEN 'education' THEN p.education_required
      WHEN 'total' THEN 'total'
      ELSE NULL
    END AS group_code,
    p.headcount AS demand,
    0 AS seekers
  FROM postings p
  CROSS JOIN bounds b
  WHERE p.status NOT IN ('pending_review', 'withdrawn')
    AND ((p.posted_date >= b.prev_start AND p.posted_date < b.cur_end) OR (p.posted_date >= b.yoy_start AND p.posted_date < b.yoy_end))
    AND $group_by <> 'age_band'
),
supply AS (
  SELECT
    CASE WHEN d >= b.cur_start THEN 'cur' WHEN d >= b.prev_start AND d < b.cur_start THEN 'prev' ELSE 'yoy' END AS period,
    s.residence_region AS unit,
    CASE $group_by
      WHEN 'region' THEN CASE $region_level
        WHEN 'province' THEN left(s.residence_region, 2) || '0000' WHEN 'city' THEN left(s.residence_region, 4) || '00'
        ELSE s.residence_region
      END
      WHEN 'industry' THEN left(s.desired_industries[1], 1)
      WHEN 'occupation' THEN left(s.desired_occupations[1], 4)
      WHEN 'education' THEN s.education
      WHEN 'total' THEN 'total'
      ELSE CASE
        WHEN year(b.cur_start) - s.birth_year < 25 THEN '16-24'
        WHEN year(b.cur_start) - s.birth_year < 35 THEN '25-34'
        WHEN year(b.cur_start) - s.birth_year < 45 THEN '35-44'
        WHEN year(b.cur_start) - s.birth_year < 55 THEN '45-54'
        ELSE '55+' END
    END AS group_code,
    0 AS demand,
    1 AS seekers
  FROM (SELECT residence_region, desired_industries, desired_occupations, education, birth_year,
               coalesce(registration_date, CAST(event_time AS DATE)) AS d FROM seekers) s
  CROSS JOIN bounds b
  WHERE (d >= b.prev_start AND d < b.cur_end) OR (d >= b.yoy_start AND d < b.yoy_end)
),
cells AS (
  SELECT period, unit, group_code, CAST(sum(demand) AS BIGINT) AS demand, CAST(sum(seekers) AS BIGINT) AS seekers
  FROM (SELECT * FROM demand UNION ALL SELECT * FROM supply)
  GROUP BY ALL
),
units AS (
  SELECT unit,
         bool_or(period = 'cur') AS in_cur, bool_or(period = 'prev') AS in_prev, bool_or(period = 'yoy') AS in_yoy
  FROM cells GROUP BY unit
),
summary AS (
  SELECT
    c.group_code,
    CAST(sum(c.demand) FILTER (WHERE c.period = 'cur') AS BIGINT) AS demand,
    CAST(sum(c.seekers) FILTER (WHERE c.period = 'cur') AS BIGINT) AS seekers,
    CAST(sum(c.demand) FILTER (WHERE c.period = 'cur' AND u.in_prev) AS BIGINT) AS demand_cur_q,
    CAST(sum(c.seekers) FILTER (WHERE c.period = 'cur' AND u.in_prev) AS BIGINT) AS seekers_cur_q,
    CAST(sum(c.demand) FILTER (WHERE c.period = 'prev' AND u.in_cur) AS BIGINT) AS demand_prev_q,
    CAST(sum(c.seekers) FILTER (WHERE c.period = 'prev' AND u.in_cur) AS BIGINT) AS seekers_prev_q,
    CAST(sum(c.demand) FILTER (WHERE c.period = 'cur' AND u.in_yoy) AS BIGINT) AS demand_cur_y,
    CAST(sum(c.seekers) FILTER (WHERE c.period = 'cur' AND u.in_yoy) AS BIGINT) AS seekers_cur_y,
    CAST(sum(c.demand) FILTER (WHERE c.period = 'yoy' AND u.in_cur) AS BIGINT) AS demand_prev_y,
    CAST(sum(c.seekers) FILTER (WHERE c.period = 'yoy' AND u.in_cur) AS BIGINT) AS seekers_prev_y,
    count(DISTINCT c.unit) FILTER (WHERE c.period = 'cur' AND u.in_prev) AS units_matched_q,
    count(DISTINCT c.unit) FILTER (WHERE c.period = 'cur' AND u.in_yoy) AS units_matched_y
  FROM cells c JOIN units u USING (unit)
  GROUP BY c.group_code
)
SELECT
  (SELECT label FROM bounds) AS quarter,
  s.group_code,
  CASE $group_by
    WHEN 'region' THEN (SELECT name FROM regions WHERE code = s.group_code)
    WHEN 'industry' THEN (SELECT name FROM industry_sections WHERE code = s.group_code)
    WHEN 'occupation' THEN (SELECT name FROM occupations WHERE code = s.group_code)
    WHEN 'education' THEN (SELECT name FROM education_levels WHERE code = s.group_code)
    WHEN 'total' THEN '合计'
    ELSE s.group_code
  END AS group_name,
  s.demand,
  coalesce(s.seekers, 0) AS seekers,
  round(s.demand / nullif(s.seekers, 0), 2) AS ratio,
  round(s.demand_prev_q / nullif(s.seekers_prev_q, 0), 2) AS ratio_prev_q,
  -- No change from a zero base: an earlier ratio of 0 (no demand on the matched units) gives NULL.
  CASE WHEN s.demand_prev_q > 0 AND s.seekers_prev_q > 0
    THEN round(s.demand_cur_q / nullif(s.seekers_cur_q, 0) - s.demand_prev_q / s.seekers_prev_q, 2) END AS ratio_change_q,
  round(s.demand_prev_y / nullif(s.seekers_prev_y, 0), 2) AS ratio_prev_y,
  CASE WHEN s.demand_prev_y > 0 AND s.seekers_prev_y > 0
    THEN round(s.demand_cur_y / nullif(s.seekers_cur_y, 0) - s.demand_prev_y / s.seekers_prev_y, 2) END AS ratio_change_y,
  round(100.0 * (s.demand_cur_q - s.demand_prev_q) / nullif(s.demand_prev_q, 0), 1) AS demand_change_q_pct,
  round(100.0 * (s.seekers_cur_q - s.seekers_prev_q) / nullif(s.seekers_prev_q, 0), 1) AS seekers_change_q_pct,
  s.units_matched_q,
  s.units_matched_y
FROM (
  -- Postings carry no age: by age band there is no demand side, so no ratio either.
  SELECT * REPLACE (
    CASE WHEN $group_by = 'age_band' THEN NULL ELSE demand END AS demand,
    CASE WHEN $group_by = 'age_band' THEN NULL ELSE demand_cur_q END AS demand_cur_q,
    CASE WHEN $group_by = 'age_band' THEN NULL ELSE demand_prev_q END AS demand_prev_q,
    CASE WHEN $group_by = 'age_band' THEN NULL ELSE demand_cur_y END AS demand_cur_y,
    CASE WHEN $group_by = 'age_band' THEN NULL ELSE demand_prev_y END AS demand_prev_y)
  FROM summary
) s
WHERE coalesce(s.demand, 0) > 0 OR coalesce(s.seekers, 0) > 0
ORDER BY s.group_code NULLS LAST
