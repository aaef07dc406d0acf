-- name: key-group-coverage
-- title_zh: 重点群体服务覆盖情况
-- title_en: Key-group service coverage
-- description: For each key group (graduates, veterans, rural migrant workers, disabled people,
--   "4050" workers and the other groups of the domain brief): seekers in the group, how many are
--   looking for work, how many were served in the `days` days up to `as_of` (a follow-up, a
--   recorded outcome or a matching recommendation made in the window), the coverage rate, and
--   hires in the window. Only seekers registered (else recorded) by `as_of` are counted, so a
--   past window is not measured against seekers who came later.
-- requires: seekers, follow_ups, outcomes, recommendations
-- param: as_of date = latest -- YYYY-MM-DD; latest = the newest follow-up or outcome date
-- param: days int = 90 -- length of the service window
WITH ref_date AS (
  SELECT CAST(coalesce(TRY_CAST($as_of AS DATE),
    greatest((SELECT max(date) FROM follow_ups), (SELECT max(date) FROM outcomes)), current_date) AS DATE) AS d
),
win AS (SELECT d - ($days) AS start_d, d FROM ref_date),
served AS (
  SELECT seeker_id FROM follow_ups, win WHERE date > win.start_d AND date <= win.d
  UNION SELECT seeker_id FROM outcomes, win WHERE date > win.start_d AND date <= win.d
  UNION SELECT seeker_id FROM recommendations, win
    WHERE CAST(created_at AS DATE) > win.start_d AND CAST(created_at AS DATE) <= win.d
),
hired AS (
  SELECT DISTINCT seeker_id FROM outcomes, win WHERE event = 'hired' AND date > win.start_d AND date <= win.d
),
per_seeker AS (
  -- Grouping by text is cheaper than by list; the groups are split again after counting.
  SELECT array_to_string(s.key_groups, ',') AS key_groups,
    s.employment_status IN ('unemployed_registered', 'unemployed_unregistered') AS seeking,
    s.id IN (SELECT seeker_id FROM served) AS was_served,
    s.id IN (SELECT seeker_id FROM hired) AS was_hired
  FROM seekers s
  WHERE coalesce(s.registration_date, CAST(s.event_time AS DATE)) <= (SELECT d FROM ref_date)
),
-- Seekers with the same flags and groups are counted once before the key groups are unnested.
combos AS (
  SELECT key_groups, seeking, was_served, was_hired, count(*) AS n FROM per_seeker GROUP BY ALL
),
cells AS (
  SELECT unnest(list_prepend('all', CASE WHEN key_groups = '' THEN [] ELSE string_split(key_groups, ',') END)) AS key_group,
    seeking, was_served, was_hired, n FROM combos
)
SELECT c.key_group, k.name AS key_group_name,
  CAST(sum(n) AS BIGINT) AS seekers,
  CAST(coalesce(sum(n) FILTER (WHERE seeking), 0) AS BIGINT) AS looking_for_work,
  CAST(coalesce(sum(n) FILTER (WHERE was_served), 0) AS BIGINT) AS served,
  round(coalesce(sum(n) FILTER (WHERE was_served), 0) / sum(n), 3) AS coverage_rate,
  CAST(coalesce(sum(n) FILTER (WHERE seeking AND NOT was_served), 0) AS BIGINT) AS looking_not_served,
  CAST(coalesce(sum(n) FILTER (WHERE was_hired), 0) AS BIGINT) AS hired
FROM cells c
LEFT JOIN key_groups k ON k.code = c.key_group
GROUP BY c.key_group, k.name, k.ord
ORDER BY k.ord NULLS LAST, c.key_group
