-- Seeded synthetic job seekers (see postings.sql for the helper tables).
-- BY NAME: columns added by later migrations (008) stay NULL.
INSERT INTO seekers BY NAME
SELECT
  'S' || lpad(CAST(i AS VARCHAR), 10, '0') AS id,
  1 AS version,
  CAST(coalesce(reg, DATE '2024-01-01') + CAST(h5 % 120 AS INTEGER) AS TIMESTAMPTZ) AS event_time,
  NULL AS id_hash,
  CASE WHEN h1 % 2 = 0 THEN 'female' ELSE 'male' END AS gender,
  r.code AS residence_region,
  CASE WHEN h4 % 10 = 0 THEN NULL ELSE r.code END AS office_region,
  1962 + CAST(h3 % 45 AS INTEGER) AS birth_year,
  ['primary', 'junior_high', 'senior_high', 'secondary_vocational', 'associate', 'bachelor', 'master'][1 + CAST(h3 % 7 AS INTEGER)] AS education,
  NULL AS graduation_year,
  CAST(h4 % 20 AS DOUBLE) AS experience_years,
  [] AS skills,
  '' AS experience_text,
  [] AS desired_titles,
  [o.code] AS desired_occupations,
  [o.industry] AS desired_industries,
  [] AS desired_regions,
  NULL AS desired_salary_min,
  NULL AS desired_salary_max,
  h4 % 5 = 0 AS willing_to_relocate,
  status AS employment_status,
  reg AS registration_date,
  reg IS NOT NULL AND h5 % 8 = 0 AS draws_ui_benefit,
  CASE WHEN reg IS NOT NULL AND h5 % 8 = 0 THEN reg END AS ui_benefit_since,
  CASE WHEN i % 40 < 2 THEN 'H' || CAST(i // 2 AS VARCHAR) END AS household_id,
  list_filter([
    CASE WHEN h1 % 9 = 0 THEN 'college_graduate' END,
    CASE WHEN h1 % 31 = 0 THEN 'veteran' END,
    CASE WHEN h2 % 6 = 0 THEN 'rural_migrant' END,
    CASE WHEN h2 % 23 = 0 THEN 'disabled' END,
    CASE WHEN 2025 - (1962 + h3 % 45) >= 40 AND h1 % 2 = 0 OR 2025 - (1962 + h3 % 45) >= 50 THEN 'older_4050' END,
    CASE WHEN i % 40 < 2 THEN 'zero_employment_household' END
  ], x -> x IS NOT NULL) AS key_groups,
  ['app', 'sms', 'phone'][1 + CAST(h5 % 3 AS INTEGER)] AS contact_channel,
  CAST(h5 % 3 AS INTEGER) AS failed_referrals,
  NULL AS ingest_batch_id,
  now() AS ingested_at
FROM (
  SELECT i, h1, h2, h3, h4, h5,
    CASE WHEN h2 % 100 < 45 THEN 'unemployed_registered' WHEN h2 % 100 < 70 THEN 'employed' WHEN h2 % 100 < 80 THEN 'flexible_employed'
         WHEN h2 % 100 < 90 THEN 'unemployed_unregistered' ELSE 'student' END AS status,
    CASE WHEN h2 % 100 < 80 THEN DATE '2024-01-01' + CAST(h1 % 730 AS INTEGER) END AS reg,
    CAST(floor(pow((h4 % 1000003) / 1000003.0, 2) * (SELECT count(*) FROM gen_regions)) AS INTEGER) AS ridx,
    CAST(h3 % (SELECT count(*) FROM gen_occupations) AS INTEGER) AS oidx
  FROM (
    SELECT i, hash(i, $seed + 10) AS h1, hash(i, $seed + 11) AS h2, hash(i, $seed + 12) AS h3, hash(i, $seed + 13) AS h4, hash(i, $seed + 14) AS h5
    FROM range($n) t(i)
  ) h
) x
JOIN gen_regions r ON r.idx = x.ridx
JOIN gen_occupations o ON o.idx = x.oidx
