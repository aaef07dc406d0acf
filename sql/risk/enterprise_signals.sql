-- Enterprise signals for one period. A narrow screen (a few numeric columns of this period and
-- the last, postings withdrawn) keeps only enterprises where some signal can fire or that are
-- on the watch list; only those few rows are read in full, with the refund window's layoffs
-- and the insured trend. Levels are decided in TS (src/risk/assessEnterprise.ts).
-- $period, $prev_period, $window_start (refund window), $trend_start, $trend_mid (insured trend: 6 and 3 months back) (YYYY-MM); $trend_monthly_drop;
-- $period_start_ts, $period_end_ts (timestamps, China time); $min_persons, $insured_blue,
-- $headcount_blue, $baseline_blue (shares); $postings_min (count); $watch (JSON array of codes).
WITH cur AS (
  SELECT employer_credit_code, headcount_baseline, headcount_now, insured_headcount, layoffs_this_period,
         planned_layoffs, production_status, wage_arrears, closure_notice
  FROM enterprise_reports
  WHERE period = $period
),
-- No per-enterprise aggregate here (it costs more than the rest of the screen): a duplicate
-- report only duplicates screen rows, which `candidates` collapses.
prev AS (
  SELECT employer_credit_code, headcount_now AS prev_headcount, insured_headcount AS prev_insured
  FROM enterprise_reports
  WHERE period = $prev_period
),
withdrawn AS (
  SELECT employer_credit_code, count(*)::INTEGER AS postings_withdrawn
  FROM postings
  WHERE status = 'withdrawn' AND event_time >= $period_start_ts AND event_time < $period_end_ts
  GROUP BY employer_credit_code
),
screen AS MATERIALIZED (
  SELECT cur.employer_credit_code, prev.prev_headcount, prev.prev_insured,
         coalesce(withdrawn.postings_withdrawn, 0) AS postings_withdrawn,
         coalesce(prev.prev_insured - cur.insured_headcount >= greatest(1, $trend_monthly_drop * prev.prev_insured), false) AS falling
  FROM cur
  LEFT JOIN prev USING (employer_credit_code)
  LEFT JOIN withdrawn USING (employer_credit_code)
  WHERE layoffs_this_period > 0
     OR planned_layoffs > 0
     OR production_status <> 'normal'
     OR wage_arrears
     OR closure_notice <> 'none'
     OR coalesce(withdrawn.postings_withdrawn, 0) >= $postings_min
     OR (prev_insured - insured_headcount >= $min_persons AND prev_insured - insured_headcount >= $insured_blue * prev_insured)
     OR (prev_headcount - headcount_now >= $min_persons AND prev_headcount - headcount_now >= $headcount_blue * prev_headcount)
     OR (headcount_baseline - headcount_now >= $min_persons AND headcount_baseline - headcount_now >= $baseline_blue * headcount_baseline)
     OR list_contains(from_json($watch, '["VARCHAR"]'), cur.employer_credit_code)
),
screen_codes AS MATERIALIZED (
  SELECT employer_credit_code, bool_or(falling) AS falling FROM screen GROUP BY employer_credit_code
),
-- When an enterprise filed two reports for the period under different ids, the newest wins.
candidates AS (
  SELECT r.*, s.prev_headcount, s.prev_insured, s.postings_withdrawn
  FROM enterprise_reports r
  JOIN screen s USING (employer_credit_code)
  WHERE r.period = $period
  QUALIFY row_number() OVER (PARTITION BY r.employer_credit_code ORDER BY r.event_time DESC, r.version DESC, s.prev_insured DESC) = 1
),
-- The refund window and the trend read only what they need: rows with layoffs (few), the
-- window's first month, and the insured column of the trend months.
window_layoffs AS (
  SELECT r.employer_credit_code, sum(r.layoffs_this_period)::BIGINT AS layoffs_window
  FROM enterprise_reports r
  JOIN screen_codes s USING (employer_credit_code)
  WHERE r.period BETWEEN $window_start AND $period AND r.layoffs_this_period > 0
  GROUP BY r.employer_credit_code
),
window_start AS (
  SELECT r.employer_credit_code, max(r.insured_headcount) AS insured_window_start
  FROM enterprise_reports r
  JOIN screen_codes s USING (employer_credit_code)
  WHERE r.period = $window_start
  GROUP BY r.employer_credit_code
),
-- The recent high is sampled at 3 and 6 months back (two months read instead of seven), and only
-- for enterprises whose insured staff fell this month: the trend signal needs nothing else.
trend AS (
  SELECT r.employer_credit_code, max(r.insured_headcount) AS insured_recent_max
  FROM enterprise_reports r
  JOIN screen_codes s USING (employer_credit_code)
  WHERE r.period IN ($trend_start, $trend_mid) AND s.falling
  GROUP BY r.employer_credit_code
)
SELECT c.employer_credit_code, c.employer_name, c.region_code, c.industry_code, c.period,
       c.headcount_baseline, c.headcount_now, c.insured_headcount, c.layoffs_this_period, c.planned_layoffs,
       strftime(c.plan_filed_date, '%Y-%m-%d') AS plan_filed_date,
       c.production_status, c.wage_arrears, c.wage_arrears_amount, c.closure_notice, c.reduction_reason,
       c.prev_headcount, c.prev_insured,
       coalesce(w.layoffs_window, 0) AS layoffs_window, ws.insured_window_start, t.insured_recent_max,
       c.postings_withdrawn
FROM candidates c
LEFT JOIN window_layoffs w USING (employer_credit_code)
LEFT JOIN window_start ws USING (employer_credit_code)
LEFT JOIN trend t USING (employer_credit_code)
ORDER BY c.employer_credit_code;
