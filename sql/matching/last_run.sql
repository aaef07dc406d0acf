-- The last run that finished; incremental runs treat rows ingested since it started as changed.
SELECT run_id, CAST(started_at AS VARCHAR) AS started_at FROM match_runs
WHERE status = 'succeeded' ORDER BY started_at DESC LIMIT 1
