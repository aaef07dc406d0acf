-- name: unemployment-trend
-- title_zh: 登记失业人员月度趋势
-- title_en: Registered unemployment, month by month
-- description: Stock at each month end, inflow, outflow and long-term unemployed (6+ months)
--   for the `months` months up to and including `month`, with the same definitions as the
--   `unemployment` query.
-- requires: seekers, outcomes, follow_ups
-- param: month month = latest -- last month shown; latest = the month of the newest registration
-- param: months int = 12 -- how many months
WITH last_month AS (
  SELECT CAST(coalesce(
    TRY_CAST($month || '-01' AS DATE),
    date_trunc('month', (SELECT max(registration_date) FROM seekers)),
    date_trunc('month', current_date)) AS DATE) AS m
),
months AS (
  SELECT CAST(unnest(generate_series(m - to_months(greatest($months, 1) - 1), m, INTERVAL 1 MONTH)) AS DATE) AS month_start
  FROM last_month
),
registered AS (
  SELECT id, registration_date, employment_status, CAST(event_time AS DATE) AS changed
  FROM seekers WHERE registration_date IS NOT NULL
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
  SELECT r.registration_date,
    CASE
      WHEN x.d IS NOT NULL THEN x.d
      WHEN r.employment_status <> 'unemployed_registered' THEN greatest(r.changed, r.registration_date)
    END AS exit_date
  FROM registered r LEFT JOIN exit_events x USING (id)
),
window_spells AS (
  SELECT * FROM spells
  WHERE registration_date < (SELECT CAST(m + INTERVAL 1 MONTH AS DATE) FROM last_month)
    AND (exit_date IS NULL OR exit_date >= (SELECT min(month_start) FROM months))
)
SELECT
  strftime(mo.month_start, '%Y-%m') AS month,
  count(*) FILTER (WHERE s.registration_date < mo.month_start + INTERVAL 1 MONTH
                   AND (s.exit_date IS NULL OR s.exit_date >= mo.month_start + INTERVAL 1 MONTH)) AS stock,
  count(*) FILTER (WHERE s.registration_date >= mo.month_start AND s.registration_date < mo.month_start + INTERVAL 1 MONTH) AS inflow,
  count(*) FILTER (WHERE s.exit_date >= mo.month_start AND s.exit_date < mo.month_start + INTERVAL 1 MONTH) AS outflow,
  count(*) FILTER (WHERE s.registration_date < mo.month_start + INTERVAL 1 MONTH - INTERVAL 183 DAY
                   AND (s.exit_date IS NULL OR s.exit_date >= mo.month_start + INTERVAL 1 MONTH)) AS long_term
FROM months mo
LEFT JOIN window_spells s
  ON s.registration_date < mo.month_start + INTERVAL 1 MONTH AND coalesce(s.exit_date, DATE '9999-12-31') >= mo.month_start
GROUP BY mo.month_start
ORDER BY mo.month_start
