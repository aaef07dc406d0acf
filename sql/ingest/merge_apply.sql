-- Replaces stored rows by the winners chosen in merge_winners.sql; {{table}} as there.
-- Delete-then-insert inside the batch's transaction keeps exactly one row per id.
DELETE FROM main.{{table}} WHERE id IN (SELECT id FROM temp.main.stage_winners WHERE replaces_existing);
INSERT INTO main.{{table}}
SELECT * FROM temp.main.stage_{{table}} WHERE rowid IN (SELECT row_id FROM temp.main.stage_winners);
