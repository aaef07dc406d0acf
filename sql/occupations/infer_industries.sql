-- Postings whose industry is unknown get the GB/T 4754 section that postings stating one give
-- most often for the same occupation, with that share as industry_confidence, only when at least
-- $min_postings such postings agree on it in a share of at least $min_share. Otherwise the industry
-- stays unknown: never a default (issue #13).
WITH stated AS (
  SELECT occupation_code, left(industry_code, 1) AS section, count(*) AS n
  FROM postings
  WHERE industry_code IS NOT NULL AND industry_confidence IS NULL AND occupation_code IS NOT NULL
  GROUP BY ALL
),
best AS (
  SELECT occupation_code, arg_max(section, n) AS section, max(n) AS n, sum(n) AS total
  FROM stated GROUP BY occupation_code
)
UPDATE postings
SET industry_code = b.section, industry_confidence = round(b.n / b.total, 3)
FROM best b
WHERE postings.occupation_code = b.occupation_code AND postings.industry_code IS NULL
  AND b.total >= $min_postings AND b.n / b.total >= $min_share
