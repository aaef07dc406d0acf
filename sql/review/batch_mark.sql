-- The newest ingest batch committed: the automatic review step reviews the batches after it.
SELECT coalesce(max(batch_id), 0) AS mark FROM ingest_batches
