-- Rows dated inside the report's period [$from, $to], per source: tells the report whether the
-- period asked holds any data at all, so an empty period says so instead of showing other data.
SELECT
  (SELECT count(*) FROM postings WHERE posted_date BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)) AS postings,
  (SELECT count(*) FROM seekers
    WHERE coalesce(registration_date, CAST(event_time AS DATE)) BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)) AS seekers,
  (SELECT count(*) FROM follow_ups WHERE date BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)) AS follow_ups,
  (SELECT count(*) FROM follow_ups
    WHERE date > CAST($to AS DATE) - 30 AND date <= CAST($to AS DATE)) AS follow_ups_last_30_days,
  (SELECT count(*) FROM outcomes WHERE date BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)) AS outcomes
