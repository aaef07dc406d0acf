-- Fairness audit input: one row per recommendation of the run with the seeker's gender and age.
-- Gender and birth year are read here, for the audit only; the scorer never sees them.
SELECT r.seeker_id, r.grade, r.tier, s.gender, s.birth_year
FROM recommendations r JOIN seekers s ON s.id = r.seeker_id
WHERE r.run_id = $run_id
