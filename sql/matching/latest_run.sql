SELECT run_id FROM match_runs WHERE status = 'succeeded' ORDER BY started_at DESC LIMIT 1
