-- Picks, from one staged batch of a record table, the rows that change the store: the newest
-- event per id within the batch, and only when it is newer than what is stored (higher
-- version, or the same version with a later event_time). Everything else is stale.
-- Only row ids and keys are materialised here; merge_apply.sql copies the winning rows once,
-- straight from the staging table (the wide copy and a window over whole rows cost more than
-- the rest of the merge together).
-- {{table}} is one of the fixed record tables (postings, seekers, …), never input.
CREATE OR REPLACE TEMP TABLE stage_winners AS
WITH newest AS (
  -- On an exact tie (same version and event_time) the record read last wins.
  SELECT max((version, event_time, rowid))[3] AS row_id
  FROM temp.main.stage_{{table}}
  GROUP BY id
)
SELECT staged.rowid AS row_id, staged.id, current.id IS NOT NULL AS replaces_existing
FROM temp.main.stage_{{table}} AS staged
JOIN newest ON newest.row_id = staged.rowid
LEFT JOIN main.{{table}} AS current ON current.id = staged.id
WHERE current.id IS NULL
   OR staged.version > current.version
   OR (staged.version = current.version AND staged.event_time > current.event_time);
