-- bench:layoffs only: $enterprises × $months seeded enterprise reports generated inside DuckDB,
-- shaped like src/generate/enterpriseReportGenerator.ts (sizes, growth, insured share,
-- Spring Festival seasonality, 3% mass layoffs, 3% gradual declines, 1.5% closures).
-- Credit codes keep the GB 32100 shape but not its check character: these rows bypass validation.
-- One month per statement, so the table is laid out period by period as monthly ingestion lays
-- it out: $t (month offset), $period, $event_time, $plan_filed_date (constants for the month),
-- $is_february; the enterprises come from bench_enterprises.sql (temp table bench_ent).
INSERT INTO enterprise_reports BY NAME
WITH grid AS (
  SELECT bench_ent.*, $t::INTEGER AS t
  FROM bench_ent
  WHERE NOT (ev BETWEEN 60 AND 74 AND $t > t0 + 2)
),
factors AS (
  SELECT *,
         CASE WHEN $is_february AND substr(industry_code, 1, 1) IN ('C', 'E', 'G') THEN 0.94 ELSE 1.0 END AS season,
         CASE WHEN ev < 30 AND t >= t0 THEN 1 - mag
              WHEN ev BETWEEN 30 AND 59 AND t >= t0 THEN pow(1 - mag, least(t - t0 + 1, 5) / 5.0)
              WHEN ev BETWEEN 60 AND 74 AND t >= t0 THEN CASE t - t0 WHEN 0 THEN 0.9 WHEN 1 THEN 0.7 ELSE 0 END
              ELSE 1.0 END AS ef,
         CASE WHEN ev < 30 AND t - 1 >= t0 THEN 1 - mag
              WHEN ev BETWEEN 30 AND 59 AND t - 1 >= t0 THEN pow(1 - mag, least(t - t0, 5) / 5.0)
              WHEN ev BETWEEN 60 AND 74 AND t - 1 >= t0 THEN CASE t - 1 - t0 WHEN 0 THEN 0.9 WHEN 1 THEN 0.7 ELSE 0 END
              ELSE 1.0 END AS ef_prev,
         1 + ((hash(e, t, $seed, 10) % 1000) / 1000.0 - 0.5) * 0.016 AS noise
  FROM grid
)
SELECT 'er-' || e || '-' || $period AS id,
       1 AS version,
       $event_time::TIMESTAMPTZ AS event_time,
       '91' || region_code || lpad(e::VARCHAR, 9, '0') || 'X' AS employer_credit_code,
       '企业' || e AS employer_name,
       region_code, industry_code, $period AS period,
       round(base)::INTEGER AS headcount_baseline,
       round(base * pow(1 + growth, t) * season * ef * noise)::INTEGER AS headcount_now,
       round(base * pow(1 + growth, t) * share * ef)::INTEGER AS insured_headcount,
       CASE WHEN ef_prev > ef THEN greatest(1, round(base * pow(1 + growth, t) * (ef_prev - ef)))::INTEGER ELSE 0 END AS layoffs_this_period,
       CASE WHEN ev < 30 AND t = t0 - 1 AND e % 2 = 0 THEN round(base * mag)::INTEGER ELSE 0 END AS planned_layoffs,
       CASE WHEN ev < 30 AND t = t0 - 1 AND e % 2 = 0 THEN $plan_filed_date::DATE END AS plan_filed_date,
       CASE WHEN ev BETWEEN 60 AND 74 THEN CASE t - t0 WHEN 0 THEN 'reduced' WHEN 1 THEN 'halted' WHEN 2 THEN 'closed' ELSE 'normal' END
            WHEN ev BETWEEN 30 AND 59 AND t > t0 AND t < t0 + 5 THEN 'reduced'
            ELSE 'normal' END AS production_status,
       (ev BETWEEN 60 AND 74 AND t >= t0) AS wage_arrears,
       NULL::DOUBLE AS wage_arrears_amount,
       CASE WHEN ev BETWEEN 60 AND 74 AND t >= t0 + 1 THEN 'closure' ELSE 'none' END AS closure_notice,
       NULL::VARCHAR AS reduction_reason,
       NULL::BIGINT AS ingest_batch_id,
       now() AS ingested_at
FROM factors;
