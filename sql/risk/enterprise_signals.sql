-- Enterprise signals for one period: this period's report joined with last period's, the
-- refund window's layoffs, and postings withdrawn during the period. Only enterprises where
-- some signal can fire (or that are on the watch list) come back; levels are decided in TS
-- (src/risk/assessEnterprise.ts).
-- $period, $prev_period, $window_start (refund window), $trend_start (insured trend) (YYYY-MM); $period_start_ts, $period_end_ts (timestamps,
-- China time); $min_persons, $insured_blue, $headcount_blue, $baseline_blue (shares),
-- $postings_min (count); $watch (JSON array of credit codes).
WITH cur AS (
  SELECT * FROM enterprise_reports
  WHERE period = $period
  QUALIFY row_number() OVER (PARTITION BY employer_credit_code ORDER BY event_time DESC, version DESC) = 1
),
prev AS (
  SELECT employer_credit_code, headcount_now AS prev_headcount, insured_headcount AS prev_insured
  FROM enterprise_reports
  WHERE period = $prev_period
  QUALIFY row_number() OVER (PARTITION BY employer_credit_code ORDER BY event_time DESC, version DESC) = 1
),
withdrawn AS (
  SELECT employer_credit_code, count(*)::INTEGER AS postings_withdrawn
  FROM postings
  WHERE status = 'withdrawn' AND event_time >= $period_start_ts AND event_time < $period_end_ts
  GROUP BY employer_credit_code
),
joined AS (
  SELECT cur.*, prev.prev_headcount, prev.prev_insured, coalesce(withdrawn.postings_withdrawn, 0) AS postings_withdrawn
  FROM cur
  LEFT JOIN prev USING (employer_credit_code)
  LEFT JOIN withdrawn USING (employer_credit_code)
),
candidates AS (
  SELECT * FROM joined
  WHERE layoffs_this_period > 0
     OR planned_layoffs > 0
     OR production_status <> 'normal'
     OR wage_arrears
     OR closure_notice <> 'none'
     OR postings_withdrawn >= $postings_min
     OR (prev_insured - insured_headcount >= $min_persons AND prev_insured - insured_headcount >= $insured_blue * prev_insured)
     OR (prev_headcount - headcount_now >= $min_persons AND prev_headcount - headcount_now >= $headcount_blue * prev_headcount)
     OR (headcount_baseline - headcount_now >= $min_persons AND headcount_baseline - headcount_now >= $baseline_blue * headcount_baseline)
     OR list_contains(from_json($watch, '["VARCHAR"]'), employer_credit_code)
),
window_layoffs AS (
  SELECT r.employer_credit_code,
         sum(r.layoffs_this_period)::BIGINT AS layoffs_window,
         arg_min(r.insured_headcount, r.period) AS insured_window_start,
         max(r.insured_headcount) FILTER (WHERE r.period >= $trend_start) AS insured_recent_max
  FROM enterprise_reports r
  WHERE r.period BETWEEN least($window_start, $trend_start) AND $period
    AND r.employer_credit_code IN (SELECT employer_credit_code FROM candidates)
  GROUP BY r.employer_credit_code
)
SELECT c.employer_credit_code, c.employer_name, c.region_code, c.industry_code, c.period,
       c.headcount_baseline, c.headcount_now, c.insured_headcount, c.layoffs_this_period, c.planned_layoffs,
       strftime(c.plan_filed_date, '%Y-%m-%d') AS plan_filed_date,
       c.production_status, c.wage_arrears, c.wage_arrears_amount, c.closure_notice, c.reduction_reason,
       c.prev_headcount, c.prev_insured,
       coalesce(w.layoffs_window, 0) AS layoffs_window, w.insured_window_start, w.insured_recent_max,
       c.postings_withdrawn
FROM candidates c
LEFT JOIN window_layoffs w USING (employer_credit_code)
ORDER BY c.employer_credit_code;
