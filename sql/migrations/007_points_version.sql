-- 007_points_version: the employment-difficulty points table is a versioned input
-- (matching.pointsFile, default reference/tier-points.json); each run records which it used.
ALTER TABLE match_runs ADD COLUMN points_version VARCHAR;
