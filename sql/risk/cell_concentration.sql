-- For each region × industry cell in $period: gross job losses (per enterprise, the larger of
-- reported layoffs and the fall of insured headcount on $prev_period) and the enterprise that
-- lost most, for the concentration measure.
WITH cur AS (
  SELECT employer_credit_code, employer_name, region_code, industry_code, insured_headcount, layoffs_this_period
  FROM enterprise_reports WHERE period = $period
),
prev AS (
  SELECT employer_credit_code, insured_headcount AS prev_insured
  FROM enterprise_reports WHERE period = $prev_period
),
losses AS (
  SELECT rpad(substr(cur.region_code, 1, $region_digits), 6, '0') AS region_code,
         substr(cur.industry_code, 1, $industry_chars) AS industry_code,
         cur.employer_credit_code, cur.employer_name,
         greatest(cur.layoffs_this_period, coalesce(prev.prev_insured - cur.insured_headcount, 0), 0) AS loss
  FROM cur LEFT JOIN prev USING (employer_credit_code)
)
SELECT region_code, industry_code,
       sum(loss)::BIGINT AS gross_loss,
       max(loss)::BIGINT AS top_loss,
       arg_max(employer_credit_code, loss) AS top_employer_credit_code,
       arg_max(employer_name, loss) AS top_employer_name
FROM losses
WHERE loss > 0
GROUP BY ALL;
