-- Runs that started and never finished: the process ended (kill -9, power loss) inside them.
-- Only asked while no run is in progress (runs are serialised), so each of these is dead.
-- has_results: the results transaction committed, so its pushes may not have gone out.
SELECT r.run_id, r.mode,
       EXISTS (SELECT 1 FROM seeker_tiers t WHERE t.run_id = r.run_id)
         OR EXISTS (SELECT 1 FROM recommendations c WHERE c.run_id = r.run_id) AS has_results
FROM match_runs AS r
WHERE r.status = 'running'
ORDER BY r.started_at
