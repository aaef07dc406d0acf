INSERT INTO ingest_batches (batch_id, source, kind, first_position, last_position, read, stored, stale, rejected, started_at, finished_at)
VALUES ($batch_id, $source, $kind, $first_position, $last_position, $read, $stored, $stale, $rejected, $started_at::TIMESTAMPTZ, now());
