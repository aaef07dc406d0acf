-- Seekers tiered in the run, with gender and birth year, so groups with no recommendations count too.
SELECT t.seeker_id, t.tier, s.gender, s.birth_year
FROM seeker_tiers t JOIN seekers s ON s.id = t.seeker_id
WHERE t.run_id = $run_id
