-- name: reemployment-stability
-- title_zh: 再就业稳定性（12个月内再次安置）
-- title_en: Re-employment stability: placed again within 12 months
-- description: Placements (recorded hires) whose start date falls in the window, and how many of
--   those people had to be placed again (another recorded hire) within 12 months of the start —
--   the stability figure of policy: placement-stability (one county: 2,178 placed, 36 or 1.7% placed again).
--   By the seeker's region.
-- requires: outcomes, seekers
-- param: hired_from date = 1990-01-01 -- first start date included
-- param: hired_to date = 2099-12-31 -- last start date included
-- param: region_level enum(province|city|county) = county -- level regions are rolled up to
WITH hires AS (
  SELECT o.seeker_id, coalesce(o.start_date, o.date) AS started
  FROM outcomes o WHERE o.event = 'hired'
),
placements AS (
  SELECT h.seeker_id, h.started,
    EXISTS (SELECT 1 FROM hires h2 WHERE h2.seeker_id = h.seeker_id AND h2.started > h.started
            AND h2.started <= h.started + INTERVAL 12 MONTH) AS placed_again
  FROM hires h
  WHERE h.started BETWEEN CAST($hired_from AS DATE) AND CAST($hired_to AS DATE)
),
cells AS (
  SELECT
    CASE $region_level
      WHEN 'province' THEN left(s.residence_region, 2) || '0000' WHEN 'city' THEN left(s.residence_region, 4) || '00'
      ELSE s.residence_region
    END AS region_code,
    count(*) AS placed,
    count(*) FILTER (WHERE p.placed_again) AS placed_again_12m
  FROM placements p
  JOIN seekers s ON s.id = p.seeker_id
  GROUP BY 1
)
SELECT c.region_code, r.name AS region_name, c.placed, c.placed_again_12m,
  round(100.0 * c.placed_again_12m / c.placed, 2) AS placed_again_pct
FROM cells c LEFT JOIN regions r ON r.code = c.region_code
ORDER BY c.region_code
