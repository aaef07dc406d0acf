-- Postings whose current version has no review row yet: of the ingest batches in ($after, $upto]
-- (the step after a commit), or of every batch ($all: the sweep). Oldest batch first, then oldest
-- posting, so of two duplicates the later one is flagged. The chunk is chosen on the keys alone;
-- only its rows are read whole, and only the columns the checks read: what the review row copies
-- from the version (batch, commitment, arrival) is joined in by insert_reviews.sql.
WITH chunk AS (
  SELECT p.id, p.version, p.ingest_batch_id, p.posted_date, p.event_time
  FROM postings p
  WHERE ($all OR (p.ingest_batch_id > $after AND p.ingest_batch_id <= $upto))
    AND NOT EXISTS (SELECT 1 FROM posting_reviews r WHERE r.posting_id = p.id AND r.posting_version = p.version)
  ORDER BY p.ingest_batch_id NULLS FIRST, p.posted_date, p.event_time, p.id
  LIMIT $limit
)
SELECT p.id, p.version, p.employer_credit_code, p.employer_name, p.title, p.region_code, p.salary_min,
       p.employment_type, p.status, CAST(p.posted_date AS VARCHAR) AS posted_date,
       CAST(p.expiry_date AS VARCHAR) AS expiry_date, p.description, p.source, b.source AS ingest_source
FROM chunk c
JOIN postings p ON p.id = c.id AND p.version = c.version
LEFT JOIN ingest_batches b ON b.batch_id = p.ingest_batch_id
ORDER BY c.ingest_batch_id NULLS FIRST, c.posted_date, c.event_time, c.id
