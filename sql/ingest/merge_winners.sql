-- Picks, from one staged batch of a record table, the rows that change the store: the newest
-- event per id within the batch, and only when it is newer than what is stored (higher
-- version, or the same version with a later event_time). Everything else is stale.
-- {{table}} is one of the fixed record tables (postings, seekers, …), never input.
CREATE OR REPLACE TEMP TABLE stage_winners AS
WITH latest AS (
  SELECT * FROM temp.main.stage_{{table}}
  QUALIFY row_number() OVER (PARTITION BY id ORDER BY version DESC, event_time DESC) = 1
)
SELECT latest.*, current.id IS NOT NULL AS replaces_existing
FROM latest
LEFT JOIN main.{{table}} AS current ON current.id = latest.id
WHERE current.id IS NULL
   OR latest.version > current.version
   OR (latest.version = current.version AND latest.event_time > current.event_time);
