-- bench:layoffs only: the enterprises of the benchmark (region, industry, size, growth, insured
-- share, event kind, month and size), drawn once from seeded hashes; bench_generate.sql turns
-- them into one month of reports at a time. $regions = JSON array of county codes.
CREATE OR REPLACE TEMP TABLE bench_ent AS
WITH regions AS (
  SELECT (i - 1)::INTEGER AS i, codes[i] AS region_code
  FROM (SELECT from_json($regions, '["VARCHAR"]') AS codes), range(1, len(codes) + 1) r(i)
),
industries AS (
  SELECT (i - 1)::INTEGER AS i, codes[i] AS industry_code
  FROM (SELECT ['C13', 'C18', 'C36', 'C39', 'E47', 'F51', 'F52', 'G54', 'H61', 'H62', 'I65', 'K70'] AS codes), range(1, 13) r(i)
),
-- Codes are joined by index: indexing a list column per row would copy the list into every row.
ent AS (
  SELECT e, region_code, industry_code, base, growth, share, ev, t0, mag
  FROM (
    SELECT e,
           (hash(e, $seed, 1) % (SELECT count(*) FROM regions))::INTEGER AS ri,
           (hash(e, $seed, 2) % 12)::INTEGER AS ii,
           exp(ln(10) + (hash(e, $seed, 3) % 1000000) / 1e6 * ln(300)) * CASE WHEN hash(e, $seed, 4) % 20 = 0 THEN 8 ELSE 1 END AS base,
           -0.002 + (hash(e, $seed, 5) % 1000000) / 1e6 * 0.007 AS growth,
           0.8 + (hash(e, $seed, 6) % 1000000) / 1e6 * 0.15 AS share,
           (hash(e, $seed, 7) % 1000)::INTEGER AS ev,
           (3 + hash(e, $seed, 8) % ($months - 4))::INTEGER AS t0,
           0.15 + (hash(e, $seed, 9) % 1000000) / 1e6 * 0.3 AS mag
    FROM range($enterprises) r(e)
  ) x
  JOIN regions ON regions.i = x.ri
  JOIN industries ON industries.i = x.ii
)
SELECT * FROM ent;
