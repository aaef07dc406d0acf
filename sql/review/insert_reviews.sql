-- The automatic review's rows from the chunk's verdicts (review_stage.sql), with what the row
-- copies from the version itself: region (the reviewer's scope), source, batch, commitment and
-- arrival. A version already reviewed keeps its row: the step is idempotent (and the anti-join
-- keeps (posting_id, posting_version) unique; the one writer runs it).
INSERT INTO posting_reviews (posting_id, posting_version, region_code, state, findings, blocking, categories, source,
  ingest_source, ingest_batch_id, trusted_source, auto_approved, commitment_accepted, submitted_at, reviewed_at,
  decided_by, decided_at, reason)
SELECT s.posting_id, s.posting_version, p.region_code, s.state, CAST(s.findings AS JSON), s.blocking, s.categories, p.source,
  b.source, p.ingest_batch_id, s.trusted_source, s.auto_approved, p.commitment_accepted,
  p.ingested_at, CAST($now AS TIMESTAMPTZ),
  CASE WHEN s.auto_approved THEN 'system' END, CASE WHEN s.auto_approved THEN CAST($now AS TIMESTAMPTZ) END,
  CASE WHEN s.auto_approved THEN 'trusted source (' || s.trusted_source || '), no blocking finding' END
FROM review_stage s
JOIN postings p ON p.id = s.posting_id AND p.version = s.posting_version
LEFT JOIN ingest_batches b ON b.batch_id = p.ingest_batch_id
LEFT JOIN posting_reviews x ON x.posting_id = s.posting_id AND x.posting_version = s.posting_version
WHERE x.posting_id IS NULL
