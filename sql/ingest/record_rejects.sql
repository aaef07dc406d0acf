-- Moves a batch's dead letters from the staging table into `rejected`. A dead letter already
-- recorded for the same source, position and text is not added again, so replaying a file
-- changes no row here either.
INSERT INTO rejected (source, position, record_type, record_id, reason, issues, raw, raw_bytes, ingest_batch_id, rejected_at)
SELECT s.source, s.position, s.record_type, s.record_id, s.reason, s.issues::JSON, s.raw, s.raw_bytes, s.ingest_batch_id, s.rejected_at
FROM temp.main.stage_rejected AS s
WHERE NOT EXISTS (
  SELECT 1 FROM rejected AS r
  WHERE r.source = s.source AND r.position = s.position AND r.raw IS NOT DISTINCT FROM s.raw
)
ORDER BY s.ordinal; -- rejected_id follows the order records were read in
