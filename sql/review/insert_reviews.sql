-- The automatic review's rows ($rows: a JSON list), with the automatic approvals' decisions.
-- A version already reviewed keeps its row: the step is idempotent (and the anti-join keeps
-- (posting_id, posting_version) unique; the one writer runs it). A LEFT JOIN rather than NOT
-- EXISTS: the correlated form parsed $rows twice (measured: 0.47 against 0.22 s per 20,000 rows).
INSERT INTO posting_reviews (posting_id, posting_version, region_code, state, findings, blocking, categories, source,
  ingest_source, ingest_batch_id, trusted_source, auto_approved, commitment_accepted, submitted_at, reviewed_at,
  decided_by, decided_at, reason)
SELECT r.posting_id, r.posting_version, r.region_code, r.state, CAST(r.findings AS JSON), r.blocking, r.categories, r.source,
  r.ingest_source, r.ingest_batch_id, r.trusted_source, r.auto_approved, r.commitment_accepted,
  CAST(r.submitted_at AS TIMESTAMPTZ), CAST($now AS TIMESTAMPTZ),
  CASE WHEN r.auto_approved THEN 'system' END, CASE WHEN r.auto_approved THEN CAST($now AS TIMESTAMPTZ) END,
  CASE WHEN r.auto_approved THEN 'trusted source (' || r.trusted_source || '), no blocking finding' END
-- The structure below is one string literal: literals separated by a line break are joined (SQL standard).
FROM (SELECT unnest(from_json($rows,
  '[{"posting_id":"VARCHAR","posting_version":"BIGINT","region_code":"VARCHAR","state":"VARCHAR","findings":"VARCHAR",'
  '"blocking":"BOOLEAN","categories":["VARCHAR"],"source":"VARCHAR","ingest_source":"VARCHAR","ingest_batch_id":"BIGINT",'
  '"trusted_source":"VARCHAR","auto_approved":"BOOLEAN","commitment_accepted":"BOOLEAN","submitted_at":"VARCHAR"}]'
)) AS r)
LEFT JOIN posting_reviews x ON x.posting_id = r.posting_id AND x.posting_version = r.posting_version
WHERE x.posting_id IS NULL
