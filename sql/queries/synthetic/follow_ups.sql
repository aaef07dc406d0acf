-- Seeded synthetic follow-ups of registered seekers.
INSERT INTO follow_ups
SELECT
  'F' || lpad(CAST(i AS VARCHAR), 10, '0') AS id, 1, CAST(d AS TIMESTAMPTZ), s.id, d,
  ['phone', 'sms', 'app', 'visit'][1 + CAST(h2 % 4 AS INTEGER)] AS channel,
  ['reached', 'reached', 'reached', 'not_reached', 'employed', 'referred', 'training'][1 + CAST(h3 % 7 AS INTEGER)] AS result,
  s.office_region, 'cw' || CAST(h2 % 500 AS VARCHAR), NULL, NULL, now()
FROM (
  SELECT i, hash(i, $seed + 20) AS h1, hash(i, $seed + 21) AS h2, hash(i, $seed + 22) AS h3
  FROM range($n) t(i)
) h
JOIN seekers s ON s.id = 'S' || lpad(CAST(h1 % $seekers AS VARCHAR), 10, '0')
CROSS JOIN LATERAL (SELECT least(coalesce(s.registration_date, DATE '2024-01-01') + CAST(h3 % 400 AS INTEGER), DATE '2025-12-31') AS d)
