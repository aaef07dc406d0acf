-- name: unemployment-trend
-- title_zh: 登记失业人员月度趋势
-- title_en: Registered unemployment, month by month
-- description: Stock at each month end, inflow, outflow and long-term unemployed (registered
--   183+ days at month end) for the `months` months up to and including `month`, with the same
--   definitions as the `unemployment` query.
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
  SELECT CAST(ms AS DATE) AS month_start, CAST(ms + INTERVAL 1 MONTH AS DATE) AS month_end,
         CAST(ms + INTERVAL 1 MONTH - INTERVAL 183 DAY AS DATE) AS long_term_before
  FROM (SELECT unnest(generate_series(m - to_months(greatest($months, 1) - 1), m, INTERVAL 1 MONTH)) AS ms FROM last_month)
),
events AS (
  SELECT seeker_id, list(d) AS ds
  FROM (
    SELECT seeker_id, coalesce(start_date, date) AS d FROM outcomes WHERE event = 'hired'
    UNION ALL
    SELECT seeker_id, date FROM follow_ups WHERE result = 'employed'
  )
  GROUP BY seeker_id
),
-- Every condition below compares an exit with a month boundary, so spells are counted by
-- (registration date, exit month): a few thousand groups instead of millions of seekers.
spells AS (
  SELECT registration_date, CAST(date_trunc('month', exit_date) AS DATE) AS exit_month, count(*) AS n
  FROM (
    SELECT s.registration_date,
      coalesce(
        list_min(list_filter(e.ds, x -> x >= s.registration_date)),
        CASE WHEN s.employment_status <> 'unemployed_registered'
             THEN greatest(DATE '1970-01-01' + CAST(epoch_ms(s.event_time) // 86400000 AS INTEGER), s.registration_date) END
      ) AS exit_date
    FROM seekers s
    LEFT JOIN events e ON e.seeker_id = s.id
    WHERE s.registration_date IS NOT NULL AND s.registration_date < (SELECT max(month_end) FROM months)
  )
  WHERE exit_date IS NULL OR exit_date >= (SELECT min(month_start) FROM months)
  GROUP BY ALL
)
SELECT
  strftime(mo.month_start, '%Y-%m') AS month,
  CAST(coalesce(sum(s.n) FILTER (WHERE coalesce(s.exit_month, DATE '9999-12-01') >= mo.month_end), 0) AS BIGINT) AS stock,
  CAST(coalesce(sum(s.n) FILTER (WHERE s.registration_date >= mo.month_start), 0) AS BIGINT) AS inflow,
  CAST(coalesce(sum(s.n) FILTER (WHERE s.exit_month = mo.month_start), 0) AS BIGINT) AS outflow,
  CAST(coalesce(sum(s.n) FILTER (WHERE s.registration_date < mo.long_term_before
                            AND coalesce(s.exit_month, DATE '9999-12-01') >= mo.month_end), 0) AS BIGINT) AS long_term
FROM months mo
LEFT JOIN spells s
  ON s.registration_date < mo.month_end AND coalesce(s.exit_month, DATE '9999-12-01') >= mo.month_start
GROUP BY mo.month_start, mo.month_end
ORDER BY mo.month_start
