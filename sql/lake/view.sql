-- An analyst view over one record type in the lake: the newest event per id wins, exactly as
-- in the DuckDB tables, so a record delivered twice (replay, zombie worker) is counted once.
-- The lake folder comes from the session variable labourflow_lake:
--   SET VARIABLE labourflow_lake = '/data/lake';
-- {{view}} and {{type}} are fixed names from LakeViews, never input.
CREATE OR REPLACE VIEW {{view}} AS
SELECT * EXCLUDE (type)
FROM read_parquet(getvariable('labourflow_lake') || '/type={{type}}/*/*.parquet', hive_partitioning = true, union_by_name = true)
QUALIFY row_number() OVER (PARTITION BY id ORDER BY version DESC, event_time DESC) = 1;
