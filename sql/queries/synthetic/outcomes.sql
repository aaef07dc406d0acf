-- Seeded synthetic outcomes (applications, hires) linking seekers and postings.
INSERT INTO outcomes
SELECT
  'O' || lpad(CAST(i AS VARCHAR), 10, '0') AS id, 1, CAST(d AS TIMESTAMPTZ),
  'S' || lpad(CAST(h1 % $seekers AS VARCHAR), 10, '0') AS seeker_id,
  'P' || lpad(CAST(h2 % $postings AS VARCHAR), 10, '0') AS posting_id,
  NULL AS run_id,
  ev AS event, d AS date,
  CASE WHEN ev = 'hired' THEN 12 END AS contract_months,
  CASE WHEN ev = 'hired' THEN d + 7 END AS start_date,
  CASE WHEN ev = 'hired' THEN true END AS social_insurance,
  NULL, now()
FROM (
  SELECT i, h1, h2,
    ['viewed', 'applied', 'applied', 'interviewed', 'hired', 'declined', 'left_job'][1 + CAST(h3 % 7 AS INTEGER)] AS ev,
    DATE '2024-01-01' + CAST(h3 % 720 AS INTEGER) AS d
  FROM (SELECT i, hash(i, $seed + 30) AS h1, hash(i, $seed + 31) AS h2, hash(i, $seed + 32) AS h3 FROM range($n) t(i)) h
)
