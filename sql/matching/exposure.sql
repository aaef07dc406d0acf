-- Fairness audit input: the recommendations in force for each seeker of the run, with the seeker's
-- gender and age. In force = the run's own, and those that earlier runs made inside the cooldown
-- window before the run's as_of ($cooldown_days): the cooldown holds those pairs back from the
-- run, so reading the run's rows alone would count its gaps as missing exposure. One row per
-- seeker and posting, with the newest grade (the run's own first).
-- Gender and birth year are read here, for the audit only; the scorer never sees them.
WITH run AS (SELECT as_of, started_at FROM match_runs WHERE run_id = $run_id),
earlier AS (
  SELECT m.run_id FROM match_runs m, run
  WHERE m.status = 'succeeded' AND m.run_id <> $run_id AND m.started_at <= run.started_at
),
held AS (
  SELECT r.seeker_id, r.posting_id,
    arg_max(r.grade, (CASE WHEN r.run_id = $run_id THEN 1 ELSE 0 END, r.created_at)) AS grade,
    arg_max(r.tier, (CASE WHEN r.run_id = $run_id THEN 1 ELSE 0 END, r.created_at)) AS tier
  FROM recommendations r, run
  WHERE r.run_id = $run_id
     OR (r.run_id IN (SELECT run_id FROM earlier)
         AND r.created_at > run.as_of - to_days(CAST($cooldown_days AS INTEGER)) AND r.created_at <= run.as_of)
  GROUP BY r.seeker_id, r.posting_id
)
SELECT h.seeker_id, h.grade, h.tier, s.gender, s.birth_year
FROM held h JOIN seekers s ON s.id = h.seeker_id
