-- name: unemployment
-- title_zh: 登记失业人员：存量、流入、流出与失业时长（按重点群体）
-- title_en: Registered unemployment: stock, inflow, outflow and duration by key group
-- description: For one month: registered unemployed at month end (stock), newly registered
--   in the month (inflow), left unemployment in the month (outflow: a recorded hire, a
--   follow-up that found them employed, or else the time their record stopped saying
--   unemployed), the duration distribution of the stock, and the long-term unemployed
--   (registered 6+ months, policy: one-time-hiring-subsidy), for everyone ("all") and for each key group.
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
-- Exit dates of all recorded hires and "employed" follow-ups, one list per seeker, so the seekers
-- table is joined once.
events AS (
  SELECT seeker_id, list(d) AS ds
  FROM (
    SELECT seeker_id, coalesce(start_date, date) AS d FROM outcomes WHERE event = 'hired'
    UNION ALL
    SELECT seeker_id, date FROM follow_ups WHERE result = 'employed'
  )
  GROUP BY seeker_id
),
spells AS (
  SELECT s.key_groups, s.registration_date,
    coalesce(
      list_min(list_filter(e.ds, x -> x >= s.registration_date)),
      -- No recorded exit: the record's own change, when it no longer says registered unemployed.
      -- (UTC day of event_time; epoch arithmetic avoids a time-zone lookup per row.)
      CASE WHEN s.employment_status <> 'unemployed_registered'
           THEN greatest(DATE '1970-01-01' + CAST(epoch_ms(s.event_time) // 86400000 AS INTEGER), s.registration_date) END
    ) AS exit_date
  FROM seekers s
  LEFT JOIN events e ON e.seeker_id = s.id
  WHERE s.registration_date IS NOT NULL AND s.registration_date < (SELECT month_end FROM bounds)
),
-- Flags depend only on (groups, registration date, exit month): count those combinations once.
combos AS (
  SELECT s.key_groups, s.registration_date, CAST(date_trunc('month', s.exit_date) AS DATE) AS exit_month, count(*) AS n
  FROM spells s
  WHERE s.exit_date IS NULL OR s.exit_date >= (SELECT month_start FROM bounds)
  GROUP BY ALL
),
flags AS (
  SELECT
    unnest(list_prepend('all', c.key_groups)) AS key_group,
    c.n,
    coalesce(c.exit_month, DATE '9999-12-01') >= b.month_end AS in_stock,
    c.registration_date >= b.month_start AS inflow,
    c.exit_month = b.month_start AS outflow,
    date_diff('day', c.registration_date, b.month_end) AS days
  FROM combos c CROSS JOIN bounds b
),
-- Weighted median duration: the first duration at which half of the stock is reached.
durations AS (
  SELECT key_group, days, sum(n) AS n FROM flags WHERE in_stock GROUP BY key_group, days
),
medians AS (
  SELECT key_group, min(days) FILTER (WHERE cum * 2 >= total) AS median_days
  FROM (SELECT key_group, days, sum(n) OVER (PARTITION BY key_group ORDER BY days) AS cum, sum(n) OVER (PARTITION BY key_group) AS total FROM durations)
  GROUP BY key_group
),
totals AS (
  SELECT key_group,
    CAST(coalesce(sum(n) FILTER (WHERE in_stock), 0) AS BIGINT) AS stock,
    CAST(coalesce(sum(n) FILTER (WHERE inflow), 0) AS BIGINT) AS inflow,
    CAST(coalesce(sum(n) FILTER (WHERE outflow), 0) AS BIGINT) AS outflow,
    CAST(coalesce(sum(n) FILTER (WHERE in_stock AND days < 30), 0) AS BIGINT) AS under_1m,
    CAST(coalesce(sum(n) FILTER (WHERE in_stock AND days >= 30 AND days < 91), 0) AS BIGINT) AS m1_3,
    CAST(coalesce(sum(n) FILTER (WHERE in_stock AND days >= 91 AND days < 183), 0) AS BIGINT) AS m3_6,
    CAST(coalesce(sum(n) FILTER (WHERE in_stock AND days >= 183 AND days < 365), 0) AS BIGINT) AS m6_12,
    CAST(coalesce(sum(n) FILTER (WHERE in_stock AND days >= 365), 0) AS BIGINT) AS m12_plus,
    CAST(coalesce(sum(n) FILTER (WHERE in_stock AND days >= 183), 0) AS BIGINT) AS long_term
  FROM flags GROUP BY key_group
)
SELECT
  (SELECT label FROM bounds) AS month,
  t.key_group,
  k.name AS key_group_name,
  t.stock, t.inflow, t.outflow, t.under_1m, t.m1_3, t.m3_6, t.m6_12, t.m12_plus, t.long_term,
  round(t.long_term / nullif(t.stock, 0), 3) AS long_term_share,
  round(m.median_days / 30.44, 1) AS median_months
FROM totals t
LEFT JOIN medians m USING (key_group)
LEFT JOIN key_groups k ON k.code = t.key_group
ORDER BY k.ord NULLS LAST, t.key_group
