-- Seeded synthetic postings for the query-pack tests and benchmark, generated inside DuckDB.
-- Needs temp tables gen_regions(idx, code, tier) and gen_occupations(idx, code, base_salary, industry).
-- BY NAME: columns added by later migrations (008) stay NULL.
INSERT INTO postings BY NAME
SELECT
  'P' || lpad(CAST(i AS VARCHAR), 10, '0') AS id,
  1 AS version,
  CAST(DATE '2024-01-01' + CAST(h1 % 730 AS INTEGER) AS TIMESTAMPTZ) AS event_time,
  '91' || lpad(CAST(h4 % 1000000000000000 AS VARCHAR), 16, '0') AS employer_credit_code,
  '企业' || CAST(h4 % 50000 AS VARCHAR) AS employer_name,
  o.title AS title,
  CASE WHEN h5 % 50 = 0 THEN NULL ELSE o.code END AS occupation_code,
  o.industry AS industry_code,
  o.region_code_ AS region_code,
  salary_min,
  CASE WHEN h5 % 20 = 1 THEN NULL ELSE CAST(round(salary_min * (1.2 + (h5 % 60) / 100.0), -2) AS INTEGER) END AS salary_max,
  CASE WHEN h5 % 7 = 0 THEN 13 ELSE NULL END AS salary_months,
  ['any', 'junior_high', 'senior_high', 'associate', 'bachelor', 'master'][1 + CAST(h3 % 6 AS INTEGER)] AS education_required,
  CAST(h3 % 5 AS DOUBLE) AS experience_min_years,
  NULL AS experience_max_years,
  1 + CAST(h4 % 5 AS INTEGER) AS headcount,
  '' AS description,
  [] AS skills,
  'full_time' AS employment_type,
  CASE WHEN h2 % 100 < 80 THEN 'published' WHEN h2 % 100 < 88 THEN 'pending_review' WHEN h2 % 100 < 93 THEN 'filled'
       WHEN h2 % 100 < 97 THEN 'expired' ELSE 'withdrawn' END AS status,
  DATE '2024-01-01' + CAST(h1 % 730 AS INTEGER) AS posted_date,
  NULL AS expiry_date,
  h2 % 33 = 0 AS commitment_accepted,
  'synthetic' AS source,
  NULL AS ingest_batch_id,
  now() AS ingested_at
FROM (
  SELECT h.*, r.code AS region_code_, r.tier, o.code, o.title, o.industry,
    CAST(round(o.base_salary * r.tier * (0.6 + (h3 % 1000) / 1000.0 * 0.9), -2) AS INTEGER) AS salary_min
  FROM (
    SELECT *,
      -- Squaring a uniform draw skews postings towards the first regions, as real markets concentrate in big cities.
      CAST(floor(pow((h2 % 1000003) / 1000003.0, 2) * (SELECT count(*) FROM gen_regions)) AS INTEGER) AS ridx,
      CAST(h4 % (SELECT count(*) FROM gen_occupations) AS INTEGER) AS oidx
    FROM (
      SELECT i, hash(i, $seed) AS h1, hash(i, $seed + 1) AS h2, hash(i, $seed + 2) AS h3, hash(i, $seed + 3) AS h4, hash(i, $seed + 4) AS h5
      FROM range($n) t(i)
    )
  ) h
  JOIN gen_regions r ON r.idx = h.ridx
  JOIN gen_occupations o ON o.idx = h.oidx
) o
