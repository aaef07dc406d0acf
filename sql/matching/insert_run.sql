INSERT INTO match_runs (run_id, mode, status, started_at, as_of, since, config, points_version)
VALUES ($run_id, $mode, 'running', now(), CAST($as_of AS TIMESTAMPTZ), CAST($since AS TIMESTAMPTZ), CAST($config AS JSON), $points_version)
