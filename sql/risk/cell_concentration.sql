-- For each region × industry cell in $period: gross job losses (per enterprise, the larger of
-- reported layoffs and the fall of insured headcount on $prev_period) and the enterprise that
-- lost most, for the concentration measure. Reads only the few columns it needs.
WITH cur AS (
  SELECT employer_credit_code, region_code, industry_code, insured_headcount, layoffs_this_period
  FROM enterprise_reports WHERE period = $period
),
prev AS (
  SELECT employer_credit_code, arg_max(insured_headcount, event_time) AS prev_insured
  FROM enterprise_reports WHERE period = $prev_period
  GROUP BY employer_credit_code
),
losses AS (
  SELECT cur.region_code, cur.industry_code, cur.employer_credit_code,
         greatest(cur.layoffs_this_period, coalesce(prev.prev_insured - cur.insured_headcount, 0)) AS loss
  FROM cur LEFT JOIN prev USING (employer_credit_code)
),
raw AS (
  -- Per stored county and industry code first; the roll-up below works on a few thousand rows.
  SELECT region_code, industry_code, sum(loss)::BIGINT AS gross_loss, max(loss)::BIGINT AS top_loss,
         arg_max(employer_credit_code, loss) AS top_employer_credit_code
  FROM losses
  WHERE loss > 0
  GROUP BY region_code, industry_code
),
cells AS (
  SELECT rpad(substr(region_code, 1, $region_digits), 6, '0') AS region_code,
         substr(industry_code, 1, $industry_chars) AS industry_code,
         sum(gross_loss)::BIGINT AS gross_loss,
         max(top_loss)::BIGINT AS top_loss,
         arg_max(top_employer_credit_code, top_loss) AS top_employer_credit_code
  FROM raw
  GROUP BY ALL
)
SELECT cells.*,
       (SELECT any_value(employer_name) FROM enterprise_reports r
        WHERE r.period = $period AND r.employer_credit_code = cells.top_employer_credit_code) AS top_employer_name
FROM cells;
