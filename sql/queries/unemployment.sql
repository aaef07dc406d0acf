-- name: unemployment
-- title_zh: 登记失业人员：存量、流入、流出与失业时长（按重点群体）
-- title_en: Registered unemployment: stock, inflow, outflow and duration by key group
-- description: For one month: registered unemployed at month end (stock), newly registered
--   in the month (inflow), left unemployment in the month (outflow: a recorded hire, a
--   follow-up that found them employed, or else the time their record stopped saying
--   unemployed), the duration distribution of the stock, and the long-term unemployed
--   (registered 6+ months, 003 §10), for everyone ("all") and for each key group.
-- requires: seekers, outcomes, follow_ups
-- param: month month = latest -- YYYY-MM; latest = the month of the newest registration
WITH bounds AS (
  SELECT m0 AS month_start, CAST(m0 + INTERVAL 1 MONTH AS DATE) AS month_end, strftime(m0, '%Y-%m') AS label
  FROM (
    SELECT CAST(coalesce(
      TRY_CAST($month || '-01' AS DATE),
      date_trunc('month', (SELECT max(registration_date) FROM seekers)),
      date_trunc('month', current_date)) AS DATE) AS m0
  )
),
registered AS MATERIALIZED (
  SELECT id, registration_date, employment_status, key_groups, CAST(event_time AS DATE) AS changed
  FROM seekers WHERE registration_date IS NOT NULL AND registration_date < (SELECT month_end FROM bounds)
),
exit_events AS (
  SELECT r.id, min(e.d) AS d
  FROM registered r
  JOIN (
    SELECT seeker_id, coalesce(start_date, date) AS d FROM outcomes WHERE event = 'hired'
    UNION ALL
    SELECT seeker_id, date FROM follow_ups WHERE result = 'employed'
  ) e ON e.seeker_id = r.id AND e.d >= r.registration_date
  GROUP BY r.id
),
spells AS (
  SELECT r.*,
    CASE
      WHEN x.d IS NOT NULL THEN x.d
      WHEN r.employment_status <> 'unemployed_registered' THEN greatest(r.changed, r.registration_date)
    END AS exit_date
  FROM registered r LEFT JOIN exit_events x USING (id)
),
flags AS (
  SELECT
    unnest(list_prepend('all', s.key_groups)) AS key_group,
    s.registration_date < b.month_end AND (s.exit_date IS NULL OR s.exit_date >= b.month_end) AS in_stock,
    s.registration_date >= b.month_start AND s.registration_date < b.month_end AS inflow,
    s.exit_date >= b.month_start AND s.exit_date < b.month_end AS outflow,
    date_diff('day', s.registration_date, b.month_end) AS days
  FROM spells s CROSS JOIN bounds b
  WHERE s.registration_date < b.month_end AND (s.exit_date IS NULL OR s.exit_date >= b.month_start)
)
SELECT
  (SELECT label FROM bounds) AS month,
  f.key_group,
  k.name AS key_group_name,
  count(*) FILTER (WHERE in_stock) AS stock,
  count(*) FILTER (WHERE inflow) AS inflow,
  count(*) FILTER (WHERE outflow) AS outflow,
  count(*) FILTER (WHERE in_stock AND days < 30) AS under_1m,
  count(*) FILTER (WHERE in_stock AND days >= 30 AND days < 91) AS m1_3,
  count(*) FILTER (WHERE in_stock AND days >= 91 AND days < 183) AS m3_6,
  count(*) FILTER (WHERE in_stock AND days >= 183 AND days < 365) AS m6_12,
  count(*) FILTER (WHERE in_stock AND days >= 365) AS m12_plus,
  count(*) FILTER (WHERE in_stock AND days >= 183) AS long_term,
  round(count(*) FILTER (WHERE in_stock AND days >= 183) / nullif(count(*) FILTER (WHERE in_stock), 0), 3) AS long_term_share,
  round(median(days) FILTER (WHERE in_stock) / 30.44, 1) AS median_months
FROM flags f
LEFT JOIN key_groups k ON k.code = f.key_group
GROUP BY f.key_group, k.name, k.ord
ORDER BY k.ord NULLS LAST, f.key_group
