-- name: key-group-coverage
-- title_zh: 重点群体服务覆盖情况
-- title_en: Key-group service coverage
-- description: For each key group (graduates, veterans, rural migrant workers, disabled people,
--   "4050" workers and the other groups of the domain brief): seekers in the group, how many are
--   looking for work, how many were served in the `days` days up to `as_of` (a follow-up, a
--   recorded outcome or a matching recommendation), the coverage rate, and hires in the window.
-- requires: seekers, follow_ups, outcomes, recommendations
-- param: as_of date = latest -- YYYY-MM-DD; latest = the newest follow-up or outcome date
-- param: days int = 90 -- length of the service window
WITH ref_date AS (
  SELECT CAST(coalesce(TRY_CAST($as_of AS DATE),
    greatest((SELECT max(date) FROM follow_ups), (SELECT max(date) FROM outcomes)), current_date) AS DATE) AS d
),
win AS (SELECT d - to_days($days) AS start_d, d FROM ref_date),
served AS (
  SELECT seeker_id FROM follow_ups, win WHERE date > win.start_d AND date <= win.d
  UNION SELECT seeker_id FROM outcomes, win WHERE date > win.start_d AND date <= win.d
  UNION SELECT seeker_id FROM recommendations
),
hired AS (
  SELECT DISTINCT seeker_id FROM outcomes, win WHERE event = 'hired' AND date > win.start_d AND date <= win.d
),
groups AS (
  SELECT s.id, unnest(list_prepend('all', s.key_groups)) AS key_group,
    s.employment_status IN ('unemployed_registered', 'unemployed_unregistered') AS seeking
  FROM seekers s
)
SELECT g.key_group, k.name AS key_group_name,
  count(*) AS seekers,
  count(*) FILTER (WHERE g.seeking) AS looking_for_work,
  count(sv.seeker_id) AS served,
  round(count(sv.seeker_id) / count(*), 3) AS coverage_rate,
  count(*) FILTER (WHERE g.seeking AND sv.seeker_id IS NULL) AS looking_not_served,
  count(h.seeker_id) AS hired
FROM groups g
LEFT JOIN served sv ON sv.seeker_id = g.id
LEFT JOIN hired h ON h.seeker_id = g.id
LEFT JOIN key_groups k ON k.code = g.key_group
GROUP BY g.key_group, k.name, k.ord
ORDER BY k.ord NULLS LAST, g.key_group
