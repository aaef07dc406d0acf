-- Region × industry cells, one row per cell and period from $from to $period, with last
-- period's sums beside them (the cell's own history for its robust z-score).
-- $region_digits: 2 province, 4 city, 6 county (GB/T 2260 prefixes);
-- $industry_chars: 1 section letter, 3 division (GB/T 4754, e.g. C36).
-- Grouping first on the stored codes keeps the string work to a few thousand rows.
WITH raw AS (
  SELECT region_code, industry_code, period,
         count(*)::BIGINT AS enterprises,
         sum(headcount_now)::BIGINT AS headcount,
         sum(insured_headcount)::BIGINT AS insured,
         sum(layoffs_this_period)::BIGINT AS layoffs
  FROM enterprise_reports
  WHERE period BETWEEN $from AND $period
  GROUP BY region_code, industry_code, period
),
per AS (
  SELECT rpad(substr(region_code, 1, $region_digits), 6, '0') AS region_code,
         substr(industry_code, 1, $industry_chars) AS industry_code,
         period,
         sum(enterprises)::BIGINT AS enterprises,
         sum(headcount)::BIGINT AS headcount,
         sum(insured)::BIGINT AS insured,
         sum(layoffs)::BIGINT AS layoffs
  FROM raw
  GROUP BY ALL
)
SELECT region_code, industry_code, period, enterprises, headcount, insured, layoffs,
       lag(headcount) OVER w AS prev_headcount,
       lag(insured) OVER w AS prev_insured
FROM per
WINDOW w AS (PARTITION BY region_code, industry_code ORDER BY period)
ORDER BY region_code, industry_code, period;
