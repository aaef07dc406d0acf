INSERT INTO match_runs (run_id, mode, status, started_at, since, config)
VALUES ($run_id, $mode, 'running', CAST($started_at AS TIMESTAMPTZ), CAST($since AS TIMESTAMPTZ), CAST($config AS JSON))
